"""The schema of a Spark DataFrame, read with bounded cost: ``df.schema`` (no job at all) plus
one bounded sample, ``df.limit(SAMPLE_ROWS)`` brought over once, for the distinct values of text
columns and for missing values. Never a ``count()`` or a full scan: a Spark frame may be a table
of billions of rows on a cluster. The result is cached per frame object (Spark frames are immutable).

``n_rows`` is the sample's size, so it is a lower bound when the sample is full.
"""

from __future__ import annotations

import warnings
from typing import Any

from ..schema import MAX_VALUE_LEN, MAX_VALUES, ColumnInfo, FrameSchema, Kind
from .cache import FrameCache

#: rows read per frame to learn text values (Spark reads only as many partitions as it needs)
SAMPLE_ROWS = 20_000

_CACHE = FrameCache()

_KINDS: dict[str, Kind] = {
    "ByteType": "integer",
    "ShortType": "integer",
    "IntegerType": "integer",
    "LongType": "integer",
    "FloatType": "float",
    "DoubleType": "float",
    "BooleanType": "bool",
    "StringType": "text",
    "TimestampType": "datetime",
    "TimestampNTZType": "datetime",
}


def kind_of(dtype: Any) -> Kind:
    """The schema kind of a Spark data type (by class name, so no import is needed)."""
    return _KINDS.get(type(dtype).__name__, "other")


def frame_schema(name: str, df: Any) -> FrameSchema:
    """The schema of one Spark DataFrame (cached per frame object): one bounded job brings the
    first :data:`SAMPLE_ROWS` rows over (Arrow), which give missing values and text values."""

    def build() -> FrameSchema:
        fields = list(df.schema.fields)
        with warnings.catch_warnings():  # PySpark's notice that pandas 3 is not fully supported
            warnings.filterwarnings("ignore", message="PySpark does not yet fully support pandas")
            sample = df.limit(SAMPLE_ROWS).toPandas()
        full = len(sample) < SAMPLE_ROWS  # the sample is the whole frame
        cols = []
        for i, f in enumerate(fields):
            kind = kind_of(f.dataType)
            s = sample.iloc[:, i]
            nullable = bool(s.isna().any()) or (f.nullable and not full)
            values: tuple[str, ...] = ()
            n_distinct = None
            if kind == "text":
                counts = s.dropna().astype(str).value_counts(sort=True)
                n_distinct = len(counts)
                values = tuple(v for v in counts.index[:MAX_VALUES] if len(v) <= MAX_VALUE_LEN)
            cols.append(ColumnInfo(f.name, kind, f.dataType.simpleString(), nullable, values, n_distinct))
        return FrameSchema(name, len(sample), tuple(cols))

    return _CACHE.get(name, df, build)
