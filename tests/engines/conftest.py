"""Fixtures for the engine tests: one real local Spark session per test run, engine frames of the
real datasets converted once per session, and the value-based comparison of answers.

Spark runs on ``local[2]`` bound to loopback (``SPARK_LOCAL_IP``, driver host and bind address
127.0.0.1), without its web UI, with Arrow on and UTC as the session time zone. Only PySpark's
notice that it does not fully support pandas 3 is silenced; every other warning stays visible.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterator
from typing import Any

import pytest

PANDAS3_NOTICE = "PySpark does not yet fully support pandas"


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    """The test run's one SparkSession (skipped cleanly where PySpark or Java is missing)."""
    pytest.importorskip("pyspark", reason="pyspark is not installed (pip install 'pandascribe[spark]')")
    import shutil

    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        pytest.skip("Spark needs a Java runtime (Debian: apt-get install openjdk-17-jre-headless)")
    os.environ["SPARK_LOCAL_IP"] = "127.0.0.1"
    warnings.filterwarnings("ignore", message=PANDAS3_NOTICE)
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[2]")
        .appName("pandascribe-tests")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.shuffle.partitions", "4")  # small data on two cores: few, small shuffles
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(autouse=True)
def _quiet_pandas3_notice() -> Iterator[None]:
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=PANDAS3_NOTICE)
        yield
