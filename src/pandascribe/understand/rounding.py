"""Rounding named columns, each to its own number of decimals: "round brainwt to two decimal
places", "round off entries in column brainwt to two decimal places, and entries in column bodywt
to three decimal places" (pandas' ``df.round({"brainwt": 2, "bodywt": 3})``).

Every numeric column at once ("round all numeric columns to 2 decimals") is the operation rules'
``EachNumeric``; this reads only clauses that name their columns. A part without its number of
decimals, or a number that is not a whole count of places, is refused.
"""

from __future__ import annotations

from ..errors import CompileError
from ..plan import Col, Derive, MathCall, Step
from .context import Clause

_LEAD = frozenset({"round", "rounding"})
_PASS = frozenset(
    {
        "off",
        "entries",
        "entry",
        "values",
        "value",
        "in",
        "of",
        "column",
        "columns",
        "the",
        "to",
        "and",
        "decimal",
        "decimals",
        "places",
        "place",
        "digits",
        "dp",
        "each",
        "all",
    }
)


def rounds_columns(cl: Clause) -> bool:
    first = next((it for it in cl.items if not (it.filler and not it.kws)), None)
    if first is None or first.words[0] not in _LEAD or first.cols:
        return False
    return any(it.cols and it.col_score >= 85 for it in cl.items) and _parts(cl) is not None


def _parts(cl: Clause) -> list[tuple[list[str], int]] | None:
    parts: list[tuple[list[str], int]] = []
    cols: list[str] = []
    for it in cl.items[1:]:
        if it.cols and it.col_score >= 85 and len(it.cols) == 1 and not it.vals and it.num is None:
            cols.append(it.cols[0])
        elif it.num is not None and not it.cols:
            if not cols or not isinstance(it.num, int) or isinstance(it.num, bool) or not 0 <= it.num <= 15:
                return None
            parts.append((cols, it.num))
            cols = []
        elif not (it.filler or it.sym == "," or all(w in _PASS for w in it.words)):
            return None
    if cols or not parts:
        return None
    return parts


def do_round_columns(cl: Clause) -> list[Step]:
    parts = _parts(cl)
    if parts is None:
        raise CompileError("round which column to how many decimals? say 'round x to 2 decimal places'")
    cl.use_range(0, len(cl.items))
    out: list[Step] = []
    for cols, digits in parts:
        for c in cols:
            if cl.ctx.kind(c) not in ("integer", "float"):
                raise CompileError(f"'{c}' holds no numbers to round")
            out.append(Derive(name=c, expr=MathCall(func="round", expr=Col(name=c), digits=digits)))
    return out
