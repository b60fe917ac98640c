"""Validation handlers for the row-choosing steps (:mod:`pandascribe.plan.rows`): they keep the
columns as they are; the first rows per group need their group keys to exist. Positions past the
end are not an error (pandas' ``iloc`` slices give fewer rows), and index labels cannot be checked
before the code runs (a schema does not record the index)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..plan import GroupHead, Node, RowLabels, RowSlice
from .core import Checker, FrameState


def _s_group_head(chk: Checker, st: GroupHead, frame: FrameState) -> FrameState:
    chk.cols(frame, st.by)
    return frame


ROW_VALIDATORS: dict[type[Node], Callable[[Checker, Any, FrameState], FrameState]] = {
    RowSlice: lambda chk, st, f: f,
    RowLabels: lambda chk, st, f: f,
    GroupHead: _s_group_head,
}

__all__ = ["ROW_VALIDATORS"]
