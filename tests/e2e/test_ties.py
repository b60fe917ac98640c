"""End to end in a real JupyterLab + Chromium: a ``%%transform`` cell keeps *one* generated cell
tied to it (the bundled extension), however often the notebook is run.

- Run All twice → the same cells, each generated cell right below its magic cell, each run once
  per Run All and in order;
- a changed request → its generated cell updated in place (Run All runs the new code);
- a generated cell edited by hand → never overwritten: a fresh cell goes above it, once;
- Shift+Enter on a magic cell, Shift+Enter again → the generated code has run.

Screenshots of each state go to ``artifacts/e2e/ties-*.png``.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import palmerpenguins
import pytest

from .driver import ARTIFACTS, Lab, Notebook

LOAD = "import pandas as pd\nimport palmerpenguins\npenguins = palmerpenguins.load_penguins()"
MAGIC_A = "%%transform penguins\nmean body_mass_g by species"
MAGIC_B = "%%transform penguins\nsort by body_mass_g descending"
NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"


@pytest.fixture(scope="module")
def penguins() -> Any:
    return palmerpenguins.load_penguins()


def _shoot(nb: Notebook, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    nb.page.screenshot(path=str(ARTIFACTS / f"ties-{name}.png"), full_page=True)


def _check(nb: Notebook, code: str) -> str:
    """Run ``code`` in a new last cell and return its output (the cell is then deleted again)."""
    index = nb.append_cell(code)
    nb.run_cell(index)
    out = nb.output_text(index)
    nb._eval("w.content.model.sharedModel.deleteCell(arg);", index)
    return out


def test_run_all_twice_keeps_one_generated_cell_below_each_magic(open_notebook: Any, lab: Lab) -> None:
    nb: Notebook = open_notebook(
        "ties_run_all.ipynb", [LOAD, "%load_ext pandascribe", MAGIC_A, "# between", MAGIC_B, "# end"]
    )
    nb.run_all()
    first = nb.cells()
    sources = [c["source"] for c in first]
    assert len(first) == 8, sources
    assert sources[2] == MAGIC_A and sources[5] == MAGIC_B
    assert sources[3].startswith("# %%transform penguins: mean body_mass_g by species\n")
    assert "penguins_by_species = (" in sources[3]
    assert sources[6].startswith("# %%transform penguins: sort by body_mass_g descending\n")
    assert first[3]["tie"]["target"] == "penguins_by_species"
    assert first[6]["tie"]["target"] == "penguins_sorted"
    assert sources[4] == "# between" and sources[7] == "# end"
    _shoot(nb, "1-after-first-run-all")

    nb.run_all()
    second = nb.cells()
    assert [c["source"] for c in second] == sources  # same count, same text, nothing drifted to _2
    counts = [c["count"] for c in second]
    # this time the generated cells were part of Run All: each ran once, right after its magic cell
    assert counts[2] < counts[3] < counts[5] < counts[6], counts
    _shoot(nb, "2-after-second-run-all")

    nb.run_all()
    assert [c["source"] for c in nb.cells()] == sources
    assert _check(nb, "print(list(penguins_by_species.columns), len(penguins_sorted))").split("\n")[0] == (
        "['species', 'mean_body_mass_g'] 344"
    )


def test_changed_request_updates_its_cell_in_place(open_notebook: Any, lab: Lab, penguins: Any) -> None:
    nb: Notebook = open_notebook("ties_changed.ipynb", [LOAD, "%load_ext pandascribe", MAGIC_A, MAGIC_B])
    nb.run_all()
    nb.run_all()
    before = [c["source"] for c in nb.cells()]
    assert len(before) == 6, before

    # one magic cell run by hand: its generated cell (right below) changes in place
    nb.set_source(2, "%%transform penguins\nmean flipper_length_mm by species")
    nb.run_cell(2)
    after = nb.cells()
    assert len(after) == 6, [c["source"] for c in after]
    assert after[3]["source"].startswith("# %%transform penguins: mean flipper_length_mm by species\n")
    assert 'mean_flipper_length_mm=("flipper_length_mm", "mean")' in after[3]["source"]
    assert "penguins_by_species = (" in after[3]["source"]  # the same name, not penguins_by_species_2
    assert "updated the generated cell in place" in nb.output_text(2)
    assert [c["source"] for c in after][4:] == before[4:]
    _shoot(nb, "3-updated-in-place")

    # a changed request picked up by Run All: the generated cell runs the new code in that same pass
    nb.set_source(4, "%%transform penguins\nsort by bill_length_mm descending")
    nb.run_all()
    cells = nb.cells()
    assert len(cells) == 6
    assert cells[5]["source"].startswith("# %%transform penguins: sort by bill_length_mm descending\n")
    assert "ran the regenerated code" in nb.output_text(5)
    top = penguins["bill_length_mm"].sort_values(ascending=False, kind="stable").head(3).tolist()
    assert _check(nb, "print(penguins_sorted['bill_length_mm'].head(3).tolist())").strip() == str(top)


def test_a_hand_edited_cell_survives(open_notebook: Any, lab: Lab) -> None:
    nb: Notebook = open_notebook("ties_edited.ipynb", [LOAD, "%load_ext pandascribe", MAGIC_B])
    nb.run_all()
    generated = nb.cells()[3]["source"]
    edited = generated + "\npenguins_sorted = penguins_sorted.head(10)  # mine"
    nb.set_source(3, edited)

    nb.run_cell(2)
    cells = nb.cells()
    sources = [c["source"] for c in cells]
    assert len(cells) == 5, sources
    assert sources[4] == edited  # the edit survives, untouched
    assert sources[3].startswith("# note: pandascribe kept your hand-edited version (below)")
    assert sources[3].endswith(generated)
    assert "edited by hand" in nb.output_text(2)
    _shoot(nb, "4-edited-kept")

    nb.run_all()  # and again: the fresh cell is current, the edited one still untouched
    assert [c["source"] for c in nb.cells()] == sources
    assert _check(nb, "print(len(penguins_sorted))").strip() == "10"  # the edited cell ran last


def test_shift_enter_twice_runs_the_generated_cell(open_notebook: Any, lab: Lab, penguins: Any) -> None:
    nb: Notebook = open_notebook(
        "ties_shift_enter.ipynb", [LOAD, "%load_ext pandascribe", "# middle", MAGIC_B]
    )
    nb.run_cell(0)
    nb.run_cell(1)
    nb.press_on(3, "Shift+Enter")  # the last cell: Lab adds an empty cell below and moves there
    nb.wait_for(
        "w.content.model.sharedModel.cells.length === 6 && w.sessionContext.kernelDisplayStatus === 'idle'"
        " && w.content.activeCell && w.content.activeCell.model.sharedModel.getSource()"
        ".startsWith('# %%transform penguins: sort by body_mass_g')"
    )
    assert nb.active_index() == 4
    _shoot(nb, "5-focus-on-generated")
    nb.press("Shift+Enter")
    nb.wait_for(
        "w.content.model.sharedModel.cells[4].execution_count && "
        "w.sessionContext.kernelDisplayStatus === 'idle'"
    )
    sources = [c["source"] for c in nb.cells()]
    assert sources[3] == MAGIC_B and sources[5] == "", sources
    out = _check(nb, "print(type(penguins_sorted).__name__, penguins_sorted['body_mass_g'].iloc[0])")
    assert out.split() == ["DataFrame", str(penguins["body_mass_g"].max())]
    _shoot(nb, "6-generated-ran")


def test_panel_insert_twice_keeps_one_cell_per_request(open_notebook: Any, lab: Lab) -> None:
    """The panel follows the same rules, one generated cell per request: Insert twice → one cell."""
    nb: Notebook = open_notebook(
        "ties_panel.ipynb", [LOAD, "import pandascribe\npandascribe.panel()", "# end"]
    )
    nb.run_all()
    panel = nb.page.locator(".pandascribe-panel")
    panel.get_by_text("Connected to").wait_for()
    panel.locator("textarea").first.fill("rows where year is 2007")
    panel.get_by_role("button", name="Compile").click()
    panel.get_by_text("Understood as:").wait_for()
    panel.get_by_role("button", name="Insert cell").click()
    panel.get_by_text("Inserted a new cell below this panel").wait_for()
    once = [c["source"] for c in nb.cells()]
    assert len(once) == 4 and once[2].startswith("# %%transform penguins: rows where year is 2007\n")
    panel.get_by_role("button", name="Insert cell").click()
    panel.get_by_text("already there, unchanged").wait_for()
    assert [c["source"] for c in nb.cells()] == once
    _shoot(nb, "7-panel-insert-twice")


def test_without_the_extension_each_run_inserts_a_copy_unless_no_insert(open_notebook: Any, lab: Lab) -> None:
    """What docs/usage.md says happens without the extension (VS Code, Colab, a Lab without it):
    the classic set_next_input inserts a new cell below on every run; --no-insert inserts none."""
    page_config = lab.config_dir / "labconfig" / "page_config.json"
    page_config.parent.mkdir(parents=True, exist_ok=True)
    page_config.write_text(json.dumps({"disabledExtensions": {"pandascribe-lab": True}}))
    try:
        nb: Notebook = open_notebook(
            "ties_classic.ipynb",
            [LOAD, "%load_ext pandascribe", MAGIC_B, MAGIC_A.replace("penguins", "penguins --no-insert", 1)],
        )
    finally:
        page_config.unlink()
    nb.run_all()
    nb.run_all()
    sources = [c["source"] for c in nb.cells()]
    assert len(sources) == 6, sources  # two copies below MAGIC_B, none below the --no-insert cell
    assert sources[3] == sources[4] and sources[3].startswith("# %%transform penguins: sort by body_mass_g")
    assert all(not c["tie"] for c in nb.cells())
    _shoot(nb, "8-without-extension")


def test_the_quickstart_notebook_keeps_its_cell_count(page: Any, lab: Lab) -> None:
    """notebooks/quickstart.ipynb as shipped (generated cells saved below their magic cells, no
    tie yet): Run All twice → the same cells; each saved generated cell is adopted by its magic."""
    shutil.copy(NOTEBOOKS / "quickstart.ipynb", lab.root / "quickstart.ipynb")
    page.goto(lab.notebook_url("quickstart.ipynb"))
    nb = Notebook(page, "quickstart.ipynb")
    nb.wait_ready()
    shipped = [c["source"] for c in nb.cells()]
    nb.run_all()  # stops at the cell that shows a refusal (tagged raises-exception)
    first = nb.cells()
    assert [c["source"] for c in first] == shipped, len(first)
    magics = [i for i, s in enumerate(shipped) if s.startswith(("%%transform", "%transform "))]
    ran = [i for i in magics if first[i]["count"] is not None and "beak" not in shipped[i]]
    assert len(ran) >= 6
    assert all(first[i + 1]["tie"] for i in ran), [shipped[i] for i in ran if not first[i + 1]["tie"]]
    nb.run_all()
    assert [c["source"] for c in nb.cells()] == shipped
    _shoot(nb, "9-quickstart-after-two-run-alls")
