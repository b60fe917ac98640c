"""Several processes writing one history file at once (as several kernels do), and a writer killed
with SIGKILL in the middle of its work."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from pandascribe.history import HistoryStore

WRITER = """
import sys
from pandascribe.history import HistoryStore
path, tag, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
store = HistoryStore.open(path)
i = 0
while n < 0 or i < n:
    store.record(request=f"{tag} request {i}", sources=["df"], schema_fingerprint="f", backend="rules",
                 model=None, plan_json="{}", code="r = df" + " " * 2000, outcome="compiled",
                 duration_ms=1.0, target="r")
    i += 1
    if i == 1:
        print("started", flush=True)
"""


def _writer(path: Path, tag: str, n: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), tag, str(n)], stdout=subprocess.PIPE, text=True
    )


def test_four_processes_writing_at_once_lose_nothing(tmp_path):
    path = tmp_path / "shared.sqlite3"
    procs = [_writer(path, f"w{k}", 500) for k in range(4)]
    for p in procs:
        assert p.wait(timeout=300) == 0
    con = sqlite3.connect(path)
    assert con.execute("SELECT count(*) FROM entries").fetchone()[0] == 2000
    per_writer = dict(
        con.execute(
            "SELECT substr(request, 1, 2), count(DISTINCT request) FROM entries GROUP BY 1"
        ).fetchall()
    )
    assert per_writer == {"w0": 500, "w1": 500, "w2": 500, "w3": 500}
    assert con.execute("SELECT count(DISTINCT session_id) FROM entries").fetchone()[0] == 4
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    fts = con.execute("SELECT count(*) FROM entries_fts WHERE entries_fts MATCH 'w3'").fetchone()[0]
    assert fts == 500


def test_writer_killed_mid_write_leaves_an_intact_file(tmp_path):
    path = tmp_path / "killed.sqlite3"
    proc = _writer(path, "k", -1)  # writes until killed
    assert proc.stdout is not None and proc.stdout.readline().strip() == "started"
    con = sqlite3.connect(path, timeout=30)
    while con.execute("SELECT count(*) FROM entries").fetchone()[0] < 200:
        assert proc.poll() is None, "the writer died before it was killed"
        time.sleep(0.01)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    con.close()
    store = HistoryStore.open(path)
    assert store.integrity_check() == "ok"
    before = store.count()
    assert before >= 200
    store.record(
        request="after the kill",
        sources=["df"],
        schema_fingerprint=None,
        backend="rules",
        model=None,
        plan_json=None,
        code=None,
        outcome="refused",
        duration_ms=None,
    )
    assert store.count() == before + 1
    assert [e.request for e in store.search("kill", all_sessions=True)] == ["after the kill"]
