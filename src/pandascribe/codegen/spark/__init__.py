"""The Spark generator: a Plan → a PySpark DataFrame chain using only ``F``, ``T``, ``Window`` and
the frames (no SQL text, no UDFs, no ``collect`` except to return a single value).

Tables: :data:`STEP_GENERATORS`, :data:`EXPR_GENERATORS` and :data:`UNSUPPORTED`, as for polars;
:mod:`.order` decides where the row order must be kept.
"""

from __future__ import annotations

from collections.abc import Mapping

from ...plan import Plan
from ...schema import FrameSchema
from ..engine_common import check_plan, step_contexts, unsupported
from ..pyfmt import Link, chain
from .exprs import EXPR_GENERATORS
from .order import later_needs_order
from .steps import STEP_GENERATORS, UNSUPPORTED, Order

ENGINE = "spark"


def generate(plan: Plan, target: str, schemas: Mapping[str, FrameSchema]) -> str:
    """Python source assigning the result of ``plan`` (a Spark ``DataFrame``, or a plain Python
    value for a single-value answer) to ``target``; deterministic."""
    check_plan(plan, ENGINE, {**STEP_GENERATORS, **EXPR_GENERATORS}, UNSUPPORTED)
    links: list[Link] = []
    order = Order()
    for i, (step, cx) in enumerate(zip(plan.steps, step_contexts(plan, ENGINE, schemas), strict=True)):
        gen = STEP_GENERATORS.get(type(step))
        if gen is None:  # pragma: no cover - check_plan refused it already
            raise unsupported(step.op, ENGINE)
        order.needed = later_needs_order(plan.steps, i)
        links += gen(step, cx, order)
    return chain(target, plan.source, links)


__all__ = ["ENGINE", "EXPR_GENERATORS", "STEP_GENERATORS", "UNSUPPORTED", "generate"]
