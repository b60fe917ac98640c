"""Smoke test for the benchmarks: ``benchmarks/run.py --quick`` runs every part and exits 0.

It checks that the benchmark scripts work against the current code, never how fast anything is
(timings belong in docs/benchmarks.md, not in assertions)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SECTIONS = [
    "## 1. Compile latency",
    "## 2. Emitted code vs hand-written pandas",
    "## 3. History",
    "## 4. Start-up",
    "## 5. Peers",
    "## 6. Engines",
    "## 7. Compile time against request length",
    "## Summary",
]


def test_quick_benchmarks_run_every_part(tmp_path: Path) -> None:
    env = {**os.environ, "PANDASCRIBE_HISTORY_PATH": str(tmp_path / "unused.sqlite3")}
    proc = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--quick"],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
        env=env,
        check=False,
    )
    out = proc.stdout
    assert proc.returncode == 0, out[-4000:] + proc.stderr[-2000:]
    for header in SECTIONS:
        assert header in out, f"missing section {header!r}\n{out[-3000:]}"
    assert "FAILED" not in out, out[-4000:]
    summary = out[out.index("## Summary") :]
    assert summary.count("- part ") == len(SECTIONS) - 1, summary
    # the emitted-code part reports a line per request, and each is one of the known outcomes
    assert "of 32 requests" in out or "SKIPPED" in out, out[-3000:]


def test_full_and_quick_flags_are_exclusive() -> None:
    proc = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--quick", "--full"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 2
    assert "not allowed with argument" in proc.stderr


def test_unknown_part_is_refused() -> None:
    proc = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--only", "9"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 2
    assert "unknown part" in proc.stderr
