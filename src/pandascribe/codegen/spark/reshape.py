"""Spark steps that change the frame's shape: group-by aggregates, joins, pivots, crosstabs,
melts and value counts (and the aggregate expressions the everyday-question steps reuse).

Kept apart from the row and column steps (:mod:`.steps`) because these all end the frame's row
order (a shuffle) or set a new one by sorting on what they computed, and share the aggregate
vocabulary (:func:`agg_expr`): missing values never count, a sum of nothing is 0, true/false values
are summed and averaged as 1/0, as pandas does. Group-bys, pivots and value counts come out sorted
as pandas sorts them.
"""

from __future__ import annotations

from ...plan import (
    Agg,
    Aggregate,
    Crosstab,
    Join,
    Melt,
    Node,
    Pivot,
    ValueCounts,
)
from ..engine_common import StepCtx, unsupported
from ..pyfmt import Link, call, s
from .exprs import quoted, quoted_names, scol, simple
from .order import ENGINE, ROW, Order, StepGen, need_order, with_row


def agg_expr(func: str, column: str | None, kind: str, row: str | None = None) -> str:
    """One aggregate as a Spark Column; missing values never count, a sum of nothing is 0 (as in
    pandas), true/false values are summed and averaged as 1/0."""
    if func == "size" or column is None:
        return "F.count(F.lit(1))"
    c = scol(column)
    arg = s(column) if simple(column) else c  # F functions read a plain string as a column name
    num = (
        f"{c}.cast('int')"
        if kind == "bool" and func in ("sum", "mean", "median", "std", "var", "sem")
        else arg
    )
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
        "sem": f"(F.stddev({num}) / F.sqrt(F.count({arg})))",
        "nunique": f"F.countDistinct({arg})",
    }[func]


def aliased_aggs(aggs: tuple[Agg, ...], cx: StepCtx, row: str | None) -> list[str]:
    return [f"{agg_expr(a.func, a.column, cx.kind(a.column or ''), row)}.alias({s(a.name)})" for a in aggs]


def not_null(cols: list[str] | tuple[str, ...], cx: StepCtx) -> list[Link]:
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
        need_order("the first or last value of each group", order)
        row, add = with_row(cx)
        links.append(add)
    if not st.by:
        return [*links, call("agg", *aliased_aggs(st.aggs, cx, row))]
    order.ordered = True  # sorted by the keys, which are unique per row
    return [
        *links,
        *not_null(st.by, cx),
        call("groupBy", quoted_names(st.by)),
        call("agg", *aliased_aggs(st.aggs, cx, row)),
        call("orderBy", quoted_names(st.by)),
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
        need_order("a join whose row order a later step depends on", order)
        lrow, add = with_row(cx)
        rrow = cx.temp("_right_row")
        links.append(add)
        picks.append(f"{ROW}.alias({s(rrow)})")
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
        *not_null([*index, columns], cx),
        call("groupBy", quoted_names([*index, columns])),
        call("agg", f"{cell}.alias({s(tmp)})"),
    ]
    if share:
        links.append(
            call("withColumn", s(tmp), f"F.col({s(tmp)}) / F.sum({s(tmp)}).over(Window.partitionBy())")
        )
    else:
        links.append(call("filter", f"F.col({s(tmp)}).isNotNull()"))
    links += [
        call("groupBy", quoted_names(index)),
        call("pivot", quoted(columns)),
        call("agg", f"F.first({s(tmp)})"),
    ]
    if fill:
        links.append(call("fillna", "0"))
    links.append(call("orderBy", quoted_names(index)))
    order.ordered = True
    return links


def _pivot(st: Pivot, cx: StepCtx, order: Order) -> list[Link]:
    cell = agg_expr(st.func, st.values, cx.kind(st.values or ""))
    return _pivot_links(st.index, st.columns, cell, st.func in ("size", "count", "nunique"), cx, order)


def _crosstab(st: Crosstab, cx: StepCtx, order: Order) -> list[Link]:
    return _pivot_links((st.index,), st.columns, "F.count(F.lit(1))", True, cx, order, share=st.normalize)


def _melt(st: Melt, cx: StepCtx, order: Order) -> list[Link]:
    """pandas' ``melt``: without ``value_vars`` every other column, listed from the schema (Spark's
    ``unpivot`` needs at least one, and names each by its column name)."""
    if not st.value_vars and cx.state.open:  # after a pivot: the columns' names come from the data
        raise unsupported(
            "melting the columns a pivot made",
            ENGINE,
            "Spark names them with text where pandas keeps the pivoted values",
        )
    values = st.value_vars or tuple(c for c in cx.state.columns if c not in st.id_vars)
    if not values:
        raise unsupported("melting a frame whose every column is an id column", ENGINE)
    if {st.var_name, st.value_name} & set(cx.state.columns) or st.var_name == st.value_name:
        raise unsupported("melting into a column name the frame already has", ENGINE)
    kinds = {"number" if cx.kind(v) in ("integer", "float") else cx.kind(v) for v in values}
    if len(kinds) > 1:
        raise unsupported("melting columns of different kinds", ENGINE, "a Spark column holds one type")
    ids = f"[{quoted_names(st.id_vars)}]" if st.id_vars else "[]"
    order.ordered = False
    return [call("unpivot", ids, f"[{quoted_names(values)}]", s(st.var_name), s(st.value_name))]


def _value_counts(st: ValueCounts, cx: StepCtx, order: Order) -> list[Link]:
    out = "proportion" if st.normalize else "count"
    if out in st.columns:
        raise unsupported(f"counting values of a column named {out!r}", ENGINE, "the count would replace it")
    links = not_null(st.columns, cx) if st.dropna else []
    links += [call("groupBy", quoted_names(st.columns)), call("agg", f"F.count(F.lit(1)).alias({s(out)})")]
    if st.normalize:
        links.append(
            call("withColumn", s(out), f"F.col({s(out)}) / F.sum({s(out)}).over(Window.partitionBy())")
        )
    links.append(call("orderBy", f"F.desc({s(out)})"))
    order.ordered = False  # ties between equal counts come in no defined order
    return links


RESHAPE_GENERATORS: dict[type[Node], StepGen] = {
    Aggregate: _aggregate,
    Join: _join,
    Pivot: _pivot,
    Crosstab: _crosstab,
    Melt: _melt,
    ValueCounts: _value_counts,
}
