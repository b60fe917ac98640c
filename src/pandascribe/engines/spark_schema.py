"""The schema of a Spark DataFrame, read with bounded cost: ``df.schema`` (no job at all) plus one
bounded sample, ``df.limit(SAMPLE_ROWS)``, for the distinct values of text columns and for missing
values. Never a ``count()`` or a full scan: a Spark frame may be a table of billions of rows on a
cluster. The result is cached per frame object (Spark frames are immutable).

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
    """The schema of one Spark DataFrame (cached per frame object)."""

    def build() -> FrameSchema:
        from pyspark.sql import functions as F  # noqa: N812

        fields = list(df.schema.fields)
        kinds = [kind_of(f.dataType) for f in fields]
        sample = df.limit(SAMPLE_ROWS)
        text = [f.name for f, k in zip(fields, kinds, strict=True) if k == "text"]
        # one job: missing values per column, and the sample's size
        marks = [F.sum(F.col(f"`{f.name.replace('`', '``')}`").isNull().cast("int")) for f in fields]
        if any(k == "float" for k in kinds):
            marks += [
                F.sum(F.isnan(F.col(f"`{f.name.replace('`', '``')}`")).cast("int"))
                for f, k in zip(fields, kinds, strict=True)
                if k == "float"
            ]
        row = sample.agg(F.count(F.lit(1)), *marks).first()
        n = int(row[0] or 0)
        nulls = [int(v or 0) for v in row[1 : 1 + len(fields)]]
        nans = iter(int(v or 0) for v in row[1 + len(fields) :])
        values: dict[str, list[str]] = {}
        distinct: dict[str, int] = {}
        if text:
            with warnings.catch_warnings():  # PySpark's notice that pandas 3 is not fully supported
                warnings.filterwarnings("ignore", message="PySpark does not yet fully support pandas")
                pdf = sample.select(*[F.col(f"`{c.replace('`', '``')}`") for c in text]).toPandas()
            for i, c in enumerate(text):
                counts = pdf.iloc[:, i].dropna().astype(str).value_counts(sort=True)
                distinct[c] = len(counts)
                values[c] = [v for v in counts.index[:MAX_VALUES] if len(v) <= MAX_VALUE_LEN]
        cols = []
        for f, k, null in zip(fields, kinds, nulls, strict=True):
            nan = next(nans) if k == "float" else 0
            full = n < SAMPLE_ROWS  # the sample is the whole frame
            nullable = bool(null or nan) or (f.nullable and not full)
            vals = tuple(values.get(f.name, ()))
            cols.append(
                ColumnInfo(f.name, k, f.dataType.simpleString(), nullable, vals, distinct.get(f.name))
            )
        return FrameSchema(name, n, tuple(cols))

    return _CACHE.get(name, df, build)
