"""Issue 13, the history's part (breaks 2, 3, 4 and the storage side of 7), through the public
surface: ``%load_ext pandascribe`` and ``%%transform`` in a real IPython InteractiveShell, real
SQLite files, a real second process holding the write lock, real symlinks, a really read-only
(mount namespace) and really immutable (``chattr +i``) directory."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import warnings
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from history_support import lock_held, release, run, shell_on, take_inserted
from pandascribe.errors import SettingsError
from pandascribe.history import HistoryStore, HistoryWarning, notices, open_history, record_transform
from pandascribe.history.connect import FOREGROUND_BUSY_S
from pandascribe.history.sanitize import MIN_SECRET_RUN, mask_secrets, safe_text
from pandascribe.settings import Settings, get_settings, reset_settings

GARBAGE = b"this is not a SQLite file at all\n" * 200
SORT = "%%transform df\nsort by x"


@pytest.fixture(autouse=True)
def _fresh(monkeypatch):
    monkeypatch.setattr(notices, "_WARNED", set())


def _frame() -> pd.DataFrame:
    return pd.DataFrame({"x": [3, 1, 2], "species": ["a", "b", "c"]})


def _entry(store: HistoryStore, request: str = "sort by x", **kw):
    fields: dict[str, Any] = dict(
        request=request,
        sources=["df"],
        schema_fingerprint=None,
        backend="rules",
        model=None,
        plan_json=None,
        code="r = df.head()",
        outcome="compiled",
        duration_ms=1.0,
        target="r",
    )
    fields.update(kw)
    return store.record(**fields)


def _requests(path: Path) -> list[str]:
    con = sqlite3.connect(path)
    try:
        return [r[0] for r in con.execute("SELECT request FROM entries ORDER BY id")]
    finally:
        con.close()


# -- break 2: a corrupt history that cannot be moved aside --------------------------------------
def _chattr(flag: str, path: Path) -> bool:
    if shutil.which("chattr") is None:
        return False
    return subprocess.run(["chattr", flag, str(path)], capture_output=True).returncode == 0


def test_corrupt_history_in_an_immutable_directory_still_loads_the_magics(tmp_path, monkeypatch):
    folder = tmp_path / "immutable"
    folder.mkdir()
    (folder / "history.sqlite3").write_bytes(GARBAGE)
    if not _chattr("+i", folder):
        pytest.skip("chattr +i needs CAP_LINUX_IMMUTABLE (root); the read-only test covers the rest")
    try:
        with (
            pytest.warns(HistoryWarning, match="cannot be moved aside") as caught,
            shell_on(folder / "history.sqlite3", monkeypatch) as sh,
        ):
            assert "transform" in sh.magics_manager.magics["cell"]
            sh.user_ns["df"] = _frame()
            assert run(sh, SORT).success
            assert "sort_values" in (take_inserted(sh) or "")
            assert run(sh, "%transform_history").success is False  # history is off: a usage error
        assert len([w for w in caught if issubclass(w.category, HistoryWarning)]) == 1
    finally:
        _chattr("-i", folder)
    assert (folder / "history.sqlite3").read_bytes() == GARBAGE  # left as it was
    assert sorted(p.name for p in folder.iterdir()) == ["history.sqlite3"]


READ_ONLY_SCRIPT = """
import json, sys, warnings
import pandas as pd
from IPython.core.interactiveshell import InteractiveShell
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    sh = InteractiveShell.instance()
    loaded = sh.run_cell("%load_ext pandascribe").success
    sh.user_ns["df"] = pd.DataFrame({"x": [3, 1, 2]})
    ran = sh.run_cell("%%transform df\\nsort by x").success
print(json.dumps({
    "loaded": loaded, "ran": ran, "inserted": sh.rl_next_input,
    "registered": "transform" in sh.magics_manager.magics["cell"],
    "warnings": [str(w.message) for w in caught if "pandascribe" in str(w.message)],
}))
"""


def _read_only_runner(folder: Path) -> list[str] | None:
    """The command prefix that runs a process seeing ``folder`` read-only: a private mount
    namespace with a read-only bind mount (root), else the folder's mode (any other user)."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        return []
    unshare = shutil.which("unshare")
    if unshare is None:
        return None
    bind = f'mount --bind {folder} {folder} && mount -o remount,bind,ro {folder} && exec "$@"'
    probe = subprocess.run([unshare, "--mount", "--propagation", "private", "sh", "-c", bind, "-", "true"])
    if probe.returncode != 0:
        return None
    return [unshare, "--mount", "--propagation", "private", "sh", "-c", bind, "-"]


def test_corrupt_history_in_a_read_only_directory_still_loads_the_magics(tmp_path):
    folder = tmp_path / "read-only"
    folder.mkdir()
    (folder / "history.sqlite3").write_bytes(GARBAGE)
    prefix = _read_only_runner(folder)
    if prefix is None:
        pytest.skip("no way to make a read-only directory here (root without unshare/mount)")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PANDASCRIBE_")}
    env.update(PANDASCRIBE_HISTORY_PATH=str(folder / "history.sqlite3"), IPYTHONDIR=str(tmp_path / "ipy"))
    env["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p)
    try:
        done = subprocess.run(
            [*prefix, sys.executable, "-c", READ_ONLY_SCRIPT],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
            cwd=tmp_path,
        )
    finally:
        folder.chmod(0o755)
    assert done.returncode == 0, done.stderr[-2000:]
    got = json.loads(done.stdout.strip().splitlines()[-1])
    assert got["loaded"] and got["registered"] and got["ran"], got
    assert "sort_values" in got["inserted"]
    assert len(got["warnings"]) == 1 and "cannot be moved aside" in got["warnings"][0], got["warnings"]
    assert "Traceback" not in done.stderr
    assert (folder / "history.sqlite3").read_bytes() == GARBAGE


def test_a_write_failing_later_turns_history_off_for_the_session(tmp_path, monkeypatch):
    path = tmp_path / "h.sqlite3"
    with shell_on(path, monkeypatch) as sh:
        sh.user_ns["df"] = _frame()
        assert run(sh, SORT).success
        take_inserted(sh)
        con = sqlite3.connect(path)  # a hostile or broken file: the table the store writes is gone
        con.execute("DROP TABLE entries")
        con.close()
        with pytest.warns(HistoryWarning, match="history is off for this session"):
            assert run(sh, SORT).success
        assert "sort_values" in (take_inserted(sh) or "")
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # the next request: no second warning, no write attempt
            assert run(sh, SORT).success
        assert take_inserted(sh)
        assert run(sh, "%transform_history").success is False


# -- break 3: retention, surrogates, a busy file ---------------------------------------------------
def test_retention_is_bounded_and_validated_at_load(tmp_path, monkeypatch):
    monkeypatch.setenv("PANDASCRIBE_HISTORY_RETENTION_DAYS", "1000000")
    reset_settings()
    with pytest.raises(SettingsError) as err:
        get_settings()
    message = str(err.value)
    assert "PANDASCRIBE_HISTORY_RETENTION_DAYS" in message and "36500" in message and "\n" not in message
    monkeypatch.setenv("PANDASCRIBE_HISTORY_RETENTION_DAYS", "36500")
    reset_settings()
    assert get_settings().history_retention_days == 36500
    reset_settings()
    # the store itself never overflows on a period longer than recorded time
    store = HistoryStore.open(tmp_path / "h.sqlite3", retention_days=10**6)
    _entry(store)
    store.close()
    assert HistoryStore.open(tmp_path / "h.sqlite3", retention_days=10**9).count() == 1


def test_load_ext_with_an_oversized_retention_is_one_line(tmp_path, monkeypatch):
    with shell_on(tmp_path / "h.sqlite3", monkeypatch, load=False) as sh:
        monkeypatch.setenv("PANDASCRIBE_HISTORY_RETENTION_DAYS", "1000000")
        reset_settings()
        result = run(sh, "%load_ext pandascribe")
        assert result.success is False
        assert "PANDASCRIBE_HISTORY_RETENTION_DAYS" in str(result.error_in_exec)
        assert "OverflowError" not in repr(result.error_in_exec)


def test_a_lone_surrogate_is_stored_escaped_and_the_cell_still_inserted(tmp_path, monkeypatch):
    path = tmp_path / "h.sqlite3"
    with shell_on(path, monkeypatch) as sh:
        sh.user_ns["df"] = _frame()
        with warnings.catch_warnings():
            warnings.simplefilter("error", HistoryWarning)
            assert run(sh, '%%transform df\nrows where species is "\ud800"').success
        text = take_inserted(sh)
        assert text is not None and "df.loc" in text
    assert _requests(path) == ['rows where species is "\\ud800"']
    store = HistoryStore.open(path)
    store.record(
        request="x\udfff",
        sources=["d\ud800f"],
        schema_fingerprint=None,
        backend="rules",
        model=None,
        plan_json=None,
        code=None,
        outcome="error",
        error="bad \ud83d value",
        duration_ms=None,
    )
    (e,) = store.search("x", all_sessions=True)[:1]
    assert (e.request, e.sources, e.error) == ("x\\udfff", ("d\\ud800f",), "bad \\ud83d value")
    assert safe_text("plain é ✓") == "plain é ✓"


def test_a_busy_file_never_blocks_a_cell_and_the_entry_lands_after(tmp_path, monkeypatch):
    path = tmp_path / "h.sqlite3"
    with shell_on(path, monkeypatch) as sh:
        sh.user_ns["df"] = _frame()
        assert run(sh, SORT).success  # the file exists and is up to date
        take_inserted(sh)
        with lock_held(path) as holder:
            # both cells finish while the other process still holds the lock (it waits on its
            # stdin): neither waited for it
            assert run(sh, "%%transform df\nrows where x is above 1").success
            assert run(sh, "%%transform df\nfirst 2 rows").success
            assert holder.poll() is None
            assert "head(2)" in (take_inserted(sh) or "")
            assert _requests(path) == ["sort by x"]  # not written yet: queued
            release(holder)
            store = open_history()
            assert store is not None and store.flush(timeout=60)
        assert _requests(path) == ["sort by x", "rows where x is above 1", "first 2 rows"]
    assert FOREGROUND_BUSY_S <= 0.5


def test_a_file_busy_past_the_deadline_drops_with_a_warning(tmp_path):
    path = tmp_path / "h.sqlite3"
    store = HistoryStore.open(path, background_deadline_s=1.0)
    _entry(store, "before")
    with lock_held(path) as holder:
        assert _entry(store, "during") is None  # queued, not written
        assert not store.flush(timeout=0.01)
        with pytest.warns(HistoryWarning, match="1 history entry was dropped.*busy"):
            assert store.flush(timeout=60)
        assert holder.poll() is None
    assert _entry(store, "after") is not None  # the next write goes through again
    assert _requests(path) == ["before", "after"]


def test_an_up_to_date_file_opens_while_another_process_writes(tmp_path):
    path = tmp_path / "h.sqlite3"
    HistoryStore.open(path).close()
    with lock_held(path) as holder:
        store = HistoryStore.open(path, retention_days=30)  # no migration pending: only reads
        assert store.search("x", all_sessions=True) == []
        assert holder.poll() is None
    store.close()


# -- break 4: symlinks ----------------------------------------------------------------------------
def test_a_symlink_to_an_empty_file_is_refused_and_the_target_untouched(tmp_path, monkeypatch):
    target = tmp_path / "elsewhere" / "important.txt"
    target.parent.mkdir()
    target.write_bytes(b"")
    link = tmp_path / "history.sqlite3"
    link.symlink_to(target)
    with pytest.warns(HistoryWarning, match="symbolic link"), shell_on(link, monkeypatch) as sh:
        sh.user_ns["df"] = _frame()
        assert run(sh, SORT).success and take_inserted(sh)
    assert target.read_bytes() == b"" and link.is_symlink()
    assert sorted(p.name for p in target.parent.iterdir()) == ["important.txt"]


def test_a_dangling_symlink_never_creates_its_target(tmp_path):
    link = tmp_path / "history.sqlite3"
    link.symlink_to(tmp_path / "nowhere" / "made.sqlite3")
    with pytest.warns(HistoryWarning, match="symbolic link"):
        assert open_history(Settings(history_path=link)) is None
    assert not (tmp_path / "nowhere").exists()


def test_a_symlinked_side_file_is_refused(tmp_path):
    path = tmp_path / "h.sqlite3"
    HistoryStore.open(path).close()
    victim = tmp_path / "victim"
    victim.write_bytes(b"keep me")
    for side in ("-wal", "-shm"):
        path.with_name(path.name + side).unlink(missing_ok=True)
    path.with_name(path.name + "-wal").symlink_to(victim)
    with pytest.warns(HistoryWarning, match="symbolic link"):
        assert open_history(Settings(history_path=path)) is None
    assert victim.read_bytes() == b"keep me"


# -- break 7, storage side: the key is never stored --------------------------------------------
KEY = "sk-proj-Zq8WmT4vXr2LpN7sKd9aGf3HcJ6bYe1u"


def test_the_api_key_and_long_runs_of_it_are_masked_in_every_field(tmp_path, monkeypatch):
    monkeypatch.setenv("PANDASCRIBE_OPENAI_API_KEY", KEY)
    reset_settings()
    from pandascribe.errors import BackendError

    path = tmp_path / "h.sqlite3"
    store = open_history(Settings(history_path=path))
    assert store is not None
    echoed = BackendError(f"401 from server: invalid key {KEY[:-3]}… (check it)")
    record_transform(store, echoed, f"use {KEY[5:30]} please", ["df"], backend="openai")
    _entry(
        store,
        request="name a column",
        code=f'r = df.assign({KEY[2:20]}=1)  # "{KEY}"',
        plan_json=json.dumps({"name": KEY[4:]}),
        target="r",
        model=KEY[:12],
    )
    store.flush(timeout=10)
    raw = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.name.startswith("h.sqlite3"))
    runs = {KEY[i : i + MIN_SECRET_RUN] for i in range(len(KEY) - MIN_SECRET_RUN + 1)}
    assert not any(r.encode() in raw for r in runs)
    entries = store.search(None, all_sessions=True)
    assert "****" in (entries[-1].error or "") and "check it" in (entries[-1].error or "")
    assert entries[0].code is not None and entries[0].code.startswith("r = df.assign(****=1)")
    reset_settings()


def test_mask_secrets_merges_runs_and_leaves_other_text():
    assert mask_secrets(f"a {KEY} b {KEY[3:15]} c", [KEY]) == "a **** b **** c"
    assert mask_secrets("nothing secret here", [KEY]) == "nothing secret here"
    assert mask_secrets("key=abcd; abc", ["abcd"]) == "key=****; abc"


def test_hostile_usage_numbers_are_stored_as_null_never_raised(tmp_path):
    from pandascribe.errors import BackendError

    store = HistoryStore.open(tmp_path / "h.sqlite3")
    failed = BackendError("server said no")
    failed.usage = {
        "prompt_tokens": "abc",
        "completion_tokens": 1e400,
        "total_tokens": -1e9,
        "cost": "free",
    }
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert record_transform(store, failed, "anything", ["df"], backend="openai") is not None
    (e,) = store.search(all_sessions=True)
    assert (e.prompt_tokens, e.completion_tokens, e.total_tokens, e.cost) == (None, None, None, None)


@settings(max_examples=300, deadline=None)
@given(
    before=st.text(max_size=40),
    after=st.text(max_size=40),
    start=st.integers(0, len(KEY) - MIN_SECRET_RUN),
    length=st.integers(MIN_SECRET_RUN, len(KEY)),
)
def test_no_run_of_the_key_survives_masking_or_storage_escaping(before, after, start, length):
    leaked = KEY[start : start + length]
    stored = mask_secrets(safe_text(before + leaked + after), [KEY])
    stored.encode("utf-8")  # always storable
    assert not any(KEY[i : i + MIN_SECRET_RUN] in stored for i in range(len(KEY) - MIN_SECRET_RUN + 1))
    assert stored.startswith(safe_text(before)[: max(0, len(before) - MIN_SECRET_RUN)])
