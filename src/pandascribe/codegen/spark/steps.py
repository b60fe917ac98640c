"""Plan steps → links of a PySpark DataFrame method chain (``F``, ``T``, ``Window`` and the frames).

One function per step node in :data:`STEP_GENERATORS`; :data:`UNSUPPORTED` holds the nodes Spark
cannot express yet, with the reason. Each handler gets the step's context and the chain's
:class:`~.order.Order` (whether the frame still has pandas' row order, and whether a later step
needs it). This module holds the row and column steps (filters, selections, sorts, first/last rows,
distinct rows, derived and filled columns), which keep the frame's rows where they can; the
families that reshape it are in :mod:`.reshape` and those that answer with one value in
:mod:`.values` (the everyday-question steps in :mod:`.ops`, registered by the package). Sorts are
stable (ties keep the row order) where a later step can tell.
"""

from __future__ import annotations

from ...plan import (
    Derive,
    Distinct,
    Drop,
    DropDuplicates,
    DropMissing,
    FillMissing,
    Filter,
    Head,
    Node,
    Rename,
    Select,
    Sort,
    Tail,
    TopN,
    Window,
)
from ...plan.expr import GroupStat
from ..engine_common import StepCtx, no_mixed_fill, unsupported, walk
from ..engine_exprs import ExprCtx
from ..pyfmt import Link, call, lit, s
from .exprs import expr, quoted_names, scol, sexpr, simple, window_spec
from .order import ROW, Order, StepGen, need_order, with_row
from .reshape import RESHAPE_GENERATORS
from .values import VALUE_GENERATORS

__all__ = ["STEP_GENERATORS", "UNSUPPORTED", "Order", "StepGen", "sort_keys"]

#: nodes Spark cannot express yet → why (one line each; the completeness test reads this table)
UNSUPPORTED: dict[type[Node], str] = {
    GroupStat: "a column's statistic repeated on every row needs a window over the whole frame or"
    " group, which Spark refuses inside a filter; not written for Spark yet",
}


def _filter(st: Filter, cx: StepCtx, order: Order) -> list[Link]:
    return [call("filter", expr(st.condition, ExprCtx(cx, positive=True)).text)]


def _select(st: Select, cx: StepCtx, order: Order) -> list[Link]:
    return [call("select", quoted_names(st.columns))]


def _drop(st: Drop, cx: StepCtx, order: Order) -> list[Link]:
    return [call("drop", ", ".join(s(c) if simple(c) else scol(c) for c in st.columns))]


def _rename(st: Rename, cx: StepCtx, order: Order) -> list[Link]:
    return [call("withColumnsRenamed", "{" + ", ".join(f"{s(p.old)}: {s(p.new)}" for p in st.pairs) + "}")]


def sort_keys(cols: list[str], ascending: list[bool]) -> list[str]:
    """Sort keys with missing values last, whatever the direction (pandas' ``sort_values``)."""
    return [f"{scol(c)}.{'asc' if a else 'desc'}_nulls_last()" for c, a in zip(cols, ascending, strict=True)]


def _sort(st: Sort, cx: StepCtx, order: Order) -> list[Link]:
    keys = sort_keys([k.column for k in st.keys], [k.ascending for k in st.keys])
    if not order.needed:
        return [call("orderBy", *keys)]
    need_order("a sort whose ties a later step depends on", order)
    row, add = with_row(cx)
    return [add, call("orderBy", *keys, s(row)), call("drop", s(row))]


def _head(st: Head, cx: StepCtx, order: Order) -> list[Link]:
    need_order("the first rows", order)
    return [call("limit", str(st.n))]


def _tail(st: Tail, cx: StepCtx, order: Order) -> list[Link]:
    need_order("the last rows", order)
    row, add = with_row(cx)
    return [
        add,
        call("orderBy", f"F.desc({s(row)})"),
        call("limit", str(st.n)),
        call("orderBy", s(row)),
        call("drop", s(row)),
    ]


def _topn(st: TopN, cx: StepCtx, order: Order) -> list[Link]:
    """The ``n`` best rows, ties in row order and missing values last, as ``nlargest`` gives them."""
    need_order("the top rows", order)
    row, add = with_row(cx)
    c = scol(st.column)
    key = f"{c}.desc_nulls_last()" if st.largest else f"{c}.asc_nulls_last()"
    return [add, call("orderBy", key, s(row)), call("limit", str(st.n)), call("drop", s(row))]


def _distinct(st: Distinct, cx: StepCtx, order: Order) -> list[Link]:
    if not order.needed:
        order.ordered = False
        return [call("select", quoted_names(st.columns)), call("distinct")]
    need_order("distinct values in the order they first occur", order)
    row, add = with_row(cx)  # first occurrence of each combination, in row order
    return [
        add,
        call("groupBy", quoted_names(st.columns)),
        call("agg", f"F.min({s(row)}).alias({s(row)})"),
        call("orderBy", s(row)),
        call("drop", s(row)),
    ]


def _drop_duplicates(st: DropDuplicates, cx: StepCtx, order: Order) -> list[Link]:
    if not st.subset:  # identical rows: any one of them is the same row
        order.ordered = False
        return [call("dropDuplicates")]
    need_order(f"keeping the {st.keep} of repeated rows", order)
    row, add = with_row(cx)
    rank = cx.temp("_n")
    direction = s(row) if st.keep == "first" else f"F.desc({s(row)})"
    spec = f"Window.partitionBy({quoted_names(st.subset)}).orderBy({direction})"
    return [
        add,
        call("withColumn", s(rank), f"F.row_number().over({spec})"),
        call("filter", f"F.col({s(rank)}) == 1"),
        call("orderBy", s(row)),
        call("drop", s(row), s(rank)),
    ]


def _windowed(links: list[Link], cx: StepCtx, order: Order, uses_order: bool) -> list[Link]:
    """Wrap links that compute window expressions: a row-number column first (when the values
    depend on the row order), and the frame put back in row order afterwards when a later step
    depends on it (a window shuffles the rows)."""
    if not uses_order and not order.needed:
        order.ordered = False
        return links
    need_order("a running, shifted or filled value", order)
    row = cx.row or cx.temp("_row")
    return [call("withColumn", s(row), ROW), *links, call("orderBy", s(row)), call("drop", s(row))]


def _derive(st: Derive, cx: StepCtx, order: Order) -> list[Link]:
    windows = [n for n in walk(st.expr) if isinstance(n, Window)]
    if not windows:
        return [call("withColumn", s(st.name), sexpr(st.expr, ExprCtx(cx)).text)]
    cx.row = cx.temp("_row")
    link = call("withColumn", s(st.name), sexpr(st.expr, ExprCtx(cx)).text)
    return _windowed([link], cx, order, any(w.func != "rank" for w in windows))


def _fill_value(value: object) -> str:
    return f"F.lit({lit(value).text})"  # type: ignore[arg-type]


_FITS = {"number": ("integer", "float"), "text": ("text",), "bool": ("bool",)}


def _value_family(value: object) -> str:
    if isinstance(value, bool):
        return "bool"
    return "text" if isinstance(value, str) else "number"


def _fill_missing(st: FillMissing, cx: StepCtx, order: Order) -> list[Link]:
    if st.method == "interpolate":
        raise unsupported(
            "filling gaps by interpolation", "spark", "it needs each gap's neighbours in row order"
        )
    if st.method in ("value", "zero"):
        value = 0 if st.method == "zero" else st.value
        if not st.columns:
            no_mixed_fill(value, cx, "spark")
        fits = _FITS[_value_family(value)]
        cols = st.columns or tuple(c for c, k in cx.state.columns.items() if k in fits and cx.nullable(c))
        if not cols:
            return []
        cells = ", ".join(f"{s(c)}: F.coalesce({scol(c)}, {_fill_value(value)})" for c in cols)
        return [call("withColumns", "{" + cells + "}")]
    if st.method in ("mean", "median"):
        cols = st.columns or tuple(c for c, k in cx.state.columns.items() if k in ("integer", "float"))
        fn = "avg" if st.method == "mean" else "median"
        whole = "Window.partitionBy()"
        cells = ", ".join(f"{s(c)}: F.coalesce({scol(c)}, F.{fn}({scol(c)}).over({whole}))" for c in cols)
        return _windowed([call("withColumns", "{" + cells + "}")], cx, order, False) if cols else []
    cols = st.columns or tuple(cx.state.columns)
    cx.row = cx.temp("_row")
    if st.method == "ffill":
        spec = window_spec((), s(cx.row), ".rowsBetween(Window.unboundedPreceding, Window.currentRow)")
        fn = "last"
    else:
        spec = window_spec((), s(cx.row), ".rowsBetween(Window.currentRow, Window.unboundedFollowing)")
        fn = "first"
    cells = ", ".join(f"{s(c)}: F.{fn}({scol(c)}, ignorenulls=True).over({spec})" for c in cols)
    return _windowed([call("withColumns", "{" + cells + "}")], cx, order, True)


def _drop_missing(st: DropMissing, cx: StepCtx, order: Order) -> list[Link]:
    args = [] if st.how == "any" else [f"how={s(st.how)}"]
    cols = st.columns or tuple(cx.state.columns)
    if not all(simple(c) for c in cols):  # dropna resolves names itself, and cannot quote them
        test = " & " if st.how == "any" else " | "
        return [call("filter", test.join(f"{scol(c)}.isNotNull()" for c in cols))]
    if st.columns:
        args.append(f"subset=[{', '.join(s(c) for c in st.columns)}]")
    return [call("dropna", *args)]


STEP_GENERATORS: dict[type[Node], StepGen] = {
    Filter: _filter,
    Select: _select,
    Drop: _drop,
    Rename: _rename,
    Sort: _sort,
    Head: _head,
    Tail: _tail,
    TopN: _topn,
    Distinct: _distinct,
    DropDuplicates: _drop_duplicates,
    Derive: _derive,
    FillMissing: _fill_missing,
    DropMissing: _drop_missing,
    **RESHAPE_GENERATORS,  # reshape.py
    **VALUE_GENERATORS,  # values.py
}
