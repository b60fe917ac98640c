"""Part 7: compile time against request length — it must grow at most linearly.

Three requests of the same kind (filter clauses joined by "and", then an aggregate), 40, 200 and
1,000 words long, compiled on the penguins frame; and a 100,000-character paste, which must be
refused at once (the length bound in ``understand/limits.py``). Reported: wall and CPU time per
request and per word; the per-word cost of the longest request over the shortest's is the
linearity ratio (≤ ~1.5 means linear; the machine is shared, so read it with the CPU column).
"""

from __future__ import annotations

import time
from typing import Any

import numpy as np
import pandas as pd

from .common import require, section, table

_CONDITIONS = ("body_mass_g > 3000", "flipper_length_mm < 230", "bill_length_mm >= 30", "bill_depth_mm <= 25")


def _frame() -> pd.DataFrame:
    rng = np.random.default_rng(7)
    n = 2000
    return pd.DataFrame(
        {
            "species": rng.choice(["Adelie", "Gentoo", "Chinstrap"], n),
            "island": rng.choice(["Biscoe", "Dream", "Torgersen"], n),
            "bill_length_mm": rng.normal(44, 5, n).round(1),
            "bill_depth_mm": rng.normal(17, 2, n).round(1),
            "flipper_length_mm": rng.normal(200, 14, n).round(0),
            "body_mass_g": rng.normal(4200, 800, n).round(0),
        }
    )


def request_of(words: int) -> str:
    """A request of about ``words`` words: conditions joined by "and", then a grouped mean."""
    head, tail = "penguins where ", ", then average flipper_length_mm by species"
    parts: list[str] = []
    k = 0
    while len((head + " and ".join(parts) + tail).split()) < words:
        parts.append(_CONDITIONS[k % len(_CONDITIONS)])
        k += 1
    return head + " and ".join(parts) + tail


def _time(ps: Any, request: str, frames: dict[str, pd.DataFrame], repeat: int) -> tuple[float, float, str]:
    best_wall, best_cpu, outcome = float("inf"), float("inf"), ""
    for _ in range(repeat):
        w0, c0 = time.perf_counter(), time.process_time()
        try:
            ps.compile(request, frames)
            outcome = "compiled"
        except ps.CompileError as exc:
            outcome = f"refused: {str(exc)[:60]}"
        best_wall = min(best_wall, time.perf_counter() - w0)
        best_cpu = min(best_cpu, time.process_time() - c0)
    return best_wall, best_cpu, outcome


def run(quick: bool, ctx: dict[str, Any]) -> None:
    ps = require("pandascribe")
    section("7. Compile time against request length")
    frames = {"penguins": _frame()}
    ps.compile(request_of(40), frames)  # warm the schema cache and the tables
    repeat = 3 if quick else 7
    rows, per_word = [], {}
    for words in (40, 200, 1000):
        req = request_of(words)
        n = len(req.split())
        wall, cpu, outcome = _time(ps, req, frames, repeat)
        per_word[words] = cpu / n
        rows.append([n, f"{wall * 1e3:.1f}", f"{cpu * 1e3:.1f}", f"{cpu / n * 1e6:.0f}", outcome])
    paste = "mean flipper_length_mm by species, then " * 2500
    wall, cpu, outcome = _time(ps, paste, frames, 1)
    rows.append([f"{len(paste):,} chars", f"{wall * 1e3:.1f}", f"{cpu * 1e3:.1f}", "", outcome])
    print(table(["words", "wall ms", "CPU ms", "CPU µs/word", "outcome"], rows))
    ratio = per_word[1000] / per_word[40]
    verdict = "met" if ratio <= 1.5 else "MISSED"
    print(f"\nper-word CPU cost, 1,000 words over 40 words: {ratio:.2f}× (goal ≤ 1.5×: {verdict})")
    print(f"100k-character paste answered in {wall:.3f} s (goal ≤ 5 s: {'met' if wall <= 5 else 'MISSED'})")
