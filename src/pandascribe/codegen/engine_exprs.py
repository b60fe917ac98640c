"""Expression facts both the polars and the Spark generators need to match pandas.

pandas answers a comparison that meets a missing value with ``False`` (``!=`` with ``True``);
polars and Spark answer with *null*, which a filter drops like ``False`` but which ``~`` keeps
null. So an engine's predicate needs filling only where the difference can show: when an operand
may be missing and the predicate sits under a negation, is stored in a column, or is ``!=``.
:class:`ExprCtx` carries what decides that.
"""

from __future__ import annotations

import datetime as _dt
import functools
from dataclasses import dataclass, replace

from ..plan import (
    Arith,
    Col,
    Cond,
    DateLit,
    DatePart,
    GroupStat,
    Lit,
    MathCall,
    Node,
    StrCall,
    Window,
    columns_of,
)
from .engine_common import StepCtx


@dataclass(frozen=True)
class ExprCtx:
    """Where an expression is generated: the step's context, and whether a null result reads as
    False there (``positive``: directly under a filter or a when-condition, through and/or)."""

    step: StepCtx
    positive: bool = False

    def exact(self) -> ExprCtx:
        return replace(self, positive=False) if self.positive else self

    def kind(self, name: str) -> str:
        return self.step.kind(name)


def is_const(e: Node) -> bool:
    """True when ``e`` reads no column."""
    return not columns_of(e)


def may_be_null(e: Node, cx: ExprCtx) -> bool:
    """Whether ``e`` can give a missing value on some row (conservative: True when unsure)."""
    if isinstance(e, Lit):
        return e.value is None
    if isinstance(e, DateLit):
        return False
    if isinstance(e, Col):
        return cx.step.nullable(e.name)
    if isinstance(e, Arith):
        if e.op in ("floordiv", "mod", "div", "pow"):
            return True  # division by zero gives null on some engines
        return may_be_null(e.left, cx) or may_be_null(e.right, cx)
    if isinstance(e, MathCall) and e.func in ("log", "sqrt"):
        return True  # Spark answers null outside the domain
    if isinstance(e, MathCall | DatePart | StrCall):
        return may_be_null(e.expr, cx)
    return isinstance(e, Cond | Window | GroupStat)  # predicates are filled where needed, so never missing


def needs_fill(cx: ExprCtx, operands: tuple[Node, ...], null_means: bool) -> bool:
    """Whether a predicate over ``operands`` must be filled with pandas' answer ``null_means``."""
    if not any(may_be_null(o, cx) for o in operands):
        return False
    return null_means or not cx.positive


def iso_parts(value: str) -> tuple[int, ...] | None:
    """An ISO date/time as (year, month, day[, hour, minute, second, microsecond]) with trailing
    zero parts left off after the day; None for a time-zone-aware value."""
    d = _dt.datetime.fromisoformat(value)
    if d.tzinfo is not None:
        return None
    parts = [d.year, d.month, d.day, d.hour, d.minute, d.second, d.microsecond]
    while len(parts) > 3 and parts[-1] == 0:
        parts.pop()
    return tuple(parts)


@functools.cache
def python_whitespace() -> str:
    """Every character ``str.strip()`` removes (Python's ``str.isspace``), in code-point order."""
    return "".join(c for c in map(chr, range(0x3001)) if c.isspace())
