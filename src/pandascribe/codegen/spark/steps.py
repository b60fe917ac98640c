"""Plan steps → links of a PySpark DataFrame method chain (``F``, ``T``, ``Window`` and the frames).

One function per step node in :data:`STEP_GENERATORS`; :data:`UNSUPPORTED` holds the nodes Spark
cannot express yet, with the reason. Each handler gets the step's context and the chain's
:class:`Order` (whether the frame still has pandas' row order, and whether a later step needs it).
Group-bys, pivots and value counts come out sorted as pandas sorts them; sorts are stable (ties
keep the row order) where a later step can tell.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ...plan import (
    Agg,
    Aggregate,
    ArgBest,
    Correlation,
    Crosstab,
    Derive,
    Distinct,
    Drop,
    DropDuplicates,
    DropMissing,
    FillMissing,
    Filter,
    Head,
    Join,
    Melt,
    Node,
    Pivot,
    Rename,
    ScalarAgg,
    Select,
    Sort,
    Tail,
    TopN,
    ValueCounts,
    Window,
)
from ...plan.expr import GroupStat
from ..engine_common import StepCtx, unsupported, walk
from ..engine_exprs import ExprCtx
from ..pyfmt import Link, call, lit, s
from .exprs import expr, quoted, scol, sexpr, simple, window_spec

#: nodes Spark cannot express yet → why (one line each; the completeness test reads this table)
UNSUPPORTED: dict[type[Node], str] = {
    GroupStat: "a column's statistic repeated on every row needs a window over the whole frame or"
    " group, which Spark refuses inside a filter; not written for Spark yet",
}

ENGINE = "spark"
_ROW = "F.monotonically_increasing_id()"


@dataclass
class Order:
    """``ordered``: the frame's rows are in pandas' order; ``needed``: a later step depends on it."""

    ordered: bool = True
    needed: bool = False


StepGen = Callable[[Any, StepCtx, Order], list[Link]]


def _names(cols: tuple[str, ...] | list[str]) -> str:
    return ", ".join(quoted(c) for c in cols)


def _need_order(what: str, order: Order) -> None:
    if not order.ordered:
        raise unsupported(what, ENGINE, "the row order is not defined after a join, distinct or reshape")


def _with_row(cx: StepCtx) -> tuple[str, Link]:
    row = cx.temp("_row")
    cx.row = row
    return row, call("withColumn", s(row), _ROW)


def _filter(st: Filter, cx: StepCtx, order: Order) -> list[Link]:
    return [call("filter", expr(st.condition, ExprCtx(cx, positive=True)).text)]


def _select(st: Select, cx: StepCtx, order: Order) -> list[Link]:
    return [call("select", _names(st.columns))]


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
    _need_order("a sort whose ties a later step depends on", order)
    row, add = _with_row(cx)
    return [add, call("orderBy", *keys, s(row)), call("drop", s(row))]


def _head(st: Head, cx: StepCtx, order: Order) -> list[Link]:
    _need_order("the first rows", order)
    return [call("limit", str(st.n))]


def _tail(st: Tail, cx: StepCtx, order: Order) -> list[Link]:
    _need_order("the last rows", order)
    row, add = _with_row(cx)
    return [
        add,
        call("orderBy", f"F.desc({s(row)})"),
        call("limit", str(st.n)),
        call("orderBy", s(row)),
        call("drop", s(row)),
    ]


def _topn(st: TopN, cx: StepCtx, order: Order) -> list[Link]:
    """The ``n`` best rows, ties in row order and missing values last, as ``nlargest`` gives them."""
    _need_order("the top rows", order)
    row, add = _with_row(cx)
    c = scol(st.column)
    key = f"{c}.desc_nulls_last()" if st.largest else f"{c}.asc_nulls_last()"
    return [add, call("orderBy", key, s(row)), call("limit", str(st.n)), call("drop", s(row))]


def _distinct(st: Distinct, cx: StepCtx, order: Order) -> list[Link]:
    if not order.needed:
        order.ordered = False
        return [call("select", _names(st.columns)), call("distinct")]
    _need_order("distinct values in the order they first occur", order)
    row, add = _with_row(cx)  # first occurrence of each combination, in row order
    return [
        add,
        call("groupBy", _names(st.columns)),
        call("agg", f"F.min({s(row)}).alias({s(row)})"),
        call("orderBy", s(row)),
        call("drop", s(row)),
    ]


def _drop_duplicates(st: DropDuplicates, cx: StepCtx, order: Order) -> list[Link]:
    if not st.subset:  # identical rows: any one of them is the same row
        order.ordered = False
        return [call("dropDuplicates")]
    _need_order(f"keeping the {st.keep} of repeated rows", order)
    row, add = _with_row(cx)
    rank = cx.temp("_n")
    direction = s(row) if st.keep == "first" else f"F.desc({s(row)})"
    spec = f"Window.partitionBy({_names(st.subset)}).orderBy({direction})"
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
    _need_order("a running, shifted or filled value", order)
    row = cx.row or cx.temp("_row")
    return [call("withColumn", s(row), _ROW), *links, call("orderBy", s(row)), call("drop", s(row))]


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
    if st.method in ("value", "zero"):
        value = 0 if st.method == "zero" else st.value
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


def agg_expr(func: str, column: str | None, kind: str, row: str | None = None) -> str:
    """One aggregate as a Spark Column; missing values never count, a sum of nothing is 0 (as in
    pandas), true/false values are summed and averaged as 1/0."""
    if func == "size" or column is None:
        return "F.count(F.lit(1))"
    c = scol(column)
    arg = s(column) if simple(column) else c  # F functions read a plain string as a column name
    num = f"{c}.cast('int')" if kind == "bool" and func in ("sum", "mean", "median", "std", "var") else arg
    if func in ("first", "last"):
        if row is None:
            raise unsupported(f"the {func} value of each group", ENGINE, "the row order is not defined here")
        pick = "min_by" if func == "first" else "max_by"
        return f"F.{pick}({c}, F.when({c}.isNotNull(), F.col({s(row)})))"
    return {
        "count": f"F.count({arg})",
        "sum": f"F.coalesce(F.sum({num}), F.lit(0))",
        "mean": f"F.avg({num})",
        "median": f"F.median({num})",
        "min": f"F.min({arg})",
        "max": f"F.max({arg})",
        "std": f"F.stddev({num})",
        "var": f"F.variance({num})",
        "nunique": f"F.countDistinct({arg})",
    }[func]


def _aggs(aggs: tuple[Agg, ...], cx: StepCtx, row: str | None) -> list[str]:
    return [f"{agg_expr(a.func, a.column, cx.kind(a.column or ''), row)}.alias({s(a.name)})" for a in aggs]


def _not_null(cols: list[str] | tuple[str, ...], cx: StepCtx) -> list[Link]:
    nullable = [c for c in cols if cx.nullable(c)]
    if not nullable:
        return []
    if all(simple(c) for c in nullable):
        return [call("dropna", f"subset=[{', '.join(s(c) for c in nullable)}]")]
    return [call("filter", " & ".join(f"{scol(c)}.isNotNull()" for c in nullable))]


def _aggregate(st: Aggregate, cx: StepCtx, order: Order) -> list[Link]:
    links: list[Link] = []
    row = None
    if any(a.func in ("first", "last") for a in st.aggs):
        _need_order("the first or last value of each group", order)
        row, add = _with_row(cx)
        links.append(add)
    if not st.by:
        return [*links, call("agg", *_aggs(st.aggs, cx, row))]
    order.ordered = True  # sorted by the keys, which are unique per row
    return [
        *links,
        *_not_null(st.by, cx),
        call("groupBy", _names(st.by)),
        call("agg", *_aggs(st.aggs, cx, row)),
        call("orderBy", _names(st.by)),
    ]


_HOW = {"left": "left", "inner": "inner", "right": "right", "outer": "full"}


def _join(st: Join, cx: StepCtx, order: Order) -> list[Link]:
    """pandas' ``merge``: a column both frames hold (other than a shared key) becomes
    ``<name>_x`` / ``<name>_y``; with different key names both keys are kept; the left frame's
    order (then the right's) is restored when a later step depends on it."""
    right_schema = cx.schemas[st.right]
    for rk in st.right_on:
        info = right_schema.get(rk)
        if info is None or info.nullable:
            raise unsupported(
                f"joining on {rk!r}, which may be missing", ENGINE, "pandas matches missing keys"
            )
    same = st.left_on == st.right_on
    right_cols = list(dict.fromkeys((*st.right_on, *st.columns))) if st.columns else list(right_schema.names)
    shared = set(st.left_on)
    clash = [c for c in right_cols if c in cx.state.columns and c not in shared]
    if not same:
        clash = [
            c for c in right_cols if c in cx.state.columns and (c not in st.left_on or c not in st.right_on)
        ]
    links: list[Link] = []
    if clash:
        links.append(
            call("withColumnsRenamed", "{" + ", ".join(f"{s(c)}: {s(c + '_x')}" for c in clash) + "}")
        )
    picks = []
    if not same:  # join on the left key's name; the right key stays as a column of its own
        picks += [f"{scol(rk)}.alias({s(lk)})" for lk, rk in zip(st.left_on, st.right_on, strict=True)]
    for c in right_cols:
        picks.append(f"{scol(c)}.alias({s(c + '_y')})" if c in clash else scol(c))
    keep = order.needed and st.how in ("left", "inner")
    if keep:
        _need_order("a join whose row order a later step depends on", order)
        lrow, add = _with_row(cx)
        rrow = cx.temp("_right_row")
        links.append(add)
        picks.append(f"{_ROW}.alias({s(rrow)})")
    right = st.right
    if picks != [scol(c) for c in right_schema.names]:
        right += f".select({', '.join(picks)})"
    keys = ", ".join(s(k) for k in st.left_on)
    if not all(simple(k) for k in st.left_on):
        raise unsupported("joining on a key whose name is not a plain identifier", ENGINE)
    links.append(call("join", right, f"on=[{keys}]", f"how={s(_HOW[st.how])}"))
    if keep:
        links += [call("orderBy", s(lrow), s(rrow)), call("drop", s(lrow), s(rrow))]
    else:
        order.ordered = False
    return links


def _pivot_links(
    index: tuple[str, ...],
    columns: str,
    cell: str,
    fill: bool,
    cx: StepCtx,
    order: Order,
    share: bool = False,
) -> list[Link]:
    """Aggregate per (index, columns) pair, leave out empty cells (pandas drops all-missing rows
    and columns), spread the column values into sorted columns, sort the rows by the index."""
    tmp = cx.temp("_value")
    links = [
        *_not_null([*index, columns], cx),
        call("groupBy", _names([*index, columns])),
        call("agg", f"{cell}.alias({s(tmp)})"),
    ]
    if share:
        links.append(
            call("withColumn", s(tmp), f"F.col({s(tmp)}) / F.sum({s(tmp)}).over(Window.partitionBy())")
        )
    else:
        links.append(call("filter", f"F.col({s(tmp)}).isNotNull()"))
    links += [
        call("groupBy", _names(index)),
        call("pivot", quoted(columns)),
        call("agg", f"F.first({s(tmp)})"),
    ]
    if fill:
        links.append(call("fillna", "0"))
    links.append(call("orderBy", _names(index)))
    order.ordered = True
    return links


def _pivot(st: Pivot, cx: StepCtx, order: Order) -> list[Link]:
    cell = agg_expr(st.func, st.values, cx.kind(st.values or ""))
    return _pivot_links(st.index, st.columns, cell, st.func in ("size", "count", "nunique"), cx, order)


def _crosstab(st: Crosstab, cx: StepCtx, order: Order) -> list[Link]:
    return _pivot_links((st.index,), st.columns, "F.count(F.lit(1))", True, cx, order, share=st.normalize)


def _melt(st: Melt, cx: StepCtx, order: Order) -> list[Link]:
    values = st.value_vars or tuple(c for c in cx.state.columns if c not in st.id_vars)
    if {st.var_name, st.value_name} & set(cx.state.columns) or st.var_name == st.value_name:
        raise unsupported("melting into a column name the frame already has", ENGINE)
    kinds = {"number" if cx.kind(v) in ("integer", "float") else cx.kind(v) for v in values}
    if len(kinds) > 1:
        raise unsupported("melting columns of different kinds", ENGINE, "a Spark column holds one type")
    ids = f"[{_names(st.id_vars)}]" if st.id_vars else "[]"
    order.ordered = False
    return [call("unpivot", ids, f"[{_names(values)}]", s(st.var_name), s(st.value_name))]


def _value_counts(st: ValueCounts, cx: StepCtx, order: Order) -> list[Link]:
    out = "proportion" if st.normalize else "count"
    if out in st.columns:
        raise unsupported(f"counting values of a column named {out!r}", ENGINE, "the count would replace it")
    links = _not_null(st.columns, cx) if st.dropna else []
    links += [call("groupBy", _names(st.columns)), call("agg", f"F.count(F.lit(1)).alias({s(out)})")]
    if st.normalize:
        links.append(
            call("withColumn", s(out), f"F.col({s(out)}) / F.sum({s(out)}).over(Window.partitionBy())")
        )
    links.append(call("orderBy", f"F.desc({s(out)})"))
    order.ordered = False  # ties between equal counts come in no defined order
    return links


def _first_value(column: str) -> Link:
    del column
    return Link(".first()[0]")


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
        _need_order(f"the {st.func} value", order)
        if st.func == "first":
            return [call("filter", f"{c}.isNotNull()"), call("select", c), Link(".first()[0]")]
        row, add = _with_row(cx)
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
    _need_order("the row with the best value", order)
    row, add = _with_row(cx)
    key = f"{c}.desc()" if st.largest else f"{c}.asc()"
    return [
        call("filter", f"{c}.isNotNull()"),
        add,
        call("orderBy", key, s(row)),
        call("select", scol(st.label)),
        Link(".first()[0]"),
    ]


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
    Aggregate: _aggregate,
    Join: _join,
    Pivot: _pivot,
    Crosstab: _crosstab,
    Melt: _melt,
    ValueCounts: _value_counts,
    Correlation: _correlation,
    ScalarAgg: _scalar,
    ArgBest: _argbest,
}
