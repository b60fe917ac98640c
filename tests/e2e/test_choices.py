"""End to end in a real JupyterLab + Chromium: an ambiguous request in ``%%transform`` shows its
numbered readings and inserts nothing; ``--choose N`` inserts reading N's code, once, however often
it runs; the panel shows one button per reading and a click shows that reading's code and preview.

Screenshots go to ``artifacts/e2e/choices-*.png``.
"""

from __future__ import annotations

from typing import Any

import palmerpenguins
import pytest

import pandascribe

from .driver import ARTIFACTS, Lab, Notebook

LOAD = "import pandas as pd\nimport palmerpenguins\npenguins = palmerpenguins.load_penguins()"
AMBIGUOUS = "mean length by species"  # bill_length_mm or flipper_length_mm


@pytest.fixture(scope="module")
def readings() -> list[pandascribe.Choice]:
    with pytest.raises(pandascribe.AmbiguousRequest) as info:
        pandascribe.compile(AMBIGUOUS, {"penguins": palmerpenguins.load_penguins()})
    return list(info.value.choices)


def _shoot(target: Any, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    target.screenshot(path=str(ARTIFACTS / name))


def test_the_magic_offers_readings_and_choose_inserts_one(
    open_notebook: Any, lab: Lab, readings: list[pandascribe.Choice]
) -> None:
    magic = f"%%transform penguins\n{AMBIGUOUS}"
    nb: Notebook = open_notebook("choices.ipynb", [LOAD, "%load_ext pandascribe", magic])
    nb.run_all()
    assert nb.sources() == [LOAD, "%load_ext pandascribe", magic]  # nothing inserted
    shown = nb.output_text(2)
    assert all(f"say: {c.request}" in shown for c in readings) and "--choose N (1 to 2)" in shown
    _shoot(nb.page, "choices-magic-offered.png")

    chosen = readings[1]
    nb.set_source(2, f"%%transform penguins --choose 2\n{AMBIGUOUS}")
    for _ in range(2):  # a re-run keeps the one tied cell, unchanged
        nb.run_cell(2)
        sources = nb.sources()
        assert len(sources) == 4, sources
        assert sources[3] == f"# %%transform penguins: {chosen.request}\n{chosen.transform.code.rstrip()}"
    _shoot(nb.page, "choices-magic-chosen.png")


def test_the_panel_shows_one_button_per_reading(
    open_notebook: Any, lab: Lab, readings: list[pandascribe.Choice]
) -> None:
    nb: Notebook = open_notebook("choices-panel.ipynb", [LOAD, "import pandascribe\npandascribe.panel()"])
    nb.run_all()
    panel = nb.page.locator(".pandascribe-panel")
    panel.wait_for(state="visible")
    panel.locator("textarea").first.fill(AMBIGUOUS)
    panel.get_by_role("button", name="Compile").click()
    buttons = panel.locator(".pandascribe-choice")
    buttons.first.wait_for()
    assert buttons.count() == 2
    assert [buttons.nth(i).inner_text().strip() for i in range(2)] == [
        f"{n}. {c.paraphrase}" for n, c in enumerate(readings, 1)
    ]
    _shoot(panel, "choices-panel-offered.png")
    buttons.nth(1).click()
    panel.get_by_text("Understood as:").wait_for()
    panel.get_by_text("Preview —").wait_for()
    assert panel.locator("textarea").first.input_value() == readings[1].request
    assert f"mean_{readings[1].transform.plan.steps[0].aggs[0].column}" in panel.inner_text()
    _shoot(panel, "choices-panel-chosen.png")
