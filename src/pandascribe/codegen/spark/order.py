"""Row order on Spark: which steps depend on it, keep it, set it or lose it.

A pandas frame has a row order that every step respects; a Spark frame has one only until a
shuffle (a join, a distinct, a window). The Spark generator keeps a frame ordered (with a
row-number column from ``F.monotonically_increasing_id()``, which follows the partitions' order,
and an ``orderBy`` afterwards) only where a later step's answer depends on the order; a step that
depends on an order Spark cannot know is refused at compile time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ...plan import (
    Aggregate,
    ArgBest,
    Crosstab,
    Derive,
    DropDuplicates,
    FillMissing,
    Head,
    Node,
    Pivot,
    ScalarAgg,
    Tail,
    TopN,
    ValueCounts,
    Window,
)
from ..engine_common import StepCtx, unsupported, walk
from ..pyfmt import Link, call, s

ENGINE = "spark"
#: the row-number column's value: follows the partitions' order, so the frame's row order
ROW = "F.monotonically_increasing_id()"


@dataclass
class Order:
    """``ordered``: the frame's rows are in pandas' order; ``needed``: a later step depends on it."""

    ordered: bool = True
    needed: bool = False


#: a step's generator: the step, its context and the chain's order → the links it adds
StepGen = Callable[[Any, StepCtx, Order], list[Link]]


def need_order(what: str, order: Order) -> None:
    """Refuse (at compile time) a step whose answer depends on an order the frame no longer has."""
    if not order.ordered:
        raise unsupported(what, ENGINE, "the row order is not defined after a join, distinct or reshape")


def with_row(cx: StepCtx) -> tuple[str, Link]:
    """A fresh row-number column (its name, and the link that adds it), remembered in ``cx``."""
    row = cx.temp("_row")
    cx.row = row
    return row, call("withColumn", s(row), ROW)


def needs_order(step: Node) -> bool:
    """Whether the step's answer depends on the order of the rows it is given."""
    if isinstance(step, Head | Tail | TopN | ArgBest):
        return True
    if isinstance(step, DropDuplicates):
        return bool(step.subset)
    if isinstance(step, FillMissing):
        return step.method in ("ffill", "bfill")
    if isinstance(step, Aggregate):
        return any(a.func in ("first", "last") for a in step.aggs)
    if isinstance(step, ScalarAgg):
        return step.func in ("first", "last")
    if isinstance(step, Derive):
        return any(isinstance(n, Window) and n.func != "rank" for n in walk(step.expr))
    return False


#: steps whose output order does not depend on their input's (they sort by what they compute)
SETS_ORDER = (Aggregate, Pivot, Crosstab, ValueCounts)


def later_needs_order(steps: tuple[Node, ...], i: int) -> bool:
    """Whether some step after ``steps[i]`` depends on the row order ``steps[i]`` leaves (a sort in
    between passes the question on: its ties keep the order it was given)."""
    for step in steps[i + 1 :]:
        if needs_order(step):
            return True
        if isinstance(step, SETS_ORDER) and not needs_order(step):
            return False
    return False
