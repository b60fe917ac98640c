"""Issue 11 item 3: history export and search that do what they say — ``--export`` honours
``--search``, ``-n`` and ``--since``; "this notebook" is the default scope; an export replays the
latest version of each target in order and runs in a fresh ``python`` process. Also the schema
additions (migration 0004: engine, parent, choice, notebook) and the import layout."""

from __future__ import annotations

import ast
import dataclasses
import json
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from history_support import run, shell_on, take_inserted
from pandascribe.compiler import Transform
from pandascribe.errors import HistoryError
from pandascribe.history import HistoryStore, close_all, parse_since, record_transform
from pandascribe.history import entry as entry_mod
from pandascribe.history import migrations as migrations_mod
from pandascribe.plan import Head, Plan

REQUESTS = ("first 5 rows", "mean body_mass_g by species", "rows where island is Dream")
RUN_SCRIPT = """
import runpy, sys
out, script, *sys.argv[1:] = sys.argv[1:]
sys.argv[0] = script
ns = runpy.run_path(script, run_name="__main__")
import pandas as pd
for name, value in ns.items():
    if isinstance(value, pd.DataFrame):
        value.to_parquet(f"{out}/{name}.parquet")
"""


@pytest.fixture
def penguins() -> pd.DataFrame:
    palmerpenguins = pytest.importorskip("palmerpenguins")
    return palmerpenguins.load_penguins()


@pytest.fixture(autouse=True)
def _closed():
    yield
    close_all()


def _python(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """A fresh ``python`` process (this interpreter, so pandas is importable), nothing inherited
    but the environment."""
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, cwd=cwd, timeout=120)


def _blocks(script: str) -> list[str]:
    return [line for line in script.splitlines() if line.startswith("# %%transform")]


def test_export_n_2_in_a_fresh_shell_exports_the_last_two_and_runs_in_a_fresh_python(
    tmp_path, monkeypatch, penguins
):
    with shell_on(tmp_path / "h.sqlite3", monkeypatch) as sh:
        sh.user_ns["df"] = penguins
        for request in REQUESTS:
            assert run(sh, f"%%transform df\n{request}").success
            code = take_inserted(sh)
            assert code is not None and run(sh, code).success  # run it, as a user would
        targets = [name for name in sh.user_ns if name.startswith("df_")]
        assert len(targets) == 3
        out = tmp_path / "F.py"
        assert run(sh, f"%transform_history --export {out} -n 2").success
        bundled = tmp_path / "bundle" / "G.py"
        assert run(sh, f"%transform_history --export {bundled} -n 2 --with-frames").success
        expected = {name: sh.user_ns[name] for name in targets}
    script = out.read_text()
    assert [b.split(": ", 1)[1] for b in _blocks(script)] == list(REQUESTS[1:])
    penguins.to_parquet(tmp_path / "df.parquet")
    # as a plain script: frames by NAME=PATH
    done = _python(str(out), "df=df.parquet", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    # and what it computed equals what the shell computed
    got_dir = tmp_path / "got"
    got_dir.mkdir()
    done = _python("-c", RUN_SCRIPT, str(got_dir), str(out), "df=df.parquet", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    got = {p.stem: pd.read_parquet(p) for p in got_dir.iterdir()}
    made = set(got) - {"df"}
    assert len(made) == 2 and made < set(expected)
    for name in made:
        pd.testing.assert_frame_equal(got[name], expected[name])
    # without its frame: one clear line, no traceback
    done = _python(str(out), cwd=tmp_path)
    assert done.returncode == 1 and "needs the frame 'df'" in done.stderr and "Traceback" not in done.stderr
    # --with-frames: the frames saved beside it, so it runs as it is, from any directory
    assert sorted(p.name for p in (tmp_path / "bundle" / "G_frames").iterdir()) == ["df.parquet"]
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    assert _python(str(bundled), cwd=elsewhere).returncode == 0
    got_dir = tmp_path / "got-bundled"
    got_dir.mkdir()
    done = _python("-c", RUN_SCRIPT, str(got_dir), str(bundled), cwd=elsewhere)
    assert done.returncode == 0, done.stderr
    for name in made:
        pd.testing.assert_frame_equal(pd.read_parquet(got_dir / f"{name}.parquet"), expected[name])


def _entry(store: HistoryStore, request: str, code: str | None, target: str | None, **kw) -> int:
    fields: dict[str, Any] = dict(
        request=request,
        sources=["df"],
        schema_fingerprint=None,
        backend="rules",
        model=None,
        plan_json=None,
        code=code,
        outcome="compiled" if code else "refused",
        duration_ms=1.0,
        target=target,
    )
    fields.update(kw)
    got = store.record(**fields)
    assert got is not None
    return got


def _age(path: Path, entry_id: int, hours: float) -> None:
    con = sqlite3.connect(path)
    ts = entry_mod.format_ts(datetime.now(UTC) - timedelta(hours=hours))
    con.execute("UPDATE entries SET ts = ? WHERE id = ?", (ts, entry_id))
    con.commit()
    con.close()


def test_export_honours_search_since_and_n_through_the_magic(tmp_path, monkeypatch):
    path = tmp_path / "h.sqlite3"
    with shell_on(path, monkeypatch) as sh:
        store = sh.magics_manager.registry["TransformMagics"].store
        old = _entry(store, "first 3 rows", "early = df.head(3)", "early")
        _entry(store, "sort by x", "by_x = df.sort_values('x')", "by_x")
        _entry(store, "nonsense", None, None)
        _entry(store, "rows where x is above 1", "big = df.loc[df['x'] > 1]", "big")
        _entry(store, "sort by x descending", "by_x_desc = df.sort_values('x', ascending=False)", "by_x_desc")
        _age(path, old, 5)

        def export(flags: str) -> list[str]:
            out = tmp_path / "e.py"
            assert run(sh, f"%transform_history --export {out} {flags}").success
            return _blocks(out.read_text())

        assert len(export("")) == 4  # the refused request is never replayed
        assert export("--search sort") == ["# %%transform df -o by_x: sort by x",
                                           "# %%transform df -o by_x_desc: sort by x descending"]  # fmt: skip
        assert export("--search sort -n 1") == ["# %%transform df -o by_x_desc: sort by x descending"]
        assert "first 3 rows" not in " ".join(export("--since 2h"))
        assert len(export("--since 1d")) == 4
        assert export("--since 2h -n 1 --search rows") == ["# %%transform df -o big: rows where x is above 1"]
        table = sh.run_line_magic("transform_history", "--since 2h")
        assert [r[2] for r in table.rows] == [
            "sort by x",
            "nonsense",
            "rows where x is above 1",
            "sort by x descending",
        ]
        bad = run(sh, "%transform_history --since yesterdayish")
        assert bad.success is False and "--since 'yesterdayish'" in str(bad.error_in_exec)
        assert "\n" not in str(bad.error_in_exec)


def test_export_replays_the_latest_version_of_each_target_in_place(tmp_path):
    store = HistoryStore.open(tmp_path / "h.sqlite3")
    _entry(store, "first 2 rows", "small = df.head(2)", "small")
    _entry(store, "double x", "doubled = small.assign(x=small['x'] * 2)", "doubled", sources=["small"])
    _entry(store, "first row", "small = df.head(1)", "small")  # the first cell re-run, changed
    # a target whose latest version reads a frame made after its first version
    _entry(store, "sum", "total = df[['x']].sum().to_frame().T", "total")
    _entry(store, "last 2 rows", "tail = df.tail(2)", "tail")
    _entry(store, "sum of the tail", "total = tail[['x']].sum().to_frame().T", "total", sources=["tail"])
    out = tmp_path / "replay.py"
    assert store.export(out) == 4
    script = out.read_text()
    assert _blocks(script) == [
        "# %%transform df -o small: first row",
        "# %%transform small -o doubled: double x",
        "# %%transform df -o tail: last 2 rows",
        "# %%transform tail -o total: sum of the tail",
    ]
    assert "df.head(2)" not in script and "Frames it starts from: df." in script
    ns: dict[str, object] = {"df": pd.DataFrame({"x": [1, 2, 3]})}
    exec(compile(script, str(out), "exec"), ns)  # frames already defined where it runs: used as they are
    assert ns["doubled"]["x"].tolist() == [2]
    assert ns["total"]["x"].tolist() == [5]


def test_this_notebook_is_the_default_scope_and_survives_a_restart(tmp_path, monkeypatch):
    path = tmp_path / "h.sqlite3"
    monkeypatch.setenv("JPY_SESSION_NAME", str(tmp_path / "a.ipynb"))
    first = HistoryStore.open(path)
    _entry(first, "first 2 rows", "small = df.head(2)", "small")
    monkeypatch.setenv("JPY_SESSION_NAME", str(tmp_path / "b.ipynb"))
    other = HistoryStore.open(path)
    _entry(other, "last 2 rows", "tail = df.tail(2)", "tail")
    monkeypatch.setenv("JPY_SESSION_NAME", str(tmp_path / "a.ipynb"))
    restarted = HistoryStore.open(path)  # a new kernel on notebook a: nothing recorded yet
    assert restarted.scope().describe() == f"this notebook ({tmp_path / 'a.ipynb'})"
    assert [e.request for e in restarted.search()] == ["first 2 rows"]
    assert restarted.search()[0].notebook == str(tmp_path / "a.ipynb")
    assert restarted.export(tmp_path / "a.py") == 1
    assert len(restarted.search(all_sessions=True)) == 2
    monkeypatch.delenv("JPY_SESSION_NAME")
    plain = HistoryStore.open(path)  # a terminal: no notebook, its own session
    assert plain.scope().describe() == "this session" and plain.search() == []
    _entry(plain, "first row", "one = df.head(1)", "one")
    assert [e.request for e in plain.search()] == ["first row"]
    assert plain.search()[0].notebook is None


def test_the_magic_says_which_scope_it_shows(tmp_path, monkeypatch):
    with shell_on(tmp_path / "h.sqlite3", monkeypatch) as sh:
        table = sh.run_line_magic("transform_history", "")
        assert "this session" in table.title and "--all-sessions" in table.empty
        sh.user_ns["__session__"] = str(tmp_path / "nb.ipynb")  # what ipykernel sets from the server
        table = sh.run_line_magic("transform_history", "")
        assert f"this notebook ({tmp_path / 'nb.ipynb'})" in table.title
        assert "all sessions" in sh.run_line_magic("transform_history", "--all-sessions").title


def test_parse_since_accepts_dates_and_durations_and_refuses_the_rest():
    now = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)
    assert parse_since("2h", now) == now - timedelta(hours=2)
    assert parse_since("1h30m", now) == now - timedelta(minutes=90)
    assert parse_since("3d", now) == now - timedelta(days=3)
    assert parse_since(" 1w ", now) == now - timedelta(weeks=1)
    assert parse_since("2026-12-01T10:00+00:00", now) == datetime(2026, 12, 1, 10, tzinfo=UTC)
    local = parse_since("2026-12-01")
    assert local.tzinfo is not None and local.replace(tzinfo=None) == datetime(2026, 12, 1)
    for bad in ("yesterday", "2h ago", "", "99999999999999d", "-2h"):
        with pytest.raises(HistoryError, match="--since"):
            parse_since(bad, now)


def test_migration_0004_on_an_older_file_and_the_new_fields(tmp_path, monkeypatch):
    path = tmp_path / "h.sqlite3"
    monkeypatch.setattr(migrations_mod, "MIGRATIONS", migrations_mod.MIGRATIONS[:3])
    con = sqlite3.connect(path, isolation_level=None)
    migrations_mod.migrate(con)
    con.execute(
        "INSERT INTO entries (ts, sources, request, code, outcome, target) VALUES (?, ?, ?, ?, ?, ?)",
        (entry_mod.format_ts(datetime.now(UTC)), '["df"]', "old request", "old = df", "compiled", "old"),
    )
    con.close()
    monkeypatch.undo()
    store = HistoryStore.open(path)
    names = [r[0] for r in sqlite3.connect(path).execute("SELECT name FROM migrations ORDER BY name")]
    assert names[-1] == "0004_engine_parent_choice_notebook"
    (old,) = store.search(all_sessions=True)
    assert (old.engine, old.parent, old.choice, old.notebook) == ("pandas", None, None, None)

    @dataclasses.dataclass(frozen=True)
    class PolarsTransform(Transform):  # what the engines work adds: an ``engine`` attribute
        engine: str = "polars"

    plan = Plan(source="df", steps=(Head(n=2),))
    t = PolarsTransform(
        code="small = df.head(2)",
        target="small",
        plan=plan,
        explanation="",
        source="df",
        request="first 2 rows",
    )
    new_id = record_transform(store, t, "2 rows", ["df"], parent=old.id, choice=2)
    (new,) = [e for e in store.search(all_sessions=True) if e.id == new_id]
    assert (new.engine, new.parent, new.choice) == ("polars", old.id, 2)
    assert record_transform(store, t, "x", ["df"], choice=True) is not None  # not a number: stored as None
    assert store.search("x", all_sessions=True)[0].choice is None
    # a parent id that names no entry is stored as NULL; it never fails the write
    assert record_transform(store, t, "y", ["df"], parent=10**6) is not None
    assert store.search("y", all_sessions=True)[0].parent is None and store.off_reason is None


def test_a_polars_export_replays_with_polars(tmp_path):
    pl = pytest.importorskip("polars")
    store = HistoryStore.open(tmp_path / "h.sqlite3")
    _entry(store, "first 2 rows", "small = df.head(2)", "small", engine="polars")
    out = tmp_path / "p.py"
    assert store.export(out) == 1
    script = out.read_text()
    assert "import polars as pl" in script and "pl.read_parquet" in script and "pd.read_" not in script
    pl.DataFrame({"x": [1, 2, 3]}).write_parquet(tmp_path / "df.parquet")
    check = (
        "import runpy, sys; sys.argv = ['p.py', 'df=df.parquet']; ns = runpy.run_path('p.py'); "
        "print(type(ns['small']).__module__.split('.')[0], ns['small'].height)"
    )
    done = _python("-c", check, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["polars", "2"]
    _entry(store, "first row", "one = df.limit(1)", "one", engine="spark", sources=["sdf"])
    spark_script = (tmp_path / "s.py").read_text() if store.export(tmp_path / "s.py") else ""
    assert "SparkSession.builder.getOrCreate().read.parquet" in spark_script
    assert "sdf = _frame('sdf', 'spark')" in spark_script and "df = _frame('df', 'polars')" in spark_script


def test_the_notebook_export_has_the_same_preamble(tmp_path):
    nbformat = pytest.importorskip("nbformat")
    store = HistoryStore.open(tmp_path / "h.sqlite3")
    _entry(store, "first 2 rows", "small = pd.DataFrame(df).head(2)", "small")
    out = tmp_path / "r.ipynb"
    assert store.export(out) == 1
    nb = nbformat.read(out, as_version=4)
    nbformat.validate(nb)
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    ns: dict[str, object] = {"df": pd.DataFrame({"x": [1, 2, 3]})}
    exec(compile(code, str(out), "exec"), ns)
    assert ns["small"]["x"].tolist() == [1, 2]
    assert json.loads(out.read_text())["nbformat"] == 4


def test_store_and_export_import_one_way():
    """store → export, never export → store: the import circle is gone."""
    root = Path(__import__("pandascribe.history", fromlist=["x"]).__file__).parent

    def imports(name: str) -> set[str]:
        tree = ast.parse((root / f"{name}.py").read_text())
        found = {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
        return {m.lstrip(".") for m in found}

    assert "export" in imports("store")
    assert "store" not in imports("export")
