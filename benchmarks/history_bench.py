"""Part 3: the SQLite history — append latency with many entries stored, full-text search latency,
and the throughput of four processes writing at once.

Written against the documented API: ``pandascribe.history.open_history(settings)`` returns a store
with ``record(...)`` and ``search(...)``. ``record``'s parameters are filled in by name (request,
code, source, backend, outcome, …) from its signature, so the benchmark follows the store as it
evolves; a required parameter it cannot fill is reported, not guessed. The file is a temporary one
given through ``PANDASCRIBE_HISTORY_PATH``.
"""

from __future__ import annotations

import inspect
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from .common import ROOT, Skip, require, section, summary, table

TEMPLATES = [
    "mean {num} by {cat}",
    "rows where {num} > {n}",
    "sort by {num} descending",
    "top {k} by {num}",
    "count rows by {cat} and {cat2}",
    "drop rows where {num} is missing",
    "rows where {cat} is {val}",
    "total {num} by {cat}, then sort descending",
    "add a column ratio = {num} / {num2}",
    "pivot table of mean {num} with {cat} as rows and {cat2} as columns",
    "number of distinct {cat} per {cat2}",
]
NUMS = [
    "arr_delay",
    "dep_delay",
    "distance",
    "air_time",
    "body_mass_g",
    "flipper_length_mm",
    "Horsepower",
    "price",
]
CATS = ["carrier", "origin", "dest", "month", "species", "island", "sex", "Origin", "symbol"]
VALS = ["JFK", "LGA", "EWR", "UA", "Adelie", "Gentoo", "Biscoe", "Europe", "AAPL"]


def _request_text(i: int) -> str:
    """Realistic request texts (a few templates over flights, penguins, cars and stocks words), so
    that full-text search sees realistic posting lists: common words match a large share of rows."""
    h = (i * 2654435761) % 2**32
    pick = lambda xs, shift: xs[(h >> shift) % len(xs)]  # noqa: E731
    return pick(TEMPLATES, 0).format(
        num=pick(NUMS, 4),
        num2=pick(NUMS, 8),
        cat=pick(CATS, 12),
        cat2=pick(CATS, 16),
        val=pick(VALS, 20),
        n=(h >> 24) % 120,
        k=3 + (h >> 26) % 10,
    )


def _sample_transform() -> Any:
    from pandascribe.compiler import Transform
    from pandascribe.plan import Col, Compare, Filter, Lit, Plan

    plan = Plan(
        source="flights",
        steps=(Filter(condition=Compare(op="gt", left=Col(name="dep_delay"), right=Lit(value=60))),),
    )
    return Transform(
        code="late = flights[flights['dep_delay'] > 60]",
        target="late",
        plan=plan,
        explanation="Keep rows where dep_delay > 60",
        source="flights",
        request="rows where dep_delay > 60",
    )


def _value_for(name: str, annotation: str, i: int) -> Any:
    """A plausible value for a ``record`` parameter called ``name``; KeyError when unknown."""
    n = name.lower()
    text = _request_text(i)
    if n in ("request", "text", "request_text", "query"):
        return text
    if n == "transform":
        return _sample_transform()
    if n in ("code", "source_code"):
        return f"result_{i % 10} = flights[flights['dep_delay'] > {i % 120}]"
    if n in ("source", "frame", "source_frame"):
        return "flights"
    if n in ("sources", "frames", "frame_names", "source_frames"):
        return (
            ["flights"]
            if "str]" in annotation or "list" in annotation or "Sequence" in annotation
            else "flights"
        )
    if n in ("backend",):
        return "rules"
    if n in ("model",):
        return None
    if n in ("outcome", "status", "result"):
        return "compiled"
    if n in ("plan", "plan_json"):
        return json.dumps({"version": 1, "source": "flights", "steps": []})
    if n in ("target",):
        return "result"
    if n in ("explanation",):
        return "Keep rows where dep_delay > 60"
    if n.startswith("duration") or n in ("elapsed", "elapsed_s", "seconds", "ms"):
        return 3.0 if n.endswith("ms") else 0.003
    if "fingerprint" in n:
        return "0123456789abcdef"
    if n in ("error", "message", "error_message"):
        return None
    raise KeyError(name)


def record_kwargs(record: Any, i: int) -> dict[str, Any]:
    """Keyword arguments for ``store.record`` built from its signature (optional parameters we
    know are filled too; unknown optional ones are left to their defaults)."""
    out: dict[str, Any] = {}
    for p in inspect.signature(record).parameters.values():
        if p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
            continue
        try:
            out[p.name] = _value_for(p.name, str(p.annotation), i)
        except KeyError:
            if p.default is p.empty:
                raise Skip(
                    f"history.record needs {p.name!r}, which this benchmark cannot fill yet "
                    f"(signature: {inspect.signature(record)})"
                ) from None
    return out


def open_store(path: Path) -> Any:
    """The store for ``path`` through the public API (settings from the environment)."""
    history = require("pandascribe.history")
    settings_mod = require("pandascribe.settings")
    if not hasattr(history, "open_history"):
        raise Skip("pandascribe.history has no open_history yet")
    os.environ["PANDASCRIBE_HISTORY_PATH"] = str(path)
    os.environ["PANDASCRIBE_HISTORY"] = "on"
    settings_mod.reset_settings()
    return history.open_history(settings_mod.get_settings())


def _count_entries(path: Path) -> int:
    """Rows in the largest ordinary table of the file (the entries), read with plain sqlite3."""
    con = sqlite3.connect(path, timeout=30)
    try:
        names = [
            r[0]
            for r in con.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' "
                "AND sql NOT LIKE '%VIRTUAL%'"
            )
        ]
        counts = [con.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names if "_fts" not in n]  # noqa: S608
        return max(counts, default=0)
    finally:
        con.close()


WRITER = r"""
import os, sys, time
sys.path.insert(0, sys.argv[3])
from benchmarks.history_bench import open_store, record_kwargs
from pathlib import Path
store = open_store(Path(sys.argv[1]))
n, base = int(sys.argv[2]), int(sys.argv[4])
kwargs = [record_kwargs(store.record, base + i) for i in range(n)]
print("ready", flush=True)
sys.stdin.readline()
t0 = time.perf_counter()
for kw in kwargs:
    store.record(**kw)
print(f"done {time.perf_counter() - t0:.6f}", flush=True)
"""


def concurrent_writers(path: Path, writers: int, per_writer: int) -> dict[str, float]:
    """``writers`` processes append ``per_writer`` entries each, released together."""
    before = _count_entries(path)
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path), str(per_writer), str(ROOT), str(10_000_000 * (w + 1))],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for w in range(writers)
    ]
    for p in procs:
        assert p.stdout is not None
        line = p.stdout.readline().strip()
        if line != "ready":
            err = p.stderr.read() if p.stderr else ""
            raise RuntimeError(f"writer did not start: {line!r} {err[-500:]}")
    t0 = time.perf_counter()
    for p in procs:
        assert p.stdin is not None
        p.stdin.write("go\n")
        p.stdin.flush()
    own = []
    for p in procs:  # "done" lines first: the writing is over when the last one arrives
        assert p.stdout is not None
        line = p.stdout.readline().split()
        if not line or line[0] != "done":
            raise RuntimeError(f"writer failed: {p.stderr.read()[-800:] if p.stderr else ''}")
        own.append(float(line[1]))
    wall = time.perf_counter() - t0
    for p in procs:
        _, err = p.communicate(timeout=600)
        if p.returncode != 0:
            raise RuntimeError(f"writer exited with {p.returncode}: {err[-800:]}")
    exit_s = time.perf_counter() - t0 - wall
    written = _count_entries(path) - before
    total = writers * per_writer
    return {
        "wall_s": wall,
        "total": total,
        "written": written,
        "per_s": total / wall,
        "slowest_writer_s": max(own),
        "exit_s": exit_s,
    }


def run(quick: bool, ctx: dict[str, Any]) -> None:
    section("3. History (SQLite)")
    stored = 2_000 if quick else 100_000
    appends = 200 if quick else 2_000
    searches = 12 if quick else 120
    writers, per_writer = 4, (100 if quick else 2_000)
    old_env = {k: os.environ.get(k) for k in ("PANDASCRIBE_HISTORY_PATH", "PANDASCRIBE_HISTORY")}
    with tempfile.TemporaryDirectory(prefix="pandascribe-bench-") as tmp:
        path = Path(tmp) / "history.sqlite3"
        try:
            store = open_store(path)
            kw = [record_kwargs(store.record, i) for i in range(stored)]
            t0 = time.perf_counter()
            for k in kw:
                store.record(**k)
            fill_s = time.perf_counter() - t0
            del kw
            print(
                f"filled {stored:,} entries one record() at a time in {fill_s:.1f} s "
                f"({stored / fill_s:,.0f}/s, one writer)"
            )
            lat, lat_cpu = [], []
            for i in range(appends):
                k = record_kwargs(store.record, stored + i)
                c0, t0 = time.process_time(), time.perf_counter()
                store.record(**k)
                lat.append(time.perf_counter() - t0)
                lat_cpu.append(time.process_time() - c0)
            queries = ["carrier", "mean arr_delay", "JFK", "pivot species", "flipper", "zzzunmatched"]
            scopes = [("", {})]
            if "all_sessions" in inspect.signature(store.search).parameters:
                scopes.append((", all sessions", {"all_sessions": True}))
            search_lat: dict[str, list[float]] = {}
            search_cpu: list[float] = []
            hits: dict[str, int] = {}
            for _ in range(max(1, searches // len(queries))):
                for q in queries:
                    for label, kw in scopes:
                        c0, t0 = time.process_time(), time.perf_counter()
                        res = store.search(q, **kw)
                        res = list(res) if not isinstance(res, list | tuple) else res
                        search_lat.setdefault(q + label, []).append(time.perf_counter() - t0)
                        search_cpu.append(time.process_time() - c0)
                        hits[q + label] = len(res)
            conc = concurrent_writers(path, writers, per_writer)
            size_mb = sum(f.stat().st_size for f in Path(tmp).iterdir()) / 2**20
            close = getattr(store, "close", None)
            if callable(close):
                close()
        finally:
            for k, v in old_env.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v
            settings_mod = sys.modules.get("pandascribe.settings")
            if settings_mod is not None:
                settings_mod.reset_settings()
    a = summary(lat)
    a_cpu, s_cpu = summary(lat_cpu), summary(search_cpu)
    rows = [
        [f"append, {stored:,} stored", a["n"], a["p50_ms"], a["p95_ms"], a["max_ms"], a_cpu["p95_ms"], ""]
    ]
    all_search: list[float] = []
    for q, samples in search_lat.items():
        s = summary(samples)
        all_search += samples
        rows.append(
            [f"search {q}", s["n"], s["p50_ms"], s["p95_ms"], s["max_ms"], float("nan"), f"{hits[q]} hits"]
        )
    s_all = summary(all_search)
    rows.append(
        [
            "search, all queries",
            s_all["n"],
            s_all["p50_ms"],
            s_all["p95_ms"],
            s_all["max_ms"],
            s_cpu["p95_ms"],
            "",
        ]
    )
    print(table(["operation", "n", "p50 ms", "p95 ms", "max ms", "cpu p95 ms", "note"], rows))
    lost = conc["total"] - conc["written"]
    print(
        f"\n{writers} writer processes × {per_writer:,} entries: {conc['per_s']:,.0f} entries/s together "
        f"(wall {conc['wall_s']:.2f} s, slowest writer {conc['slowest_writer_s']:.2f} s, "
        f"then {conc['exit_s']:.2f} s for the processes to exit); "
        f"{conc['written']:,} of {conc['total']:,} entries found after ({lost} lost); file {size_mb:.1f} MiB"
    )
    print(
        f"goal append p95 ≤ 2 ms: {'met' if a['p95_ms'] <= 2 else 'MISSED'} (wall {a['p95_ms']:.2f} ms, "
        f"CPU {a_cpu['p95_ms']:.2f} ms); goal search ≤ 20 ms: {'met' if s_all['p95_ms'] <= 20 else 'MISSED'} "
        f"(p95 wall {s_all['p95_ms']:.2f} ms, CPU {s_cpu['p95_ms']:.2f} ms)"
    )
    ctx["history"] = {
        "stored": stored,
        "append": a,
        "append_cpu": a_cpu,
        "search": s_all,
        "search_cpu": s_cpu,
        "concurrent": conc,
        "lost": lost,
    }
