"""Part 1: how long ``pandascribe.compile`` takes with the rules backend.

Requests: the project's evaluation cases (``tests/eval/cases.py``, plus ``../shared/eval/dev_cases.py``
when that exists) over their real datasets, and the emitted-code benchmark's requests over a small
synthetic flights frame. Then the flights requests again on a large synthetic flights frame: the
first request with a cold schema cache (the summary of the frame is built then), and warm.

Refusals (CompileError) are counted apart from successes but timed too: a refusal must be as quick
as an answer. Any other exception is a crash, counted and shown.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Mapping
from typing import Any

import pandas as pd

from .common import (
    Skip,
    airlines_frame,
    flights_frame,
    load_cases,
    load_dataset,
    require,
    section,
    summary,
    table,
)
from .emitted_speed import REQUESTS


def _probe(ps: Any) -> None:
    """Fail fast (as a skip) when the compiler's own parts are not there yet."""
    frame = pd.DataFrame({"a": [1, 2, 3]})
    try:
        ps.compile("rows where a > 1", {"df": frame})
    except ps.CompileError:
        pass
    except ImportError as exc:
        raise Skip(f"pandascribe.compile cannot run yet: {type(exc).__name__}: {exc}") from None


def _clear_schema_cache() -> None:
    """Forget cached frame summaries so the next compile pays for the schema (cold start)."""
    schema = require("pandascribe.schema")
    cache = getattr(schema, "_CACHE", None)
    if cache is not None:
        cache.clear()


class Tally:
    """Times and outcomes of many compiles."""

    def __init__(self) -> None:
        self.times: dict[str, list[float]] = {"ok": [], "refused": [], "crash": []}
        self.cpu: list[float] = []  # CPU seconds of every compile (less disturbed by other work)
        self.crashes: dict[str, str] = {}
        self.outcome: dict[str, str] = {}

    def compile(
        self, ps: Any, key: str, request: str, frames: Mapping[str, pd.DataFrame], source: str
    ) -> float:
        c0, t0 = time.process_time(), time.perf_counter()
        try:
            ps.compile(request, frames, source=source)
            kind = "ok"
        except ps.CompileError:
            kind = "refused"
        except Exception as exc:
            kind = "crash"
            self.crashes.setdefault(f"{type(exc).__name__}: {str(exc)[:120]}", key)
        dt = time.perf_counter() - t0
        self.cpu.append(time.process_time() - c0)
        self.times[kind].append(dt)
        self.outcome[key] = kind
        return dt

    def rows(self, label: str) -> list[list[object]]:
        """Table rows: all compiles (with CPU-time percentiles), then each outcome."""
        everything = [t for v in self.times.values() for t in v]
        c = summary(self.cpu)
        out = []
        for name, samples in (("all", everything), *self.times.items()):
            if not samples and name != "all":
                continue
            s = summary(samples)
            cpu = [c["p50_ms"], c["p95_ms"]] if name == "all" else [float("nan")] * 2
            out.append([label, name, s["n"], s["p50_ms"], s["p95_ms"], s["max_ms"], *cpu])
        return out


def _eval_suite(cases: list[dict[str, Any]], loaders: dict[str, Any]) -> tuple[list[tuple], int]:
    """(key, request, frames, source) for every case whose datasets can be loaded."""
    cache: dict[str, pd.DataFrame | None] = {}
    out, missing = [], 0
    for case in cases:
        names = list(case["frames"])
        for n in names:
            if n not in cache:
                cache[n] = load_dataset(n, loaders)
        if any(cache[n] is None for n in names):
            missing += 1
            continue
        frames = {n: cache[n] for n in names}
        out.append((case["id"], case["request"], frames, case.get("source", names[0])))
    return out, missing


def run(quick: bool, ctx: dict[str, Any]) -> None:
    section("1. Compile latency (rules backend)")
    ps = require("pandascribe")
    t0 = time.perf_counter()
    _probe(ps)
    first_call = time.perf_counter() - t0
    repeats = 2 if quick else 5

    cases, loaders, used = load_cases()
    if quick:
        cases = cases[:40]
    suite, missing = _eval_suite(cases, loaders)
    small = flights_frame(20_000, seed=1)
    frames_small = {"flights": small, "airlines": airlines_frame()}
    bench_suite = [(r.id, r.request, frames_small, "flights") for r in REQUESTS]
    print(
        f"cases read from: {', '.join(used) or '(none found)'}; "
        f"{len(suite)} evaluation requests runnable, {missing} skipped for a missing dataset package"
    )
    print(f"first compile in this process (imports the parser and generator): {first_call * 1e3:.0f} ms\n")

    rows: list[list[object]] = []
    results: dict[str, Any] = {"first_call_ms": first_call * 1e3}
    for label, items in (
        ("eval cases, real datasets", suite),
        ("benchmark requests, 20k-row flights", bench_suite),
    ):
        if not items:
            continue
        for key, req, frames, src in items:  # warm schemas and lazy imports; not timed
            Tally().compile(ps, key, req, frames, src)
        tally = Tally()
        for _ in range(repeats):
            for key, req, frames, src in items:
                tally.compile(ps, key, req, frames, src)
        rows += tally.rows(label)
        results[label] = tally
        for msg, key in list(tally.crashes.items())[:5]:
            print(f"  crash in {key}: {msg}")

    n_big = 100_000 if quick else 10_000_000
    big = ctx.get("big_flights")
    if big is None or len(big) != n_big:
        t0 = time.perf_counter()
        big = flights_frame(n_big)
        ctx["big_flights"] = big
        print(f"(built a {n_big:,}-row synthetic flights frame in {time.perf_counter() - t0:.1f} s)")
    frames_big = {"flights": big, "airlines": airlines_frame()}
    big_items = [(r.id, r.request, frames_big, "flights") for r in REQUESTS]
    for key, req, frames, src in suite:
        if "flights" in frames and src == "flights":
            big_items.append((key, req, {**frames, "flights": big}, src))

    schema = require("pandascribe.schema")
    _clear_schema_cache()
    gc.collect()
    t0 = time.perf_counter()
    schema.schemas_for({"flights": big})
    schema_cold = time.perf_counter() - t0
    t0 = time.perf_counter()
    schema.schemas_for({"flights": big})
    schema_warm = time.perf_counter() - t0

    cold = Tally()
    cold_times = []
    for key, req, frames, src in big_items[: 1 if quick else 3]:
        _clear_schema_cache()
        cold_times.append(cold.compile(ps, key, req, frames, src))
    first = cold_times[0] if cold_times else None
    warm = Tally()
    for key, req, frames, src in big_items:  # warm-up pass, untimed
        Tally().compile(ps, key, req, frames, src)
    for _ in range(repeats):
        for key, req, frames, src in big_items:
            warm.compile(ps, key, req, frames, src)
    label = f"{n_big:,}-row flights"
    rows += cold.rows(label + ", cold schema")
    rows += warm.rows(label + ", warm")
    for msg, key in list(warm.crashes.items())[:5]:
        print(f"  crash in {key}: {msg}")

    print(table(["requests", "outcome", "n", "p50 ms", "p95 ms", "max ms", "cpu p50 ms", "cpu p95 ms"], rows))
    print(
        f"\nschema summary of the {n_big:,}-row frame: cold {schema_cold * 1e3:.0f} ms, "
        f"cached {schema_warm * 1e3:.2f} ms"
    )
    if first is not None:
        print(
            f"first request on the {n_big:,}-row frame (cold schema): {first * 1e3:.0f} ms "
            f"({big_items[0][0]}: {cold.outcome[big_items[0][0]]})"
        )
    warm_all = [t for v in warm.times.values() for t in v]
    results.update(
        big_rows=n_big,
        schema_cold_ms=schema_cold * 1e3,
        first_big_ms=first * 1e3 if first is not None else None,
        warm_big=summary(warm_all),
        warm_big_cpu=summary(warm.cpu),
        warm_big_outcomes=dict(warm.outcome),
    )
    small_all = [
        t
        for label in results
        if isinstance(results[label], Tally)
        for v in results[label].times.values()
        for t in v
    ]
    small_cpu = [t for label in results if isinstance(results[label], Tally) for t in results[label].cpu]
    results["warm_small"] = summary(small_all)
    results["warm_small_cpu"] = summary(small_cpu)
    p95 = max(results["warm_small"]["p95_ms"], results["warm_big"]["p95_ms"])
    p95_cpu = max(results["warm_small_cpu"]["p95_ms"], results["warm_big_cpu"]["p95_ms"])
    print(
        f"\ngoal p95 ≤ 10 ms warm: wall {'met' if p95 <= 10 else 'MISSED'} (worst p95 {p95:.2f} ms), "
        f"CPU time {'met' if p95_cpu <= 10 else 'MISSED'} (worst p95 {p95_cpu:.2f} ms); "
        f"goal first request on {n_big:,} rows ≤ 1 s: "
        + ("n/a" if first is None else "met" if first <= 1 else "MISSED")
    )
    ctx["compile"] = results
