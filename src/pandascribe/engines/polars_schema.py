"""The schema of a polars DataFrame, read with bounded cost.

Missing-value counts are exact and free (polars keeps them per column); float columns are also
checked for NaN, as pandas would count one as missing. Distinct text values come from an evenly
spaced sample of at most :data:`~pandascribe.schema.SAMPLE_ROWS` rows, like the pandas reader.
"""

from __future__ import annotations

from typing import Any

from ..schema import MAX_VALUE_LEN, MAX_VALUES, SAMPLE_ROWS, ColumnInfo, FrameSchema, Kind
from .cache import FrameCache

_CACHE = FrameCache()


def kind_of(dtype: Any) -> Kind:
    """The schema kind of a polars dtype."""
    import polars as pl

    if dtype.is_integer():
        return "integer"
    if dtype.is_float():
        return "float"
    if dtype == pl.Boolean:
        return "bool"
    if dtype == pl.String:
        return "text"
    if isinstance(dtype, pl.Categorical | pl.Enum):
        return "category"
    if isinstance(dtype, pl.Datetime) and dtype.time_zone is None:
        return "datetime"
    return "other"  # dates without a time, time zones, nested types: no operations offered


def _column(df: Any, sample: Any, name: str) -> ColumnInfo:
    import polars as pl

    s = df.get_column(name)
    kind = kind_of(s.dtype)
    nullable = s.null_count() > 0 or (kind == "float" and bool(s.is_nan().any()))
    values: tuple[str, ...] = ()
    n_distinct = None
    if kind in ("text", "category"):
        col = sample.get_column(name).drop_nulls().cast(pl.String).rename("value")
        counts = col.value_counts(sort=True, name="n")
        n_distinct = counts.height
        values = tuple(
            v for v in counts.get_column("value").head(MAX_VALUES).to_list() if len(v) <= MAX_VALUE_LEN
        )
    return ColumnInfo(name, kind, str(s.dtype), nullable, values, n_distinct)


def frame_schema(name: str, df: Any) -> FrameSchema:
    """The schema of one polars DataFrame (cached per frame object)."""

    def build() -> FrameSchema:
        n = df.height
        sample = df if n <= SAMPLE_ROWS else df.gather_every(-(-n // SAMPLE_ROWS))
        return FrameSchema(name, n, tuple(_column(df, sample, c) for c in df.columns))

    return _CACHE.get(name, df, build, (df.height, tuple(df.columns)))
