"""Steps that choose rows by where they stand: by position, by index label, and the first or last
rows of every group.

``Head`` / ``Tail`` (the first / last ``n`` rows of the whole frame) live in :mod:`.nodes`; these are
the selections they cannot say: rows 5 to 10, the first and the last row, every row but the last,
the rows labelled 1, 2 and 8, the first observation of each firm. Positions are 0-based and
half-open as in a Python slice (a negative position counts from the end); the understanding layer
turns "rows 5 through 10" into a span only once it has decided how the asker counts.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, StrictInt, model_validator

from .expr import Node


class RowSpan(Node):
    """The rows ``start`` up to, not including, ``stop`` (0-based; negative counts from the end;
    a missing end is the frame's own end), as Python's ``rows[start:stop]``; with ``step``, only
    every ``step``-th of them, from ``start`` on ("every 100th record": ``rows[::100]``)."""

    start: int | None = None
    stop: int | None = None
    step: int | None = Field(default=None, ge=2)

    @model_validator(mode="after")
    def _check(self) -> RowSpan:
        a, b = self.start, self.stop
        if a is not None and b is not None and (a >= 0) == (b >= 0) and a >= b:
            raise ValueError(f"rows {a} to {b} hold no row")
        return self


class RowSlice(Node):
    """The rows of each span, span after span (a row two spans hold comes twice, as with
    ``pd.concat``); columns unchanged."""

    op: Literal["row_slice"] = "row_slice"
    spans: tuple[RowSpan, ...] = Field(min_length=1)


class RowLabels(Node):
    """The rows whose index label is one of ``labels``, in that order (pandas' ``.loc[[...]]``); a
    label the index does not hold is an error when the code runs, as in pandas."""

    op: Literal["row_labels"] = "row_labels"
    labels: tuple[StrictInt, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _check(self) -> RowLabels:
        if len(set(self.labels)) != len(self.labels):
            raise ValueError("a row label is given twice")
        return self


class GroupHead(Node):
    """The first (``last``: the last) ``n`` rows of every group of ``by``, in the frame's row
    order; rows whose key is missing belong to no group and are left out, as in pandas'
    ``groupby``."""

    op: Literal["group_head"] = "group_head"
    by: tuple[str, ...] = Field(min_length=1)
    n: int = Field(ge=1)
    last: bool = False

    @model_validator(mode="after")
    def _check(self) -> GroupHead:
        if len(set(self.by)) != len(self.by):
            raise ValueError("a group key is given twice")
        return self


ROW_STEPS: tuple[type[Node], ...] = (RowSlice, RowLabels, GroupHead)

__all__ = ["ROW_STEPS", "GroupHead", "RowLabels", "RowSlice", "RowSpan"]
