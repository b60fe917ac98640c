"""Which plans the panel may preview, and on what: a size estimate made *before* running.

The preview runs the code on the first :data:`PREVIEW_ROWS` rows of each frame it reads. Most
steps give at most as many rows as they get; three can give far more, and are estimated from the
sample's key multiplicities first:

* a join gives Σ over key values of (left rows × right rows) — a self-join on a constant key squares
  the sample — plus the unmatched rows (a bound for every ``how``);
* a pivot gives (distinct index combinations) × (distinct column values) cells;
* a crosstab gives (distinct index values) × (distinct column values) cells;
* a resample without groups gives one row per period between the first and the last date (an
  hourly resample of dates decades apart is millions of rows).

A plan whose estimate passes :data:`PREVIEW_MAX_CELLS` (rows × columns), that joins more than once,
or whose join keys are made by an earlier step (so they cannot be counted beforehand) is not
previewed: :func:`preview_refusal` says why, and Run / Insert cell remain the user's choice.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from ..plan import Crosstab, Join, Pivot, Plan, Resample

PREVIEW_ROWS = 10_000
#: The most cells (rows × columns) a preview may produce, by the estimate below.
PREVIEW_MAX_CELLS = 2_000_000
#: Seconds in each resample period (the shortest month/quarter/year, so the estimate is an upper bound).
_PERIOD_S = {"hour": 3600, "day": 86_400, "week": 604_800, "month": 28 * 86_400, "quarter": 89 * 86_400,
             "year": 365 * 86_400}  # fmt: skip


def sample_of(df: pd.DataFrame) -> pd.DataFrame:
    return df.head(PREVIEW_ROWS)


def _join_rows(left: pd.DataFrame, right: pd.DataFrame, st: Join) -> int | None:
    if not set(st.left_on) <= set(left.columns) or not set(st.right_on) <= set(right.columns):
        return None
    lk = left[list(st.left_on)].value_counts(dropna=False)
    rk = right[list(st.right_on)].value_counts(dropna=False)
    rk.index.names = lk.index.names  # right_on may be named differently
    matched = int((lk * rk.reindex(lk.index, fill_value=0)).sum())
    return matched + len(left) + len(right)


def _distinct(df: pd.DataFrame, cols: list[str]) -> int | None:
    if not set(cols) <= set(df.columns):
        return None
    return max(1, len(df[cols].drop_duplicates()))


def _periods(df: pd.DataFrame, st: Resample) -> int | None:
    if st.on not in df.columns:
        return None
    dates = pd.to_datetime(df[st.on], errors="coerce").dropna()
    if dates.empty:
        return 1
    span = (dates.max() - dates.min()).total_seconds()
    return int(span // _PERIOD_S[st.every]) + 1


def preview_refusal(plan: Plan, frames: Mapping[str, pd.DataFrame]) -> str | None:
    """None when ``plan`` may be previewed on the samples; else one line saying why not."""
    joins = [st for st in plan.steps if isinstance(st, Join)]
    if len(joins) > 1:
        return f"the plan joins {len(joins)} times, which a preview cannot bound"
    source = sample_of(frames[plan.source])
    for i, st in enumerate(plan.steps):
        if isinstance(st, Join):
            if st.right not in frames:
                return f"the plan joins {st.right!r}, which is not a DataFrame here"
            if any(isinstance(prev, Join) for prev in plan.steps[:i]):
                return "the plan joins more than once"
            rows = _join_rows(source, sample_of(frames[st.right]), st)
            if rows is None:
                return "the join's keys are computed by an earlier step, so its size cannot be estimated"
            width = len(source.columns) + len(frames[st.right].columns)
            if rows * width > PREVIEW_MAX_CELLS:
                return (
                    f"the join would give about {rows:,} rows on the preview sample "
                    f"(over {PREVIEW_MAX_CELLS:,} cells)"
                )
        elif isinstance(st, Pivot | Crosstab):
            index = list(st.index) if isinstance(st, Pivot) else [st.index]
            a, b = _distinct(source, index), _distinct(source, [st.columns])
            if a is None or b is None:
                continue  # made by an earlier step: bounded by the sample's rows below
            if a * b > PREVIEW_MAX_CELLS:
                return f"the {st.op} would have about {a:,} × {b:,} cells on the preview sample"
        elif isinstance(st, Resample) and not st.by:
            periods = _periods(source, st)
            if periods is not None and periods * (len(st.aggs) + 1) > PREVIEW_MAX_CELLS:
                return f"the resample by {st.every} would give about {periods:,} rows on the preview sample"
    return None
