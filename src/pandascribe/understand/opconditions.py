"""Shared helpers of the operation builders (:mod:`.opbuilders`, :mod:`.opbuilders_rows`): the
columns a slot names, a condition slot read by the query parser's condition grammar (with a
subset the question is about split off: "Adelie penguins *are* from Biscoe"), and yes/no columns
read as tests.

Internal APIs: :class:`.conditions.Conditions`, :meth:`.context.Clause.column` /
:meth:`~.context.Clause.live`, ``Clause.ctx`` and :class:`~pandascribe.schema.ColumnInfo`.
"""

from __future__ import annotations

from ..errors import CompileError
from ..plan import Col, Compare, Expr, Lit
from .context import Clause
from .items import Item
from .oprules import Match, grammar

# ---------------------------------------------------------------- shared helpers


def _col(m: Match, name: str) -> str | None:
    idx = m.slots.get(name)
    if not idx:
        return None
    return _column_of(m.cl, idx[0])


def _column_of(cl: Clause, i: int) -> str:
    it = cl.items[i]
    if not it.cols and it.string is not None:
        named = cl.ctx.column_named(it.string)
        if named is not None:
            return named
    return cl.column(i)


def _cols(m: Match, name: str) -> tuple[str, ...]:
    out = [_column_of(m.cl, i) for i in m.slots.get(name, ())]
    return tuple(dict.fromkeys(out))


def _condition(m: Match, name: str = "cond") -> Expr:
    """The condition slot read by the query parser's condition grammar; its errors stand. A
    subject said apart from its test ("is X always positive": ``condsubj``) is read with it."""
    return _read_condition(m, [*m.slots.get("condsubj", ()), *m.slots.get(name, ())])


# words that start the predicate of a relative clause ("penguins from Dream *that are* Adelie"),
# and verbs that do so right after the row noun ("Adelie penguins *are* from Biscoe")
_RELATIVE = frozenset({"that", "which", "who"})
_VERBS = frozenset({"are", "is", "were", "was", "have", "has", "had"})
_PREDICATE_START = _RELATIVE | _VERBS


def _is_row_noun(it: Item) -> bool:
    from .opmatch import _Matcher

    rowwords = {w for ws, _ in _phrases_of("rowword") for w in ws}
    return (
        (it.rownoun and not it.cols)
        or (len(it.words) == 1 and it.words[0] in rowwords and not it.cols)
        or _Matcher._unknown_noun(it)
    )


def _phrases_of(cls: str) -> list[tuple[tuple[str, ...], str]]:
    return [pv for lst in grammar().classes[cls].values() for pv in lst]


def _restricted(m: Match, needs_verb: bool) -> tuple[list[int], list[int]] | None:
    """ "Adelie penguins are from Biscoe", "penguins from Dream that are Adelie": the rows the
    question is about (before the row noun, or before the relative clause) and what is asked of
    them. None when the condition names no such subset. ``needs_verb``: a share must say where
    the predicate starts ("that are", "have" …) — "male penguins with body mass over 4000" could
    be a share of all penguins or of the male ones, so it is refused."""
    idx = [*m.slots.get("cond", ())]
    items = m.cl.items
    nouns = [k for k, i in enumerate(idx) if _is_row_noun(items[i])]

    def plain(k: int, words: frozenset[str]) -> bool:
        it = items[idx[k]]
        return len(it.words) == 1 and it.words[0] in words and not (it.cols or it.vals or it.kws)

    marks = [k for k in range(1, len(idx)) if plain(k, _RELATIVE) or (plain(k, _VERBS) and k - 1 in nouns)]
    noun = next((k for k in nouns if k > 0), None)
    mark = next((k for k in marks if k > 0 and (noun is None or k > noun)), None)
    if mark is not None:
        end = mark + 1
        while end < len(idx) and plain(end, _PREDICATE_START):
            end += 1  # "that are", "who have"
        restriction = [i for k, i in enumerate(idx[:mark]) if k not in nouns]
        for k in range(mark, end):
            items[idx[k]].used = True
        for k in nouns:
            if k < mark:
                items[idx[k]].used = True
        return restriction, idx[end:]
    if noun is None:
        return None
    if needs_verb:
        said = " ".join(items[i].text for i in idx)
        subset = " ".join(items[i].text for i in idx[: noun + 1])
        raise CompileError(
            f"'{said}': a share of all rows, or only of the {subset}? say e.g. "
            f"'what share of {subset} are/have …'",
            words=[said],
        )
    items[idx[noun]].used = True
    return idx[:noun], idx[noun + 1 :]


def _read_condition(m: Match, said: list[int]) -> Expr:
    from .conditions import Conditions

    live = set(m.cl.live())  # filler words ("the column …") are no part of the test
    idx = [i for i in said if i in live]
    predicate = _binary_predicate(m.cl, idx)
    if predicate is not None:
        m.cl.items[idx[0]].used = True
        return predicate
    key = ("cond", tuple(idx))
    if key not in m.memo:  # the same words are read once, whichever rule asks
        try:
            got: Expr | CompileError | None = Conditions(m.cl, idx).parse()
        except CompileError as exc:
            got = exc
        m.memo[key] = (got, [m.cl.items[i].used for i in idx])
    got, used = m.memo[key]
    for i, u in zip(idx, used, strict=True):
        m.cl.items[i].used = u
    if isinstance(got, CompileError):
        raise got
    expr = got
    if expr is None:
        text = " ".join(m.cl.items[i].text for i in said)
        raise CompileError(f"could not read a condition in '{text}'", words=[text])
    _every_column_tested(m.cl, idx, expr)
    return expr


def _every_column_tested(cl: Clause, idx: list[int], expr: Expr) -> None:
    """Every column the condition's words name must be tested by it: the condition parser passes
    over a column shown beside a value ("the price of MSFT"), which in a question — "percentage
    of sales from the West" — would silently change what is counted."""
    from ..plan import columns_of

    tested = set(columns_of(expr))
    for i in idx:
        it = cl.items[i]
        if it.col is not None and not it.vals and it.col not in tested:
            raise CompileError(
                f"'{it.text}' is not part of the test here: a share of rows, or of the total "
                f"'{it.col}'? say the condition alone (e.g. 'share of rows where …')",
                words=[it.text],
            )


def _binary_predicate(cl: Clause, idx: list[int]) -> Expr | None:
    """A column that is itself a yes/no flag, named alone ("survived", "smoker"): true / the yes
    value. Only for a bool column, or a text column whose values are one flag pair."""
    if len(idx) != 1:
        return None
    it = cl.items[idx[0]]
    if len(it.cols) != 1 or it.vals:
        return None
    info = cl.ctx.info(it.cols[0])
    if info is None:
        return None
    binary = getattr(info, "binary", None)  # the schema's own reading of a yes/no column, when it has one
    if binary is not None:
        return Compare(op="eq", left=Col(name=info.name), right=Lit(value=binary[0]))
    if info.kind == "bool":
        return Compare(op="eq", left=Col(name=info.name), right=Lit(value=True))
    pair = _flag_pair(cl, info.name)
    if pair is not None:
        return Compare(op="eq", left=Col(name=info.name), right=Lit(value=pair[0]))
    return None


def _flag_pair(cl: Clause, column: str) -> tuple[str, str] | None:
    """(true value, false value) when every value of the text column ``column`` was seen and they
    are one pair of the flag table (compared ignoring case)."""
    info = cl.ctx.info(column)
    if info is None or info.kind not in ("text", "category") or info.n_distinct != len(info.values):
        return None
    values = list(info.values)
    if len(values) != 2:
        return None
    low = {v.lower(): v for v in values}
    for t, f in grammar().flags:
        if set(low) == {t, f}:
            return low[t], low[f]
    return None


def _phrases(cls: str) -> list[tuple[tuple[str, ...], str]]:
    return [pv for lst in grammar().classes[cls].values() for pv in lst]


def _item_text(it: Item) -> str:
    return it.string if it.string is not None else it.text
