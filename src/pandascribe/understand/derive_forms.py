"""Two shapes of a column definition that name no new column by a marker:

- "add 100 to hp", "add 100 to each element of column hp": the column changed in place
  (``hp = hp + 100``), never a new column called "100";
- "make new column total by adding cty and hwy", "… by multiplying a and b": the formula as a
  gerund over a list of columns.
"""

from __future__ import annotations

from ..plan import Arith, Col, Derive, Expr, Lit
from .context import Clause

# words between "to" and the column that name nothing ("each element of column hp")
_ELEMENT_WORDS = frozenset(
    {
        "each",
        "every",
        "all",
        "element",
        "elements",
        "value",
        "values",
        "entry",
        "entries",
        "of",
        "in",
        "the",
        "column",
        "row",
        "rows",
        "cell",
        "cells",
    }
)
GERUNDS = {"adding": "add", "summing": "add", "multiplying": "mul"}
_GERUND_PASS = frozenset(
    {"values", "value", "from", "of", "the", "other", "columns", "column", "together", "up"}
)


def add_in_place(cl: Clause, start: int) -> Derive | None:
    """ "add N to [each element of] COL" after the verb at ``start - 1``."""
    live = [i for i in range(start, len(cl.items)) if not cl.items[i].used]
    if len(live) < 3:
        return None
    first = cl.items[live[0]]
    if first.num is None or first.cols or isinstance(first.num, bool):
        return None
    to = cl.items[live[1]]
    if to.words[0] != "to":
        return None
    rest = live[2:]
    cols = [i for i in rest if cl.items[i].cols]
    if len(cols) != 1 or len(cl.items[cols[0]].cols) != 1:
        return None
    at = rest.index(cols[0])
    if not all(cl.items[i].filler or all(w in _ELEMENT_WORDS for w in cl.items[i].words) for i in rest[:at]):
        return None
    if not all(cl.items[i].filler or cl.items[i].kw("in") for i in rest[at + 1 :]):
        return None  # only "in dataframe `a`" may follow the column
    col = cl.items[cols[0]].cols[0]
    cl.use(*live)
    return Derive(name=col, expr=Arith(op="add", left=Col(name=col), right=Lit(value=first.num)))


def gerund_formula(cl: Clause, lo: int, hi: int) -> Expr | None:
    """ "adding values from other columns cty and hwy": the columns combined by the gerund."""
    live = [i for i in range(lo, hi) if not cl.items[i].used]
    if not live or cl.items[live[0]].words[0] not in GERUNDS:
        return None
    op = GERUNDS[cl.items[live[0]].words[0]]
    cols: list[str] = []
    for i in live[1:]:
        it = cl.items[i]
        if it.cols and len(it.cols) == 1 and not it.vals:
            cols.append(it.cols[0])
        elif not (
            it.filler
            or it.sym == ","
            or (it.kw("and") and it.words[0] == "and")
            or all(w in _GERUND_PASS for w in it.words)
        ):
            return None
    if len(cols) < 2:
        return None
    cl.use(*live)
    out: Expr = Col(name=cols[0])
    for c in cols[1:]:
        out = Arith(op=op, left=out, right=Col(name=c))  # type: ignore[arg-type]
    return out


_LESS = frozenset({"less", "lower", "smaller", "below", "fewer", "under"})
_MORE = frozenset({"more", "greater", "higher", "larger", "above", "bigger", "over"})
_BASED = (("based", "on", "whether"), ("depending", "on", "whether"), ("according", "to", "whether"))


def two_value_formula(cl: Clause, lo: int, hi: int) -> Expr | None:
    """ "values of low and high, based on whether gdpPercap is less or more than 10000": the first
    value where the column is on the first side of the bound, the second otherwise."""
    from ..plan import Compare, Cond

    live = [i for i in range(lo, hi) if not cl.items[i].used]
    words: list[tuple[str, int]] = [(w, i) for i in live for w in cl.items[i].words]
    seq = [w for w, _ in words]
    at = next((k for k in range(len(seq) - 2) if tuple(seq[k : k + 3]) in _BASED), None)
    if at is None:
        return None
    head = [(w, i) for w, i in words[:at] if w not in ("values", "value", "of", ",", "the", "either")]
    tail = [(w, i) for w, i in words[at + 3 :] if w not in ("the", "is", "are", "$")]
    if len(head) != 3 or head[1][0] not in ("and", "or") or len(tail) != 6:
        return None
    (_, ci), (w1, _), (w2, _), (w3, _), (w4, _), (_, ni) = tail
    col, num = cl.items[ci].col, cl.items[ni].num
    sides = (w1 in _LESS and w3 in _MORE) or (w1 in _MORE and w3 in _LESS)
    if col is None or num is None or cl.items[ni].cols or w2 != "or" or w4 != "than" or not sides:
        return None
    first, second = cl.items[head[0][1]], cl.items[head[2][1]]
    if first.cols or second.cols or first.num is not None or second.num is not None:
        return None
    cl.use(*live)
    test = Compare(op="lt" if w1 in _LESS else "gt", left=Col(name=col), right=Lit(value=num))
    return Cond(branches=((test, Lit(value=_text(first))),), otherwise=Lit(value=_text(second)))


def _text(it: object) -> str:
    s = getattr(it, "string", None)
    return s if s is not None else str(getattr(it, "text", ""))
