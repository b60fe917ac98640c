"""polars generators for :mod:`pandascribe.plan.missing` (registered into
:data:`.steps.STEP_GENERATORS` by the package).

A value is missing when it is null, or NaN in a float column (what pandas' ``isna`` counts). The
count per column comes back as a two-column frame (column name, count) — polars has no labelled
Series — and totals as Python numbers through ``.item()``. Which columns
``drop columns with missing values`` keeps is decided when the code runs."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ...plan import Node
from ...plan.missing import CountMissing, DropMissingColumns
from ..engine_common import StepCtx
from ..pyfmt import Link, call
from .exprs import name, pcol

StepGen = Callable[[Any, StepCtx], list[Link]]


def _gap(column: str, cx: StepCtx) -> str:
    c = pcol(column)
    return f"({c}.is_null() | {c}.is_nan())" if cx.kind(column) == "float" else f"{c}.is_null()"


def _x(st: CountMissing) -> str:
    return " * 100" if st.measure == "percent" else ""


def _count_missing(st: CountMissing, cx: StepCtx) -> list[Link]:
    cols = list(st.columns or cx.state.columns)
    gaps = [_gap(c, cx) for c in cols]
    if st.per_column:
        stat = "(({g}).mean()" + _x(st) + ")" if st.measure != "count" else "{g}.sum()"
        return [
            call(
                "select", *[f"{stat.format(g=g)}.alias({name(c)})" for g, c in zip(gaps, cols, strict=True)]
            ),
            call("transpose", "include_header=True", 'header_name="column"', 'column_names=["missing"]'),
        ]
    if st.unit == "rows":
        flags = f"pl.any_horizontal({', '.join(gaps)})"
        return [
            call("select", f"{flags}.mean(){_x(st)}" if st.measure != "count" else f"{flags}.sum()"),
            call("item"),
        ]
    each = "mean()" if st.unit == "cells" else "any()"
    parts = ", ".join(f"{g}.{each}" for g in gaps)
    if st.measure != "count":
        return [call("select", f"pl.mean_horizontal({parts}){_x(st)}"), call("item")]
    if st.unit == "cells":
        parts = ", ".join(f"{g}.sum()" for g in gaps)
    return [call("select", f"pl.sum_horizontal({parts})"), call("item")]


def _drop_missing_columns(st: DropMissingColumns, cx: StepCtx) -> list[Link]:
    gap = "(s.is_null() | (s.is_nan() if s.dtype.is_float() else False))"
    keep = f"not {gap}.any()" if st.how == "any" else f"not {gap}.all()"
    return [call("pipe", f"lambda d: d.select([s.name for s in d.get_columns() if {keep}])")]


MISSING_GENERATORS: dict[type[Node], StepGen] = {
    CountMissing: _count_missing,
    DropMissingColumns: _drop_missing_columns,
}

__all__ = ["MISSING_GENERATORS"]
