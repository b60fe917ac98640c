"""Part 6: compile time against request length — it must grow at most linearly.

A 40-word request and a 1,000-word one (the same everyday clauses repeated, joined by "then"),
over a small synthetic flights frame; plus a 100,000-character request, which must be refused at
once (requests over 2,000 words / 20,000 characters are refused before parsing). Reported: CPU ms
per compile (wall-clock is disturbed by other work), ms per word, and the ratio of the per-word
costs (≤ ~1 means linear or better).
"""

from __future__ import annotations

import time
from typing import Any

from .common import flights_frame, require, section, table

_CLAUSE = "keep flights from JFK with arr_delay over 30 then sort by dep_delay descending then"


def _request(words: int) -> str:
    clause = _CLAUSE.split()
    n = max(1, round(words / len(clause)))
    return " ".join((clause * n)[:-1])  # whole clauses, the last "then" dropped


def _cpu_ms(ps: Any, request: str, frames: dict, repeat: int) -> tuple[float, str]:
    outcome = "ok"
    best = float("inf")
    for _ in range(repeat):
        t0 = time.process_time()
        try:
            ps.compile(request, frames)
        except ps.CompileError:
            outcome = "refused"
        best = min(best, (time.process_time() - t0) * 1e3)
    return best, outcome


def run(quick: bool, ctx: dict) -> None:
    ps = require("pandascribe")
    section("6. Compile time against request length")
    frames = {"flights": flights_frame(2_000 if quick else 20_000)}
    ps.compile("flights from JFK", frames)  # warm the schema and the tables
    rows = []
    per_word = {}
    for words in (40, 1_000):
        req = _request(words)
        ms, outcome = _cpu_ms(ps, req, frames, 3 if quick else 10)
        n = len(req.split())
        per_word[words] = ms / n
        rows.append([f"{n} words", outcome, f"{ms:.1f}", f"{ms / n:.3f}"])
    huge = "mean arr_delay by carrier " * 4_000  # 100,000 characters
    ms, outcome = _cpu_ms(ps, huge, frames, 1)
    rows.append([f"{len(huge):,} characters", outcome, f"{ms:.1f}", "-"])
    print(table(["request", "outcome", "CPU ms", "CPU ms / word"], rows))
    ratio = per_word[1_000] / per_word[40]
    print(f"\nper-word cost, 1,000 words vs 40 words: {ratio:.2f}× (goal: ≤ 1.5, linear) — "
          f"{'met' if ratio <= 1.5 else 'MISSED'}; 100k characters refused in {ms:.0f} ms "
          f"(goal: < 5,000) — {'met' if outcome == 'refused' and ms < 5_000 else 'MISSED'}")
