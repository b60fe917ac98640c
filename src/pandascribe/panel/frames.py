"""Which DataFrames the panel offers, and the one-glance description shown when one is picked.

Describing a frame reads only its shape and dtypes: never a scan of the data, so a 10M-row frame
is as quick to pick as a small one. polars and Spark frames are offered too; a Spark frame's row
count is not read at all (it may be a table on a cluster), and previews take only its first rows
(``limit``), never a full collect.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

import pandas as pd

from ..engines import engine_of

#: Columns listed in a frame's description; the rest are counted.
MAX_COLUMNS_SHOWN = 40


def dataframes_in(namespace: Mapping[str, Any]) -> dict[str, pd.DataFrame]:
    """The user's DataFrames by name, sorted (IPython's ``_``, ``_3``, ``Out`` … are left out, as
    the magic leaves them out)."""
    found = {
        name: value
        for name, value in list(namespace.items())
        if not name.startswith("_") and name.isidentifier() and engine_of(value) is not None
    }
    return dict(sorted(found.items()))


def leading_rows(df: Any, n: int) -> Any:
    """The first ``n`` rows of a frame of any engine, as a frame of that engine (Spark: ``limit``)."""
    return df.limit(n) if engine_of(df) == "spark" else df.head(n)


def row_count(df: Any) -> int | None:
    """A frame's row count where it is free to know (None for Spark, where it would be a job)."""
    return None if engine_of(df) == "spark" else len(df)


def _columns_and_dtypes(df: Any) -> list[tuple[str, Any]]:
    engine = engine_of(df)
    if engine == "polars":
        return [(c, _polars_label(t)) for c, t in df.schema.items()]
    if engine == "spark":
        from ..engines.spark_schema import kind_of

        return [
            (f.name, _KIND_LABELS.get(kind_of(f.dataType), f.dataType.simpleString()))
            for f in df.schema.fields
        ]
    return list(df.dtypes.items())


_KIND_LABELS = {"integer": "int", "float": "float", "bool": "bool", "text": "text", "datetime": "datetime"}


def _polars_label(dtype: Any) -> str:
    from ..engines.polars_schema import kind_of

    return _KIND_LABELS.get(kind_of(dtype), str(dtype))


def _dtype_label(dtype: Any) -> str:
    if isinstance(dtype, str):  # already a label (polars, Spark)
        return dtype
    if pd.api.types.is_string_dtype(dtype):
        return "text"
    if pd.api.types.is_bool_dtype(dtype):
        return "bool"
    if pd.api.types.is_integer_dtype(dtype):
        return "int"
    if pd.api.types.is_float_dtype(dtype):
        return "float"
    if pd.api.types.is_datetime64_any_dtype(dtype):
        return "datetime"
    if isinstance(dtype, pd.CategoricalDtype):
        return "category"
    return str(dtype)


def describe_frame(name: str, df: Any) -> str:
    """HTML: ``penguins — 344 rows × 8 columns`` and the columns with their kinds (a Spark frame:
    ``flights — Spark DataFrame × 19 columns``, its rows are not counted)."""
    dtypes = _columns_and_dtypes(df)
    rows, cols = row_count(df), len(dtypes)
    size = f"{rows:,} row{'s' if rows != 1 else ''}" if rows is not None else "Spark DataFrame"
    head = f"<b>{html.escape(name)}</b> — {size} × {cols:,} column{'s' if cols != 1 else ''}"
    shown = [
        f"<code>{html.escape(str(col))}</code> <span style='color:#777'>{_dtype_label(dtype)}</span>"
        for col, dtype in dtypes[:MAX_COLUMNS_SHOWN]
    ]
    more = cols - len(shown)
    if more > 0:
        shown.append(f"… and {more:,} more")
    columns = ", ".join(shown) if shown else "(no columns)"
    return f"<div>{head}</div><div style='line-height:1.5'>Columns: {columns}</div>"
