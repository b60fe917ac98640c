"""New columns: ``add ratio = a / b``, ``create gain as dep_delay minus arr_delay``,
``late = 'yes' if arr_delay > 15 else 'no'``, and running values (``cumulative sum of x per g``).

Arithmetic is parsed with the usual precedence (``**`` over ``* /`` over ``+ -``, brackets first)
from symbols or words (plus, minus, times, divided by, over, per).
"""

from __future__ import annotations

from ..errors import CompileError
from ..plan import Col, Cond, DatePart, Derive, Expr, Lit, Not, Step
from .arith import ArithParser
from .conditions import Conditions
from .context import Clause
from .derive_forms import GERUNDS, add_in_place, gerund_formula, two_value_formula
from .items import Item

_MARKER_WORDS = (
    "as",
    "being",
    ":",
    "to",
    "holding",
    "containing",
    "with",
    "that",
    "which",
    "equal",
    "equals",
    "showing",
    "giving",
    "storing",
    "computed",
    "defined",
    "set",
)
_MARKER_TAIL = (
    "is",
    "says",
    "holds",
    "contains",
    "equals",
    "gives",
    "shows",
    "stores",
    "has",
    "are",
    "will",
    "describes",
    "represents",
    "captures",
    "measures",
)


def _name_from(items: list[Item]) -> str:
    words = [it.string if it.string is not None else it.text for it in items]
    name = "_".join(w.replace(" ", "_") for w in words if w)
    if not name:
        raise CompileError("the new column needs a name: 'add NAME = …'")
    return name


def do_derive(cl: Clause) -> list[Step]:
    items = cl.items
    verbs = [
        i for i, it in enumerate(items) if it.kw("verb", "derive") and not (it.cols and it.col_score >= 85)
    ]
    start = 0
    for v in verbs:
        if v <= start + 1 or all(items[j].filler or items[j].kw("verb", "derive") for j in range(start, v)):
            cl.use(v)
            start = v + 1
    rest = [it for it in items[start:] if not it.used and not it.filler and not it.rownoun]
    if (
        rest
        and any(it.foreign for it in rest)
        and all(it.foreign or it.kw("in") or it.kw("dirto") or it.kw("group") for it in rest)
    ):
        for it in items[start:]:
            it.used = True  # "add the plane's seats to each flight": the join brings the column
        return []
    part = _datepart_column(cl, start)
    if part is not None:
        return [part]
    if start > 0 and items[start - 1].words[0] == "add" and (inplace := add_in_place(cl, start)) is not None:
        return [inplace]  # "add 100 to hp": hp changes, no column called "100"
    # the marker between name and formula
    mark = None
    for i in range(start, len(items)):
        it = items[i]
        if it.used:
            continue
        if it.sym == "=" or it.kw("cmp", "eq") or (it.words[0] in _MARKER_WORDS and i > start):
            mark = i
            break
        if it.words == ("by",) and i > start and i + 1 < len(items) and items[i + 1].words[0] in GERUNDS:
            mark = i  # "make new column total by adding cty and hwy"
            break
    if mark is None:
        rest = [it for it in items[start:] if not it.used and not it.filler and not it.rownoun]
        if (
            rest
            and all(it.foreign or it.kw("in") or it.kw("dirto") or it.kw("group") for it in rest)
            and any(it.foreign for it in rest)
        ):
            for it in items[start:]:
                it.used = True  # "add the plane's seats to each flight": the join brings the column
            return []
        raise CompileError("say the new column as 'NAME = formula' or 'NAME as formula'")
    # "that is", "that says", "which holds": the words after the marker word belong to it
    while (
        mark + 1 < len(items)
        and items[mark].words[0] in ("that", "which")
        and items[mark + 1].words[0] in _MARKER_TAIL
    ):
        cl.use(mark)
        mark += 1
    name_items = [
        items[i]
        for i in range(start, mark)
        if not items[i].used
        and not (
            items[i].words[0]
            in ("a", "an", "the", "new", "column", "called", "named", "field", "variable", "feature")
            or items[i].kw("verb", "derive")
        )
    ]
    if not name_items:
        # "add dep_delay minus arr_delay as gain": formula first, name after the marker
        formula_lo, formula_hi = start, mark
        cl.use(mark)
        name = _name_from(
            [items[i] for i in range(mark + 1, len(items)) if not items[i].used and not items[i].filler]
        )
        cl.use_range(mark + 1, len(items))
    else:
        name = _name_from(name_items)
        for it in name_items:
            it.used = True
        for i in range(start, mark):  # "a feature `x`": the noun before the name names nothing more
            if items[i].words[0] == "feature" and not items[i].cols:
                cl.use(i)
        cl.use(mark)
        formula_lo, formula_hi = mark + 1, len(items)
    for i in range(formula_lo, formula_hi):  # "computed as", "defined by", "equal to"
        if (
            not items[i].used
            and items[i].words[0] in ("as", "by", "to", "the", "of")
            and i == formula_lo
            and not items[i].kw("agg")  # "= the mean of x": the aggregate is the formula
        ):
            cl.use(i)
            formula_lo += 1
    cond_at = next(
        (
            i
            for i in range(formula_lo, formula_hi)
            if items[i].words[0] in ("if", "when", "where", "whenever") and not items[i].used
        ),
        None,
    )
    if cond_at is not None:
        return [Derive(name=name, expr=_conditional(cl, formula_lo, cond_at, formula_hi))]
    expr = (
        gerund_formula(cl, formula_lo, formula_hi)
        or two_value_formula(cl, formula_lo, formula_hi)
        or ArithParser(cl, formula_lo, formula_hi).parse()
    )
    return [Derive(name=name, expr=expr)]


def _branch_value(cl: Clause, lo: int, hi: int) -> Expr:
    """A conditional column's value: a formula, or a bare word taken as text ("says big when …")."""
    live = [i for i in range(lo, hi) if not cl.items[i].used and not cl.items[i].filler]
    if len(live) == 1:
        it = cl.items[live[0]]
        if (
            it.words[0] in ("true", "false", "yes", "no")
            and len(it.words) == 1
            and it.text.lower() in ("true", "false")
        ):
            for i in range(lo, hi):
                cl.items[i].used = True
            return Lit(value=it.words[0] == "true")
        if not it.cols and not it.kws and it.num is None and it.string is None and it.sym is None:
            it.used = True
            for i in range(lo, hi):
                cl.items[i].used = True
            return Lit(value=it.text)
    return ArithParser(cl, lo, hi).parse()


def _datepart_column(cl: Clause, start: int) -> Derive | None:
    """ "add a year column from date", "add the month of each date", "add the weekday name for every
    date": a date part named as the new column."""
    items = [(i, it) for i, it in enumerate(cl.items[start:], start) if not it.used]
    parts = [(i, it) for i, it in items if _part_of(it) and not it.col]
    dates = [(i, it) for i, it in items if it.col and cl.ctx.kind(it.col) == "datetime"]
    if len(parts) != 1 or len(dates) != 1:
        return None
    others = [it for i, it in items if (i, it) not in parts and (i, it) not in dates]
    if not all(
        it.filler
        or it.kw("in")
        or it.kw("group")
        or it.kw("dirfrom")
        or it.words[0] in ("column", "name", "names", "field", "based", "on", "values", "value", "using")
        for it in others
    ):
        return None
    for _, it in items:
        it.used = True
    part = _part_of(parts[0][1]) or "year"
    col = dates[0][1].col or ""
    name = part if part not in cl.ctx.current.names else f"{col}_{part}"
    return Derive(name=name, expr=DatePart(part=part, expr=Col(name=col)))  # type: ignore[arg-type]


def _part_of(it: Item) -> str | None:
    """The date part an item names, also when quoted as the new column's name (`weekday`)."""
    from .lexicon import DATE_PARTS

    return it.datepart or (DATE_PARTS.get(it.text.lower()) if len(it.words) == 1 else None)


def _conditional(cl: Clause, lo: int, cond_at: int, hi: int) -> Expr:
    """``'late' if arr_delay > 15 else 'on time'``."""
    items = cl.items
    other = next((i for i in range(cond_at, hi) if items[i].words[0] in ("else", "otherwise")), None)
    then = _branch_value(cl, lo, cond_at)
    cl.use(cond_at)
    if other is None:
        # "late that is True when arr_delay > 15": a flag needs no 'else'
        cond = Conditions(cl, [i for i in range(cond_at + 1, hi) if not items[i].used]).parse()
        if cond is None:
            raise CompileError("the condition after 'when' is empty")
        if isinstance(then, Lit) and isinstance(then.value, bool):
            return cond if then.value else Not(operand=cond)
        raise CompileError("a conditional column needs 'otherwise …' (the value when the condition fails)")
    cl.use(other)
    # the 'otherwise' value comes after it ("otherwise 'small'") or just before it ("and 'small' otherwise")
    after = [i for i in range(other + 1, hi) if not items[i].used and not items[i].filler]
    if after:
        cond_hi = other
        otherwise = _branch_value(cl, other + 1, hi)
    else:
        val = max(i for i in range(cond_at + 1, other) if not items[i].used)
        otherwise = _branch_value(cl, val, val + 1)
        cond_hi = val
        if (cond_hi - 1 > cond_at and items[cond_hi - 1].kw("and")) or items[cond_hi - 1].sym == ",":
            cl.use(cond_hi - 1)
    cond = Conditions(cl, [i for i in range(cond_at + 1, cond_hi) if not items[i].used]).parse()
    if cond is None:
        raise CompileError("the condition after 'if' is empty")
    return Cond(branches=((cond, then),), otherwise=otherwise)
