"""Code generation: a Plan → readable pandas code, an English explanation, a default result name.

``generate`` is the pandas generator (the only engine so far); ``explain`` paraphrases a plan;
``target_name`` picks a readable name for the result. Each dispatches on node type through a table
(see ``GENERATORS`` below), and a completeness test keeps the tables in step with the Plan.
"""

from __future__ import annotations

from .explain import EXPR_EXPLAINERS, STEP_EXPLAINERS, explain
from .naming import target_name
from .pandas_expr import EXPR_GENERATORS
from .pandas_steps import STEP_GENERATORS, generate

__all__ = [
    "EXPR_EXPLAINERS",
    "EXPR_GENERATORS",
    "STEP_EXPLAINERS",
    "STEP_GENERATORS",
    "explain",
    "generate",
    "target_name",
]
