"""Check a Plan against the frames' schemas and report *every* problem at once.

The columns (and their kinds) are carried step by step through the pipeline, the way pandas would
produce them: after an aggregate only the keys and aggregate names exist, a join adds the right
frame's columns with pandas' ``_x``/``_y`` suffixes, a pivot's new columns depend on the data.
Each step and expression type has one handler (:data:`STEP_VALIDATORS`, :data:`EXPR_VALIDATORS`);
problems are collected as :class:`Issue` objects with did-you-mean suggestions, and
:func:`validate_plan` raises one :class:`~pandascribe.errors.PlanValidationError` listing them all.

This package module is the public entry point; the handlers live in :mod:`.exprs` and
:mod:`.steps`, the shared :class:`Checker` and kind rules in :mod:`.core`.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..errors import PlanValidationError, closest
from ..plan import Plan
from ..schema import FrameSchema
from .core import Checker, FrameState, Issue
from .exprs import EXPR_VALIDATORS
from .steps import STEP_VALIDATORS


def plan_states(plan: Plan, schemas: Mapping[str, FrameSchema]) -> tuple[list[FrameState], list[Issue]]:
    """The frame state before each step and after the last (``len(steps) + 1`` states), and every
    issue found on the way."""
    chk = Checker(schemas, EXPR_VALIDATORS)
    src = chk.source = schemas.get(plan.source)
    if src is None:
        chk.add(f"no frame named {plan.source!r}", closest(plan.source, list(schemas)))
        frame = FrameState(open=True)
    else:
        frame = FrameState({c.name: c.kind for c in src.columns})
    states = [frame]
    for i, step in enumerate(plan.steps, start=1):
        chk.step, chk.op = i, step.op
        if frame.scalar:
            chk.add(f"step {i} ({step.op}) follows a step that gives a single value")
        chk.seen |= set(frame.columns)
        fn = STEP_VALIDATORS.get(type(step))
        if fn is None:
            chk.add(f"unsupported step {type(step).__name__}")
        else:
            frame = fn(chk, step, frame)
        states.append(frame)
    return states, chk.issues


def plan_issues(plan: Plan, schemas: Mapping[str, FrameSchema]) -> list[Issue]:
    """Every problem of ``plan`` against ``schemas`` (empty when the plan fits)."""
    return plan_states(plan, schemas)[1]


def validate_plan(plan: Plan, schemas: Mapping[str, FrameSchema]) -> None:
    """Raise :class:`PlanValidationError` listing every issue, or return quietly."""
    issues = plan_issues(plan, schemas)
    if issues:
        raise PlanValidationError(issues)


__all__ = [
    "EXPR_VALIDATORS",
    "STEP_VALIDATORS",
    "Checker",
    "FrameState",
    "Issue",
    "plan_issues",
    "plan_states",
    "validate_plan",
]
