"""polars generators for the row-choosing steps of :mod:`pandascribe.plan.rows`.

A polars frame has no index, so rows by index label are not expressible (the engine's
``UNSUPPORTED`` table says so); positions are ``slice`` / ``head`` / ``tail`` or Python slicing of
the frame, several spans ``pl.concat``-ed; the first rows of each group keep the frame's row
order, as pandas' ``groupby().head()`` does (``int_range().over()`` numbers the rows of each
group), and rows with a missing key are left out as pandas leaves them out."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ...plan import GroupHead, Node, RowLabels, RowSlice, RowSpan
from ..engine_common import StepCtx
from ..pandas_rows import span_text
from ..pyfmt import Link, call
from .exprs import name, pcol

StepGen = Callable[[Any, StepCtx], list[Link]]


def _one_span(sp: RowSpan) -> Link:
    a, b = sp.start, sp.stop
    if sp.step is not None:
        if b is None and (a is None or a >= 0):
            return call("gather_every", str(sp.step), str(a or 0))
        return call("pipe", f"lambda d: d[{span_text(sp)}]")
    if (a is None or a == 0) and b is not None:
        return call("head", str(b))  # a negative n: all rows but the last |n|
    if a is not None and a < 0 and b is None:
        return call("tail", str(-a))
    if a is not None and a >= 0 and b is None:
        return call("slice", str(a))
    if a is not None and b is not None and a >= 0 and b >= 0:
        return call("slice", str(a), str(b - a))
    return call("pipe", f"lambda d: d[{span_text(sp)}]")


def _row_slice(st: RowSlice, cx: StepCtx) -> list[Link]:
    if len(st.spans) == 1:
        return [_one_span(st.spans[0])]
    parts = ", ".join(f"d[{span_text(sp)}]" for sp in st.spans)
    return [call("pipe", f"lambda d: pl.concat([{parts}])")]


def _group_head(st: GroupHead, cx: StepCtx) -> list[Link]:
    keys = ", ".join(name(k) for k in st.by)
    place = f"pl.int_range(pl.len()).over({keys})"
    keep = f"pl.len().over({keys}) - {place} <= {st.n}" if st.last else f"{place} < {st.n}"
    present = [f"{pcol(k)}.is_not_null()" for k in st.by if cx.nullable(k)]
    if present:
        keep = " & ".join([f"({keep})", *present])
    return [call("filter", keep)]


ROW_GENERATORS: dict[type[Node], StepGen] = {
    RowSlice: _row_slice,
    GroupHead: _group_head,
}

#: row steps polars cannot express → why (merged into the engine's UNSUPPORTED table)
ROW_UNSUPPORTED: dict[type[Node], str] = {
    RowLabels: "a polars frame has no index labels; ask for the rows by position instead",
}

__all__ = ["ROW_GENERATORS", "ROW_UNSUPPORTED"]
