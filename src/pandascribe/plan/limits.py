"""Bounds on the size of a Plan, checked where a Plan is built (``Plan``'s own validator).

A plan comes from the rules backend (bounded by the request), from a model server (bounded by
nothing), or from a user's JSON. Without a bound, 20,000 boolean terms or 5,000 steps become
Python that the interpreter itself refuses (``RecursionError``/``SyntaxError`` from ``compile()``),
and a deep expression exhausts the stack of every recursive walk (validation, code generation,
explanation). So every plan is held to:

* :data:`MAX_STEPS` steps,
* :data:`MAX_EXPR_DEPTH` levels of expression nesting (a column or a constant is depth 1),
* :data:`MAX_NODES` nodes in all (every expression and step node, and every name or value in a
  list such as ``isin`` values or selected columns).

The walk here is iterative, so it cannot itself overflow the stack. These numbers are documented in
``docs/architecture.md`` and ``SECURITY.md``; a plan over them is refused with
:class:`PlanTooLarge` (a :class:`~pandascribe.errors.CompileError`) naming the bound.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from ..errors import CompileError

MAX_STEPS = 200
MAX_EXPR_DEPTH = 64
MAX_NODES = 5_000


class PlanTooLarge(CompileError):
    """A plan over one of the bounds above (not a ValueError: pydantic lets it through as itself)."""


def plan_size(steps: tuple[Any, ...]) -> tuple[int, int]:
    """(nodes, deepest expression nesting) of ``steps``, stopping early once a bound is passed."""
    nodes = 0
    deepest = 0
    # (value, depth of the expression it sits in; 0 for a step itself)
    stack: list[tuple[Any, int]] = [(st, 0) for st in steps]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, BaseModel):
            nodes += 1
            is_expr = "kind" in type(value).model_fields
            here = depth + 1 if is_expr else depth
            deepest = max(deepest, here)
            if nodes > MAX_NODES or deepest > MAX_EXPR_DEPTH:
                break
            stack.extend((getattr(value, f), here) for f in type(value).model_fields)
        elif isinstance(value, tuple | list):
            nodes += len(value)
            if nodes > MAX_NODES:
                break
            stack.extend((item, depth) for item in value)
    return nodes, deepest


def check_plan_size(steps: tuple[Any, ...]) -> None:
    """Raise :class:`PlanTooLarge` when ``steps`` is over a bound."""
    if len(steps) > MAX_STEPS:
        raise PlanTooLarge(f"the plan has {len(steps):,} steps; at most {MAX_STEPS} are accepted")
    nodes, deepest = plan_size(steps)
    if deepest > MAX_EXPR_DEPTH:
        raise PlanTooLarge(
            f"an expression in the plan is nested more than {MAX_EXPR_DEPTH} levels deep; "
            "split the request into simpler steps"
        )
    if nodes > MAX_NODES:
        raise PlanTooLarge(
            f"the plan has more than {MAX_NODES:,} parts (conditions, values, names); "
            "split the request into simpler steps"
        )
