"""pandas generators for :mod:`pandascribe.plan.missing` (merged into
:data:`.pandas_steps.STEP_GENERATORS`): what a pandas user writes by hand — ``df.isna().sum()``
for the count per column, ``.sum().sum()`` for the total, ``.any(axis=1)`` for rows with a gap,
``.any()`` for columns with one, and ``df.dropna(axis=1)`` to drop those columns. Totals are numpy
numbers, as a ``ScalarAgg``'s are."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..plan import Node
from ..plan.missing import CountMissing, DropMissingColumns
from .pandas_common import whole
from .pyfmt import Link, call, s, str_list

StepGen = Callable[[Any, str], list[Link]]


def _x(st: CountMissing) -> str:
    return " * 100" if st.measure == "percent" else ""


def count_missing_body(st: CountMissing, f: str) -> str:
    """The answer as an expression over frame ``f`` (a number is numpy's, as ``ScalarAgg``'s)."""
    share = st.measure != "count"
    if len(st.columns) == 1 and not st.per_column and st.unit != "columns":
        gaps = f"{f}[{s(st.columns[0])}].isna()"  # one column: cells and rows are the same count
        return f"{gaps}.mean(){_x(st)}" if share else f"{gaps}.sum()"
    frame = f"{f}[{str_list(st.columns)}]" if st.columns else f
    gaps = f"{frame}.isna()"
    if st.per_column:
        return f"{gaps}.mean(){_x(st)}" if share else f"{gaps}.sum()"
    if st.unit == "cells":
        return f"{gaps}.to_numpy().mean(){_x(st)}" if share else f"{gaps}.sum().sum()"
    flags = f"{gaps}.any(axis=1)" if st.unit == "rows" else f"{gaps}.any()"
    return f"{flags}.mean(){_x(st)}" if share else f"{flags}.sum()"


def _count_missing(st: CountMissing, ref: str) -> list[Link]:
    return [whole(ref, lambda f: count_missing_body(st, f))]


def _drop_missing_columns(st: DropMissingColumns, ref: str) -> list[Link]:
    return [call("dropna", "axis=1", *([f"how={s(st.how)}"] if st.how != "any" else []))]


MISSING_GENERATORS: dict[type[Node], StepGen] = {
    CountMissing: _count_missing,
    DropMissingColumns: _drop_missing_columns,
}

__all__ = ["MISSING_GENERATORS", "count_missing_body"]
