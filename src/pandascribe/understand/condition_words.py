"""Words around a row condition that the condition grammar reads through: the frame named where
its name was taken away ("rows of dataframe whose …"), "the value(s) of column X" as the column
itself, "bigger than or equal to", and a participle that names a year or date column ("opened
after 2010"). Each marks items or gives them their meaning before the descent in
:mod:`conditions` runs."""

from __future__ import annotations

from .context import Clause
from .items import Item
from .normalise import FRAME_NOUNS


def _scope_words(it: Item) -> tuple[str, ...]:
    return tuple(w.lower() for w in it.words)


#: words that name the frame itself when the normalise layer left them ("in pandas data frame")
FRAME_WORDS = frozenset({w for noun in FRAME_NOUNS for w in noun} | {"pandas", "panda", "object"})
_FRAME_PREPOSITIONS = frozenset({"in", "of", "from", "for", "on", "within"})


def frame_reference_end(cl: Clause, k: int) -> int | None:
    """ "in dataframe", "of the data frame", "in pandas data frame object": a preposition whose
    object is the frame itself (its name already taken away) — the index after it, else None."""
    items = cl.items
    if k >= len(items) or items[k].used or items[k].cols or items[k].vals:
        return None
    words = _scope_words(items[k])
    if not words or words[0] not in _FRAME_PREPOSITIONS or not set(words[1:]) <= {"the", "a", "an"}:
        return None
    j, n = k + 1, 0
    while j < len(items) and not (items[j].cols or items[j].vals or items[j].used):
        ws = set(_scope_words(items[j]))
        if not ws or not ws <= FRAME_WORDS | {"the", "a", "an", "given"}:
            break
        n += bool(ws & FRAME_WORDS)
        j += 1
    return j if n else None


def take_frame_references(cl: Clause, idx: list[int]) -> None:
    """Mark every frame reference among ``idx`` used: it names no rows or columns."""
    for k in idx:
        end = frame_reference_end(cl, k)
        if end is not None:
            cl.use_range(k, end)


_VALUE_WORDS = frozenset({"value", "values", "entry", "entries"})
_VALUE_LINKS = frozenset({"of", "for", "in", "the", "a", "an", "column", "columns", "field"})


def take_value_subjects(cl: Clause, idx: list[int]) -> None:
    """ "whose value for column `manufacturer` is `audi`", "where the values of column 'carat'
    are …", "whose column value in column `cut` …": the value(s) of a column is that column as the
    subject of a condition — the words before the column name nothing else."""
    items = cl.items
    for k in idx:
        it = items[k]
        if it.used or it.cols or it.vals:
            continue
        words = set(_scope_words(it))
        if not words & _VALUE_WORDS or not words <= _VALUE_WORDS | _VALUE_LINKS:
            continue
        j = k + 1
        while j < len(items) and not (items[j].cols or items[j].vals or items[j].used):
            if not set(_scope_words(items[j])) <= _VALUE_LINKS:
                break
            j += 1
        if j < len(items) and items[j].col is not None and not items[j].vals and not items[j].used:
            cl.use_range(k, j)


_OR_EQUAL = {"gt": "ge", "lt": "le"}


def merge_or_equal(cl: Clause, idx: list[int]) -> None:
    """ "is bigger than or equal to 1", "smaller than or equal to 2": a strict comparison, "or",
    then "equal to" is one inclusive comparison."""
    items = cl.items
    live = [i for i in idx if not items[i].used]
    for a, b, c in zip(live, live[1:], live[2:], strict=False):
        first, mid, last = items[a], items[b], items[c]
        op = first.kw("cmp")
        if (
            op in _OR_EQUAL
            and mid.kw("or")
            and not mid.cols
            and last.kw("cmp") == "eq"
            and not last.cols
            and not last.vals
            and not (set(_scope_words(last)) & {"not", "is"})
        ):
            first.kws = (("cmp", _OR_EQUAL[op]),)
            first.comp = None
            cl.use(b, c)


def verb_columns(cl: Clause, idx: list[int]) -> None:
    """ "museums opened after 2013", "singers born in 1948", "orchestras founded before 2000": a
    participle that means nothing else here, of the same family as a part of exactly one numeric
    or date column's name (Open_Year, Birth_Year, Year_of_Founded), followed by a comparison or
    "in" and a number, names that column."""
    from .morph import NameIndex

    items = cl.items
    index: NameIndex | None = None
    for n, k in enumerate(idx):
        it = items[k]
        if it.used or len(it.words) != 1 or n + 2 > len(idx):
            continue
        if it.cols or it.vals or it.kws or it.num is not None or it.rownoun or it.sup or it.comp:
            continue
        word = it.words[0].lower()
        if not word.isalpha() or not word.endswith(("ed", "en", "rn", "wn")) or len(word) < 4:
            continue
        after = items[idx[n + 1]]
        then = items[idx[n + 2]] if n + 2 < len(idx) else None
        if not (after.kw("cmp") or after.kw("in") or after.kw("between")) or after.cols or after.vals:
            continue
        if then is None or then.num is None:
            continue
        index = index or NameIndex(cl.ctx.current.names)
        hits = {m.column for m in index.lookup([word])}
        if len(hits) != 1:
            continue
        col = next(iter(hits))
        info = cl.ctx.info(col)
        digits = info is not None and info.textual and _digit_text(info.values)
        if info is not None and (info.numeric or info.kind == "datetime" or digits):
            it.cols, it.col_score = (col,), 60


def _digit_text(values: tuple[str, ...]) -> bool:
    return bool(values) and all(v.strip().isdigit() for v in values if v)
