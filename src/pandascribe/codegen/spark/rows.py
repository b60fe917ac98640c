"""The row-choosing steps of :mod:`pandascribe.plan.rows` on Spark: not expressible yet.

A Spark frame keeps pandas' row order only through a row-number column the generator adds where a
later step needs it (:mod:`.order`); rows at arbitrary positions, or the first rows of every group,
would need a consecutive numbering (a window over the whole frame, one partition) that the
generator does not build yet, and a Spark frame has no index labels at all.
"""

from __future__ import annotations

from ...plan import GroupHead, Node, RowLabels, RowSlice

#: row steps Spark cannot express yet → why (merged into the engine's UNSUPPORTED table)
ROW_UNSUPPORTED: dict[type[Node], str] = {
    RowSlice: "rows by position need a consecutive row numbering, which Spark frames do not keep",
    RowLabels: "a Spark frame has no index labels; ask for the rows by position instead",
    GroupHead: "the first rows of each group need the rows' order within groups, which Spark does not keep",
}

__all__ = ["ROW_UNSUPPORTED"]
