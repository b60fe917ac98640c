#!/usr/bin/env python3
"""Run pandascribe's benchmarks and print the numbers (Markdown tables).

    python benchmarks/run.py --quick     # every part at small sizes, < 60 s on 2 cores (CI smoke test)
    python benchmarks/run.py --full      # the sizes in docs/benchmarks.md (10M rows, 100k entries), minutes
    python benchmarks/run.py --full --only 2,4

Parts: 1 compile latency · 2 emitted code vs hand-written pandas · 3 history · 4 start-up · 5 peers ·
6 engines (emitted polars / Spark vs emitted pandas).

Exit status: 0 when every part ran or was skipped because a pandascribe component it measures is
not there yet (``--strict`` makes a skip fail too); 1 when a part failed. Timings never decide the
exit status: the goals are printed as met / MISSED for people to read.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import gc
import os
import platform
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import compile_latency, emitted_speed, engines_bench, history_bench, peers, startup  # noqa: E402
from benchmarks.common import Skip, peak_rss_mb, section  # noqa: E402

PARTS = {
    "1": ("compile latency", compile_latency.run),
    "2": ("emitted vs hand-written", emitted_speed.run),
    "3": ("history", history_bench.run),
    "4": ("start-up", startup.run),
    "5": ("peers", peers.run),
    "6": ("engines", engines_bench.run),
}


def _machine() -> str:
    import numpy as np
    import pandas as pd

    mem = ""
    try:
        kb = int(
            next(
                x for x in Path("/proc/meminfo").read_text().splitlines() if x.startswith("MemTotal")
            ).split()[1]
        )
        mem = f", {kb / 2**20:.0f} GiB RAM"
    except (OSError, StopIteration, ValueError):
        pass
    cpu = platform.processor() or platform.machine()
    with contextlib.suppress(OSError, StopIteration):
        cpu = next(
            x.split(":", 1)[1].strip()
            for x in Path("/proc/cpuinfo").read_text().splitlines()
            if x.startswith("model name")
        )
    return (
        f"{cpu}, {os.cpu_count()} CPUs{mem}; Python {platform.python_version()}, pandas {pd.__version__}, "
        f"numpy {np.__version__}; {platform.system()} {platform.release()}"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    mode = ap.add_mutually_exclusive_group()
    mode.add_argument("--quick", action="store_true", help="small sizes, under a minute (the default)")
    mode.add_argument("--full", action="store_true", help="full sizes, several minutes")
    ap.add_argument("--only", default="", help="comma-separated part numbers, e.g. 1,2")
    ap.add_argument("--strict", action="store_true", help="a skipped part makes the exit status 1")
    args = ap.parse_args(argv)
    if hasattr(sys.stdout, "reconfigure"):  # progress lines appear as they happen, also in CI logs
        sys.stdout.reconfigure(line_buffering=True)
    quick = not args.full
    chosen = [p.strip() for p in args.only.split(",") if p.strip()] or list(PARTS)
    unknown = [p for p in chosen if p not in PARTS]
    if unknown:
        ap.error(f"unknown part(s) {', '.join(unknown)}; choose from {', '.join(PARTS)}")

    print(f"# pandascribe benchmarks ({'quick' if quick else 'full'})\n")
    print(f"date: {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC")
    print(f"machine: {_machine()}")
    print(
        f"load average at start: {', '.join(f'{x:.2f}' for x in os.getloadavg())} "
        f"(other work on the machine inflates every timing)"
    )
    ctx: dict = {}
    status: dict[str, str] = {}
    t_all = time.perf_counter()
    for key in chosen:
        fn = PARTS[key][1]
        t0 = time.perf_counter()
        try:
            fn(quick, ctx)
            status[key] = f"ok ({time.perf_counter() - t0:.1f} s)"
        except Skip as exc:
            print(f"\nSKIPPED: {exc}")
            status[key] = f"skipped: {exc}"
        except Exception:
            traceback.print_exc(file=sys.stdout)
            status[key] = "FAILED (traceback above)"
        sys.stdout.flush()
        if key == "2":  # the large frame is not needed after part 2: free it before the history
            ctx.pop("big_flights", None)
            gc.collect()

    section("Summary")
    for key in chosen:
        print(f"- part {key} ({PARTS[key][0]}): {status[key]}")
    print(
        f"\ntotal {time.perf_counter() - t_all:.1f} s; peak memory {peak_rss_mb():,.0f} MiB; "
        f"load average at end: {', '.join(f'{x:.2f}' for x in os.getloadavg())}"
    )
    failed = any(s.startswith("FAILED") for s in status.values())
    skipped = any(s.startswith("skipped") for s in status.values())
    return 1 if failed or (args.strict and skipped) else 0


if __name__ == "__main__":
    sys.exit(main())
