"""The magics in a real IPython InteractiveShell: what is shown, what is inserted (the shell's own
``set_next_input`` → ``rl_next_input``), what is refused, and what lands in history."""

from __future__ import annotations

import re
import sqlite3

import pandas as pd
import pytest
from IPython.core.interactiveshell import InteractiveShell

from pandascribe.history import close_all
from pandascribe.magics import load_ipython_extension, unload_ipython_extension
from pandascribe.settings import reset_settings

REQUEST = "mean body_mass_g by species"


@pytest.fixture(scope="module")
def penguins():
    palmerpenguins = pytest.importorskip("palmerpenguins")
    return palmerpenguins.load_penguins()


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
        "PANDASCRIBE_HISTORY_RETENTION_DAYS",
    ):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("PANDASCRIBE_HISTORY_PATH", str(history_path))
    monkeypatch.setenv("XDG_DATA_HOME", str(history_path.parent / "xdg"))  # never the real data dir
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


def run(sh: InteractiveShell, code: str):
    return sh.run_cell(code, store_history=False)


def inserted(sh: InteractiveShell) -> str | None:
    text = sh.rl_next_input
    sh.rl_next_input = None
    return text


def rows(path) -> list[tuple]:
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT request, outcome, sources, code FROM entries ORDER BY id").fetchall()
    finally:
        con.close()


def test_help_for_line_and_cell_forms(shell, capsys):
    for query in ("%transform?", "%%transform?"):
        result = run(shell, query)
        assert result.success
        out = capsys.readouterr().out
        assert "--backend" in out and "SOURCE" in out and "-o NAME" in out


def test_cell_form_shows_and_inserts_code_that_runs(shell, penguins, history_path, capsys):
    shell.user_ns["penguins"] = penguins
    before = penguins.copy()
    result = run(shell, f"%%transform penguins\n{REQUEST}")
    assert result.success, result.error_in_exec
    text = inserted(shell)
    assert text is not None
    assert text.splitlines()[0] == f"# %%transform penguins: {REQUEST}"
    out = capsys.readouterr().out
    code = text.split("\n", 1)[1]
    assert code.strip().splitlines()[-1] in out  # the code is shown as output too
    ran = run(shell, text)
    assert ran.success, ran.error_in_exec
    target = re.search(r"^(\w+) = ", code, re.M)
    assert target is not None
    value = shell.user_ns[target.group(1)]
    assert len(value) == 3  # three species
    pd.testing.assert_frame_equal(penguins, before)  # the source is never mutated
    recorded = rows(history_path)
    assert [r[:3] for r in recorded] == [(REQUEST, "compiled", '["penguins"]')]
    assert recorded[0][3].rstrip() in text


def test_default_source_is_the_only_dataframe(shell, penguins):
    shell.user_ns["penguins"] = penguins
    assert run(shell, f"%%transform\n{REQUEST}").success
    assert inserted(shell).startswith(f"# %%transform penguins: {REQUEST}")


def test_one_line_form(shell, penguins):
    shell.user_ns["penguins"] = penguins
    assert run(shell, f"%transform penguins: {REQUEST}").success
    assert inserted(shell).startswith(f"# %%transform penguins: {REQUEST}")
    shell.user_ns["col"] = "species"
    # the request is literal text: IPython's {var} expansion would have made this compile
    assert not run(shell, "%transform penguins: mean body_mass_g by {col}").success
    assert inserted(shell) is None


def test_several_dataframes_need_a_name(shell, penguins, capsys):
    shell.user_ns["penguins"] = penguins
    shell.user_ns["other"] = penguins.head()
    result = run(shell, f"%%transform\n{REQUEST}")
    assert not result.success
    err = capsys.readouterr().err
    assert "UsageError" in err and "other, penguins" in err and "Traceback" not in err
    assert inserted(shell) is None


def test_unknown_source_suggests_a_name(shell, penguins, capsys):
    shell.user_ns["penguins"] = penguins
    assert not run(shell, f"%%transform pengiuns\n{REQUEST}").success
    assert "did you mean 'penguins'" in capsys.readouterr().err
    assert inserted(shell) is None


def test_not_understood_inserts_nothing_and_is_recorded(shell, penguins, history_path, capsys):
    shell.user_ns["penguins"] = penguins
    result = run(shell, "%%transform penguins\nflibber the wobble of zorgs")
    assert not result.success
    err = capsys.readouterr().err
    assert "UsageError: pandascribe could not compile this request" in err
    assert "Traceback" not in err
    assert inserted(shell) is None
    assert [(r[0], r[1]) for r in rows(history_path)] == [("flibber the wobble of zorgs", "refused")]


def test_empty_cell_and_bad_flags_are_usage_errors(shell, penguins, capsys):
    shell.user_ns["penguins"] = penguins
    assert not run(shell, "%%transform penguins\n   ").success
    assert "the cell is empty" in capsys.readouterr().err
    assert not run(shell, "%%transform penguins --backend magic\nx").success
    assert "invalid choice" in capsys.readouterr().err
    assert not run(shell, "%transform penguins mean of x").success
    assert "SOURCE: request" in capsys.readouterr().err
    assert inserted(shell) is None


def test_default_name_never_collides(shell, penguins):
    shell.user_ns["penguins"] = penguins
    run(shell, f"%%transform penguins\n{REQUEST}")
    first = inserted(shell)
    assert run(shell, first).success
    name = re.search(r"^(\w+) = ", first, re.M).group(1)
    original = shell.user_ns[name]
    # another magic cell (here: other options) never takes a name that exists
    run(shell, f"%%transform penguins --backend rules\n{REQUEST}")
    second = inserted(shell)
    assert re.search(rf"^{name}_2 = ", second, re.M)
    assert run(shell, second).success
    assert shell.user_ns[name] is original
    pd.testing.assert_frame_equal(shell.user_ns[f"{name}_2"], original)


def test_rerunning_the_same_cell_keeps_its_name(shell, penguins):
    """The cell's own previous result is not a taken name: no drift to _2 on a re-run (without a
    cell id from the frontend, the magic's text identifies the cell)."""
    shell.user_ns["penguins"] = penguins
    run(shell, f"%%transform penguins\n{REQUEST}")
    first = inserted(shell)
    assert run(shell, first).success
    for _ in range(2):
        run(shell, f"%%transform penguins\n{REQUEST}")
        assert inserted(shell) == first


def test_explicit_existing_name_is_announced(shell, penguins, capsys):
    shell.user_ns["penguins"] = penguins
    shell.user_ns["result"] = 42
    assert run(shell, f"%%transform penguins -o result\n{REQUEST}").success
    assert "'result' is an existing variable; running this code will overwrite it" in capsys.readouterr().out
    text = inserted(shell)
    assert text.startswith(f"# %%transform penguins -o result: {REQUEST}")
    assert re.search(r"^result = ", text, re.M)
    assert shell.user_ns["result"] == 42  # not run: nothing overwritten yet


def test_imports_added_only_when_missing(shell, penguins):
    shell.user_ns["penguins"] = penguins
    shell.user_ns.pop("pd", None)
    shell.user_ns.pop("np", None)
    run(shell, f"%%transform penguins\n{REQUEST}")
    text = inserted(shell)
    code = "\n".join(line for line in text.splitlines() if not line.startswith(("#", "import ")))
    assert ("import pandas as pd" in text) == bool(re.search(r"\bpd\.", code))
    assert ("import numpy as np" in text) == bool(re.search(r"\bnp\.", code))
    shell.user_ns["pd"] = pd
    run(shell, f"%%transform penguins\n{REQUEST}")
    assert "import pandas as pd" not in inserted(shell)


def test_run_executes_and_records(shell, penguins, history_path, capsys):
    shell.user_ns["penguins"] = penguins
    result = run(shell, f"%%transform penguins -o by_species --run\n{REQUEST}")
    assert result.success, result.error_in_exec
    assert len(shell.user_ns["by_species"]) == 3
    assert result.result is shell.user_ns["by_species"]
    assert inserted(shell).startswith(f"# %%transform penguins -o by_species: {REQUEST}")
    assert [(r[0], r[1]) for r in rows(history_path)] == [(REQUEST, "ran")]


def test_history_table_search_and_export(shell, penguins, tmp_path, capsys):
    shell.user_ns["penguins"] = penguins
    run(shell, f"%%transform penguins\n{REQUEST}")
    run(shell, "%%transform penguins\nflibber the wobble")
    table = shell.run_line_magic("transform_history", "")
    assert len(table) == 2
    html = table._repr_html_()
    assert "<table>" in html and REQUEST in html and "refused" in html
    assert REQUEST in repr(table) and "compiled" in repr(table)
    found = shell.run_line_magic("transform_history", "--search flibber")
    assert [r[2] for r in found.rows] == ["flibber the wobble"]
    assert len(shell.run_line_magic("transform_history", "-n 1")) == 1
    out = tmp_path / "exports" / "session.py"
    shell.run_line_magic("transform_history", f"--export {out}")
    assert "exported 1 transform to" in capsys.readouterr().out
    script = out.read_text()
    assert "# %%transform penguins" in script and "flibber" not in script
    ns = {"penguins": penguins}
    exec(compile(script, str(out), "exec"), ns)
    assert run(shell, "%transform_history --export out.txt").success is False
    nb = tmp_path / "exports" / "all.ipynb"
    shell.run_line_magic("transform_history", f"--all-sessions --export {nb}")
    assert "# %%transform penguins" in nb.read_text()


def test_history_of_a_new_session_is_empty_until_asked_for_all(shell, penguins, history_path):
    from pandascribe.history import HistoryStore

    earlier = HistoryStore.open(history_path)  # another kernel, earlier
    earlier.record(
        request="count rows by island",
        sources=["penguins"],
        schema_fingerprint=None,
        backend="rules",
        model=None,
        plan_json=None,
        code=None,
        outcome="refused",
        duration_ms=1.0,
    )
    table = shell.run_line_magic("transform_history", "")
    assert len(table) == 0 and "--all-sessions" in repr(table)
    everything = shell.run_line_magic("transform_history", "--all-sessions")
    assert [r[2] for r in everything.rows] == ["count rows by island"]


def test_history_off(shell, penguins, monkeypatch, capsys):
    monkeypatch.setenv("PANDASCRIBE_HISTORY", "off")
    reset_settings()
    unload_ipython_extension(shell)
    load_ipython_extension(shell)
    shell.user_ns["penguins"] = penguins
    assert run(shell, f"%%transform penguins\n{REQUEST}").success
    assert inserted(shell) is not None
    assert not run(shell, "%transform_history").success
    assert "history is off" in capsys.readouterr().err


def test_config_rereads_the_environment(shell, penguins, monkeypatch, tmp_path):
    moved = tmp_path / "moved" / "history.sqlite3"
    monkeypatch.setenv("PANDASCRIBE_HISTORY_PATH", str(moved))
    assert str(moved) in repr(shell.run_line_magic("transform_config", ""))
    shell.user_ns["penguins"] = penguins
    assert run(shell, f"%%transform penguins\n{REQUEST}").success
    assert [r[:2] for r in rows(moved)] == [(REQUEST, "compiled")]


def test_config_masks_secrets(shell, monkeypatch):
    monkeypatch.setenv("PANDASCRIBE_OPENAI_API_KEY", "sk-topsecret-value-xy")
    monkeypatch.setenv("PANDASCRIBE_MODEL", "tiny")
    table = shell.run_line_magic("transform_config", "")
    text = repr(table) + table._repr_html_()
    assert "topsecret" not in text and "****xy" in text
    assert "PANDASCRIBE_MODEL" in text and "tiny" in text and "auto" in text


def test_bad_setting_fails_loading_with_the_variable_named(shell, monkeypatch):
    from IPython.core.error import UsageError

    monkeypatch.setenv("PANDASCRIBE_BACKEND", "telepathy")
    reset_settings()
    with pytest.raises(UsageError, match=r"PANDASCRIBE_BACKEND='telepathy'.*rules"):
        load_ipython_extension(shell)


def test_doctor_magic(shell, history_path):
    table = shell.run_line_magic("transform_doctor", "")
    names = [r[1] for r in table.rows]
    assert names == ["settings", "history", "backend"]
    assert all(r[0] == "ok" for r in table.rows), repr(table)


def test_several_sources_and_non_frames(shell, penguins, capsys):
    shell.user_ns["penguins"] = penguins
    shell.user_ns["extra"] = penguins.head()
    shell.user_ns["number"] = 3
    assert run(shell, f"%%transform penguins extra\n{REQUEST}").success
    assert inserted(shell).startswith(f"# %%transform penguins extra: {REQUEST}")
    assert not run(shell, f"%%transform number\n{REQUEST}").success
    assert "'number' is not a pandas DataFrame (it is a int)" in capsys.readouterr().err
    assert inserted(shell) is None


def test_every_magic_is_documented(shell):
    from pathlib import Path

    from pandascribe.magics import MAGIC_NAMES

    usage = (Path(__file__).parent.parent / "docs" / "usage.md").read_text()
    names = {n for group in MAGIC_NAMES.values() for n in group}
    assert [n for n in sorted(names) if f"%{n}" not in usage] == []
    for name in MAGIC_NAMES["line"]:
        assert shell.find_line_magic(name) is not None
    assert shell.find_cell_magic("transform") is not None


def test_panel_magic_returns_a_panel(shell, penguins):
    pytest.importorskip("ipywidgets")
    shell.user_ns["penguins"] = penguins
    panel = shell.run_line_magic("transform_panel", "penguins")
    assert type(panel).__name__ == "Panel"


# ---------------------------------------------------------------- ambiguous requests: --choose N

AMBIGUOUS = "mean length by species"  # bill_length_mm or flipper_length_mm: equally good readings


def _readings(penguins) -> list:
    import pandascribe

    with pytest.raises(pandascribe.AmbiguousRequest) as info:
        pandascribe.compile(AMBIGUOUS, {"penguins": penguins})
    return list(info.value.choices)


def choice_rows(path) -> list[tuple]:
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT request, outcome, choice, code FROM entries ORDER BY id").fetchall()
    finally:
        con.close()


def test_an_ambiguous_request_shows_numbered_readings_and_inserts_nothing(
    shell, penguins, history_path, capsys
):
    shell.user_ns["penguins"] = penguins
    readings = _readings(penguins)
    assert len(readings) == 2
    result = run(shell, f"%%transform penguins\n{AMBIGUOUS}")
    assert not result.success
    assert inserted(shell) is None
    captured = capsys.readouterr()
    for n, c in enumerate(readings, 1):
        assert f"  {n}. {c.paraphrase}" in captured.out and f"say: {c.request}" in captured.out
    assert "%%transform penguins --choose 1" in captured.out  # how to pick, as this very cell
    errors = [line for line in captured.err.splitlines() if line.strip()]
    assert len(errors) == 1 and errors[0].startswith("UsageError: pandascribe could not decide")
    assert "--choose N (1 to 2)" in errors[0] and "Traceback" not in captured.err
    assert choice_rows(history_path) == [(AMBIGUOUS, "refused", None, None)]


def test_choose_inserts_that_readings_code_and_a_rerun_is_byte_identical(shell, penguins, history_path):
    shell.user_ns["penguins"] = penguins
    readings = _readings(penguins)
    for n, chosen in enumerate(readings, 1):
        result = run(shell, f"%%transform penguins --choose {n}\n{AMBIGUOUS}")
        assert result.success, result.error_in_exec
        text = inserted(shell)
        assert text is not None
        assert text.splitlines()[0] == f"# %%transform penguins: {chosen.request}"
        assert text.split("\n", 1)[1].rstrip() == chosen.transform.code.rstrip()
        # the provenance comment, run as a magic, gives the very same cell
        assert run(shell, f"%%transform penguins\n{chosen.request}").success
        assert inserted(shell) == text
    assert readings[0].transform.code != readings[1].transform.code
    recorded = choice_rows(history_path)
    assert [(r[0], r[1], r[2]) for r in recorded] == [
        (readings[0].request, "compiled", 1),
        (readings[0].request, "compiled", None),  # the rephrased request is no choice
        (readings[1].request, "compiled", 2),
        (readings[1].request, "compiled", None),
    ]
    assert recorded[2][3] == readings[1].transform.code


def test_choose_with_run_records_the_reading(shell, penguins, history_path):
    shell.user_ns["penguins"] = penguins
    chosen = _readings(penguins)[1]
    result = run(shell, f"%%transform penguins --choose 2 --run\n{AMBIGUOUS}")
    assert result.success, result.error_in_exec
    target = chosen.transform.target
    column = chosen.transform.plan.steps[0].aggs[0].column
    assert list(shell.user_ns[target].columns) == ["species", f"mean_{column}"]
    assert [(r[1], r[2]) for r in choice_rows(history_path)] == [("ran", 2)]


def test_one_line_form_takes_choose(shell, penguins, capsys):
    shell.user_ns["penguins"] = penguins
    chosen = _readings(penguins)[1]
    assert not run(shell, f"%transform penguins: {AMBIGUOUS}").success
    assert inserted(shell) is None
    assert f"%transform penguins --choose 1: {AMBIGUOUS}" in capsys.readouterr().out
    assert run(shell, f"%transform penguins --choose 2: {AMBIGUOUS}").success
    assert inserted(shell) == f"# %%transform penguins: {chosen.request}\n{chosen.transform.code.rstrip()}"


@pytest.mark.parametrize(
    ("request_", "choose", "says"),
    [
        (AMBIGUOUS, 3, "--choose 3: this request has 2 readings; choose 1 to 2"),
        (AMBIGUOUS, 0, "--choose 0: this request has 2 readings; choose 1 to 2"),
        (REQUEST, 2, "--choose 2: this request has one reading (it is not ambiguous); drop --choose"),
    ],
)
def test_a_choice_out_of_range_is_one_usage_line(shell, penguins, capsys, request_, choose, says):
    shell.user_ns["penguins"] = penguins
    result = run(shell, f"%%transform penguins --choose {choose}\n{request_}")
    assert not result.success and inserted(shell) is None
    captured = capsys.readouterr()
    assert [line for line in captured.err.splitlines() if line.strip()] == [f"UsageError: {says}"]
    assert "say:" not in captured.out


def test_choose_1_of_a_request_with_one_reading_is_that_reading(shell, penguins, history_path):
    shell.user_ns["penguins"] = penguins
    assert run(shell, f"%%transform penguins --choose 1\n{REQUEST}").success
    text = inserted(shell)
    assert text is not None and text.startswith(f"# %%transform penguins: {REQUEST}\n")
    assert [(r[1], r[2]) for r in choice_rows(history_path)] == [("compiled", None)]
