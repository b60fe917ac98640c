"""Rescaling a column by one of its statistics, in place: "normalise gdpPercap by the global
average" (x / mean), "normalises gdpPercap by the averages within continent levels" (x / the
group's mean), "subtract off the global mean" (x − mean), and "rescale all numeric variables to
range 0-1" (min-max scaling of every numeric column).

The statistic is read by :mod:`stats` with the rescaled column as its default. A request that does
not say which column (and the frame has more than one numeric column) is refused; so is a bare
"normalise x", which may mean a z-score, a min-max scaling or a division by the total.
"""

from __future__ import annotations

from ..errors import CompileError
from ..plan import Arith, Col, Derive, Expr, GroupStat, Step
from .context import Clause
from .stats import read_stat

# verb → the operation that applies the statistic
_VERBS = {
    "normalise": "div",
    "normalises": "div",
    "normalize": "div",
    "normalizes": "div",
    "scale": "div",
    "scales": "div",
    "divide": "div",
    "divides": "div",
    "subtract": "sub",
    "subtracts": "sub",
    "center": "sub",
    "centre": "sub",
    "centers": "sub",
    "centres": "sub",
}
_MINMAX_VERBS = frozenset(
    {"rescale", "rescales", "normalise", "normalize", "scale", "normalises", "normalizes"}
)
_MINMAX_TAIL = frozenset({"range", "0-1", "between", "interval", "unit"})
_PASS = frozenset({"off", "the", "all", "every", "each", "of", "from", "by", "values", "column", "columns"})


def _lead(cl: Clause) -> int | None:
    return next((i for i, it in enumerate(cl.items) if not (it.filler and not it.kws)), None)


def _minmax(cl: Clause) -> bool:
    """ "rescale all numeric variables to range 0-1", "scale every numeric column to [0, 1]"."""
    words = [w for it in cl.items for w in it.words]
    if not words or words[0] not in _MINMAX_VERBS:
        return False
    if "numeric" not in words and "numerical" not in words:
        return False
    nums = [it.num for it in cl.items if it.num is not None]
    return bool(set(words) & _MINMAX_TAIL) and nums[:2] == [0, 1]


def rescales(cl: Clause) -> bool:
    lead = _lead(cl)
    if lead is None:
        return False
    if _minmax(cl):
        return True
    it = cl.items[lead]
    stat = any(x.kw("agg") in ("mean", "median", "sum", "min", "max", "std") for x in cl.items[lead + 1 :])
    return it.words[0] in _VERBS and len(it.words) == 1 and not it.cols and stat


def do_rescale(cl: Clause) -> list[Step]:
    if _minmax(cl):
        cl.use_range(0, len(cl.items))
        cols = [c.name for c in cl.ctx.current.columns if c.kind in ("integer", "float")]
        if not cols:
            raise CompileError("there is no numeric column to rescale")
        return [Derive(name=c, expr=_minmax_expr(c)) for c in cols]
    lead = _lead(cl)
    if lead is None:
        raise CompileError("rescale which column?")
    op = _VERBS[cl.items[lead].words[0]]
    cl.use(lead)
    live = [i for i in range(lead + 1, len(cl.items)) if not cl.items[i].used]
    col_at = next((i for i in live if cl.items[i].col and not cl.items[i].kw("agg")), None)
    target = cl.items[col_at].col if col_at is not None else None
    stat_at = next((i for i in live if cl.items[i].kw("agg")), None)
    if stat_at is None:
        raise CompileError(
            f"{cl.items[lead].text} by what? say e.g. 'by the global average' or 'by the average per group'"
        )
    if target is None or (col_at is not None and col_at > stat_at):
        numeric = [c.name for c in cl.ctx.current.columns if c.kind in ("integer", "float")]
        if target is None and len(numeric) != 1:
            raise CompileError(f"{cl.items[lead].text} which column?", suggestions=numeric[:5])
        target = target or numeric[0]
    start = stat_at
    while start - 1 > lead and cl.items[start - 1].words[0] in (
        "global",
        "overall",
        "whole",
        "entire",
        "grand",
    ):
        start -= 1
    if start - 2 > lead and cl.items[start - 1].col and cl.items[start - 2].words[0] == "per":
        start -= 2  # "the per continent average"
    got = read_stat(cl, start, target)
    if got is None:
        raise CompileError("which statistic? say e.g. 'the global average'")
    stat, end = got
    cl.use_range(start, end)
    if col_at is not None:
        cl.use(col_at)
    for i in range(lead + 1, len(cl.items)):
        if not cl.items[i].used and (cl.items[i].filler or cl.items[i].words[0] in _PASS):
            cl.use(i)
    if stat.column != target:
        raise CompileError(f"{cl.items[lead].text} '{target}' by a statistic of another column?")
    return [Derive(name=target, expr=Arith(op=op, left=Col(name=target), right=stat))]  # type: ignore[arg-type]


def _minmax_expr(c: str) -> Expr:
    lo = GroupStat(func="min", column=c)
    hi = GroupStat(func="max", column=c)
    return Arith(
        op="div",
        left=Arith(op="sub", left=Col(name=c), right=lo),
        right=Arith(op="sub", left=hi, right=lo),
    )
