"""Coverage: every meaningful word of a clause must have been used by the plan.

This is what makes the rules backend refuse instead of guess. Filler words may go unused; a
plural noun naming the rows ("setosa flowers", "sunny days") may too; a word described by a code
in brackets right after it ("LaGuardia (LGA)") is covered by the code.
"""

from __future__ import annotations

from ..errors import CompileError, SeveralColumns, closest
from .context import Clause
from .items import Item
from .tokens import singular

_ROW_SLOT_AFTER = {
    "with",
    "where",
    "that",
    "whose",
    "which",
    "only",
    "in",
    "from",
    "to",
    "who",
    "having",
    "before",
    "after",
    "for",
    "on",
    "by",
    "per",
    "of",
    "lighter",
    "heavier",
    "over",
    "under",
    "above",
    "below",
    "between",
}


def mark_descriptions(cl: Clause) -> None:
    """Words just before a bracketed list of values are that list's description."""
    items = cl.items
    for i, it in enumerate(items):
        if it.sym != "(":
            continue
        j = i + 1
        has_value = False
        while j < len(items) and items[j].sym != ")":
            has_value |= bool(items[j].vals)
            j += 1
        if not has_value:
            continue
        k = i - 1
        while k >= 0 and _is_plain_word(items[k]):
            items[k].used = True
            k -= 1
        it.used = True
        if j < len(items):
            items[j].used = True


def _is_plain_word(it: Item) -> bool:
    meaningful = it.kws or it.cols or it.vals or it.num is not None or it.sym or it.month is not None
    return not meaningful or (bool(it.kw("or") or it.kw("and")) and not it.cols)


def _row_noun_ok(cl: Clause, i: int) -> bool:
    it = cl.items[i]
    w = it.words[-1]
    if len(it.words) != 1 or not w.isalpha() or not w.endswith("s") or len(w) < 4 or singular(w) == w:
        return False
    if closest(w, list(cl.ctx.current.names), cutoff=0.8):
        return False
    prev = cl.items[i - 1] if i > 0 else None
    nxt = cl.items[i + 1] if i + 1 < len(cl.items) else None
    if prev is not None and (prev.kw("in") or prev.kw("strmatch") or prev.kw("cmp")):
        return False  # "in Celsius", "contains Airways": the word is an object, not the rows
    return (
        prev is None
        or bool(prev.vals)
        or prev.sup is not None
        or prev.num is not None
        or prev.filler
        or nxt is None
        or nxt.words[0] in _ROW_SLOT_AFTER
        or bool(nxt.kws)
    )


_NOUN_FOLLOWERS = {
    "with",
    "where",
    "that",
    "whose",
    "which",
    "who",
    "having",
    "from",
    "in",
    "before",
    "after",
    "since",
    "during",
    "on",
    "for",
    "only",
}


def mark_row_nouns(cl: Clause, idx: list[int]) -> None:
    """Mark the words among ``idx`` that only name the rows: generic row nouns, unknown plural
    nouns in a noun slot ("setosa flowers with …"), and a plural column or date word right before
    a condition word ("hours with wind gusts over 40", "MSFT prices before 2005")."""
    for i in idx:
        it = cl.items[i]
        if it.used:
            continue
        nxt = cl.items[i + 1] if i + 1 < len(cl.items) else None
        nxt_word = nxt.words[0] if nxt is not None else None
        if (
            (it.rownoun and not it.cols and not it.vals)
            or (
                not (
                    it.kws
                    or it.cols
                    or it.vals
                    or it.num is not None
                    or it.sym
                    or it.month is not None
                    or it.weekday is not None
                    or it.sup
                    or it.comp
                    or it.unit
                )
                and _row_noun_ok(cl, i)
            )
            or (
                (it.cols or it.datepart)
                and len(it.words) == 1
                and it.words[0].endswith("s")
                and not it.vals
                and (nxt is None or nxt_word in _NOUN_FOLLOWERS)
                and (it.col_score <= 80)
                and (nxt is not None or _prev_is_value(cl, i))
                and not (it.unit and i > 0 and cl.items[i - 1].kw("in"))  # "in hours" asks for a unit
            )
            or (it.datepart and not it.cols and it.words[0].endswith("s") and _prev_is_value(cl, i))
        ):
            it.used = True


def _prev_is_value(cl: Clause, i: int) -> bool:
    return i > 0 and bool(cl.items[i - 1].vals or cl.items[i - 1].sup)


def check_coverage(cl: Clause) -> None:
    for i, it in enumerate(cl.items):
        if it.used or it.filler or (it.rownoun and not it.cols and not it.vals):
            continue
        if it.sym in (",", ".", ":", "(", ")") or (it.kw("and") and not it.cols and not it.vals):
            continue  # connectors between phrases that were all used
        if it.kw("verb", "which") and not it.cols:
            continue  # "what is the average …": the question word itself asks for nothing
        if (
            it.words[0] in ("compute", "calculate", "find", "get", "give", "show", "list")
            and len(it.words) == 1
        ):
            continue  # "group by carrier and compute mean arr_delay"
        if it.kws and all(k == "in" for k, _ in it.kws) and not it.cols and not it.vals:
            continue  # a preposition whose object was used ("first ten rows of weather")
        if not (it.kws or it.cols or it.vals) and _row_noun_ok(cl, i):
            continue
        if (
            it.cols
            and it.col_score == 80
            and _row_noun_ok(cl, i)
            and any(x.cols and x.used for x in cl.items if x is not it)
        ):
            continue
        names = list(cl.ctx.current.names)
        values = [v for c in cl.ctx.current.columns for v in c.values[:300]]
        if it.cols and len(it.cols) > 1:
            raise SeveralColumns(it.text, it.cols)
        suggestions = closest(it.text, names) or closest(it.text, values)
        if it.cols or it.vals:
            raise CompileError(
                f"not sure what to do with '{it.text}' here", words=[it.text], suggestions=suggestions
            )
        raise CompileError(f"did not understand '{it.text}'", words=[it.text], suggestions=suggestions)
