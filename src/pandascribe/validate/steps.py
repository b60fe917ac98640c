"""Validation handlers for steps: one per step type (:data:`STEP_VALIDATORS`), each checking the
step against the frame state before it and returning the state after it, the way pandas would shape
the frame (aggregate keys and names, join suffixes, a pivot's data-dependent columns)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..errors import closest
from ..plan import (
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
    Scalar,
    ScalarAgg,
    Select,
    Sort,
    Tail,
    TopN,
    ValueCounts,
)
from .core import (
    DATETIME,
    KIND_WORDS,
    NUMBER,
    NUMERIC_AGG,
    Checker,
    FrameState,
    comparable,
    family,
    lit_kind,
    name_of,
    needs_column,
)
from .core import agg_kind as _agg_kind
from .core import common_kind as _common_kind
from .missing import MISSING_VALIDATORS
from .ops import OPS_VALIDATORS
from .rows import ROW_VALIDATORS

StepCheck = Callable[[Checker, Any, FrameState], FrameState]


def _keep(frame: FrameState, names: list[str] | tuple[str, ...]) -> FrameState:
    return FrameState({n: frame.columns.get(n, "any") for n in names}, open=False)


def _s_filter(chk: Checker, st: Filter, frame: FrameState) -> FrameState:
    needs_column(chk, st.condition, "a filter condition")
    chk.need(chk.expr(st.condition, frame), frozenset({"bool", "any"}), f"the filter {name_of(st.condition)}")
    return frame


def _s_select(chk: Checker, st: Select, frame: FrameState) -> FrameState:
    chk.cols(frame, st.columns)
    return _keep(frame, st.columns)


def _s_drop(chk: Checker, st: Drop, frame: FrameState) -> FrameState:
    chk.cols(frame, st.columns)
    return FrameState({n: k for n, k in frame.columns.items() if n not in st.columns}, frame.open)


def _s_rename(chk: Checker, st: Rename, frame: FrameState) -> FrameState:
    chk.cols(frame, [p.old for p in st.pairs])
    mapping = {p.old: p.new for p in st.pairs}
    out: dict[str, str] = {}
    for n, k in frame.columns.items():
        new = mapping.get(n, n)
        if new in out:
            chk.add(f"renaming gives two columns named {new!r}")
        out[new] = k
    return FrameState(out, frame.open)


def _s_sort(chk: Checker, st: Sort, frame: FrameState) -> FrameState:
    chk.cols(frame, [k.column for k in st.keys])
    return frame


def _s_topn(chk: Checker, st: TopN, frame: FrameState) -> FrameState:
    chk.need(chk.col(frame, st.column), NUMBER | DATETIME, f"the top rows by {st.column!r}")
    return frame


def _s_distinct(chk: Checker, st: Distinct, frame: FrameState) -> FrameState:
    chk.cols(frame, st.columns)
    return _keep(frame, st.columns)


def _s_dedupe(chk: Checker, st: DropDuplicates, frame: FrameState) -> FrameState:
    chk.cols(frame, st.subset)
    return frame


def _s_derive(chk: Checker, st: Derive, frame: FrameState) -> FrameState:
    kind = chk.expr(st.expr, frame)
    return FrameState({**frame.columns, st.name: "other" if kind == "null" else kind}, frame.open)


def _s_fill(chk: Checker, st: FillMissing, frame: FrameState) -> FrameState:
    kinds = chk.cols(frame, st.columns)
    for name, kind in zip(st.columns, kinds, strict=True):
        if st.method in ("mean", "median", "zero", "interpolate"):
            how = "by interpolation" if st.method == "interpolate" else f"with the {st.method}"
            chk.need(kind, NUMERIC_AGG, f"filling {name!r} {how}")
        elif st.method == "value":
            comparable(chk, kind, lit_kind(st.value), False, f"filling {name!r} with {st.value!r}")
            if kind == "category" and str(st.value) not in chk.category_values(name):
                chk.add(f"{st.value!r} is not one of the categories of {name!r}")
    if not st.columns and st.method in ("value", "zero"):
        # one value for every column with gaps: it must suit each (pandas rejects a number in a text
        # column, any value in a date column, a category it does not have)
        value = 0 if st.method == "zero" else st.value
        for name, kind in frame.columns.items():
            if chk.may_be_missing(name) and not _fits(chk, value, kind, name):
                chk.add(
                    f"filling every column with {value!r} does not fit column {name!r} "
                    f"({KIND_WORDS[kind]}); name the columns to fill"
                )
    return frame


def _fits(chk: Checker, value: Scalar, kind: str, name: str) -> bool:
    """Whether ``value`` can fill gaps in a column of ``kind`` without changing its type — or, for a
    text column of pandas' ``object`` dtype, the way pandas fills it: ``df.fillna(0)`` puts the number
    into every gap, text columns included, and that is what "replace all NaN with 0" asks of a frame
    (a ``string`` column, a category or a date column would refuse it or change type: still refused)."""
    if kind in ("any", "other"):
        return True
    if kind == "text" and _object_text(chk, name) and not isinstance(value, bool):
        return True
    if kind == "category":
        return str(value) in chk.category_values(name)
    value_family = family(lit_kind(value))
    return value_family == family(kind) and kind != "datetime"


def _object_text(chk: Checker, name: str) -> bool:
    col = chk.source.get(name) if chk.source is not None else None
    return col is not None and col.dtype == "object"


def _s_dropna(chk: Checker, st: DropMissing, frame: FrameState) -> FrameState:
    chk.cols(frame, st.columns)
    return frame


def _s_aggregate(chk: Checker, st: Aggregate, frame: FrameState) -> FrameState:
    keys = dict(zip(st.by, chk.cols(frame, st.by), strict=True))
    return FrameState({**keys, **{a.name: _agg_kind(chk, a.func, a.column, frame) for a in st.aggs}})


def _s_join(chk: Checker, st: Join, frame: FrameState) -> FrameState:
    right_schema = chk.schemas.get(st.right)
    if right_schema is None:
        chk.add(f"no frame named {st.right!r} to join", closest(st.right, list(chk.schemas)))
        return FrameState(dict(frame.columns), open=True)
    right = FrameState({c.name: c.kind for c in right_schema.columns})
    if st.columns:
        for n in st.columns:
            chk.col(right, n, where=f" in frame {st.right!r}")
        keep = dict.fromkeys((*st.right_on, *st.columns))  # the order of the generated subset
        right = FrameState({n: right.columns[n] for n in keep if n in right.columns})
    lkinds = chk.cols(frame, st.left_on)
    rkinds = [chk.col(right, n, where=f" in frame {st.right!r}") for n in st.right_on]
    for lk, rk, a, b in zip(st.left_on, st.right_on, lkinds, rkinds, strict=True):
        comparable(chk, a, b, False, f"joining {lk!r} with {st.right}.{rk!r}")
    # pandas: a key with the same name on both sides appears once; other shared names get _x / _y
    common = {lk for lk, rk in zip(st.left_on, st.right_on, strict=True) if lk == rk}
    rest = {n: k for n, k in right.columns.items() if n not in common}
    overlap = (set(frame.columns) - common) & set(rest)
    out: dict[str, str] = {}
    pairs = [(f"{n}_x" if n in overlap else n, k) for n, k in frame.columns.items()]
    pairs += [(f"{n}_y" if n in overlap else n, k) for n, k in rest.items()]
    for n, k in pairs:
        if n in out:
            chk.add(f"joining {st.right!r} gives two columns named {n!r}")
        out[n] = k
    return FrameState(out, frame.open)


def _distinct_names(chk: Checker, names: list[str], what: str) -> None:
    if len(set(names)) < len(names):
        chk.add(f"{what} uses the same column twice")


def _spread(chk: Checker, frame: FrameState, column: str, what: str) -> None:
    """The values of ``column`` become column names, and the index keys are put back beside them:
    pandas cannot insert a named column among date labels, so dates must be spread as parts."""
    if chk.col(frame, column) == "datetime":
        chk.add(
            f"{what} spreads the dates of {column!r} across columns; spread a part of them "
            "(year, month, …) instead"
        )


def _s_pivot(chk: Checker, st: Pivot, frame: FrameState) -> FrameState:
    chk.cols(frame, [*st.index, st.columns])
    _spread(chk, frame, st.columns, "the pivot")
    names = [*st.index, st.columns]
    if st.values is not None:
        names.append(st.values)
        _agg_kind(chk, st.func, st.values, frame)
    _distinct_names(chk, names, "the pivot")
    return FrameState({n: frame.columns.get(n, "any") for n in st.index}, open=True)


def _s_crosstab(chk: Checker, st: Crosstab, frame: FrameState) -> FrameState:
    chk.cols(frame, [st.index, st.columns])
    _spread(chk, frame, st.columns, "the cross-tabulation")
    _distinct_names(chk, [st.index, st.columns], "the cross-tabulation")
    return FrameState({st.index: frame.columns.get(st.index, "any")}, open=True)


def _s_melt(chk: Checker, st: Melt, frame: FrameState) -> FrameState:
    chk.cols(frame, [*st.id_vars, *st.value_vars])
    value_vars = st.value_vars or tuple(n for n in frame.columns if n not in st.id_vars)
    if st.value_name in frame.columns:
        chk.add(f"the melted values cannot be named {st.value_name!r}: a column has that name")
    _distinct_names(chk, [*st.id_vars, st.var_name, st.value_name], "the melt's output")
    kind = _common_kind({frame.columns.get(n, "any") for n in value_vars})
    out = {n: frame.columns.get(n, "any") for n in st.id_vars}
    return FrameState(
        {**out, st.var_name: "text", st.value_name: kind}, open=frame.open and not st.value_vars
    )


def _s_value_counts(chk: Checker, st: ValueCounts, frame: FrameState) -> FrameState:
    chk.cols(frame, st.columns)
    count = "proportion" if st.normalize else "count"
    if count in st.columns:
        chk.add(f"counting values of a column named {count!r} would give two columns of that name")
    return FrameState({**_keep(frame, st.columns).columns, count: "float" if st.normalize else "integer"})


def _s_correlation(chk: Checker, st: Correlation, frame: FrameState) -> FrameState:
    for name, kind in zip(st.columns, chk.cols(frame, st.columns), strict=True):
        chk.need(kind, NUMERIC_AGG, f"the correlation of {name!r}")
    if len(st.columns) == 2:
        return FrameState(scalar=True)
    names = st.columns or tuple(n for n, k in frame.columns.items() if k in NUMERIC_AGG - {"any"})
    unsure = any(k == "any" for k in frame.columns.values())  # numeric or not: known only when run
    return FrameState(dict.fromkeys(names, "float"), open=(frame.open or unsure) and not st.columns)


def _s_scalar(chk: Checker, st: ScalarAgg, frame: FrameState) -> FrameState:
    _agg_kind(chk, st.func, st.column, frame)
    return FrameState(scalar=True)


def _s_argbest(chk: Checker, st: ArgBest, frame: FrameState) -> FrameState:
    chk.col(frame, st.label)
    chk.need(chk.col(frame, st.column), NUMBER | DATETIME, f"the largest/smallest {st.column!r}")
    return FrameState(scalar=True)


STEP_VALIDATORS: dict[type[Node], StepCheck] = {
    Filter: _s_filter,
    Select: _s_select,
    Drop: _s_drop,
    Rename: _s_rename,
    Sort: _s_sort,
    Head: lambda chk, st, f: f,
    Tail: lambda chk, st, f: f,
    TopN: _s_topn,
    Distinct: _s_distinct,
    DropDuplicates: _s_dedupe,
    Derive: _s_derive,
    FillMissing: _s_fill,
    DropMissing: _s_dropna,
    Aggregate: _s_aggregate,
    Join: _s_join,
    Pivot: _s_pivot,
    Crosstab: _s_crosstab,
    Melt: _s_melt,
    ValueCounts: _s_value_counts,
    Correlation: _s_correlation,
    ScalarAgg: _s_scalar,
    ArgBest: _s_argbest,
    **OPS_VALIDATORS,
    **MISSING_VALIDATORS,
    **ROW_VALIDATORS,
}
