"""End to end in a real JupyterLab + Chromium: the panel inserts its code below its own cell, and
``%%transform`` inserts its cell through ``set_next_input``.

Screenshots of the panel go to ``artifacts/e2e/`` (gitignored) for a human to look at.
"""

from __future__ import annotations

import json
from typing import Any

import palmerpenguins
import pytest

from .driver import ARTIFACTS, Lab, Notebook

LOAD = "import pandas as pd\nimport palmerpenguins\npenguins = palmerpenguins.load_penguins()"
OPEN_PANEL = "import pandascribe\npandascribe.panel()"


@pytest.fixture(scope="module")
def penguins() -> Any:
    return palmerpenguins.load_penguins()


def _shoot(target: Any, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    target.screenshot(path=str(ARTIFACTS / name))


def _panel(page: Any) -> Any:
    panel = page.locator(".pandascribe-panel")
    panel.wait_for(state="attached")
    try:
        panel.scroll_into_view_if_needed()
        panel.wait_for(state="visible")
    except Exception:
        _shoot(page, "debug-hidden.png")
        raise
    return panel


def _compile(page: Any, panel: Any, request: str) -> None:
    panel.locator("textarea").first.fill(request)
    panel.get_by_role("button", name="Compile").click()
    panel.get_by_text("Understood as:").wait_for()
    panel.get_by_text("Preview —").wait_for()


def test_panel_compiles_and_inserts_below_its_own_cell(open_notebook: Any, lab: Lab, penguins: Any) -> None:
    """Scenario 1: load penguins, open the panel, Compile, Insert cell → the code is the cell
    directly below the panel's cell (not below the active cell), and running it gives the rows."""
    nb: Notebook = open_notebook("panel.ipynb", [LOAD, OPEN_PANEL, "# last cell"])
    nb.run_all()
    page = nb.page
    panel = _panel(page)
    panel.get_by_text("Connected to").wait_for()  # the extension answered the handshake
    assert panel.get_by_text("penguins — 344 rows × 8 columns").is_visible()

    _compile(page, panel, "rows where year is 2007")
    code_text = panel.locator("pre").first.inner_text()
    assert "penguins.loc[" in code_text and "2007" in code_text
    _shoot(panel, "panel-compiled.png")

    nb.set_active(0)  # focus elsewhere: insertion must still anchor to the panel's cell
    before = nb.sources()
    panel.get_by_role("button", name="Insert cell").click()
    panel.get_by_text("Inserted a new cell below this panel").wait_for()
    after = nb.sources()
    assert len(after) == len(before) + 1
    assert after[:2] == before[:2] and after[3:] == before[2:]
    inserted = after[2]
    assert inserted.startswith("# %%transform penguins: rows where year is 2007\n")
    assert "penguins_filtered = penguins.loc[" in inserted
    page.locator(".jp-Notebook .jp-Cell").nth(2).scroll_into_view_if_needed()
    _shoot(page, "notebook-after-insert.png")

    nb.run_cell(2)
    check = nb.append_cell(
        "print(len(penguins_filtered), sorted(penguins_filtered['year'].unique().tolist()),"
        " penguins_filtered.index.tolist() == penguins.index[penguins['year'] == 2007].tolist())"
    )
    nb.run_cell(check)
    expected = int((penguins["year"] == 2007).sum())
    assert nb.output_text(check).split() == [str(expected), "[2007]", "True"]


def test_panel_run_copy_and_history(open_notebook: Any, lab: Lab, penguins: Any) -> None:
    """The panel opened by %transform_panel: Run executes in the notebook's namespace and shows the
    head; Copy reaches the clipboard; the history list holds the request and reloads it."""
    nb: Notebook = open_notebook(
        "panel_run.ipynb", [LOAD, "%load_ext pandascribe\n%transform_panel penguins"]
    )
    nb.run_all()
    page = nb.page
    panel = _panel(page)
    panel.get_by_text("Connected to").wait_for()

    _compile(page, panel, "mean body_mass_g by species")
    panel.get_by_role("button", name="Run").click()
    panel.get_by_text("Ran in the notebook: penguins_by_species is now 3 rows × 2 columns").wait_for()
    assert panel.get_by_text("Gentoo").first.is_visible()
    _shoot(panel, "panel-run.png")

    panel.get_by_role("button", name="Copy").click()
    panel.get_by_text("Copied the code to the clipboard.").wait_for()
    clipboard = page.evaluate("() => navigator.clipboard.readText()")
    assert clipboard.startswith("# %%transform penguins: mean body_mass_g by species\n")
    assert 'agg(mean_body_mass_g=("body_mass_g", "mean"))' in clipboard

    check = nb.append_cell("print(penguins_by_species.round(1).to_json(orient='records'))")
    nb.run_cell(check)
    got = json.loads(nb.output_text(check))
    want = penguins.groupby("species", as_index=False)["body_mass_g"].mean().round(1)
    assert got == [{"species": s, "mean_body_mass_g": m} for s, m in want.itertuples(index=False)]

    history = panel.get_by_label("History")
    options = [o.replace("\xa0", " ") for o in history.locator("option").all_inner_texts()]  # Select: nbsp
    assert any("penguins · mean body_mass_g by species (ran)" in o for o in options)
    panel.locator("textarea").first.fill("something else")
    history.select_option(index=0)
    page.wait_for_function(
        "() => document.querySelector('.pandascribe-panel textarea').value === 'mean body_mass_g by species'"
    )


def test_without_the_extension_the_panel_says_so_and_insert_copies(
    open_notebook: Any, lab: Lab, penguins: Any
) -> None:
    """The extension disabled for this page (as in VS Code or Colab, nothing answers the comm): the
    panel says so, and Insert cell shows the code to copy instead of changing the notebook."""
    page_config = lab.config_dir / "labconfig" / "page_config.json"
    page_config.parent.mkdir(parents=True, exist_ok=True)
    page_config.write_text(json.dumps({"disabledExtensions": {"pandascribe-lab": True}}))
    try:
        nb: Notebook = open_notebook("no_extension.ipynb", [LOAD, OPEN_PANEL])
    finally:
        page_config.unlink()
    nb.run_all()
    page = nb.page
    panel = _panel(page)
    panel.get_by_text("This frontend has no pandascribe extension").wait_for()
    _compile(page, panel, "rows where year is 2007")
    before = nb.sources()
    panel.get_by_role("button", name="Insert cell").click()
    panel.get_by_text("which this frontend lacks").wait_for()
    box = panel.locator("textarea.pandascribe-copy")
    assert box.input_value().startswith("# %%transform penguins: rows where year is 2007\n")
    box.click()
    assert page.evaluate(
        "() => { const b = document.querySelector('textarea.pandascribe-copy');"
        " return b.selectionStart === 0 && b.selectionEnd === b.value.length; }"
    )
    assert nb.sources() == before
    _shoot(panel, "panel-without-extension.png")


def test_transform_magic_inserts_its_cell(open_notebook: Any, lab: Lab, penguins: Any) -> None:
    """Scenario 2: a %%transform cell inserts the code as the next cell (set_next_input)."""
    magic = "%%transform penguins\nsort by body_mass_g descending"
    nb: Notebook = open_notebook("magic.ipynb", [LOAD, "%load_ext pandascribe", magic])
    nb.run_all()
    sources = nb.sources()
    assert sources[:3] == [LOAD, "%load_ext pandascribe", magic]
    assert len(sources) == 4, sources
    inserted = sources[3]
    assert inserted.startswith("# %%transform penguins: sort by body_mass_g descending\n")
    assert "penguins_sorted = penguins.sort_values(" in inserted
    _shoot(nb.page, "notebook-magic.png")

    nb.run_cell(3)
    check = nb.append_cell("print(penguins_sorted['body_mass_g'].head(3).tolist(), len(penguins_sorted))")
    nb.run_cell(check)
    top = penguins["body_mass_g"].sort_values(ascending=False, kind="stable").head(3).tolist()
    assert nb.output_text(check).strip() == f"{top} {len(penguins)}"
