"""The polars generator: a Plan → an eager polars method chain using only ``pl`` and the frames.

Tables: :data:`STEP_GENERATORS`, :data:`EXPR_GENERATORS` (node type → handler) and
:data:`UNSUPPORTED` (node type → why polars cannot express it yet). :func:`generate` checks the
whole plan against them first, so a plan polars cannot answer exactly is a ``CompileError``.
"""

from __future__ import annotations

from collections.abc import Mapping

from ...plan import Plan
from ...schema import FrameSchema
from ..engine_common import check_plan, step_contexts, unsupported
from ..engine_ops import render
from ..pyfmt import Link
from .exprs import EXPR_GENERATORS
from .missing import MISSING_GENERATORS
from .ops import OPS_GENERATORS
from .rows import ROW_GENERATORS, ROW_UNSUPPORTED
from .steps import STEP_GENERATORS, UNSUPPORTED

STEP_GENERATORS.update(OPS_GENERATORS)  # the everyday-question steps (codegen/polars/ops.py)
STEP_GENERATORS.update(MISSING_GENERATORS)  # counting missing values (codegen/polars/missing.py)
STEP_GENERATORS.update(ROW_GENERATORS)  # rows by position, first rows per group (codegen/polars/rows.py)
UNSUPPORTED.update(ROW_UNSUPPORTED)

ENGINE = "polars"


def generate(plan: Plan, target: str, schemas: Mapping[str, FrameSchema]) -> str:
    """Python source assigning the result of ``plan`` (an eager polars ``DataFrame``, or a Python
    scalar for a single-value answer) to ``target``; deterministic."""
    check_plan(plan, ENGINE, {**STEP_GENERATORS, **EXPR_GENERATORS}, UNSUPPORTED)
    links: list[Link] = []
    for step, cx in zip(plan.steps, step_contexts(plan, ENGINE, schemas), strict=True):
        gen = STEP_GENERATORS.get(type(step))
        if gen is None:  # pragma: no cover - check_plan refused it already
            raise unsupported(step.op, ENGINE)
        links += gen(step, cx)
    return render(target, plan.source, links)


__all__ = ["ENGINE", "EXPR_GENERATORS", "STEP_GENERATORS", "UNSUPPORTED", "generate"]
