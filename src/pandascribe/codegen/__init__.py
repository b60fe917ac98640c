"""Code generation: a Plan → readable code for an engine, an English explanation, a result name.

``generate`` dispatches on the engine: pandas (:mod:`.pandas_steps`), polars (:mod:`.polars`) and
Spark (:mod:`.spark`), each one generator dispatching on node type through a table, with a
completeness test keeping every table in step with the Plan (a node an engine cannot express sits
in that engine's ``UNSUPPORTED`` table with the reason, and compiling such a plan is a
``CompileError`` — never code that answers differently). ``explain`` paraphrases a plan;
``target_name`` picks a readable name for the result.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..plan import Plan
from ..schema import FrameSchema
from .explain import EXPR_EXPLAINERS, STEP_EXPLAINERS, explain
from .naming import target_name
from .pandas_expr import EXPR_GENERATORS
from .pandas_steps import STEP_GENERATORS
from .pandas_steps import generate as generate_pandas


def generate(
    plan: Plan, target: str, engine: str = "pandas", schemas: Mapping[str, FrameSchema] | None = None
) -> str:
    """Python source for ``plan`` on ``engine`` assigning its result to ``target`` (deterministic).

    The polars and Spark generators need the frames' ``schemas`` (column kinds decide, for
    instance, whether a comparison can meet a missing value)."""
    if engine == "pandas":
        return generate_pandas(plan, target)
    if schemas is None:
        raise ValueError(f"the {engine} generator needs the frames' schemas")
    if engine == "polars":
        from .polars import generate as generate_polars

        return generate_polars(plan, target, schemas)
    if engine == "spark":
        from .spark import generate as generate_spark

        return generate_spark(plan, target, schemas)
    raise ValueError(f"no generator for engine {engine!r}")


__all__ = [
    "EXPR_EXPLAINERS",
    "EXPR_GENERATORS",
    "STEP_EXPLAINERS",
    "STEP_GENERATORS",
    "explain",
    "generate",
    "generate_pandas",
    "target_name",
]
