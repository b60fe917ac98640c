"""History store on real SQLite files (tmp_path only): recording, search, sessions, retention,
migrations, export, corruption and unwritable locations."""

from __future__ import annotations

import json
import sqlite3
import warnings
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pandas as pd
import pytest

from pandascribe.compiler import Transform
from pandascribe.errors import BackendError, CompileError
from pandascribe.history import (
    HistoryStore,
    HistoryWarning,
    close_all,
    notices,
    open_history,
    provenance_comment,
    record_transform,
)
from pandascribe.history import entry as entry_mod
from pandascribe.history import migrations as migrations_mod
from pandascribe.plan import Head, Plan
from pandascribe.settings import Settings


@pytest.fixture(autouse=True)
def _fresh(monkeypatch):
    for var in ("PANDASCRIBE_HISTORY", "PANDASCRIBE_HISTORY_PATH", "PANDASCRIBE_HISTORY_RETENTION_DAYS"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setattr(notices, "_WARNED", set())
    yield
    close_all()


def _entry(store: HistoryStore, request: str = "mean x by g", **kw) -> int:
    fields = dict(
        request=request,
        sources=["df"],
        schema_fingerprint="abc",
        backend="rules",
        model=None,
        plan_json="{}",
        code="result = df.head()",
        outcome="compiled",
        duration_ms=2.0,
        target="result",
    )
    fields.update(kw)
    return store.record(**fields)


def test_record_and_read_back(tmp_path):
    store = HistoryStore.open(tmp_path / "h.sqlite3")
    first = _entry(store, "rows where year is 2007", prompt_tokens=12, completion_tokens=3, cost=0.5)
    second = _entry(store, "mean body_mass_g by species", outcome="refused", code=None, error="no")
    assert second == first + 1
    got = store.recent()
    assert [e.request for e in got] == ["mean body_mass_g by species", "rows where year is 2007"]
    old = got[1]
    assert old.sources == ("df",) and old.prompt_tokens == 12 and old.cost == 0.5
    assert old.outcome == "compiled" and old.target == "result" and old.ts.tzinfo is not None
    assert got[0].error == "no"
    with pytest.raises(ValueError, match="outcome"):
        _entry(store, outcome="maybe")


def test_session_row_describes_the_process(tmp_path):
    import os
    import platform

    store = HistoryStore.open(tmp_path / "h.sqlite3")
    assert store.session_id is None
    _entry(store)
    con = sqlite3.connect(tmp_path / "h.sqlite3")
    row = con.execute("SELECT pid, python, pandas, started_at FROM sessions").fetchone()
    assert row[:3] == (os.getpid(), platform.python_version(), pd.__version__)
    assert entry_mod.parse_ts(row[3]) <= datetime.now(UTC)


def test_no_secrets_are_stored(tmp_path, monkeypatch):
    monkeypatch.setenv("PANDASCRIBE_OPENAI_API_KEY", "sk-very-secret-123")
    store = open_history(Settings(history_path=tmp_path / "h.sqlite3"))
    assert store is not None
    _entry(store)
    assert b"sk-very-secret" not in (tmp_path / "h.sqlite3").read_bytes()


def test_search_full_text_prefix_and_sessions(tmp_path):
    path = tmp_path / "h.sqlite3"
    store = HistoryStore.open(path)
    _entry(store, "rows where arr_delay is at least 120")
    _entry(store, "mean dep_delay by carrier")
    assert len(store.search("delay")) == 2  # snake_case names are split into words
    assert [e.request for e in store.search("mean")] == ["mean dep_delay by carrier"]
    assert [e.request for e in store.search("arr_del")] == ["rows where arr_delay is at least 120"]
    assert store.search('weird "quotes AND (') == []  # never an FTS syntax error
    store.close()
    # a restart: a new session; old entries are kept and found with all_sessions
    again = HistoryStore.open(path)
    assert again.search("mean") == []
    _entry(again, "mean arr_delay by month")
    assert [e.request for e in again.search("mean")] == ["mean arr_delay by month"]
    found = again.search("mean", all_sessions=True)
    assert [e.request for e in found] == ["mean arr_delay by month", "mean dep_delay by carrier"]
    assert found[0].session_id != found[1].session_id
    assert len(again.recent(limit=2, all_sessions=True)) == 2


def test_search_driven_by_full_text_index_matches_the_entries_query(tmp_path):
    """Search walks the full-text matches newest first and stops at the limit; it must give exactly
    the entries (every field) of the plain query over ``entries``, in every scope and limit."""
    path = tmp_path / "h.sqlite3"
    first, second = HistoryStore.open(path), HistoryStore.open(path)
    words = ["mean arr_delay", "rows where carrier is UA", "top 5 by flipper_length_mm", "pivot species"]
    for i in range(300):  # two sessions writing in turn, as two kernels would
        store = first if i % 3 else second
        _entry(store, f"{words[i % len(words)]} {i}", outcome="refused" if i % 7 == 0 else "compiled")
    con = sqlite3.connect(path)
    con.row_factory = sqlite3.Row
    plain = (
        f"SELECT {entry_mod.COLUMNS} FROM entries WHERE {{scope}} id IN "
        "(SELECT rowid FROM entries_fts WHERE entries_fts MATCH ?) ORDER BY id DESC LIMIT ?"
    )
    checked = 0
    for text in ["carrier", "mean arr_delay", "flipper", "arr_del", "UA", "pivot species 1", "zzz", "5"]:
        query = " ".join(f'"{w}"*' for w in text.split())
        for limit in (1, 7, 50, 1000):
            for store in (first, second):
                for all_sessions in (False, True):
                    scope, params = (
                        ("", [query, limit])
                        if all_sessions
                        else ("session_id = ? AND", [store.session_id, query, limit])
                    )
                    want = [
                        entry_mod.HistoryEntry.from_row(r)
                        for r in con.execute(plain.format(scope=scope), params)
                    ]
                    got = store.search(text, limit=limit, all_sessions=all_sessions)
                    assert got == want, (text, limit, all_sessions)
                    checked += bool(want)
    assert checked > 80
    # the plan: matches in rowid order, entries by primary key, no sort of every hit
    executed: list[str] = []
    assert first._con is not None
    first._con.set_trace_callback(executed.append)
    first.search("carrier")
    first._con.set_trace_callback(None)
    search_sql = next(sql for sql in executed if "MATCH" in sql and not sql.startswith("--"))
    steps = [r[-1] for r in con.execute("EXPLAIN QUERY PLAN " + search_sql)]
    assert not any("TEMP B-TREE" in step for step in steps), steps
    assert any("VIRTUAL TABLE" in step for step in steps), steps
    con.close()
    first.close()
    second.close()


def test_like_fallback_without_fts5(tmp_path, monkeypatch):
    monkeypatch.setattr(migrations_mod, "fts5_available", lambda: False)
    store = HistoryStore.open(tmp_path / "h.sqlite3")
    _entry(store, "top 5 by body_mass_g")
    _entry(store, "count rows by island")
    assert [e.request for e in store.search("body_mass")] == ["top 5 by body_mass_g"]
    assert [e.request for e in store.search("100%")] == []
    con = sqlite3.connect(tmp_path / "h.sqlite3")
    names = [r[0] for r in con.execute("SELECT name FROM migrations")]
    assert "0002_requests_fts" not in names and "0001_sessions_and_entries" in names
    con.close()
    store.close()
    monkeypatch.undo()
    # FTS5 available again: the migration runs now and indexes the old rows
    later = HistoryStore.open(tmp_path / "h.sqlite3")
    assert [e.request for e in later.search("island", all_sessions=True)] == ["count rows by island"]


def test_migrations_are_named_and_applied_once(tmp_path):
    path = tmp_path / "h.sqlite3"
    HistoryStore.open(path).close()
    HistoryStore.open(path).close()
    con = sqlite3.connect(path)
    names = [r[0] for r in con.execute("SELECT name FROM migrations ORDER BY name")]
    assert names == [m.name for m in migrations_mod.MIGRATIONS]
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_tokens_used_since_counts_every_session(tmp_path):
    path = tmp_path / "h.sqlite3"
    a = HistoryStore.open(path)
    _entry(a, prompt_tokens=100, completion_tokens=20)
    b = HistoryStore.open(path)
    _entry(b, prompt_tokens=5)
    _entry(b)  # rules: no tokens
    _entry(b, total_tokens=30)  # a server that reports only the total
    hour_ago = datetime.now(UTC) - timedelta(hours=1)
    assert a.tokens_used_since(hour_ago) == 155
    assert a.tokens_used_since(datetime.now() - timedelta(hours=1)) == 155  # naive = local time
    assert a.tokens_used_since(datetime.now(UTC) + timedelta(minutes=1)) == 0


def test_retention_deletes_old_entries_on_open(tmp_path):
    path = tmp_path / "h.sqlite3"
    store = HistoryStore.open(path)
    _entry(store, "old request")
    _entry(store, "new request")
    con = sqlite3.connect(path)
    old = entry_mod.format_ts(datetime.now(UTC) - timedelta(days=40))
    con.execute("UPDATE entries SET ts = ? WHERE request = 'old request'", (old,))
    con.commit()
    con.close()
    store.close()
    kept_all = HistoryStore.open(path, retention_days=0)
    assert kept_all.count() == 2
    trimmed = HistoryStore.open(path, retention_days=30)
    assert [e.request for e in trimmed.recent(all_sessions=True)] == ["new request"]
    assert trimmed.search("old", all_sessions=True) == []  # the FTS index followed the delete


def test_history_off_and_env_settings(tmp_path, monkeypatch):
    assert open_history(Settings(history="off", history_path=tmp_path / "h.sqlite3")) is None
    assert not (tmp_path / "h.sqlite3").exists()
    monkeypatch.setenv("PANDASCRIBE_HISTORY_PATH", str(tmp_path / "env.sqlite3"))
    store = open_history(Settings())
    assert store is not None and store.path == tmp_path / "env.sqlite3"
    assert open_history(Settings()) is store  # one store per file per process


def test_unwritable_location_turns_history_off_with_one_warning(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    settings = Settings(history_path=blocker / "sub" / "h.sqlite3")  # even root cannot mkdir here
    with pytest.warns(HistoryWarning, match="history is off"):
        assert open_history(settings) is None
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert open_history(settings) is None  # no second warning


def test_unopenable_file_turns_history_off(tmp_path):
    settings = Settings(history_path=Path("/proc/self/pandascribe-history.sqlite3"))
    with pytest.warns(HistoryWarning, match="history is off"):
        assert open_history(settings) is None


def test_corrupt_file_is_moved_aside_and_work_goes_on(tmp_path):
    path = tmp_path / "h.sqlite3"
    garbage = b"this is not a SQLite file at all\n" * 200
    path.write_bytes(garbage)
    with pytest.warns(HistoryWarning, match="corrupt"):
        store = open_history(Settings(history_path=path))
    assert store is not None
    _entry(store)
    assert store.count() == 1 and store.integrity_check() == "ok"
    aside = list(tmp_path.glob("h.sqlite3.corrupt-*"))
    assert len(aside) == 1 and aside[0].read_bytes() == garbage


def test_corruption_found_while_running_is_recovered(tmp_path):
    path = tmp_path / "h.sqlite3"
    store = HistoryStore.open(path)
    _entry(store)
    store.close()
    with path.open("r+b") as f:  # destroy the header of an existing database
        f.write(b"garbage!" * 16)
    with pytest.warns(HistoryWarning, match="corrupt"):
        again = HistoryStore.open(path)
    _entry(again, "after the crash")
    assert [e.request for e in again.recent()] == ["after the crash"]


def _transform(code: str = "result = df.head(5)", target: str = "result", **kw) -> Transform:
    plan = Plan(source="df", steps=(Head(n=5),))
    fields = dict(
        code=code,
        target=target,
        plan=plan,
        explanation="The first 5 rows.",
        source="df",
        request="first 5 rows",
    )
    fields.update(kw)
    return Transform(**fields)


def test_record_transform_outcomes(tmp_path, monkeypatch):
    from pandascribe.settings import reset_settings

    monkeypatch.setenv("PANDASCRIBE_PRICE_PER_1K_INPUT", "1.0")
    monkeypatch.setenv("PANDASCRIBE_PRICE_PER_1K_OUTPUT", "2.0")
    reset_settings()
    store = HistoryStore.open(tmp_path / "h.sqlite3")
    df = pd.DataFrame({"x": [1, 2]})
    t = _transform(
        usage={"prompt_tokens": 7, "completion_tokens": 2, "total_tokens": 9, "cost": 0.5},
        backend="openai",
        model="m",
    )
    assert record_transform(store, t, "first 5 rows", ["df"], {"df": df}, 1.5) is not None
    record_transform(
        store,
        CompileError("no column 'wieght'", suggestions=["weight"]),
        "mean wieght",
        ["df"],
        {"df": df},
        0.3,
    )
    failed = BackendError("server unreachable")
    failed.usage = {"prompt_tokens": 40}  # type: ignore[attr-defined]
    record_transform(store, failed, "something hard", ["df"], None, 900.0, backend="openai")
    record_transform(store, t, "first 5 rows", ["df"], {"df": df}, 1.5, "ran")
    record_transform(store, t, "first 5 rows", ["df"], {"df": df}, 1.5, "error", error=KeyError("x"))
    assert record_transform(None, t, "first 5 rows", ["df"]) is None
    e = {x.id: x for x in store.recent()}
    compiled, refused, error, ran, run_failed = (e[i] for i in sorted(e))
    assert compiled.outcome == "compiled" and compiled.code == t.code and compiled.model == "m"
    assert (compiled.prompt_tokens, compiled.completion_tokens) == (7, 2)
    assert json.loads(compiled.plan_json or "")["steps"][0]["op"] == "head"
    from pandascribe.schema import frame_schema

    assert compiled.schema_fingerprint == frame_schema("df", df).fingerprint()
    assert refused.outcome == "refused" and "did you mean 'weight'" in (refused.error or "")
    assert refused.code is None and refused.plan_json is None
    assert compiled.total_tokens == 9 and compiled.cost == 0.5
    assert error.outcome == "error" and error.backend == "openai" and error.prompt_tokens == 40
    assert error.cost == pytest.approx(0.04)  # estimated from the price settings
    reset_settings()
    assert ran.outcome == "ran"
    assert run_failed.outcome == "error" and run_failed.code == t.code and "x" in (run_failed.error or "")


def test_export_script_replays_in_order(tmp_path):
    store = HistoryStore.open(tmp_path / "h.sqlite3")
    _entry(store, "first 2 rows", code="small = df.head(2)", target="small")
    _entry(store, "nonsense", outcome="refused", code=None)
    _entry(store, "first 2 rows", code="small = df.head(2)", target="small")  # re-run cell: kept once
    _entry(
        store,
        "double x",
        code="doubled = small.assign(x=small['x'] * 2)",
        target="doubled",
        sources=["small"],
    )
    out = tmp_path / "deep" / "er" / "replay.py"
    assert store.export(out) == 2
    text = out.read_text()
    assert "# %%transform df -o small: first 2 rows" in text and "nonsense" not in text
    assert text.index("small = df.head(2)") < text.index("doubled =")
    assert "Frames it starts from: df." in text
    ns = {"df": pd.DataFrame({"x": [1, 2, 3]})}
    exec(compile(text, str(out), "exec"), ns)
    assert ns["doubled"]["x"].tolist() == [2, 4]


def test_export_notebook_is_valid_nbformat(tmp_path):
    nbformat = pytest.importorskip("nbformat")
    store = HistoryStore.open(tmp_path / "h.sqlite3")
    _entry(store, "first 2 rows", code="small = pd.DataFrame(df).head(2)", target="small")
    out = tmp_path / "nb" / "replay.ipynb"
    assert store.export(out) == 1
    nb = nbformat.read(out, as_version=4)
    nbformat.validate(nb)
    sources = [c.source for c in nb.cells]
    assert any("import pandas as pd" in s.splitlines() for s in sources)
    assert any(s.startswith("# %%transform df -o small: first 2 rows") for s in sources)


def test_export_rejects_other_suffixes(tmp_path):
    from pandascribe.errors import HistoryError

    store = HistoryStore.open(tmp_path / "h.sqlite3")
    with pytest.raises(HistoryError, match=r"\.py or \.ipynb"):
        store.export(tmp_path / "out.txt")


def test_provenance_comment():
    assert (
        provenance_comment(["flights"], "keep rows\n  where x > 1")
        == "# %%transform flights: keep rows where x > 1"
    )
    assert provenance_comment(["a", "b"], "join", "c") == "# %%transform a b -o c: join"
