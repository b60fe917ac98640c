"""Pipeline steps of a Plan: one node per pandas operation, applied left to right.

Steps that end in a frame can be followed by more steps; the *terminal* steps (a scalar answer,
``which X has the largest Y``) must come last. Integrity checks that need no schema live here,
where the node is built; checks against the frames' columns live in :mod:`pandascribe.validate`.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from .agg import Agg, AggFunc
from .expr import Expr, Node, Scalar
from .missing import CountMissing, DropMissingColumns
from .ops import (
    Cast,
    Check,
    ColumnSlice,
    Concat,
    EachNumeric,
    FrameInfo,
    GroupShare,
    Plot,
    Replace,
    Resample,
    Share,
)
from .rows import GroupHead, RowLabels, RowSlice

JoinHow = Literal["left", "inner", "right", "outer"]


def _unique(items: tuple[str, ...], what: str) -> None:
    seen: set[str] = set()
    for i in items:
        if i in seen:
            raise ValueError(f"{what} {i!r} given twice")
        seen.add(i)


class Filter(Node):
    """Keep the rows where ``condition`` holds."""

    op: Literal["filter"] = "filter"
    condition: Expr


class Select(Node):
    """Keep only these columns, in this order."""

    op: Literal["select"] = "select"
    columns: tuple[str, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _check(self) -> Select:
        _unique(self.columns, "column")
        return self


class Drop(Node):
    """Remove these columns."""

    op: Literal["drop"] = "drop"
    columns: tuple[str, ...] = Field(min_length=1)


class RenamePair(Node):
    """One ``old → new`` column name."""

    old: str
    new: str


class Rename(Node):
    """Rename columns."""

    op: Literal["rename"] = "rename"
    pairs: tuple[RenamePair, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _check(self) -> Rename:
        _unique(tuple(p.old for p in self.pairs), "column")
        _unique(tuple(p.new for p in self.pairs), "new name")
        return self


class SortKey(Node):
    """One sort key and its direction."""

    column: str
    ascending: bool = True


class Sort(Node):
    """Sort rows by one or more keys, each with its own direction (stable, missing last)."""

    op: Literal["sort"] = "sort"
    keys: tuple[SortKey, ...] = Field(min_length=1)


class Head(Node):
    """The first ``n`` rows."""

    op: Literal["head"] = "head"
    n: int = Field(ge=0)


class Tail(Node):
    """The last ``n`` rows."""

    op: Literal["tail"] = "tail"
    n: int = Field(ge=0)


class TopN(Node):
    """The ``n`` rows with the largest (or smallest) values of ``column``, best first."""

    op: Literal["topn"] = "topn"
    n: int = Field(ge=1)
    column: str
    largest: bool = True


class Distinct(Node):
    """The distinct combinations of ``columns`` (a frame with only those columns)."""

    op: Literal["distinct"] = "distinct"
    columns: tuple[str, ...] = Field(min_length=1)


class DropDuplicates(Node):
    """Remove repeated rows, judged on ``subset`` (all columns when empty)."""

    op: Literal["drop_duplicates"] = "drop_duplicates"
    subset: tuple[str, ...] = ()
    keep: Literal["first", "last"] = "first"


class Derive(Node):
    """Add (or replace) the column ``name`` computed by ``expr``."""

    op: Literal["derive"] = "derive"
    name: str
    expr: Expr


class FillMissing(Node):
    """Fill missing values in ``columns`` (all when empty) with a constant or a statistic.
    ``interpolate`` draws a straight line between the known values on either side of a gap, in
    row order, in number columns only (every number column when ``columns`` is empty); a gap at
    the start or end, with a known value on one side only, stays missing."""

    op: Literal["fill_missing"] = "fill_missing"
    columns: tuple[str, ...] = ()
    method: Literal["value", "ffill", "bfill", "mean", "median", "zero", "interpolate"] = "value"
    value: Scalar = None

    @model_validator(mode="after")
    def _check(self) -> FillMissing:
        if self.method == "value" and self.value is None:
            raise ValueError("fill with method 'value' needs a value")
        if self.method != "value" and self.value is not None:
            raise ValueError(f"fill with method {self.method!r} takes no value")
        return self


class DropMissing(Node):
    """Remove rows with missing values in ``columns`` (any column when empty)."""

    op: Literal["drop_missing"] = "drop_missing"
    columns: tuple[str, ...] = ()
    how: Literal["any", "all"] = "any"


class Aggregate(Node):
    """Group by ``by`` (whole frame when empty) and compute ``aggs``; one row per group,
    group keys as ordinary columns."""

    op: Literal["aggregate"] = "aggregate"
    by: tuple[str, ...] = ()
    aggs: tuple[Agg, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _check(self) -> Aggregate:
        _unique(self.by, "group key")
        _unique(tuple(a.name for a in self.aggs), "aggregate name")
        clash = set(self.by) & {a.name for a in self.aggs}
        if clash:
            raise ValueError(f"aggregate name {sorted(clash)[0]!r} is also a group key")
        return self


class Join(Node):
    """Join another frame (by its name) on key columns."""

    op: Literal["join"] = "join"
    right: str
    left_on: tuple[str, ...] = Field(min_length=1)
    right_on: tuple[str, ...] = Field(min_length=1)
    how: JoinHow = "left"
    columns: tuple[str, ...] = ()  # the right frame's columns to bring along (all when empty)

    @model_validator(mode="after")
    def _check(self) -> Join:
        if len(self.left_on) != len(self.right_on):
            raise ValueError("join needs as many right keys as left keys")
        _unique(self.columns, "column")
        if set(self.columns) & set(self.right_on):
            raise ValueError("the join keys come along anyway; list only the other columns")
        return self


class Pivot(Node):
    """A pivot table: ``index`` rows × ``columns`` values, cells ``func`` of ``values``."""

    op: Literal["pivot"] = "pivot"
    index: tuple[str, ...] = Field(min_length=1)
    columns: str
    values: str | None = None
    func: AggFunc = "mean"

    @model_validator(mode="after")
    def _check(self) -> Pivot:
        if self.values is None and self.func != "size":
            raise ValueError("a pivot without values can only count rows (func 'size')")
        return self


class Crosstab(Node):
    """Counts of each combination of ``index`` and ``columns`` values."""

    op: Literal["crosstab"] = "crosstab"
    index: str
    columns: str
    normalize: bool = False


class Melt(Node):
    """Wide to long: ``value_vars`` (all others when empty) become rows."""

    op: Literal["melt"] = "melt"
    id_vars: tuple[str, ...] = ()
    value_vars: tuple[str, ...] = ()
    var_name: str = "variable"
    value_name: str = "value"


class ValueCounts(Node):
    """How often each value (combination) of ``columns`` occurs, most common first."""

    op: Literal["value_counts"] = "value_counts"
    columns: tuple[str, ...] = Field(min_length=1)
    normalize: bool = False
    dropna: bool = True


class Correlation(Node):
    """Pearson correlation: a matrix over ``columns`` (all numeric when empty); with exactly two
    columns, a single number."""

    op: Literal["correlation"] = "correlation"
    columns: tuple[str, ...] = ()


class ScalarAgg(Node):
    """A single value: ``func`` over one column, or the row count (``size`` with no column).
    Terminal."""

    op: Literal["scalar"] = "scalar"
    func: AggFunc
    column: str | None = None

    @model_validator(mode="after")
    def _check(self) -> ScalarAgg:
        if self.func != "size" and self.column is None:
            raise ValueError(f"scalar {self.func!r} needs a column")
        return self


class ArgBest(Node):
    """The value of ``label`` on the row where ``column`` is largest (or smallest). Terminal."""

    op: Literal["argbest"] = "argbest"
    label: str
    column: str
    largest: bool = True


Step = Annotated[
    Filter
    | Select
    | Drop
    | Rename
    | Sort
    | Head
    | Tail
    | TopN
    | Distinct
    | DropDuplicates
    | Derive
    | FillMissing
    | DropMissing
    | DropMissingColumns
    | Aggregate
    | Join
    | Pivot
    | Crosstab
    | Melt
    | ValueCounts
    | Correlation
    | ScalarAgg
    | ArgBest
    | FrameInfo
    | Cast
    | ColumnSlice
    | Concat
    | Resample
    | EachNumeric
    | Share
    | GroupShare
    | Check
    | CountMissing
    | Replace
    | Plot
    | RowSlice
    | RowLabels
    | GroupHead,
    Field(discriminator="op"),
]

STEP_TYPES: tuple[type[Node], ...] = (
    Filter,
    Select,
    Drop,
    Rename,
    Sort,
    Head,
    Tail,
    TopN,
    Distinct,
    DropDuplicates,
    Derive,
    FillMissing,
    DropMissing,
    DropMissingColumns,
    Aggregate,
    Join,
    Pivot,
    Crosstab,
    Melt,
    ValueCounts,
    Correlation,
    ScalarAgg,
    ArgBest,
    FrameInfo,
    Cast,
    ColumnSlice,
    Concat,
    Resample,
    EachNumeric,
    Share,
    GroupShare,
    Check,
    CountMissing,
    Replace,
    Plot,
    RowSlice,
    RowLabels,
    GroupHead,
)

#: Steps after which nothing may follow (their result is not a frame with known columns: a number,
#: a bool, a list, a chart).
TERMINAL: tuple[type[Node], ...] = (ScalarAgg, ArgBest, FrameInfo, Share, Check, CountMissing, Plot)
