"""Validation handlers for :mod:`pandascribe.plan.missing` (merged into
:data:`.steps.STEP_VALIDATORS`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..plan import Node
from ..plan.missing import CountMissing, DropMissingColumns
from .core import Checker, FrameState

StepCheck = Callable[[Checker, Any, FrameState], FrameState]


def _s_count_missing(chk: Checker, st: CountMissing, frame: FrameState) -> FrameState:
    chk.cols(frame, st.columns)
    return FrameState(scalar=True)


def _s_drop_missing_columns(chk: Checker, st: DropMissingColumns, frame: FrameState) -> FrameState:
    """Every column may remain (which ones do is decided by the data when the code runs), so a
    later step may still name any of them; one that names a dropped column fails loudly then."""
    return FrameState(dict(frame.columns), open=frame.open)


MISSING_VALIDATORS: dict[type[Node], StepCheck] = {
    CountMissing: _s_count_missing,
    DropMissingColumns: _s_drop_missing_columns,
}

__all__ = ["MISSING_VALIDATORS"]
