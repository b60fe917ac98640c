"""English for the steps of :mod:`pandascribe.plan.ops` and :class:`~pandascribe.plan.Resample`
(merged into :data:`.explain.STEP_EXPLAINERS`), and the chart phrase that folds an aggregate into
the chart it feeds ("Bar chart of mean body_mass_g by species").

The phrase helpers (``name``, ``phrase`` …) come in as arguments of :func:`explainers`, so this
module does not import :mod:`.explain` (which imports it).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ..plan import (
    Agg,
    Cast,
    Check,
    ColumnSlice,
    Concat,
    EachNumeric,
    FrameInfo,
    GroupShare,
    Node,
    Plot,
    Replace,
    Resample,
    Share,
)

Phrase = Callable[[Any], str]

FACTS = {
    "n_rows": "the number of rows",
    "n_columns": "the number of columns",
    "columns": "the column names",
    "dtypes": "the type of each column",
    "shape": "the shape (rows, columns)",
    "index": "the index labels, as a list",
    "describe": "summary statistics of each numeric column (count, mean, std, min, quartiles, max)",
    "transpose": "the frame transposed (one row per column)",
    "size": "the number of cells (rows times columns)",
}
CAST_WORDS = {
    "datetime": "dates",
    "number": "numbers",
    "text": "text",
    "category": "categories",
    "float": "floating-point numbers (float64)",
    "integer": "whole numbers (int64)",
}
PERIODS = {
    "hour": "hour",
    "day": "day",
    "week": "week",
    "month": "month",
    "quarter": "quarter",
    "year": "year",
}
CHART = {
    "line": "line chart",
    "bar": "bar chart",
    "barh": "horizontal bar chart",
    "hist": "histogram",
    "scatter": "scatter plot",
    "box": "box plot",
    "area": "area chart",
    "pie": "pie chart",
}
#: An aggregate as a chart names it ("mean body_mass_g", "number of rows").
CHART_AGG = {
    "size": "number of rows",
    "count": "count of {}",
    "sum": "total {}",
    "mean": "mean {}",
    "median": "median {}",
    "min": "minimum {}",
    "max": "maximum {}",
    "std": "standard deviation of {}",
    "var": "variance of {}",
    "sem": "standard error of the mean of {}",
    "nunique": "number of distinct {}",
    "first": "first {}",
    "last": "last {}",
}


def chart_agg(a: Agg, name: Callable[[str], str]) -> str:
    return CHART_AGG[a.func].format(name(a.column or ""))


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def chart(st: Plot, label: Callable[[str], str]) -> str:
    """The chart in words; ``label`` names a column as prose (an aggregate's output by what it
    computes: "mean body_mass_g")."""
    ys = _join([label(y) for y in st.y])
    text = f"{CHART[st.kind]} of {ys}"
    if st.kind == "scatter":
        text += f" against {label(st.x or '')}"
    elif st.x is not None:
        text += f" by {label(st.x)}"
    if st.by is not None:
        one = {"line": "line", "area": "area", "hist": "histogram", "box": "box"}.get(st.kind, "colour")
        text += f", one {one} per {label(st.by)}"
    if st.bins is not None:
        text += f", {st.bins} bins"
    if st.title:
        text += f", titled {st.title!r}"
    return text


def explainers(
    name: Callable[[str], str],
    names: Callable[[Any], str],
    phrase: Callable[[Node], str],
    value: Callable[[Any], str],
    agg: Callable[[str, str | None], str],
) -> Mapping[type[Node], Phrase]:
    """The step phrases, built on :mod:`.explain`'s helpers."""

    def cast(st: Cast) -> str:
        notes = [f"format {st.format!r}"] if st.format is not None else []
        if st.to in ("datetime", "number"):
            notes.append(
                "values that cannot be read become missing"
                if st.errors == "coerce"
                else "stopping at a value that cannot be read"
            )
        if st.to == "integer":
            notes.append("decimals are cut off toward zero")
        extra = f" ({'; '.join(notes)})" if notes else ""
        return f"convert {names(st.columns)} to {CAST_WORDS[st.to]}{extra}"

    def column_slice(st: ColumnSlice) -> str:
        if st.part == "range":
            lo = name(st.start) if st.start is not None else "the first"
            hi = name(st.end) if st.end is not None else "the last"
            return f"keep the columns from {lo} to {hi}"
        verb, which = {
            "first": ("keep", "first"),
            "last": ("keep", "last"),
            "all_but_first": ("drop", "first"),
            "all_but_last": ("drop", "last"),
        }[st.part]
        return f"{verb} the {which} {st.n} column{'s' if st.n != 1 else ''}"

    def concat(st: Concat) -> str:
        if st.axis == "rows":
            return f"add the rows of {names(st.frames)} below (a new index)"
        return f"add the columns of {names(st.frames)} side by side (rows matched by index)"

    def resample(st: Resample) -> str:
        what = ", ".join(agg(a.func, a.column) for a in st.aggs)
        per = f"per {st.every} of {name(st.on)}"
        return f"{what} {per}" + (f" by {names(st.by)}" if st.by else "")

    def each_numeric(st: EachNumeric) -> str:
        v = value(st.value)
        text = {
            "add": f"add {v} to every numeric column",
            "sub": f"subtract {v} from every numeric column",
            "mul": f"multiply every numeric column by {v}",
            "div": f"divide every numeric column by {v}",
            "floordiv": f"floor-divide every numeric column by {v}",
            "mod": f"take every numeric column modulo {v}",
            "pow": f"raise every numeric column to the power {v}",
            "round": f"round every numeric column to {v} decimals",
            "abs": "take the absolute value of every numeric column",
        }[st.func]
        return text + (f" except {names(st.exclude)}" if st.exclude else "")

    def share(st: Share | GroupShare) -> str:
        text = f"the {'percentage' if st.percent else 'share'} of rows where {phrase(st.condition)}"
        if isinstance(st, GroupShare):
            text += f" within each {names(st.by)}, as {name(st.name)}"
        return text

    def check(st: Check) -> str:
        if st.condition is not None:
            return f"whether {'any row' if st.test == 'any' else 'every row'} has {phrase(st.condition)}"
        if st.test == "duplicates":
            if not st.columns:
                return "whether any row is repeated"
            if len(st.columns) == 1:
                return f"whether any value of {name(st.columns[0])} is repeated"
            return f"whether any combination of {names(st.columns)} is repeated"
        where = f" in {names(st.columns)}" if st.columns else ""
        return f"whether any value{where} is missing"

    def replace(st: Replace) -> str:
        pairs = ", ".join(f"{value(p.old)} to {value(p.new)}" for p in st.pairs)
        if st.unmatched == "keep":
            return f"in {name(st.column)}, change {pairs}"
        return f"in {name(st.column)}, map {pairs} (any other value becomes missing)"

    return {
        FrameInfo: lambda st: FACTS[st.fact],
        Cast: cast,
        ColumnSlice: column_slice,
        Concat: concat,
        Resample: resample,
        EachNumeric: each_numeric,
        Share: share,
        GroupShare: share,
        Check: check,
        Replace: replace,
        Plot: lambda st: chart(st, name),
    }
