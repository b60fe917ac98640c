"""The widget panel without a browser: a real IPython InteractiveShell, real widgets, a real SQLite
history file. The frontend's side of the comm is played by a comm that records what the panel
sends (the browser half is tested in tests/e2e)."""

from __future__ import annotations

import os
from typing import Any

import numpy as np
import palmerpenguins
import pandas as pd
import pytest
from comm.base_comm import BaseComm
from IPython.core.interactiveshell import InteractiveShell

import pandascribe
from pandascribe.history import HistoryStore
from pandascribe.panel import Panel, open_panel
from pandascribe.panel.actions import PREVIEW_ROWS
from pandascribe.panel.bridge import COMM_TARGET


class FrontendComm(BaseComm):
    """A comm whose far end is the test: keeps every message the kernel side publishes."""

    sent: list[tuple[str, Any]]

    def publish_msg(
        self, msg_type: str, data: Any = None, metadata: Any = None, buffers: Any = None, **keys: Any
    ) -> None:
        if not hasattr(self, "sent"):
            self.sent = []
        self.sent.append((msg_type, data))

    def reply(self, **data: Any) -> None:
        self.handle_msg({"content": {"comm_id": self.comm_id, "data": data}})


@pytest.fixture
def shell(tmp_path: Any, monkeypatch: Any) -> Any:
    """A real shell with penguins defined, settings from a clean environment (rules backend, history
    in a temporary file, never the user's data directory)."""
    from pandascribe.history import close_all
    from pandascribe.settings import reset_settings

    for var in [v for v in os.environ if v.startswith("PANDASCRIBE_")]:
        monkeypatch.delenv(var)
    monkeypatch.setenv("PANDASCRIBE_HISTORY_PATH", str(tmp_path / "settings-history.sqlite3"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    reset_settings()
    sh = InteractiveShell.instance()
    saved = dict(sh.user_ns)
    sh.user_ns["penguins"] = palmerpenguins.load_penguins()
    yield sh
    sh.user_ns.clear()
    sh.user_ns.update(saved)
    close_all()
    reset_settings()


@pytest.fixture
def store(tmp_path: Any) -> Any:
    s = HistoryStore.open(tmp_path / "history.sqlite3")
    yield s
    s.close()


@pytest.fixture
def comms() -> list[FrontendComm]:
    return []


@pytest.fixture
def make_panel(shell: Any, store: Any, comms: list[FrontendComm]) -> Any:
    def factory(**kwargs: Any) -> FrontendComm:
        c = FrontendComm(**kwargs)
        comms.append(c)
        return c

    made: list[Panel] = []

    def _make(**kwargs: Any) -> Panel:
        kwargs.setdefault("store", store)
        p = Panel(shell.user_ns, comm_factory=factory, **kwargs)
        made.append(p)
        return p

    yield _make
    for p in made:
        p.close()


def _compile(panel: Panel, request: str) -> None:
    panel.request_box.value = request
    panel.compile_button.click()


def test_frame_picker_lists_dataframes_and_describes_the_selection(make_panel: Any, shell: Any) -> None:
    shell.user_ns["_hidden"] = pd.DataFrame({"a": [1]})
    shell.user_ns["not_a_frame"] = [1, 2, 3]
    panel = make_panel()
    assert panel.frame_picker.options == ("penguins",)
    assert "344 rows × 8 columns" in panel.frame_info.value
    assert "body_mass_g" in panel.frame_info.value and "species" in panel.frame_info.value

    shell.user_ns["flights"] = pd.DataFrame({"dep_delay": [1.0, 2.0], "carrier": ["AA", "UA"]})
    assert panel.frame_picker.options == ("penguins",)  # until refreshed
    panel.refresh_button.click()
    assert panel.frame_picker.options == ("flights", "penguins")
    assert panel.frame_picker.value == "penguins"  # the selection is kept
    panel.frame_picker.value = "flights"
    assert "2 rows × 2 columns" in panel.frame_info.value and "dep_delay" in panel.frame_info.value


def test_compile_shows_explanation_highlighted_code_and_preview(make_panel: Any, shell: Any) -> None:
    panel = make_panel()
    before = set(shell.user_ns)
    _compile(panel, "rows where year is 2007")
    assert panel.error.value == ""
    assert panel.results.layout.display == ""
    assert "Keep rows where year" in panel.explanation.value
    assert panel.compiled is not None
    assert panel.compiled.text.startswith("# %%transform penguins: rows where year is 2007\n")
    assert "<span style=" in panel.code.value  # pygments, inline styles
    assert "penguins_filtered" in panel.code.value
    expected = int((shell.user_ns["penguins"]["year"] == 2007).sum())
    assert "Preview — computed on all 344 rows of penguins" in panel.preview_box.value
    assert f"{expected} rows × 8 columns" in panel.preview_box.value
    assert set(shell.user_ns) == before  # compiling and previewing define nothing


def test_preview_runs_on_a_bounded_sample_and_never_touches_the_namespace(
    make_panel: Any, shell: Any
) -> None:
    n = PREVIEW_ROWS + 5_000
    big = pd.DataFrame({"x": np.arange(n), "g": np.where(np.arange(n) % 2 == 0, "even", "odd")})
    shell.user_ns["big"] = big
    original = big.copy()
    panel = make_panel(source="big")
    assert panel.frame_picker.value == "big"
    _compile(panel, "sort by x descending")
    caption = panel.preview_box.value
    assert f"first {PREVIEW_ROWS:,} of {n:,} rows of big" in caption
    assert f"{PREVIEW_ROWS:,} rows × 2 columns" in caption
    assert f">{PREVIEW_ROWS - 1}<" in caption  # the largest x of the sample, not of the full frame
    assert "big_sorted" not in shell.user_ns
    assert shell.user_ns["big"] is big
    pd.testing.assert_frame_equal(big, original)


def test_errors_are_inline_with_suggestions_that_fix_the_request(make_panel: Any, shell: Any) -> None:
    panel = make_panel()
    _compile(panel, "rows where yeer is 2007")
    assert "Could not compile this request" in panel.error.value
    assert "yeer" in panel.error.value and "year" in panel.error.value
    assert panel.results.layout.display == "none"
    buttons = panel.suggestion_bar.children
    assert [b.description for b in buttons] == ["use year"]
    buttons[0].click()
    assert panel.request_box.value == "rows where year is 2007"
    assert panel.error.value == "" and panel.suggestion_bar.children == ()
    assert panel.compiled is not None and "== 2007" in panel.compiled.transform.code

    panel.request_box.value = "   "
    panel.compile_button.click()
    assert "The request is empty" in panel.error.value and panel.compiled is None


def test_panel_records_history_exactly_as_the_magic_does(make_panel: Any, shell: Any, store: Any) -> None:
    from pandascribe.magics import TransformMagics, unload_ipython_extension

    panel = make_panel()
    _compile(panel, "rows where year is 2007")
    shell.register_magics(TransformMagics(shell, store=store))
    try:
        shell.run_cell_magic("transform", "penguins", "rows where year is 2007")
    finally:
        unload_ipython_extension(shell)
    magic, from_panel = store.recent(limit=2)
    fields = ("sources", "request", "backend", "target", "plan_json", "code", "outcome", "schema_fingerprint")
    assert {f: getattr(from_panel, f) for f in fields} == {f: getattr(magic, f) for f in fields}
    assert from_panel.outcome == "compiled"

    _compile(panel, "rows where yeer is 2007")
    refused = store.recent(limit=1)[0]
    assert (refused.outcome, refused.request, refused.code) == ("refused", "rows where yeer is 2007", None)


def test_run_executes_in_the_namespace_shows_the_head_and_records(
    make_panel: Any, shell: Any, store: Any
) -> None:
    panel = make_panel()
    _compile(panel, "mean body_mass_g by species")
    assert "penguins_by_species" not in shell.user_ns
    panel.run_button.click()
    result = shell.user_ns["penguins_by_species"]
    want = shell.user_ns["penguins"].groupby("species", as_index=False)["body_mass_g"].mean()
    assert result["mean_body_mass_g"].tolist() == pytest.approx(want["body_mass_g"].tolist())
    assert "Ran in the notebook: penguins_by_species is now 3 rows × 2 columns" in panel.run_output.value
    assert "Gentoo" in panel.run_output.value
    assert [e.outcome for e in store.recent(limit=2)] == ["ran", "compiled"]
    assert "penguins_by_species" in panel.frame_picker.options  # the new frame is offered

    _compile(panel, "mean body_mass_g by species")  # the name is taken now: a fresh one, never overwrite
    assert panel.compiled is not None and panel.compiled.transform.target == "penguins_by_species_2"


def test_history_list_reloads_an_earlier_request(make_panel: Any, shell: Any) -> None:
    panel = make_panel()
    _compile(panel, "rows where year is 2007")
    _compile(panel, "sort by body_mass_g descending")
    labels = [label for label, _ in panel.history_list.options]
    assert len(labels) == 2
    assert "penguins · sort by body_mass_g descending (compiled)" in labels[0]
    assert "penguins · rows where year is 2007 (compiled)" in labels[1]
    panel.history_list.value = panel.history_list.options[1][1]
    assert panel.request_box.value == "rows where year is 2007"
    assert panel.compiled is None and panel.results.layout.display == "none"


def test_history_off_is_said(make_panel: Any) -> None:
    panel = make_panel(store=None)
    assert "History is off" in panel.history_note.value


def test_extension_handshake_insert_and_copy(make_panel: Any, comms: list[FrontendComm]) -> None:
    panel = make_panel()
    (comm,) = comms
    assert comm.target_name == COMM_TARGET
    assert comm.sent[0] == ("comm_open", {"protocol": 1, "model_id": panel.model_id})
    assert "not detected yet" in panel.extension_status.value

    comm.reply(type="hello", protocol=1, frontend="JupyterLab", version="4.6.6")
    assert "Connected to JupyterLab 4.6.6" in panel.extension_status.value

    _compile(panel, "rows where year is 2007")
    assert panel.compiled is not None
    panel.insert_button.click()
    kind, request = comm.sent[-1]
    assert kind == "comm_msg"
    tie = request.pop("tie")
    assert request == {"type": "insert", "id": 1, "code": panel.compiled.text, "model_id": panel.model_id}
    assert tie["target"] == panel.compiled.transform.target and tie["slot"]  # one cell per request
    comm.reply(type="inserted", id=1, index=3)
    assert "Inserted a new cell below this panel (cell 4)" in panel.action_status.value
    panel.insert_button.click()  # the same request again: the extension says what it did
    comm.reply(type="inserted", id=2, index=3, action="unchanged")
    assert "already there, unchanged (cell 4)" in panel.action_status.value

    panel.copy_button.click()
    assert comm.sent[-1][1]["type"] == "copy" and comm.sent[-1][1]["id"] == 3
    comm.reply(type="copied", id=3, ok=True)
    assert "Copied the code to the clipboard" in panel.action_status.value

    panel.copy_button.click()
    comm.reply(type="copied", id=4, ok=False)  # the browser refused: the text area instead
    assert "pandascribe-copy" in panel.action_status.value
    assert "penguins_filtered = penguins.loc[penguins[&quot;year&quot;] == 2007]" in panel.action_status.value

    panel.insert_button.click()
    comm.reply(type="error", id=5, message="could not find the panel's cell")
    assert (
        "could not find the panel" in panel.action_status.value
        and "pandascribe-copy" in panel.action_status.value
    )


def test_without_the_extension_insert_falls_back_to_copy(make_panel: Any, comms: list[FrontendComm]) -> None:
    panel = make_panel()
    comms[0].handle_close({"content": {"comm_id": comms[0].comm_id, "data": {}}})  # no target there
    assert "has no pandascribe extension" in panel.extension_status.value
    _compile(panel, "rows where year is 2007")
    sent_before = len(comms[0].sent)
    panel.insert_button.click()
    assert len(comms[0].sent) == sent_before  # nothing asked of a frontend that is not there
    assert "lacks" in panel.action_status.value and "<textarea" in panel.action_status.value


def test_model_backend_compiles_in_a_thread(make_panel: Any) -> None:
    panel = make_panel(backend="auto")
    _compile(panel, "rows where year is 2007")
    assert panel.worker is not None
    panel.worker.join(timeout=60)
    assert not panel.worker.is_alive()
    assert panel.compiled is not None and "Keep rows where year" in panel.explanation.value
    assert panel.compile_button.disabled is False and panel.compile_button.description == "Compile"
    assert panel.busy.value == ""


def test_open_panel_and_the_callable_module(shell: Any, tmp_path: Any) -> None:
    p = open_panel(shell, " penguins ")
    try:
        assert isinstance(p, Panel) and p.namespace is shell.user_ns
        assert p.frame_picker.value == "penguins"
        _compile(p, "rows where year is 2007")
        assert p.compiled is not None
        assert (tmp_path / "settings-history.sqlite3").exists()  # the history of the settings is used
    finally:
        p.close()
    import pandascribe.panel as module

    q = module(shell.user_ns)  # `pandascribe.panel` may be the module once imported: still callable
    r = pandascribe.panel(shell.user_ns)
    try:
        assert isinstance(q, Panel) and isinstance(r, Panel)
    finally:
        q.close()
        r.close()


def test_an_inserted_cells_name_does_not_drift(
    make_panel: Any, shell: Any, comms: list[FrontendComm]
) -> None:
    """The cell the panel inserted for a request is its own: after it ran, compiling the same request
    again keeps the name (the extension then finds that cell unchanged); another panel does not."""
    panel = make_panel()
    comm = comms[-1]
    comm.reply(type="hello", protocol=1, frontend="JupyterLab", version="4.6.6")
    _compile(panel, "mean body_mass_g by species")
    assert panel.compiled is not None
    text = panel.compiled.text
    panel.insert_button.click()
    comm.reply(type="inserted", id=1, index=2)
    shell.run_cell(text)  # the user runs the inserted cell
    assert "penguins_by_species" in shell.user_ns
    _compile(panel, "mean body_mass_g by species")
    assert panel.compiled.text == text
    other = make_panel()
    _compile(other, "mean body_mass_g by species")
    assert other.compiled is not None and other.compiled.transform.target == "penguins_by_species_2"


# ---------------------------------------------------------------- ambiguous requests and fixes

AMBIGUOUS = "mean length by species"  # bill_length_mm or flipper_length_mm: equally good readings


def _readings(shell: Any) -> list[Any]:
    with pytest.raises(pandascribe.AmbiguousRequest) as info:
        pandascribe.compile(AMBIGUOUS, {"penguins": shell.user_ns["penguins"]})
    return list(info.value.choices)


def test_an_ambiguous_request_offers_one_button_per_reading(make_panel: Any, shell: Any, store: Any) -> None:
    readings = _readings(shell)
    panel = make_panel()
    before = set(shell.user_ns)
    _compile(panel, AMBIGUOUS)
    assert panel.compiled is None and panel.results.layout.display == "none"
    assert "can be read in several ways" in panel.error.value and "2 readings" in panel.error.value
    buttons = panel.choice_bar.children
    assert [b.description for b in buttons] == [f"{n}. {c.paraphrase}" for n, c in enumerate(readings, 1)]
    assert [b.tooltip for b in buttons] == [f"Use this reading — say: {c.request}" for c in readings]
    assert panel.suggestion_bar.children == ()
    (refused,) = store.recent(limit=5)
    assert (refused.request, refused.outcome, refused.choice) == (AMBIGUOUS, "refused", None)

    buttons[1].click()  # the second reading, shown like any compiled request
    chosen = readings[1]
    assert panel.compiled is not None and panel.compiled.transform.code == chosen.transform.code
    assert panel.compiled.text.startswith(f"# %%transform penguins: {chosen.request}\n")
    assert panel.request_box.value == chosen.request
    assert chosen.paraphrase in panel.explanation.value
    assert panel.results.layout.display == ""
    assert "Preview — computed on all 344 rows of penguins" in panel.preview_box.value
    assert "3 rows × 2 columns" in panel.preview_box.value
    assert [b.button_style for b in panel.choice_bar.children] == ["", "info"]  # the others stay on offer
    assert set(shell.user_ns) == before
    picked = store.recent(limit=1)[0]
    assert (picked.request, picked.outcome, picked.choice) == (chosen.request, "compiled", 2)
    assert picked.code == chosen.transform.code

    buttons[0].click()  # change one's mind
    assert panel.compiled.transform.code == readings[0].transform.code
    assert store.recent(limit=1)[0].choice == 1

    panel.run_button.click()
    ran = store.recent(limit=1)[0]
    assert (ran.outcome, ran.choice) == ("ran", 1)
    target = readings[0].transform.target
    column = readings[0].transform.plan.steps[0].aggs[0].column
    assert list(shell.user_ns[target].columns) == ["species", f"mean_{column}"]

    _compile(panel, "rows where year is 2007")  # a new compile clears the offer
    assert panel.choice_bar.children == () and panel.error.value == ""


def test_a_chosen_reading_inserts_its_code_and_recompiles_the_same(
    make_panel: Any, shell: Any, comms: list[FrontendComm]
) -> None:
    chosen = _readings(shell)[1]
    panel = make_panel()
    (comm,) = comms
    comm.reply(type="hello", protocol=1, frontend="JupyterLab", version="4.6.6")
    _compile(panel, AMBIGUOUS)
    panel.choice_bar.children[1].click()
    text = panel.compiled.text
    panel.insert_button.click()
    kind, message = comm.sent[-1]
    assert kind == "comm_msg" and message["type"] == "insert" and message["code"] == text
    assert message["tie"]["target"] == chosen.transform.target
    panel.compile_button.click()  # the request box now holds the reading's own request
    assert panel.compiled is not None and panel.compiled.text == text and panel.compiled.choice is None


def test_a_reading_that_cannot_be_bounded_is_not_previewed(make_panel: Any, shell: Any) -> None:
    """A chosen reading follows the preview rules of any compile: a pivot of 10,000 × 10,000 cells
    on the sample is not run."""
    n = 10_000
    grid = pd.DataFrame({"row_id": range(n), "col_id": range(n), "length_a": 1.0, "length_b": 2.0})
    shell.user_ns["grid"] = grid
    panel = make_panel(source="grid")
    _compile(panel, "pivot mean length by row_id and col_id")
    assert len(panel.choice_bar.children) == 2
    panel.choice_bar.children[0].click()
    assert panel.compiled is not None and "pivot_table" in panel.compiled.transform.code
    assert "No preview" in panel.preview_box.value and "cells" in panel.preview_box.value
    assert panel.results.layout.display == ""


def test_a_fix_replaces_the_word_the_suggestion_corrects_not_the_word_the_error_names(
    make_panel: Any, shell: Any
) -> None:
    panel = make_panel()
    _compile(panel, "total yeer by island")
    assert panel.compiled is None
    # the error is about 'total' ("'total' of which column?"); its suggestions are columns
    buttons = panel.suggestion_bar.children
    assert [b.description for b in buttons] == ["use year"]  # no column is a fix for 'total'
    assert buttons[0].tooltip == "Replace 'yeer' with 'year' and compile"
    buttons[0].click()
    assert panel.request_box.value == "total year by island"
    assert panel.compiled is not None and '("year", "sum")' in panel.compiled.transform.code


def test_a_fix_replaces_exactly_the_span_the_error_is_about() -> None:
    from pandascribe.errors import CompileError
    from pandascribe.panel.offers import fix_buttons, fixed_request

    request = "rows where units is 'unitz' and unitz > 3"
    second = request.rindex("unitz")
    error = CompileError(
        "no column 'unitz'", words=["unitz"], suggestions=["units"], spans=[(second, second + 5)]
    )
    used: list[str] = []
    (button,) = fix_buttons(request, error, used.append)
    button.click()
    assert used == ["rows where units is 'unitz' and units > 3"]  # the quoted value is untouched
    # without spans the first whole word is taken: here the wrong one, which is why spans win
    assert fixed_request(request, "units", words=["unitz"]) == "rows where units is 'units' and unitz > 3"
    # of several spans, the one the suggestion corrects; a span outside the request is ignored
    two = CompileError(
        "x", words=["rows", "unitz"], suggestions=["units"], spans=[(0, 4), (second, second + 5), (90, 95)]
    )
    assert fixed_request(request, "units", words=two.words, spans=two.spans) == used[0]
    # no place for a suggestion: no button
    assert (
        fix_buttons(
            "mean of everything", CompileError("x", words=["mean"], suggestions=["units"]), used.append
        )
        == ()
    )
