"""Spark steps whose answer is one value or a small table of statistics: a single aggregate,
the label of the best row (``idxmax``), a correlation or a correlation matrix.

Kept apart from :mod:`.steps` because these end the chain on the driver: a single value comes back
as a plain Python value (``first()[0]``, the only ``collect``-like call the generator writes), and
a correlation matrix is built in one aggregation into rows (``F.inline``).
"""

from __future__ import annotations

from ...plan import (
    ArgBest,
    Correlation,
    Node,
    ScalarAgg,
)
from ..engine_common import StepCtx, unsupported
from ..pyfmt import Link, call, s
from .exprs import scol
from .order import ENGINE, Order, StepGen, need_order, with_row
from .reshape import agg_expr


def _correlation(st: Correlation, cx: StepCtx, order: Order) -> list[Link]:
    if len(st.columns) != 2:
        return _correlation_matrix(st, cx)
    a, b = st.columns
    return [call("agg", f"F.corr({_number(a, cx)}, {_number(b, cx)})"), Link(".first()[0]")]


def _number(c: str, cx: StepCtx) -> str:
    """A column as a number for ``F.corr`` (true/false as 1/0, as pandas counts them)."""
    return f"{scol(c)}.cast('double')" if cx.kind(c) == "bool" else scol(c)


def _correlation_matrix(st: Correlation, cx: StepCtx) -> list[Link]:
    """One row per column: its label, then its correlation with every column. Computed in one
    aggregation (``F.corr`` skips the rows where either value is missing, as pandas does pair by
    pair) into an array of row structs, which ``F.inline`` turns into rows."""
    if not cx.last:  # pandas labels the matrix's rows with an index that later steps carry along
        raise unsupported(
            "a correlation matrix followed by more steps", ENGINE, "its rows are labelled by an index"
        )
    cols = st.columns or tuple(c for c, k in cx.state.columns.items() if k in ("integer", "float", "bool"))
    if not cols:
        raise unsupported("a correlation matrix of no number columns", ENGINE)
    label = cx.temp("column")

    rows = [
        "F.struct("
        + ", ".join(
            [
                f"F.lit({s(a)}).alias({s(label)})",
                *(f"F.corr({_number(a, cx)}, {_number(b, cx)}).alias({s(b)})" for b in cols),
            ]
        )
        + ")"
        for a in cols
    ]
    matrix = cx.temp("_matrix")
    return [
        call("agg", f"F.array({', '.join(rows)}).alias({s(matrix)})"),
        call("select", f"F.inline({s(matrix)})"),
    ]


def _scalar(st: ScalarAgg, cx: StepCtx, order: Order) -> list[Link]:
    """A single value, brought to the driver as a plain Python value (``first()[0]``)."""
    if st.column is None or st.func == "size":
        return [call("count")]
    c = scol(st.column)
    if st.func in ("first", "last"):
        need_order(f"the {st.func} value", order)
        if st.func == "first":
            return [call("filter", f"{c}.isNotNull()"), call("select", c), Link(".first()[0]")]
        row, add = with_row(cx)
        return [
            call("filter", f"{c}.isNotNull()"),
            add,
            call("orderBy", f"F.desc({s(row)})"),
            call("select", c),
            Link(".first()[0]"),
        ]
    return [call("agg", agg_expr(st.func, st.column, cx.kind(st.column))), Link(".first()[0]")]


def _argbest(st: ArgBest, cx: StepCtx, order: Order) -> list[Link]:
    """The label on the first row holding the largest (smallest) value, as ``idxmax`` finds it."""
    c = scol(st.column)
    if st.label == st.column:
        return [call("agg", f"F.{'max' if st.largest else 'min'}({c})"), Link(".first()[0]")]
    need_order("the row with the best value", order)
    row, add = with_row(cx)
    key = f"{c}.desc()" if st.largest else f"{c}.asc()"
    return [
        call("filter", f"{c}.isNotNull()"),
        add,
        call("orderBy", key, s(row)),
        call("select", scol(st.label)),
        Link(".first()[0]"),
    ]


VALUE_GENERATORS: dict[type[Node], StepGen] = {
    Correlation: _correlation,
    ScalarAgg: _scalar,
    ArgBest: _argbest,
}
