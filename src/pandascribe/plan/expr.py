"""Expressions inside a Plan: typed, immutable, JSON round-trippable.

Expressions are the per-row part of the IR (what a filter tests, what a derived column computes).
Each node carries a ``kind`` tag so a union of them is a pydantic discriminated union: the JSON
form is unambiguous and the model backend can be given a precise JSON Schema.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

Scalar = str | int | float | bool | None


class Node(BaseModel):
    """Base of every IR node: frozen, no unknown fields, validated on assignment."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class Col(Node):
    """A column of the current frame, by its exact name."""

    kind: Literal["col"] = "col"
    name: str


class Lit(Node):
    """A constant: text, number, boolean or missing (None)."""

    kind: Literal["lit"] = "lit"
    value: Scalar

    @field_validator("value")
    @classmethod
    def _finite(cls, v: Scalar) -> Scalar:
        if isinstance(v, float) and v != v:  # NaN cannot round-trip through JSON
            raise ValueError("use None for a missing value, not NaN")
        return v


class DateLit(Node):
    """A calendar date or timestamp, ISO 8601 (``2005-01-01`` or ``2005-01-01T12:00``)."""

    kind: Literal["date"] = "date"
    value: str

    @field_validator("value")
    @classmethod
    def _iso(cls, v: str) -> str:
        import datetime as _dt

        try:
            _dt.datetime.fromisoformat(v)
        except ValueError as exc:
            raise ValueError(f"not an ISO date: {v!r}") from exc
        return v


CompareOp = Literal["eq", "ne", "lt", "le", "gt", "ge"]
ArithOp = Literal["add", "sub", "mul", "div", "floordiv", "mod", "pow"]
DatePartName = Literal[
    "year",
    "quarter",
    "month",
    "day",
    "weekday",
    "dayofyear",
    "hour",
    "minute",
    "date",
    "day_name",
    "month_name",
]
StrFunc = Literal["lower", "upper", "title", "strip", "len"]
MathFunc = Literal["abs", "round", "sqrt", "log", "exp", "neg"]
StatFunc = Literal["mean", "median", "sum", "min", "max", "std"]
WindowFunc = Literal["cumsum", "cummax", "cummin", "cumcount", "pct_change", "diff", "shift", "rank"]


class Compare(Node):
    """``left <op> right``."""

    kind: Literal["compare"] = "compare"
    op: CompareOp
    left: Expr
    right: Expr


class Between(Node):
    """``low <= expr <= high`` (both ends included unless said otherwise)."""

    kind: Literal["between"] = "between"
    expr: Expr
    low: Expr
    high: Expr
    inclusive: Literal["both", "neither", "left", "right"] = "both"


class IsIn(Node):
    """Membership in a list of constants; ``negate`` for *not in*."""

    kind: Literal["isin"] = "isin"
    expr: Expr
    values: tuple[Scalar, ...] = Field(min_length=1)
    negate: bool = False


class IsNull(Node):
    """The value is missing (or, with ``negate``, present)."""

    kind: Literal["isnull"] = "isnull"
    expr: Expr
    negate: bool = False


class StrMatch(Node):
    """Text contains / starts with / ends with / equals a literal (never a regex).

    ``case_sensitive`` is explicit so the reader of the code sees the rule; missing text never
    matches (``na=False``).
    """

    kind: Literal["strmatch"] = "strmatch"
    expr: Expr
    how: Literal["contains", "startswith", "endswith", "equals"]
    pattern: str
    case_sensitive: bool = False
    negate: bool = False


class BoolOp(Node):
    """``and`` / ``or`` over two or more conditions."""

    kind: Literal["boolop"] = "boolop"
    op: Literal["and", "or"]
    operands: tuple[Expr, ...] = Field(min_length=2)


class Not(Node):
    """Logical negation of a condition."""

    kind: Literal["not"] = "not"
    operand: Expr


class Arith(Node):
    """Arithmetic between two expressions."""

    kind: Literal["arith"] = "arith"
    op: ArithOp
    left: Expr
    right: Expr


class MathCall(Node):
    """A one-argument numeric function (``round`` takes ``digits``)."""

    kind: Literal["math"] = "math"
    func: MathFunc
    expr: Expr
    digits: int = 0


class DatePart(Node):
    """A part of a datetime column (year, month, weekday …)."""

    kind: Literal["datepart"] = "datepart"
    part: DatePartName
    expr: Expr


class StrCall(Node):
    """A string function applied element-wise (case change, strip, length)."""

    kind: Literal["strcall"] = "strcall"
    func: StrFunc
    expr: Expr


class Cond(Node):
    """``then`` where ``cond`` holds, else ``otherwise`` (several branches: first match wins)."""

    kind: Literal["cond"] = "cond"
    branches: tuple[tuple[Expr, Expr], ...] = Field(min_length=1)
    otherwise: Expr


class Window(Node):
    """A running / shifted / ranked value, optionally within groups, in the frame's row order
    (or ordered by ``order_by`` first). ``ties`` says what tied values of a rank get: the average
    of their places (pandas' default) or the lowest place ("min": the competition ranking of SQL's
    ``RANK()``, 1, 2, 2, 4)."""

    kind: Literal["window"] = "window"
    func: WindowFunc
    column: str
    by: tuple[str, ...] = ()
    periods: int = 1
    ascending: bool = True
    ties: Literal["average", "min"] = "average"

    @model_validator(mode="after")
    def _check_ties(self) -> Window:
        if self.ties != "average" and self.func != "rank":
            raise ValueError("only a rank has a way of placing ties")
        return self


class GroupStat(Node):
    """One statistic of ``column`` repeated on every row: over the whole frame (``by`` empty:
    "greater than the global average") or over the row's group ("the per continent average",
    pandas' ``groupby(by)[column].transform(func)``). Rows whose group key is missing get a
    missing value, as pandas leaves them out of every group."""

    kind: Literal["group_stat"] = "group_stat"
    func: StatFunc
    column: str
    by: tuple[str, ...] = ()


Expr = Annotated[
    Col
    | Lit
    | DateLit
    | Compare
    | Between
    | IsIn
    | IsNull
    | StrMatch
    | BoolOp
    | Not
    | Arith
    | MathCall
    | DatePart
    | StrCall
    | Cond
    | Window
    | GroupStat,
    Field(discriminator="kind"),
]

EXPR_TYPES: tuple[type[Node], ...] = (
    Col,
    Lit,
    DateLit,
    Compare,
    Between,
    IsIn,
    IsNull,
    StrMatch,
    BoolOp,
    Not,
    Arith,
    MathCall,
    DatePart,
    StrCall,
    Cond,
    Window,
    GroupStat,
)

for _t in EXPR_TYPES:
    _t.model_rebuild()


def columns_of(expr: Node) -> list[str]:
    """Every column name an expression reads, in first-seen order (for validation)."""
    out: list[str] = []

    def walk(x: object) -> None:
        if isinstance(x, Col):
            if x.name not in out:
                out.append(x.name)
            return
        if isinstance(x, Window | GroupStat):
            for c in (x.column, *x.by):
                if c not in out:
                    out.append(c)
            return
        if isinstance(x, Node):
            for name in type(x).model_fields:
                walk(getattr(x, name))
        elif isinstance(x, tuple):
            for item in x:
                walk(item)

    walk(expr)
    return out
