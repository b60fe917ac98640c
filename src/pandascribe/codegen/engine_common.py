"""What the polars and Spark generators share: the completeness guard, the refusal for a step an
engine cannot express, and what is known about the frame before each step.

Each engine package holds ``STEP_GENERATORS`` / ``EXPR_GENERATORS`` (node type → handler) and
``UNSUPPORTED`` (node type → why the engine cannot express it yet). :func:`check_plan` refuses a
plan holding a node in neither table or in ``UNSUPPORTED`` *before* any code is written, so a new
Plan node never silently falls through; a handler that meets a case it cannot express exactly
(a ``first`` aggregate on Spark) raises :class:`NotSupported` itself. Adding an unsupported node
is one line of data in the engine's table.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..errors import CompileError
from ..plan import (
    Derive,
    Distinct,
    Drop,
    DropDuplicates,
    DropMissing,
    FillMissing,
    Filter,
    Head,
    Node,
    Plan,
    Select,
    Sort,
    Tail,
    TopN,
)
from ..schema import FrameSchema
from ..validate import FrameState, plan_states


class NotSupported(CompileError):
    """The engine cannot express this step (exactly as pandas answers it) yet."""


def unsupported(what: str, engine: str, why: str = "") -> NotSupported:
    """``NotSupported("<what> is not supported on <engine> yet (<why>)")``."""
    return NotSupported(f"{what} is not supported on {engine} yet" + (f" ({why})" if why else ""))


def walk(node: object) -> Iterator[Node]:
    """Every node inside ``node`` (itself included), depth first."""
    if isinstance(node, Node):
        yield node
        for name in type(node).model_fields:
            yield from walk(getattr(node, name))
    elif isinstance(node, tuple):
        for item in node:
            yield from walk(item)


def check_plan(
    plan: Plan,
    engine: str,
    handlers: Mapping[type, Any],
    unsupported_nodes: Mapping[type, str],
) -> None:
    """Refuse the plan when one of its nodes has no handler on ``engine`` (the completeness guard)."""
    for step in plan.steps:
        for node in walk(step):
            if type(node) in unsupported_nodes:
                raise unsupported(_label(node), engine, unsupported_nodes[type(node)])
            if node is step and type(node) not in handlers:
                raise unsupported(_label(node), engine, "no generator for this step")
            if node is not step and type(node) not in handlers and _is_expr(node):
                raise unsupported(_label(node), engine, "no generator for this expression")


def _is_expr(node: Node) -> bool:
    return "kind" in type(node).model_fields


def _label(node: Node) -> str:
    op = getattr(node, "op", None) if not _is_expr(node) else getattr(node, "kind", None)
    return str(op or type(node).__name__.lower())


#: steps that keep every surviving value of a column as it was (no new missing values appear)
_KEEPS_VALUES = (
    Filter,
    Select,
    Drop,
    Sort,
    Head,
    Tail,
    TopN,
    Distinct,
    DropDuplicates,
    DropMissing,
    FillMissing,
)


@dataclass
class StepCtx:
    """What a step's generator may know: the frame's column kinds before it (``state``), after it
    (``after``), the schemas, the step's position, and which columns surely hold no missing value."""

    engine: str
    schemas: Mapping[str, FrameSchema]
    state: FrameState
    after: FrameState
    index: int
    non_null: frozenset[str]
    temps: set[str] = field(default_factory=set)
    row: str | None = None  # Spark: the row-number column window expressions order by, when added
    last: bool = False  # the plan's last step

    def kind(self, name: str) -> str:
        return self.state.columns.get(name, "any")

    def nullable(self, name: str) -> bool:
        return name not in self.non_null

    def temp(self, base: str = "_tmp") -> str:
        """A column name free in this frame (for a helper column that is dropped again)."""
        name = base
        while name in self.state.columns or name in self.after.columns or name in self.temps:
            name = "_" + name
        self.temps.add(name)
        return name


def step_contexts(plan: Plan, engine: str, schemas: Mapping[str, FrameSchema]) -> list[StepCtx]:
    """One :class:`StepCtx` per step. A source column is known to hold no missing value when its
    schema saw none and every earlier step only kept, reordered or filled values."""
    states, _ = plan_states(plan, schemas)
    src = schemas[plan.source]
    non_null = {c.name for c in src.columns if not c.nullable}
    out = []
    for i, step in enumerate(plan.steps):
        last = i == len(plan.steps) - 1
        out.append(StepCtx(engine, schemas, states[i], states[i + 1], i, frozenset(non_null), last=last))
        if isinstance(step, Derive):
            non_null.discard(step.name)
        elif isinstance(step, FillMissing):
            non_null |= set(step.columns or states[i].columns) if step.method in ("value", "zero") else set()
        elif isinstance(step, DropMissing) and step.how == "any":
            non_null |= set(step.columns or states[i].columns)
        elif not isinstance(step, _KEEPS_VALUES):
            non_null = set()
        non_null &= set(states[i + 1].columns)
    return out


Gen = Callable[..., Any]


def no_mixed_fill(value: object, cx: StepCtx, engine: str) -> None:
    """A number filled into every column: pandas puts it into the gaps of text columns too; a
    polars or Spark column holds one type, so the text gaps would stay — refused, not answered
    differently."""
    if isinstance(value, (str, bool)):
        return
    text = [c for c, k in cx.state.columns.items() if k == "text" and cx.nullable(c)]
    if text:
        why = f"pandas writes the number into the text column {text[0]!r}; a {engine} column holds one type"
        raise unsupported("filling every column, text ones included, with a number", engine, why)


__all__ = [
    "NotSupported",
    "StepCtx",
    "check_plan",
    "no_mixed_fill",
    "step_contexts",
    "unsupported",
    "walk",
]
