"""The shared core of plan validation: column kinds, the :class:`FrameState` carried between steps,
the :class:`Checker` that collects :class:`Issue` objects, and the kind rules (comparability, literal
kinds) that both the expression and the step handlers use.

Split from :mod:`pandascribe.validate` so the handler tables (:mod:`.exprs`,
:mod:`.steps`) can import it without an import cycle; the public API stays in
:mod:`pandascribe.validate`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..errors import closest
from ..plan import Col, Lit, Node, Scalar, columns_of
from ..schema import FrameSchema

#: Column kinds as in :mod:`pandascribe.schema`, plus ``null`` (a missing literal) and ``any``
#: (not knowable before running: a column a pivot makes from the data).
NUMBER = frozenset({"integer", "float", "any"})
NUMERIC_AGG = NUMBER | {"bool"}  # sum/mean of true/false is a count/proportion
TEXT = frozenset({"text", "category", "any"})
DATETIME = frozenset({"datetime", "any"})
ORDERED = NUMBER | DATETIME | {"text"}  # what <, min, max, nlargest accept
AGG_NEEDS: dict[str, frozenset[str]] = {
    "sum": NUMERIC_AGG,
    "mean": NUMERIC_AGG,
    "median": NUMERIC_AGG,
    "std": NUMERIC_AGG,
    "var": NUMERIC_AGG,
    "sem": NUMERIC_AGG,
    "min": ORDERED | {"bool"},
    "max": ORDERED | {"bool"},
}
KIND_WORDS = {
    "integer": "whole numbers",
    "float": "numbers",
    "bool": "true/false",
    "text": "text",
    "category": "categories",
    "datetime": "dates",
    "other": "mixed values",
    "null": "missing",
    "any": "values",
}


@dataclass(frozen=True)
class Issue:
    """One problem: what is wrong, at which step (1-based; None for the plan as a whole), and close
    matches the user may have meant."""

    message: str
    step: int | None = None
    suggestions: tuple[str, ...] = ()

    def __str__(self) -> str:
        text = self.message
        if self.suggestions:
            text += "; did you mean " + " or ".join(repr(x) for x in self.suggestions) + "?"
        return text


@dataclass
class FrameState:
    """The columns of the frame between two steps, in order, with their kinds. ``open`` means more
    columns exist whose names depend on the data; ``scalar`` that the result is a single value."""

    columns: dict[str, str] = field(default_factory=dict)
    open: bool = False
    scalar: bool = False


#: A handler for one expression type: the kind of value the expression gives.
ExprCheck = Callable[["Checker", Any, FrameState], str]


class Checker:
    """Collects issues while walking a plan; handlers call :meth:`col` and :meth:`need`."""

    def __init__(self, schemas: Mapping[str, FrameSchema], exprs: Mapping[type[Node], ExprCheck]):
        self.schemas = schemas
        self.exprs = exprs  # the expression handlers (exprs.EXPR_VALIDATORS)
        self.issues: list[Issue] = []
        self.step = 0
        self.op = ""
        self.seen: set[str] = set()  # every column name that existed at some earlier point
        self.source: FrameSchema | None = None

    def add(self, message: str, suggestions: list[str] | tuple[str, ...] = ()) -> None:
        issue = Issue(message, self.step or None, tuple(suggestions))
        if issue not in self.issues:
            self.issues.append(issue)

    def col(self, frame: FrameState, name: str, where: str = "") -> str:
        """The kind of column ``name``, reporting it when it does not exist (kind ``any`` then, so one
        mistake is reported once)."""
        if name in frame.columns:
            return frame.columns[name]
        if frame.open:
            return "any"
        if name in self.seen and not where:
            self.add(
                f"column {name!r} no longer exists at step {self.step} ({self.op}); "
                f"columns there: {', '.join(map(repr, list(frame.columns)[:12]))}"
            )
        else:
            self.add(f"no column {name!r}{where}", closest(name, list(frame.columns)))
        return "any"

    def category_values(self, name: str) -> tuple[str, ...]:
        """The values seen in a category column of any frame (the schema's bounded sample)."""
        return tuple(v for s in self.schemas.values() if (c := s.get(name)) is not None for v in c.values)

    def may_be_missing(self, name: str) -> bool:
        """False only for a source column the schema saw without a missing value."""
        col = self.source.get(name) if self.source is not None else None
        return col is None or col.nullable

    def cols(self, frame: FrameState, names: tuple[str, ...] | list[str]) -> list[str]:
        return [self.col(frame, n) for n in names]

    def need(self, kind: str, allowed: frozenset[str], what: str) -> None:
        """Report ``what`` (e.g. "mean of 'species'") when ``kind`` is not one of ``allowed``."""
        if kind not in allowed and kind != "any":
            self.add(f"{what} needs {_describe(allowed)}, but it holds {KIND_WORDS.get(kind, kind)}")

    def expr(self, e: Node, frame: FrameState) -> str:
        fn = self.exprs.get(type(e))
        if fn is None:
            self.add(f"unsupported expression {type(e).__name__}")
            return "any"
        return fn(self, e, frame)


def _describe(allowed: frozenset[str]) -> str:
    if allowed == frozenset({"bool", "any"}):
        return "a true/false condition"
    if allowed <= NUMERIC_AGG:
        return "numbers"
    if allowed <= TEXT:
        return "text"
    if allowed <= DATETIME:
        return "dates"
    if allowed <= NUMBER | DATETIME:
        return "numbers or dates"
    return "numbers, dates or text"


def name_of(e: Node) -> str:
    """How to name an expression in a message."""
    if isinstance(e, Col):
        return repr(e.name)
    if isinstance(e, Lit):
        return repr(e.value)
    return f"a {type(e).__name__.lower()} expression"


def lit_kind(v: Scalar) -> str:
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "bool"
    if isinstance(v, int):
        return "integer"
    if isinstance(v, float):
        return "float"
    return "text"


def family(kind: str) -> str:
    return {"integer": "number", "float": "number", "category": "text"}.get(kind, kind)


def comparable(chk: Checker, a: str, b: str, ordered: bool, what: str) -> None:
    if "any" in (a, b):
        return
    if "null" in (a, b):
        if ordered or (a == b == "null"):
            chk.add(f"{what} compares with a missing value; use 'is missing' instead")
        return
    fa, fb = family(a), family(b)
    if fa == fb == "number" or (not ordered and {fa, fb} <= {"number", "bool"}):
        pass
    elif fa == fb and fa in ("text", "datetime", "bool"):
        if a == b == "category":
            chk.add(f"{what} compares two category columns, which pandas allows only for equal categories")
        elif ordered and "category" in (a, b):
            chk.add(f"{what} orders categories, which have no order here; compare for equality instead")
    else:
        hint = "; write the date as a date" if "datetime" in (a, b) else ""
        chk.add(f"{what} compares {KIND_WORDS[a]} with {KIND_WORDS[b]}{hint}")


def needs_column(chk: Checker, e: Node, what: str) -> None:
    if not columns_of(e):
        chk.add(f"{what} needs a column, not a constant")


def agg_kind(chk: Checker, func: str, column: str | None, frame: FrameState) -> str:
    """The kind of ``func`` over ``column`` (the row count when None), reporting a kind it cannot take."""
    if column is None:
        return "integer"
    kind = chk.col(frame, column)
    if func in AGG_NEEDS:
        chk.need(kind, AGG_NEEDS[func], f"the {func} of {column!r}")
        if func in ("min", "max") and kind == "category":
            chk.add(f"the {func} of {column!r} needs ordered values, but it holds categories")
    if func in ("size", "count", "nunique"):
        return "integer"
    if func in ("mean", "median", "std", "var", "sem"):
        return "float"
    return "integer" if func == "sum" and kind == "bool" else kind


def common_kind(kinds: set[str]) -> str:
    """The kind of one column holding values of all these kinds (as pandas concatenates them)."""
    if not kinds or "any" in kinds:
        return "any"
    if len(kinds) == 1:
        return next(iter(kinds))
    return "float" if kinds <= {"integer", "float"} else "other"
