"""Spark generators for :mod:`pandascribe.plan.missing` (registered into
:data:`.steps.STEP_GENERATORS` by the package; what Spark cannot do goes to ``UNSUPPORTED``).

A value is missing when it is null, or NaN in a float column (what pandas' ``isna`` counts). Every
count is one aggregation job: totals come to the driver as one value (``first()[0]``), the count
per column stays a Spark frame of (column name, count) rows (``unpivot``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ...plan import Node
from ...plan.missing import CountMissing, DropMissingColumns
from ..engine_common import StepCtx
from ..pyfmt import Link, call, s
from .exprs import scol
from .steps import Order

StepGen = Callable[[Any, StepCtx, Order], list[Link]]
_FIRST = Link(".first()[0]")

#: which columns survive depends on the data: Spark would have to bring counts to the driver
#: before the next step could even be written
MISSING_UNSUPPORTED: dict[type[Node], str] = {
    DropMissingColumns: "which columns remain is only known after a Spark job has counted the gaps",
}


def _gap(column: str, cx: StepCtx) -> str:
    c = scol(column)
    return f"({c}.isNull() | F.isnan({c}))" if cx.kind(column) == "float" else f"{c}.isNull()"


def _count(gap: str) -> str:
    return f"F.count(F.when({gap}, 1))"


def _x(st: CountMissing) -> str:
    return " * 100" if st.measure == "percent" else ""


def _count_missing(st: CountMissing, cx: StepCtx, order: Order) -> list[Link]:
    cols = list(st.columns or cx.state.columns)
    gaps = [_gap(c, cx) for c in cols]
    rows = "F.count(F.lit(1))"
    if st.per_column:
        each = [f"({_count(g)} / {rows}{_x(st)})" if st.measure != "count" else _count(g) for g in gaps]
        aliases = [f"{e}.alias({s(f'_c{i}')})" for i, e in enumerate(each)]
        values = ", ".join(f"F.col({s(f'_c{i}')}).alias({s(c)})" for i, c in enumerate(cols))
        return [
            call("agg", *aliases),
            call("select", values),
            call("unpivot", "[]", f"[{', '.join(s(c) for c in cols)}]", '"column"', '"missing"'),
        ]
    if st.unit == "rows":
        n = _count(" | ".join(gaps))
        total = f"{n} / {rows}{_x(st)}" if st.measure != "count" else n
    elif st.unit == "cells":
        n = " + ".join(_count(g) for g in gaps)
        total = f"({n}) / ({rows} * {len(cols)}){_x(st)}" if st.measure != "count" else n
    else:
        n = " + ".join(f"F.when({_count(g)} > 0, 1).otherwise(0)" for g in gaps)
        total = f"({n}) / {len(cols)}{_x(st)}" if st.measure != "count" else n
    return [call("agg", total), _FIRST]


MISSING_GENERATORS: dict[type[Node], StepGen] = {CountMissing: _count_missing}

__all__ = ["MISSING_GENERATORS", "MISSING_UNSUPPORTED"]
