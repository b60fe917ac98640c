"""The Spark generator: a Plan → a PySpark DataFrame chain using only ``F``, ``T``, ``Window`` and
the frames (no SQL text, no UDFs, no ``collect`` except to return a single value).

Tables: :data:`STEP_GENERATORS`, :data:`EXPR_GENERATORS` and :data:`UNSUPPORTED`, as for polars;
:mod:`.order` decides where the row order must be kept.
"""

from __future__ import annotations

from collections.abc import Mapping

from ...plan import Join, Plan
from ...schema import FrameSchema
from ..engine_common import check_plan, step_contexts, unsupported
from ..engine_ops import render
from ..pyfmt import Link
from .exprs import EXPR_GENERATORS
from .missing import MISSING_GENERATORS, MISSING_UNSUPPORTED
from .ops import OPS_GENERATORS
from .order import Order, later_needs_order
from .rows import ROW_UNSUPPORTED
from .steps import STEP_GENERATORS, UNSUPPORTED

STEP_GENERATORS.update(OPS_GENERATORS)  # the everyday-question steps (codegen/spark/ops.py)
STEP_GENERATORS.update(MISSING_GENERATORS)  # counting missing values (codegen/spark/missing.py)
UNSUPPORTED.update(MISSING_UNSUPPORTED)
UNSUPPORTED.update(ROW_UNSUPPORTED)  # rows by position or label (codegen/spark/rows.py)

ENGINE = "spark"


def generate(plan: Plan, target: str, schemas: Mapping[str, FrameSchema]) -> str:
    """Python source assigning the result of ``plan`` (a Spark ``DataFrame``, or a plain Python
    value for a single-value answer) to ``target``; deterministic."""
    check_plan(plan, ENGINE, {**STEP_GENERATORS, **EXPR_GENERATORS}, UNSUPPORTED)
    links: list[Link] = []
    order = Order()
    contexts = step_contexts(plan, ENGINE, schemas)
    for cx in contexts:
        _case_clash([*cx.state.columns, *cx.after.columns])
    for step in plan.steps:
        if isinstance(step, Join) and step.right in schemas:
            _case_clash(list(schemas[step.right].names))
    for i, (step, cx) in enumerate(zip(plan.steps, contexts, strict=True)):
        gen = STEP_GENERATORS.get(type(step))
        if gen is None:  # pragma: no cover - check_plan refused it already
            raise unsupported(step.op, ENGINE)
        order.needed = later_needs_order(plan.steps, i)
        links += gen(step, cx, order)
    return render(target, plan.source, links)


def _case_clash(names: list[str]) -> None:
    """Spark resolves column names ignoring case (``spark.sql.caseSensitive`` is off by default),
    so two names differing only in case would be ambiguous there."""
    seen: dict[str, str] = {}
    for name in dict.fromkeys(names):
        other = seen.setdefault(name.lower(), name)
        if other != name:
            what = f"columns {other!r} and {name!r} side by side"
            raise unsupported(what, ENGINE, "Spark ignores the case of names")


__all__ = ["ENGINE", "EXPR_GENERATORS", "STEP_GENERATORS", "UNSUPPORTED", "generate"]
