"""Follow-ups in a real IPython InteractiveShell: ``%%transform`` remembers the last transform,
``%%transform`` with no SOURCE and a request that refers back builds on it (the inserted cell
starts from the first result and says so), ``--fresh`` forgets, history records the parent."""

from __future__ import annotations

import sqlite3

import pandas as pd
import pytest
from IPython.core.interactiveshell import InteractiveShell

from pandascribe.history import close_all
from pandascribe.magics import load_ipython_extension, unload_ipython_extension
from pandascribe.settings import reset_settings


@pytest.fixture
def history_path(tmp_path):
    return tmp_path / "history.sqlite3"


@pytest.fixture
def shell(history_path, monkeypatch):
    for var in (
        "PANDASCRIBE_BACKEND",
        "PANDASCRIBE_HISTORY",
        "PANDASCRIBE_OPENAI_BASE_URL",
        "PANDASCRIBE_MODEL",
    ):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.delenv("JPY_SESSION_NAME", raising=False)
    monkeypatch.setenv("PANDASCRIBE_HISTORY_PATH", str(history_path))
    monkeypatch.setenv("XDG_DATA_HOME", str(history_path.parent / "xdg"))
    reset_settings()
    close_all()
    sh = InteractiveShell.instance()
    sh.reset(new_session=False)
    load_ipython_extension(sh)
    sh.rl_next_input = None
    yield sh
    unload_ipython_extension(sh)
    sh.reset(new_session=False)
    close_all()
    reset_settings()


@pytest.fixture
def sales() -> pd.DataFrame:
    return pd.DataFrame(
        {"region": ["North", "South", "North", "East", "South", "West"], "units": [5, 3, 2, 8, 1, 6]}
    )


def cell(sh: InteractiveShell, code: str) -> str:
    result = sh.run_cell(code, store_history=False)
    assert result.success, result.error_in_exec or result.error_before_exec
    text = sh.rl_next_input
    sh.rl_next_input = None
    assert text is not None
    return text


def test_transform_then_follow_up_without_source(shell, sales, penguins, history_path) -> None:
    shell.user_ns["sales"] = sales
    shell.user_ns["penguins"] = penguins  # two frames: without the follow-up, SOURCE would be needed
    first = cell(shell, "%%transform sales\ntotal units by region")
    assert shell.run_cell(first).success
    target1 = next(line.split(" = ")[0] for line in first.splitlines() if " = " in line)
    second = cell(shell, "%%transform\nnow sort that by units, highest first")
    code = [line for line in second.splitlines() if not line.startswith("#")]
    assert code[0].split(" = ", 1)[1].startswith(target1)
    assert f"# builds on {target1} (total units by region)" in second.splitlines()
    assert shell.run_cell(second).success
    target2 = code[0].split(" = ")[0]
    want = sales.groupby("region", as_index=False).agg(sum_units=("units", "sum"))
    want = want.sort_values("sum_units", ascending=False)
    pd.testing.assert_frame_equal(
        shell.user_ns[target2].reset_index(drop=True), want.reset_index(drop=True), check_dtype=False
    )
    con = sqlite3.connect(history_path)
    try:
        got = con.execute("SELECT id, request, parent FROM entries ORDER BY id").fetchall()
    finally:
        con.close()
    assert got[0][2] is None
    assert got[1][2] == got[0][0]


def test_fresh_forgets_the_previous_result(shell, sales) -> None:
    shell.user_ns["sales"] = sales
    cell(shell, "%%transform sales\ntotal units by region")
    result = shell.run_cell("%%transform --fresh\nnow sort that by units, highest first", store_history=False)
    assert not result.success
    assert "previous result" in str(result.error_in_exec)
    assert shell.rl_next_input is None


def test_a_request_that_stands_alone_still_needs_its_source(shell, sales, penguins) -> None:
    shell.user_ns["sales"] = sales
    shell.user_ns["penguins"] = penguins
    cell(shell, "%%transform sales\ntotal units by region")
    result = shell.run_cell("%%transform\nmean body_mass_g by species", store_history=False)
    assert not result.success
    assert "several DataFrames" in str(result.error_in_exec)


def test_history_export_replays_the_chain_in_order(shell, sales, tmp_path) -> None:
    shell.user_ns["sales"] = sales
    for request in (
        "%%transform sales\ntotal units by region",
        "%%transform\nnow sort that by units, highest first",
    ):
        assert shell.run_cell(cell(shell, request)).success
    out = tmp_path / "replay.py"
    assert shell.run_cell(f"%transform_history --export {out}", store_history=False).success
    ns: dict = {"sales": sales.copy()}
    exec(compile(out.read_text(), str(out), "exec"), ns)
    want = sales.groupby("region", as_index=False).agg(sum_units=("units", "sum"))
    want = want.sort_values("sum_units", ascending=False)
    pd.testing.assert_frame_equal(
        ns["sales_by_region_sorted"].reset_index(drop=True), want.reset_index(drop=True), check_dtype=False
    )
