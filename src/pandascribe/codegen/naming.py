"""A readable default name for a plan's result (``flights_by_carrier``, ``penguins_top5_body_mass_g``).

The name comes from the source frame and the most telling step; it is always a valid identifier,
never a Python keyword or builtin, never one of the names already in use (``taken``).
"""

from __future__ import annotations

import builtins
import keyword
import re
import unicodedata
from collections.abc import Callable
from typing import Any

from ..plan import (
    Aggregate,
    ArgBest,
    Cast,
    Check,
    Col,
    ColumnSlice,
    Concat,
    Correlation,
    CountMissing,
    Crosstab,
    Derive,
    Distinct,
    Drop,
    DropDuplicates,
    DropMissing,
    DropMissingColumns,
    EachNumeric,
    FillMissing,
    Filter,
    FrameInfo,
    GroupHead,
    GroupShare,
    Head,
    Join,
    MathCall,
    Melt,
    Node,
    Pivot,
    Plan,
    Plot,
    Rename,
    Replace,
    Resample,
    RowLabels,
    RowSlice,
    ScalarAgg,
    Select,
    Share,
    Sort,
    Tail,
    TopN,
    ValueCounts,
    columns_of,
)

MAX_LEN = 40
#: Names that would shadow something a notebook reader relies on.
AVOID = frozenset(dir(builtins)) | {"pd", "np", "d", "df", "self"}


def slug(text: str) -> str:
    """``"Body Mass (g)"`` → ``"body_mass_g"``: ASCII letters, digits and single underscores."""
    norm = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^0-9a-zA-Z]+", "_", norm).strip("_").lower()


def _by(cols: tuple[str, ...]) -> str:
    return "by_" + "_".join(slug(c) for c in cols[:2]) if cols else "summary"


_PERIODIC = {
    "hour": "hourly",
    "day": "daily",
    "week": "weekly",
    "month": "monthly",
    "quarter": "quarterly",
    "year": "yearly",
}
_CHART = {
    "line": "line_chart",
    "bar": "bar_chart",
    "barh": "bar_chart",
    "hist": "histogram",
    "scatter": "scatter",
    "box": "box_plot",
    "area": "area_chart",
    "pie": "pie_chart",
}


def _share(st: Share | GroupShare, condition: Node) -> str:
    cols = columns_of(condition)
    return ("pct" if st.percent else "share") + (f"_{slug(cols[0])}" if cols else "")


def _check(st: Check) -> str:
    if st.condition is not None:
        cols = columns_of(st.condition)
        return f"{st.test}_{slug(cols[0])}" if cols else st.test
    what = "duplicates" if st.test == "duplicates" else "missing"
    return f"has_{what}" + (f"_{slug(st.columns[0])}" if len(st.columns) == 1 else "")


_SUFFIX: dict[type[Node], Callable[[Any], str]] = {
    Filter: lambda st: "filtered",
    Select: lambda st: "selected",
    Drop: lambda st: "trimmed",
    Rename: lambda st: "renamed",
    Sort: lambda st: "sorted",
    Head: lambda st: f"first{st.n}",
    Tail: lambda st: f"last{st.n}",
    TopN: lambda st: f"{'top' if st.largest else 'bottom'}{st.n}_{slug(st.column)}",
    Distinct: lambda st: "distinct_" + "_".join(slug(c) for c in st.columns[:2]),
    DropDuplicates: lambda st: "deduped",
    Derive: lambda st: f"with_{slug(st.name)}",
    FillMissing: lambda st: "filled",
    DropMissing: lambda st: "complete",
    DropMissingColumns: lambda st: "complete_columns",
    CountMissing: lambda st: (
        {"count": "n_", "fraction": "share_", "percent": "pct_"}[st.measure]
        + "missing"
        + ("_by_column" if st.per_column else "" if st.unit == "cells" else "_" + st.unit)
    ),
    Aggregate: lambda st: _by(st.by),
    Join: lambda st: f"with_{st.right}",
    Pivot: lambda st: "pivot",
    Crosstab: lambda st: f"{slug(st.index)}_by_{slug(st.columns)}",
    Melt: lambda st: "long",
    ValueCounts: lambda st: "counts_" + "_".join(slug(c) for c in st.columns[:2]),
    Correlation: lambda st: "corr",
    ScalarAgg: lambda st: "n_rows" if st.column is None else f"{st.func}_{slug(st.column)}",
    ArgBest: lambda st: f"{'max' if st.largest else 'min'}_{slug(st.column)}_{slug(st.label)}",
    FrameInfo: lambda st: st.fact,
    Cast: lambda st: "converted",
    ColumnSlice: lambda st: "columns" if st.part == "range" else f"{st.part}{st.n}_columns",
    Concat: lambda st: "stacked" if st.axis == "rows" else "side_by_side",
    Resample: lambda st: _PERIODIC[st.every] + (f"_{_by(st.by)}" if st.by else ""),
    EachNumeric: lambda st: {"round": "rounded", "abs": "absolute"}.get(st.func, "scaled"),
    Share: lambda st: _share(st, st.condition),
    GroupShare: lambda st: f"{_share(st, st.condition)}_{_by(st.by)}",
    Check: lambda st: _check(st),
    Replace: lambda st: "recoded",
    Plot: lambda st: _CHART[st.kind],
    RowSlice: lambda st: "rows",
    RowLabels: lambda st: "labelled_rows",
    GroupHead: lambda st: f"{'last' if st.last else 'first'}{st.n}_{_by(st.by)}",
}

#: Steps whose name says more than a later step's (a sort after a group-by is still "by carrier").
_WEAK = (
    Sort,
    Head,
    Tail,
    Filter,
    Select,
    Drop,
    Rename,
    DropMissing,
    DropMissingColumns,
    FillMissing,
    DropDuplicates,
    Cast,
    Replace,
    EachNumeric,
    ColumnSlice,
    RowSlice,
    RowLabels,
)


def _rounds_in_place(st: object) -> bool:
    """A column rounded where it stands ("the mean age per occupation, rounded to 2 decimals"):
    the result is still what the step before made."""
    if not isinstance(st, Derive) or not isinstance(st.expr, MathCall) or st.expr.func != "round":
        return False
    return isinstance(st.expr.expr, Col) and st.expr.expr.name == st.name


def _describe(plan: Plan) -> str:
    strong = [st for st in plan.steps if not isinstance(st, _WEAK) and not _rounds_in_place(st)]
    chosen = strong[-1] if strong else plan.steps[0]
    fn = _SUFFIX.get(type(chosen))
    return fn(chosen) if fn else "result"


def _clean(name: str) -> str:
    name = re.sub(r"_+", "_", name).strip("_")[:MAX_LEN].rstrip("_")
    if not name or not name[0].isalpha():
        name = "result_" + name if name else "result"
    return name


def target_name(plan: Plan, taken: set[str]) -> str:
    """A readable identifier for the result that is not a keyword, a builtin or in ``taken``."""
    suffix = _describe(plan)
    base = _clean(f"{plan.source}_{suffix}") if plan.source.isidentifier() else _clean(suffix)
    if not base.isidentifier():
        base = "result"
    candidate, i = base, 2
    while (
        candidate in taken
        or candidate in AVOID
        or keyword.iskeyword(candidate)
        or not candidate.isidentifier()
    ):
        candidate = f"{base}_{i}"
        i += 1
    return candidate
