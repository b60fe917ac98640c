"""Part 6: one Plan, three engines — the code pandascribe emits for polars and for Spark against
the code it emits for pandas, for the same requests on the same flights-like frame.

Each request of part 2 is compiled once per engine (frames of that engine, so each engine's own
schema reader runs); the emitted code runs in a namespace with the engine's names. polars and
pandas are timed on the large frame (best of k, alternating which goes first, wall and CPU time
of this process — polars' worker threads count in its CPU time); both answers are checked to be
the same before a ratio is reported. Spark runs on ``local[2]`` on a smaller frame (one small
machine, a JVM and a shuffle per group-by: expected slower than both; its CPU time is in the JVM
and not measured); a Spark result is forced with a no-op write. Compile time is measured per
engine on a new frame object (first request: the schema is read) and again (warm: cached).
"""

from __future__ import annotations

import builtins
import os
import statistics
import time
import warnings
from typing import Any

import pandas as pd

from .common import Skip, airlines_frame, flights_frame, require, same_answer, section, table
from .emitted_speed import REQUESTS, _timed, race, runs_for

QUICK_ROWS, FULL_ROWS = 20_000, 10_000_000
SPARK_ROWS = 1_000_000
QUICK_IDS = ("filter-and", "group-mean", "top-n")


def _rows(quick: bool) -> int:
    return QUICK_ROWS if quick else int(os.environ.get("PANDASCRIBE_BENCH_ENGINE_ROWS", FULL_ROWS))


def _compile(ps: Any, request: str, frames: dict[str, Any]) -> tuple[Any, str]:
    try:
        return ps.compile(request, frames, source="flights"), ""
    except ps.CompileError as exc:
        return None, str(exc).splitlines()[0][:90]


def _namespace(engine: str, frames: dict[str, Any]) -> dict[str, Any]:
    from pandascribe.engines import namespace

    return {**namespace(engine), **frames}


def _compile_times(ps: Any, frames_by_engine: dict[str, dict[str, Any]], make: dict[str, Any]) -> None:
    """First (schema read on a new frame object) and warm compile of one request per engine."""
    rows = []
    for engine, frames in frames_by_engine.items():
        fresh = {"flights": make[engine](), "airlines": frames["airlines"]}
        t0, c0 = time.perf_counter(), time.process_time()
        ps.compile("mean arr_delay by carrier", fresh, source="flights")
        first, first_cpu = time.perf_counter() - t0, time.process_time() - c0
        t0, c0 = time.perf_counter(), time.process_time()
        ps.compile("mean arr_delay by carrier", fresh, source="flights")
        rows.append(
            [
                engine,
                first * 1e3,
                first_cpu * 1e3,
                (time.perf_counter() - t0) * 1e3,
                (time.process_time() - c0) * 1e3,
            ]
        )
    print(table(["engine", "first ms", "first CPU ms", "warm ms", "warm CPU ms"], rows))


def _polars_vs_pandas(
    ps: Any, pl: Any, flights: pd.DataFrame, airlines: pd.DataFrame, quick: bool
) -> dict[str, Any]:
    from pandascribe.engines.convert import to_engine

    t0 = time.perf_counter()
    pflights, pairlines = to_engine(flights, "polars"), to_engine(airlines, "polars")
    print(
        f"pandas → polars conversion of {len(flights):,} rows: "
        f"{time.perf_counter() - t0:.2f} s (not timed below)\n"
    )
    pd_env = _namespace("pandas", {"flights": flights, "airlines": airlines})
    pl_env = _namespace("polars", {"flights": pflights, "airlines": pairlines})
    rows, ratios, cpu_ratios = [], [], []
    for req in [r for r in REQUESTS if not quick or r.id in QUICK_IDS]:
        tp, why = _compile(ps, req.request, {"flights": flights, "airlines": airlines})
        tl, why_l = _compile(ps, req.request, {"flights": pflights, "airlines": pairlines})
        if tp is None or tl is None:
            rows.append([req.id, "refused", why or why_l, "", "", "", ""])
            continue
        cp, cl = builtins.compile(tp.code, req.id, "exec"), builtins.compile(tl.code, req.id, "exec")

        def run_pd(cp: Any = cp, tp: Any = tp) -> Any:
            ns = dict(pd_env)
            exec(cp, ns)
            return ns[tp.target]

        def run_pl(cl: Any = cl, tl: Any = tl) -> Any:
            ns = dict(pl_env)
            exec(cl, ns)
            return ns[tl.target]

        pc0, pw0, want = _timed(run_pd)
        lc0, lw0, got = _timed(run_pl)
        same, why = same_answer(got.to_pandas() if hasattr(got, "to_pandas") else got, want, ordered=False)
        del want, got
        k = runs_for(min(pc0, lc0), quick)
        pc, pw, lc, lw = race(run_pd, run_pl, k - 1)
        pdw, plw, pdc, plc = min([pw0, *pw]), min([lw0, *lw]), min([pc0, *pc]), min([lc0, *lc])
        ratio, cpu_ratio = pdw / plw, pdc / plc
        if same:
            ratios.append(ratio)
            cpu_ratios.append(cpu_ratio)
        rows.append(
            [req.id, "ok" if same else f"DIFFERENT: {why}", pdw * 1e3, plw * 1e3, ratio, pdc * 1e3, plc * 1e3]
        )
    print(
        table(
            [
                "request",
                "status",
                "pandas ms",
                "polars ms",
                "speed-up (wall)",
                "pandas CPU ms",
                "polars CPU ms",
            ],
            rows,
        )
    )
    out = {"n": len(ratios)}
    if ratios:
        out.update(
            median=statistics.median(ratios), worst=min(ratios), median_cpu=statistics.median(cpu_ratios)
        )
        goal = "met" if out["median"] >= 2 or len(flights) < 3_000_000 else "MISSED"
        print(
            f"\npolars vs pandas on {len(flights):,} rows, {len(ratios)} requests: median speed-up "
            f"{out['median']:.1f}× (wall), worst {out['worst']:.2f}×; median CPU-time ratio "
            f"{out['median_cpu']:.2f}× (goal on 3M+ rows: median ≥ 2× — {goal})"
        )
    return out


def _spark(ps: Any, quick: bool) -> None:
    from pandascribe.engines.convert import local_spark, to_engine

    n = 20_000 if quick else int(os.environ.get("PANDASCRIBE_BENCH_SPARK_ROWS", SPARK_ROWS))
    flights, airlines = flights_frame(n), airlines_frame()
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="PySpark does not yet fully support pandas")
        t0 = time.perf_counter()
        spark = local_spark()
        print(f"Spark session start: {time.perf_counter() - t0:.1f} s")
        t0 = time.perf_counter()
        sflights, sairlines = to_engine(flights, "spark", spark).cache(), to_engine(airlines, "spark", spark)
        sflights.count()  # materialise the cache once (the benchmark's own call, not emitted code)
        print(f"pandas → Spark conversion of {n:,} rows (cached): {time.perf_counter() - t0:.1f} s\n")
        env = _namespace("spark", {"flights": sflights, "airlines": sairlines})
        pd_env = _namespace("pandas", {"flights": flights, "airlines": airlines})
        rows = []
        for req in [r for r in REQUESTS if not quick or r.id in QUICK_IDS]:
            ts, why = _compile(ps, req.request, {"flights": sflights, "airlines": sairlines})
            tp, _ = _compile(ps, req.request, {"flights": flights, "airlines": airlines})
            if ts is None or tp is None:
                rows.append([req.id, "refused", why, ""])
                continue
            ns = dict(env)
            t0 = time.perf_counter()
            exec(builtins.compile(ts.code, req.id, "exec"), ns)
            value = ns[ts.target]
            if hasattr(value, "write"):
                value.write.format("noop").mode("overwrite").save()
            spark_s = time.perf_counter() - t0
            ns = dict(pd_env)
            t0 = time.perf_counter()
            exec(builtins.compile(tp.code, req.id, "exec"), ns)
            rows.append([req.id, "ok", spark_s * 1e3, (time.perf_counter() - t0) * 1e3])
    print(table(["request", "status", f"Spark local[2] ms ({n:,} rows)", "pandas ms (same rows)"], rows))


def run(quick: bool, ctx: dict[str, Any]) -> None:
    ps = require("pandascribe")
    if not hasattr(ps.compile("number of rows", {"t": pd.DataFrame({"a": [1]})}), "engine"):
        raise Skip("pandascribe.compile has no engine yet")
    try:
        pl = require("polars")
    except Skip:
        raise Skip("polars is not installed (pip install 'pandascribe[polars]')") from None
    from pandascribe.engines.convert import to_engine

    section("Engines: emitted polars vs emitted pandas")
    n = _rows(quick)
    t0 = time.perf_counter()
    flights = (
        ctx.get("big_flights")
        if ctx.get("big_flights") is not None and len(ctx["big_flights"]) == n
        else flights_frame(n)
    )
    airlines = airlines_frame()
    print(f"flights-like frame: {n:,} rows ({time.perf_counter() - t0:.1f} s to build)")
    ctx["engines"] = _polars_vs_pandas(ps, pl, flights, airlines, quick)

    section("Engines: compile time with each engine's schema reader")
    small = flights_frame(20_000 if quick else 200_000)
    make: dict[str, Any] = {"pandas": lambda: small.copy(), "polars": lambda: to_engine(small, "polars")}
    frames_by_engine: dict[str, dict[str, Any]] = {
        "pandas": {"airlines": airlines},
        "polars": {"airlines": to_engine(airlines, "polars")},
    }
    spark_ok = not quick and _have_spark()
    if spark_ok:
        from pandascribe.engines.convert import local_spark

        make["spark"] = lambda: to_engine(small, "spark", local_spark())
        frames_by_engine["spark"] = {"airlines": to_engine(airlines, "spark", local_spark())}
    print(
        f"one request ('mean arr_delay by carrier') on a {len(small):,}-row frame, "
        "a new frame object per engine\n"
    )
    _compile_times(ps, frames_by_engine, make)

    section("Engines: Spark local[2]")
    if quick:
        print("skipped in --quick (a Spark session alone takes longer than the whole quick run here)")
        return
    if not spark_ok:
        raise Skip("pyspark or Java is not installed (pip install 'pandascribe[spark]'; Java >= 17)")
    _spark(ps, quick)


def _have_spark() -> bool:
    import importlib.util
    import shutil

    return importlib.util.find_spec("pyspark") is not None and (
        shutil.which("java") is not None or "JAVA_HOME" in os.environ
    )
