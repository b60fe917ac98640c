"""Plan steps → links of a polars method chain on an eager ``DataFrame``.

One function per step node in :data:`STEP_GENERATORS`; nodes polars cannot express yet sit in
:data:`UNSUPPORTED` with the reason (the completeness test checks every Plan node is in one of
them). Order follows pandas where pandas promises one: sorts are stable with missing values last,
group-bys come out sorted by their keys (missing keys left out), ``unique`` and joins keep the
frame's order, ``top_k`` breaks ties by row order as ``nlargest`` does.
"""

from __future__ import annotations

from collections.abc import Callable
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
)
from ..engine_common import StepCtx, no_mixed_fill, unsupported
from ..engine_exprs import ExprCtx
from ..pyfmt import ATOM, Code, Link, call, is_kwarg_name, link, lit, s
from .exprs import expr, name, pcol, pexpr

StepGen = Callable[[Any, StepCtx], list[Link]]

#: nodes polars cannot express yet → why (one line each; the completeness test reads this table)
UNSUPPORTED: dict[type[Node], str] = {}

#: keyword names ``with_columns`` / ``agg`` cannot take (their own parameters)
_RESERVED = frozenset({"self", "exprs", "named_exprs", "aggs", "named_aggs"})


def _names(cols: tuple[str, ...] | list[str]) -> str:
    return ", ".join(name(c) for c in cols)


def _list(cols: tuple[str, ...] | list[str]) -> str:
    return "[" + _names(cols) + "]"


def _one_or_list(cols: tuple[str, ...] | list[str]) -> str:
    return name(cols[0]) if len(cols) == 1 else _list(cols)


def named(pairs: list[tuple[str, Code]]) -> list[str]:
    """Output expressions: ``name=expr`` where ``name`` is a plain identifier, else ``expr.alias()``."""
    if all(is_kwarg_name(n, _RESERVED) for n, _ in pairs):
        return [f"{n}={code.text}" for n, code in pairs]
    return [f"{code.at(ATOM)}.alias({s(n)})" for n, code in pairs]


def _filter(st: Filter, cx: StepCtx) -> list[Link]:
    return [call("filter", expr(st.condition, ExprCtx(cx, positive=True)).text)]


def _select(st: Select, cx: StepCtx) -> list[Link]:
    return [call("select", _names(st.columns))]


def _drop(st: Drop, cx: StepCtx) -> list[Link]:
    return [call("drop", _names(st.columns))]


def _rename(st: Rename, cx: StepCtx) -> list[Link]:
    return [call("rename", "{" + ", ".join(f"{name(p.old)}: {s(p.new)}" for p in st.pairs) + "}")]


def sort_link(cols: list[str], ascending: list[bool]) -> Link:
    """A stable sort with missing values last, whatever the direction (pandas' ``sort_values``)."""
    args = [_one_or_list(cols)]
    if len(set(ascending)) > 1:
        args.append("descending=[" + ", ".join(str(not a) for a in ascending) + "]")
    elif not ascending[0]:
        args.append("descending=True")
    args += ["nulls_last=True", "maintain_order=True"]
    return call("sort", *args)


def _sort(st: Sort, cx: StepCtx) -> list[Link]:
    return [sort_link([k.column for k in st.keys], [k.ascending for k in st.keys])]


def _head(st: Head, cx: StepCtx) -> list[Link]:
    return [call("head", str(st.n))]


def _tail(st: Tail, cx: StepCtx) -> list[Link]:
    return [call("tail", str(st.n))]


def _topn(st: TopN, cx: StepCtx) -> list[Link]:
    """The ``n`` best rows as ``nlargest`` gives them: keep the rows at least as good as the n-th
    best value (``top_k`` finds it without a full sort) and, when there are too few values, the
    missing ones (``nlargest`` puts them last); a stable sort keeps tied rows in row order before
    taking the first ``n``."""
    c = pcol(st.column)
    which, bound = ("top_k", ">=") if st.largest else ("bottom_k", "<=")
    keep = f"{c} {bound} {c}.{which}({st.n}).{'min' if st.largest else 'max'}()"
    if cx.nullable(st.column):
        keep = f"({keep}) | {c}.is_null()"
    return [call("filter", keep), sort_link([st.column], [not st.largest]), call("head", str(st.n))]


def _distinct(st: Distinct, cx: StepCtx) -> list[Link]:
    return [call("select", _names(st.columns)), call("unique", "maintain_order=True")]


def _drop_duplicates(st: DropDuplicates, cx: StepCtx) -> list[Link]:
    args = [f"subset={_list(st.subset)}"] if st.subset else []
    return [call("unique", *args, f"keep={s(st.keep)}", "maintain_order=True")]


def _derive(st: Derive, cx: StepCtx) -> list[Link]:
    return [call("with_columns", *named([(st.name, pexpr(st.expr, ExprCtx(cx)))]))]


def _fill_value(value: object) -> str:
    return f"pl.lit({lit(value).text})" if isinstance(value, str) else lit(value).text  # type: ignore[arg-type]


def _fill_missing(st: FillMissing, cx: StepCtx) -> list[Link]:
    if st.method in ("value", "zero"):
        value = _fill_value(0 if st.method == "zero" else st.value)
        if not st.columns:
            no_mixed_fill(0 if st.method == "zero" else st.value, cx, "polars")
            return [call("fill_null", value)]
        return [call("with_columns", f"pl.col({_names(st.columns)}).fill_null({value})")]
    if st.method in ("ffill", "bfill"):
        strategy = '"forward"' if st.method == "ffill" else '"backward"'
        if not st.columns:
            return [call("fill_null", f"strategy={strategy}")]
        return [call("with_columns", f"pl.col({_names(st.columns)}).fill_null(strategy={strategy})")]
    if st.method == "interpolate":  # polars leaves the gaps at either end, as limit_area="inside"
        cols = st.columns or tuple(c for c, k in cx.state.columns.items() if k == "float")
        return [call("with_columns", f"pl.col({_names(cols)}).interpolate()")] if cols else []
    # every number column (a true/false column cannot hold a missing value in pandas)
    cols = st.columns or tuple(c for c, k in cx.state.columns.items() if k in ("integer", "float"))
    if not cols:
        return []
    return [call("with_columns", *[f"{pcol(c)}.fill_null({pcol(c)}.{st.method}())" for c in cols])]


def _drop_missing(st: DropMissing, cx: StepCtx) -> list[Link]:
    if st.how == "any":
        return [call("drop_nulls", _one_or_list(st.columns))] if st.columns else [call("drop_nulls")]
    cols = f"pl.col({_names(st.columns)})" if st.columns else "pl.all()"
    return [call("filter", f"~pl.all_horizontal({cols}.is_null())")]


#: aggregate functions as polars expressions over a column (``{c}``); missing values never count
AGG_EXPRS = {
    "size": "pl.len()",
    "count": "{c}.count()",
    "sum": "{c}.sum()",
    "mean": "{c}.mean()",
    "median": "{c}.median()",
    "min": "{c}.min()",
    "max": "{c}.max()",
    "std": "{c}.std()",
    "var": "{c}.var()",
    "sem": "({c}.std() / {c}.count().sqrt())",
    "nunique": "{c}.drop_nulls().n_unique()",
    "first": "{c}.drop_nulls().first()",
    "last": "{c}.drop_nulls().last()",
}


def agg_expr(func: str, column: str | None) -> str:
    return AGG_EXPRS[func].format(c=pcol(column) if column is not None else "")


def _agg_pairs(aggs: tuple[Agg, ...]) -> list[tuple[str, Code]]:
    return [(a.name, Code(agg_expr(a.func, a.column))) for a in aggs]


def grouped(by: tuple[str, ...], aggs: list[str], cx: StepCtx) -> list[Link]:
    """``group_by(...).agg(...)`` sorted by the keys, rows with a missing key left out — the rows
    and the order of pandas' ``groupby``."""
    links = []
    nullable = [b for b in by if cx.nullable(b)]
    if nullable:
        links.append(call("drop_nulls", _one_or_list(nullable)))
    links += [call("group_by", _names(by)), call("agg", *aggs), call("sort", _names(by))]
    return links


def _aggregate(st: Aggregate, cx: StepCtx) -> list[Link]:
    if not st.by:  # the whole frame: one row
        return [call("select", *named(_agg_pairs(st.aggs)))]
    return grouped(st.by, named(_agg_pairs(st.aggs)), cx)


_HOW = {"left": "left", "inner": "inner", "right": "right", "outer": "full"}
_ORDER = {"left": "left_right", "inner": "left_right", "right": "right_left", "outer": "left_right"}


def _join(st: Join, cx: StepCtx) -> list[Link]:
    """pandas' ``merge``: keys missing on both sides match each other, a column both frames hold
    (other than a shared key) becomes ``<name>_x`` / ``<name>_y``, the left frame's order is kept
    (an outer join is sorted by its keys, as pandas sorts it)."""
    right_schema = cx.schemas[st.right]
    same = st.left_on == st.right_on
    right_cols = list(dict.fromkeys((*st.right_on, *st.columns))) if st.columns else list(right_schema.names)
    for lk, rk in zip(st.left_on, st.right_on, strict=True):
        info = right_schema.get(rk)
        lkind, rkind = cx.kind(lk), info.kind if info is not None else "any"
        if lkind != rkind and "any" not in (lkind, rkind):
            raise unsupported(
                f"joining {lkind} key {lk!r} to {rkind} key {rk!r}", "polars", "the key types differ"
            )
    shared = set(st.left_on) if same else set()
    clash = [c for c in right_cols if c in cx.state.columns and c not in shared]
    links = []
    if clash:
        links.append(call("rename", "{" + ", ".join(f"{name(c)}: {s(c + '_x')}" for c in clash) + "}"))
    right = st.right
    if st.columns:
        right += f".select({_names(right_cols)})"
    if clash:
        right += ".rename({" + ", ".join(f"{name(c)}: {s(c + '_y')}" for c in clash) + "})"
    keys = (
        [f"on={_one_or_list(st.left_on)}"]
        if same
        else [
            f"left_on={_one_or_list(st.left_on)}",
            f"right_on={_one_or_list(st.right_on)}",
        ]
    )
    args = [right, *keys, f"how={s(_HOW[st.how])}", "nulls_equal=True"]
    if same and st.how == "outer":
        args.append("coalesce=True")
    if not same:
        args.append("coalesce=False")
    args.append(f"maintain_order={s(_ORDER[st.how])}")
    links.append(call("join", *args))
    if st.how == "outer":
        links.append(sort_link(list(st.left_on), [True] * len(st.left_on)))
    return links


def _pivot_links(
    index: tuple[str, ...], columns: str, cell: str, fill: bool, cx: StepCtx, share: bool = False
) -> list[Link]:
    """Aggregate per (index, columns) pair, leave out empty cells (pandas drops all-missing rows
    and columns), spread the column values into sorted columns, sort the rows by the index.
    ``share``: each cell as a share of the total of all cells."""
    tmp = cx.temp("_value")
    keys = [*index, columns]
    links = []
    nullable = [k for k in keys if cx.nullable(k)]
    if nullable:
        links.append(call("drop_nulls", _one_or_list(nullable)))
    links += [call("group_by", _names(keys)), call("agg", f"{cell}.alias({s(tmp)})")]
    if share:
        links.append(call("with_columns", f"pl.col({s(tmp)}) / pl.col({s(tmp)}).sum()"))
    else:
        links.append(call("drop_nulls", s(tmp)))
    links.append(
        call("pivot", name(columns), f"index={_one_or_list(index)}", f"values={s(tmp)}", "sort_columns=True")
    )
    if fill:
        links.append(call("fill_null", "0"))
    links.append(call("sort", _names(index)))
    return links


def _no_categories(cols: tuple[str, ...] | list[str], cx: StepCtx, what: str) -> None:
    if any(cx.kind(c) == "category" for c in cols):
        why = "pandas lists every category, also those that never occur"
        raise unsupported(f"{what} of a category column", "polars", why)


def _pivot(st: Pivot, cx: StepCtx) -> list[Link]:
    _no_categories([*st.index, st.columns], cx, "a pivot table")
    cell = agg_expr(st.func, st.values)
    return _pivot_links(st.index, st.columns, cell, st.func in ("size", "count", "nunique"), cx)


def _crosstab(st: Crosstab, cx: StepCtx) -> list[Link]:
    _no_categories([st.index, st.columns], cx, "a cross table")
    return _pivot_links((st.index,), st.columns, "pl.len()", True, cx, share=st.normalize)


def _melt(st: Melt, cx: StepCtx) -> list[Link]:
    values = st.value_vars or tuple(c for c in cx.state.columns if c not in st.id_vars)
    if {st.var_name, st.value_name} & set(cx.state.columns) or st.var_name == st.value_name:
        raise unsupported("melting into a column name the frame already has", "polars")
    kinds = {cx.kind(v) for v in values}
    if len({"number" if k in ("integer", "float") else k for k in kinds}) > 1:
        raise unsupported("melting columns of different kinds", "polars", "a polars column holds one type")
    args = [_list(values)] if st.value_vars else []
    if st.id_vars:
        args.append(f"index={_list(st.id_vars)}")
    args += [f"variable_name={s(st.var_name)}", f"value_name={s(st.value_name)}"]
    return [call("unpivot", *args)]


def _value_counts(st: ValueCounts, cx: StepCtx) -> list[Link]:
    """Counts per value, most common first; ties in first-seen order; missing values left out
    unless ``dropna`` is off."""
    _no_categories(st.columns, cx, "value counts")
    out = "proportion" if st.normalize else "count"
    if out in st.columns:
        raise unsupported(
            f"counting values of a column named {out!r}", "polars", "the count would replace it"
        )
    links = []
    nullable = [c for c in st.columns if cx.nullable(c)]
    if st.dropna and nullable:
        links.append(call("drop_nulls", _one_or_list(nullable)))
    links += [
        call("group_by", _names(st.columns), "maintain_order=True"),
        call("agg", f"pl.len().alias({s(out)})"),
    ]
    if st.normalize:
        links.append(call("with_columns", f"pl.col({s(out)}) / pl.col({s(out)}).sum()"))
    links.append(call("sort", s(out), "descending=True", "maintain_order=True"))
    return links


def _correlation(st: Correlation, cx: StepCtx) -> list[Link]:
    if len(st.columns) == 2:
        a, b = st.columns
        return [
            call("drop_nulls", _list([a, b])),
            call("select", f"pl.corr({name(a)}, {name(b)})"),
            call("item"),
        ]
    if not cx.last:  # pandas labels the matrix's rows with an index that later steps carry along
        raise unsupported(
            "a correlation matrix followed by more steps", "polars", "its rows are labelled by an index"
        )
    cols = st.columns or tuple(c for c, k in cx.state.columns.items() if k in ("integer", "float", "bool"))
    if not cols:
        raise unsupported("a correlation matrix of no number columns", "polars")
    if any(cx.kind(c) == "bool" for c in cols) or any(cx.nullable(c) for c in cols):
        why = "polars' matrix does not skip missing values pair by pair as pandas does"
        raise unsupported(
            "a correlation matrix over true/false columns or columns with missing values", "polars", why
        )
    label = cx.temp("column")
    names = "[" + ", ".join(s(c) for c in cols) + "]"
    return [
        call("select", _names(cols)),
        call("corr"),
        call("insert_column", "0", f"pl.Series({s(label)}, {names})"),
    ]


def _scalar(st: ScalarAgg, cx: StepCtx) -> list[Link]:
    if st.column is None or st.func == "size":
        return [link(".height")]
    if st.func == "sem":  # no Series.sem in polars: the expression, selected, as one value
        return [call("select", agg_expr("sem", st.column)), call("item")]
    c = name(st.column)
    method = {
        "nunique": ".drop_nulls().n_unique()",
        "first": ".drop_nulls().first()",
        "last": ".drop_nulls().last()",
    }.get(st.func, f".{st.func}()")
    return [link(f"[{c}]{method}")]


def _argbest(st: ArgBest, cx: StepCtx) -> list[Link]:
    """The label on the first row holding the largest (smallest) value, as ``idxmax`` finds it."""
    c = pcol(st.column)
    best = "max" if st.largest else "min"
    if st.label == st.column:
        return [link(f"[{name(st.column)}].{best}()")]
    return [call("filter", f"{c} == {c}.{best}()"), call("item", "0", name(st.label))]


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
