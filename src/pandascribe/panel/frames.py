"""Which DataFrames the panel offers, and the one-glance description shown when one is picked.

Describing a frame reads only its shape and dtypes: never a scan of the data, so a 10M-row frame
is as quick to pick as a small one.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

import pandas as pd

#: Columns listed in a frame's description; the rest are counted.
MAX_COLUMNS_SHOWN = 40


def dataframes_in(namespace: Mapping[str, Any]) -> dict[str, pd.DataFrame]:
    """The user's DataFrames by name, sorted (IPython's ``_``, ``_3``, ``Out`` … are left out, as
    the magic leaves them out)."""
    found = {
        name: value
        for name, value in list(namespace.items())
        if not name.startswith("_") and name.isidentifier() and isinstance(value, pd.DataFrame)
    }
    return dict(sorted(found.items()))


def _dtype_label(dtype: Any) -> str:
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


def describe_frame(name: str, df: pd.DataFrame) -> str:
    """HTML: ``penguins — 344 rows × 8 columns`` and the columns with their kinds."""
    rows, cols = df.shape
    head = (
        f"<b>{html.escape(name)}</b> — {rows:,} row{'s' if rows != 1 else ''} × "
        f"{cols:,} column{'s' if cols != 1 else ''}"
    )
    shown = [
        f"<code>{html.escape(str(col))}</code> <span style='color:#777'>{_dtype_label(dtype)}</span>"
        for col, dtype in list(df.dtypes.items())[:MAX_COLUMNS_SHOWN]
    ]
    more = cols - len(shown)
    if more > 0:
        shown.append(f"… and {more:,} more")
    columns = ", ".join(shown) if shown else "(no columns)"
    return f"<div>{head}</div><div style='line-height:1.5'>Columns: {columns}</div>"
