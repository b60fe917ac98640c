"""Shared pieces of the history tests: a real IPython shell with pandascribe loaded on a chosen
history file, and a second process that holds the file's write lock until told to let go."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from IPython.core.interactiveshell import InteractiveShell

from pandascribe.history import close_all, notices
from pandascribe.magics import load_ipython_extension, unload_ipython_extension
from pandascribe.settings import reset_settings

CLEARED = (
    "PANDASCRIBE_BACKEND",
    "PANDASCRIBE_HISTORY",
    "PANDASCRIBE_OPENAI_BASE_URL",
    "PANDASCRIBE_OPENAI_API_KEY",
    "OPENAI_API_KEY",
    "PANDASCRIBE_MODEL",
    "PANDASCRIBE_HISTORY_RETENTION_DAYS",
    "JPY_SESSION_NAME",
)


@contextmanager
def shell_on(history: Path, monkeypatch, load: bool = True) -> Iterator[InteractiveShell]:
    """A fresh real InteractiveShell (namespace reset) with ``%load_ext pandascribe`` run on
    ``history``; unloaded and every store closed afterwards."""
    for var in CLEARED:
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("PANDASCRIBE_HISTORY_PATH", str(history))
    monkeypatch.setattr(notices, "_WARNED", set())
    reset_settings()
    close_all()
    sh = InteractiveShell.instance()
    sh.reset(new_session=False)
    sh.rl_next_input = None
    if load:
        load_ipython_extension(sh)
    try:
        yield sh
    finally:
        unload_ipython_extension(sh)
        sh.reset(new_session=False)
        close_all()
        reset_settings()


def run(sh: InteractiveShell, code: str):
    return sh.run_cell(code, store_history=False)


def take_inserted(sh: InteractiveShell) -> str | None:
    text, sh.rl_next_input = sh.rl_next_input, None
    return text


#: The holder lets go by itself after this many seconds — less than the 30 s an unbounded busy
#: wait used to take, so a write that waited for the lock finds the holder gone (and a test that
#: asserts "the holder still holds" after the write fails), yet bounded if a test hangs.
HOLD_AT_MOST_S = 20

HOLDER = f"""
import select, sqlite3, sys
con = sqlite3.connect(sys.argv[1], isolation_level=None)
con.execute("BEGIN IMMEDIATE")
print("holding", flush=True)
select.select([sys.stdin], [], [], {HOLD_AT_MOST_S})  # until the test says so, or the bound
con.execute("COMMIT")
print("released", flush=True)
"""


@contextmanager
def lock_held(path: Path) -> Iterator[subprocess.Popen[str]]:
    """A second process holding ``BEGIN IMMEDIATE`` on ``path`` until the block ends, the test
    writes a line to its stdin, or ``HOLD_AT_MOST_S`` passed. ``proc.poll() is None`` while it
    holds."""
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ},
    )
    assert proc.stdout is not None and proc.stdin is not None
    try:
        assert proc.stdout.readline().strip() == "holding"
        yield proc
    finally:
        release(proc)


def release(proc: subprocess.Popen[str]) -> None:
    if proc.poll() is None:
        assert proc.stdin is not None and proc.stdout is not None
        proc.stdin.write("\n")
        proc.stdin.flush()
        proc.stdin.close()
        proc.wait(timeout=60)
        proc.stdout.close()
