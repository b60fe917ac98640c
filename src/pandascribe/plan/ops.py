"""Plan steps for everyday questions beyond the relational core: facts about a frame, casts,
positional column ranges, stacking frames, arithmetic on every numeric column, aggregates by
calendar period, shares of rows, yes/no questions, value replacement and charts.

They are ordinary steps (same base, same ``op`` discriminator, listed in
:data:`pandascribe.plan.STEP_TYPES`); they live in their own module so :mod:`.nodes` stays the
relational core. A grammar builder constructs them directly from the request's parts; every field
is plain data (names, literals, small enums), integrity checks that need no schema run here.
"""

from __future__ import annotations

import keyword
import math
from typing import Literal

from pydantic import Field, StrictFloat, StrictInt, model_validator

from .agg import Agg
from .expr import Expr, Node, Scalar


def _unique(items: tuple[str, ...], what: str) -> None:
    if len(set(items)) < len(items):
        dup = next(i for i in items if items.count(i) > 1)
        raise ValueError(f"{what} {dup!r} given twice")


# ---------------------------------------------------------------- facts about the frame


FrameFact = Literal[
    "n_rows", "n_columns", "columns", "dtypes", "shape", "index", "describe", "transpose", "size"
]


class FrameInfo(Node):
    """A fact about the current frame, as pandas answers it: the number of rows (``len(df)``, an
    int), of columns (``df.shape[1]``), the column names (a list of str), the dtypes (``df.dtypes``,
    a Series indexed by column name), the shape (a ``(rows, columns)`` tuple), the number of cells
    (``df.size``, rows times columns), the index labels (``df.index.tolist()``, a list; pandas only:
    other engines' frames have no index), the summary statistics (``df.describe()``: count, mean,
    std, min, quartiles and max of each numeric column, one row per statistic) or the frame
    transposed (``df.T``: one row per column). Terminal."""

    op: Literal["frame_info"] = "frame_info"
    fact: FrameFact


# ---------------------------------------------------------------- changing values


CastTarget = Literal["datetime", "number", "text", "category", "float", "integer"]


class Cast(Node):
    """Convert ``columns`` to dates, numbers, text or categories (in place of the old columns).

    ``"float"`` and ``"integer"`` change the storage of a column that already holds numbers or
    true/false flags (``astype("float64")`` / ``astype("int64")``): an integer cast cuts decimals off
    toward zero, as pandas does, and cannot hold a missing value (pandas raises on one), so the
    rules backend refuses it on a column that may hold gaps. Text is read as numbers with
    ``"number"`` instead.

    ``errors`` says what happens to a value that cannot be read as a date or number: ``"coerce"``
    (the default) makes it missing (NaT / NaN) — the explanation says so —, ``"raise"`` stops with
    pandas' error. Text and category conversions never fail (missing stays missing: ``"string"``
    dtype, not ``str``, which would write ``"nan"``). ``format`` is a ``strftime`` pattern for dates
    (``"%d/%m/%Y"``); without it pandas infers the format from the first value."""

    op: Literal["cast"] = "cast"
    columns: tuple[str, ...] = Field(min_length=1)
    to: CastTarget
    errors: Literal["coerce", "raise"] = "coerce"
    format: str | None = None

    @model_validator(mode="after")
    def _check(self) -> Cast:
        _unique(self.columns, "column")
        if self.to in ("text", "category", "float", "integer") and self.errors != "coerce":
            raise ValueError(
                f"converting to {self.to} has no 'errors' choice; "
                "'errors' applies to reading dates and numbers"
            )
        if self.format is not None and self.to != "datetime":
            raise ValueError("a format applies only to a conversion to dates")
        if self.format is not None and "%" not in self.format:
            raise ValueError(f"not a strftime format: {self.format!r}")
        return self


class ReplacePair(Node):
    """One ``old → new`` value."""

    old: Scalar
    new: Scalar


class Replace(Node):
    """Replace values of ``column``: each ``old`` becomes its ``new``.

    ``unmatched`` says what becomes of a value the mapping does not list: ``"keep"`` (the default;
    ``Series.replace``) leaves it as it is — right for "change 'NY' to 'New York'" —, ``"missing"``
    (``Series.map``) makes it missing — right for turning a Y/N flag into true/false, where an odd
    value must not pass as a flag. Missing values stay missing (filling them is
    :class:`~pandascribe.plan.FillMissing`'s job, so no ``old`` is None)."""

    op: Literal["replace"] = "replace"
    column: str
    pairs: tuple[ReplacePair, ...] = Field(min_length=1)
    unmatched: Literal["keep", "missing"] = "keep"

    @model_validator(mode="after")
    def _check(self) -> Replace:
        olds = [p.old for p in self.pairs]
        if None in olds:
            raise ValueError("missing values are filled with fill_missing, not replaced")
        # equal keys merge in the emitted dict (and True == 1 in Python): each old value once
        if any(a == b for i, a in enumerate(olds) for b in olds[i + 1 :]):
            raise ValueError("a value to replace is given twice")
        if any(isinstance(v, float) and v != v for v in (*olds, *(p.new for p in self.pairs))):
            raise ValueError("use None for a missing value, not NaN")
        return self


NumericFunc = Literal["add", "sub", "mul", "div", "floordiv", "mod", "pow", "round", "abs"]


class EachNumeric(Node):
    """Apply one arithmetic operation to every numeric (integer or float) column, except
    ``exclude``: ``func`` with ``value`` (``mul`` by 100, ``round`` to ``value`` decimals, ``abs``
    takes none). Which columns are numeric is decided when the code runs (``select_dtypes``), so the
    code stays right on a frame with more columns than the one it was written for; true/false and
    date columns are left alone."""

    op: Literal["each_numeric"] = "each_numeric"
    func: NumericFunc
    value: StrictInt | StrictFloat | None = None  # strict: true/false is no number
    exclude: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _check(self) -> EachNumeric:
        _unique(self.exclude, "column")
        if isinstance(self.value, bool):
            raise ValueError("the operand must be a number, not true/false")
        if isinstance(self.value, float) and not math.isfinite(self.value):
            raise ValueError("the operand must be a finite number")
        if self.func == "abs" and self.value is not None:
            raise ValueError("'abs' takes no value")
        if self.func == "round" and not isinstance(self.value, int):
            raise ValueError("'round' needs a whole number of decimals")
        if self.func not in ("abs", "round") and self.value is None:
            raise ValueError(f"{self.func!r} needs a value")
        return self


# ---------------------------------------------------------------- choosing and stacking


ColumnPart = Literal["first", "last", "all_but_first", "all_but_last", "range"]


class ColumnSlice(Node):
    """Columns by position: the first / last ``n``, all but the first / last ``n``, or (``range``)
    from column ``start`` to column ``end``, both included, in the frame's order (``start`` None:
    from the first column; ``end`` None: to the last)."""

    op: Literal["column_slice"] = "column_slice"
    part: ColumnPart
    n: int | None = Field(default=None, ge=1)
    start: str | None = None
    end: str | None = None

    @model_validator(mode="after")
    def _check(self) -> ColumnSlice:
        if self.part == "range":
            if self.n is not None:
                raise ValueError("a column range is given by names, not a count")
            if self.start is None and self.end is None:
                raise ValueError("a column range needs a first or a last column")
        else:
            if self.n is None:
                raise ValueError(f"{self.part!r} columns needs a count n")
            if self.start is not None or self.end is not None:
                raise ValueError(f"{self.part!r} columns is given by a count, not names")
        return self


class Concat(Node):
    """Stack the current frame and the frames named in ``frames``, in that order: ``rows`` puts
    their rows one after another (columns matched by name, a fresh 0…n-1 index); ``columns`` puts
    them side by side, rows matched by index."""

    op: Literal["concat"] = "concat"
    frames: tuple[str, ...] = Field(min_length=1)
    axis: Literal["rows", "columns"] = "rows"

    @model_validator(mode="after")
    def _check(self) -> Concat:
        _unique(self.frames, "frame")
        for name in self.frames:  # a frame is referred to by its name in the emitted code
            if not name.isidentifier() or keyword.iskeyword(name):
                raise ValueError(f"frame name {name!r} is not a Python identifier")
        return self


# ---------------------------------------------------------------- by calendar period


Period = Literal["hour", "day", "week", "month", "quarter", "year"]


class Resample(Node):
    """Aggregate by calendar period of the datetime column ``on`` (and, first, by the groups of
    ``by``): one row per group and period, with the group keys, the period (in column ``on``,
    labelled by its end: 2013-01-31 for January; weeks end on Sunday) and ``aggs`` as ordinary
    columns. Without ``by``, every period between the first and last date appears, an empty one
    with a count of 0; with ``by``, only the periods a group has rows in."""

    op: Literal["resample"] = "resample"
    on: str
    every: Period
    by: tuple[str, ...] = ()
    aggs: tuple[Agg, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _check(self) -> Resample:
        _unique(self.by, "group key")
        _unique(tuple(a.name for a in self.aggs), "aggregate name")
        if self.on in self.by:
            raise ValueError(f"the date column {self.on!r} is also a group key")
        clash = ({*self.by, self.on}) & {a.name for a in self.aggs}
        if clash:
            raise ValueError(f"aggregate name {sorted(clash)[0]!r} is also a group key")
        return self


# ---------------------------------------------------------------- shares and yes/no questions


class Share(Node):
    """The share of rows where ``condition`` holds, over all rows (a number; rows where the
    condition cannot be decided, e.g. a missing value, count as not matching). ``percent`` gives
    0–100 instead of 0–1. Terminal."""

    op: Literal["share"] = "share"
    condition: Expr
    percent: bool = False


class GroupShare(Node):
    """Within each group of ``by``, the share of rows where ``condition`` holds: a frame with the
    group keys and the column ``name`` (as :class:`Share`, per group)."""

    op: Literal["group_share"] = "group_share"
    condition: Expr
    by: tuple[str, ...] = Field(min_length=1)
    name: str = "share"
    percent: bool = False

    @model_validator(mode="after")
    def _check(self) -> GroupShare:
        _unique(self.by, "group key")
        if self.name in self.by:
            raise ValueError(f"the share's name {self.name!r} is also a group key")
        return self


CheckTest = Literal["any", "all", "duplicates", "missing"]


class Check(Node):
    """A yes/no question answered as a Python bool. Terminal.

    - ``any`` / ``all``: does ``condition`` hold on some row / on every row (an empty frame: no /
      yes);
    - ``duplicates``: is a value (combination) of ``columns`` repeated — all columns: is a whole row
      repeated;
    - ``missing``: is a value missing in ``columns`` (anywhere when empty)."""

    op: Literal["check"] = "check"
    test: CheckTest
    condition: Expr | None = None
    columns: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _check(self) -> Check:
        _unique(self.columns, "column")
        if self.test in ("any", "all"):
            if self.condition is None:
                raise ValueError(f"the question {self.test!r} needs a condition")
            if self.columns:
                raise ValueError(f"the question {self.test!r} takes a condition, not columns")
        elif self.condition is not None:
            raise ValueError(f"the question {self.test!r} takes columns, not a condition")
        return self


# ---------------------------------------------------------------- charts


PlotKind = Literal["line", "bar", "barh", "hist", "scatter", "box", "area", "pie"]
#: Kinds that draw ``y`` against ``x`` (x: a column, or the row index when None).
XY_KINDS = ("line", "bar", "barh", "area")
#: Kinds that draw the distribution of ``y`` (no ``x``).
DISTRIBUTION_KINDS = ("hist", "box")


class Plot(Node):
    """A chart drawn with pandas' plotting API (matplotlib underneath); the result is the chart's
    matplotlib Axes — always one Axes. Terminal.

    - ``line`` / ``bar`` / ``barh`` / ``area``: the columns ``y`` against ``x`` (the row order;
      ``x`` None: against the index); with ``by``, one line / bar colour per value of ``by`` (the
      frame is spread wide first, so it must hold one row per ``x`` and ``by`` — what an aggregate
      by both gives);
    - ``hist`` / ``box``: the distribution of each ``y``; with ``by``, one histogram (overlaid, half
      transparent) or one box per value of ``by`` on the same Axes, rows with a missing ``by``
      left out; ``bins`` for a histogram;
    - ``scatter``: one point per row, ``x`` against the one ``y``;
    - ``pie``: one slice per row, sized by the one ``y`` and labelled by ``x``.

    ``title``, ``xlabel``, ``ylabel`` are words for the chart (pandas' defaults when None)."""

    op: Literal["plot"] = "plot"
    kind: PlotKind
    x: str | None = None
    y: tuple[str, ...] = Field(min_length=1)
    by: str | None = None
    bins: int | None = Field(default=None, ge=1, le=10_000)
    title: str | None = None
    xlabel: str | None = None
    ylabel: str | None = None

    @model_validator(mode="after")
    def _check(self) -> Plot:
        _unique(self.y, "column")
        if self.bins is not None and self.kind != "hist":
            raise ValueError("bins apply only to a histogram")
        if self.kind in DISTRIBUTION_KINDS and self.x is not None:
            raise ValueError(f"a {self.kind} plot shows the values of y alone; it takes no x")
        if self.kind in ("scatter", "pie") and (self.x is None or len(self.y) != 1):
            raise ValueError(f"a {self.kind} chart needs an x and exactly one y")
        if self.by is not None:
            if self.kind in ("scatter", "pie"):
                raise ValueError(f"a {self.kind} chart cannot be split by a group column")
            if len(self.y) != 1:
                raise ValueError("a chart split by a group column shows exactly one y")
            if self.by == self.x or self.by in self.y:
                raise ValueError("the group column must differ from x and y")
        if self.x is not None and self.x in self.y:
            raise ValueError(f"column {self.x!r} is both x and y")
        return self
