"""pandas frames as polars or Spark frames (for the CLI, the tests and the benchmarks).

pandas 3 ``str`` columns are handed over as plain object columns with ``None`` for missing, the
form both polars and PySpark's Arrow path read; missing numbers become nulls on both engines.
A local Spark session binds to loopback only.
"""

from __future__ import annotations

import os
import warnings
from typing import Any

import pandas as pd

_SPARK: Any = None


def plain_pandas(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with pandas 3 text columns as object columns holding ``None`` for missing values."""
    out = df.copy()
    for c in out.columns:
        dtype = out[c].dtype
        if pd.api.types.is_string_dtype(dtype) and not pd.api.types.is_object_dtype(dtype):
            out[c] = out[c].astype(object).where(out[c].notna(), None)
    return out


def local_spark() -> Any:
    """One local Spark session (``local[2]``, loopback only, no UI, Arrow on, UTC)."""
    global _SPARK
    if _SPARK is None:
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        from pyspark.sql import SparkSession

        _SPARK = (
            SparkSession.builder.master("local[2]")
            .appName("pandascribe")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.execution.arrow.pyspark.enabled", "true")
            .config("spark.sql.session.timeZone", "UTC")
            .getOrCreate()
        )
        _SPARK.sparkContext.setLogLevel("ERROR")
    return _SPARK


def to_engine(df: pd.DataFrame, engine: str, spark: Any = None) -> Any:
    """``df`` as a frame of ``engine`` (``"pandas"`` returns it unchanged)."""
    if engine == "polars":
        import polars as pl

        return pl.from_pandas(plain_pandas(df))
    if engine == "spark":
        with warnings.catch_warnings():  # PySpark's notice that pandas 3 is not fully supported
            warnings.filterwarnings("ignore", message="PySpark does not yet fully support pandas")
            return (spark or local_spark()).createDataFrame(plain_pandas(df))
    return df


def to_pandas(value: Any) -> Any:
    """An engine's result as pandas (a scalar is returned as it is)."""
    mod = type(value).__module__.split(".")[0]
    if mod == "polars" and hasattr(value, "to_pandas"):
        return value.to_pandas()
    if mod == "pyspark" and hasattr(value, "toPandas"):
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="PySpark does not yet fully support pandas")
            return value.toPandas()
    return value
