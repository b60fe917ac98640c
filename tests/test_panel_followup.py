"""The panel's Follow up action, without a browser (real shell, real widgets, real history file):
the next request builds on the shown result, its preview replays the chain on the sample, and a
chart's preview is the drawn image."""

from __future__ import annotations

from typing import Any

import matplotlib

matplotlib.use("Agg")


import pandas as pd
import pytest

from pandascribe.panel import Panel
from pandascribe.panel.render import chart_html

# the same real-parts fixtures and helpers as tests/test_panel.py
from test_panel import FrontendComm, _compile, comms, make_panel, shell, store  # noqa: F401


def test_follow_up_builds_on_the_shown_result(make_panel: Any, shell: Any) -> None:
    shell.user_ns["flights_small"] = pd.DataFrame({"carrier": ["AA", "UA"], "dep_delay": [1.0, 2.0]})
    panel: Panel = make_panel()
    panel.frame_picker.value = "penguins"
    _compile(panel, "mean body_mass_g by species")
    first = panel.compiled.transform
    panel.follow_button.click()
    assert panel.request_box.value == ""
    assert first.target in panel.request_box.placeholder
    panel.frame_picker.value = "flights_small"  # the picker does not matter for a follow-up
    _compile(panel, "now sort that by body mass, highest first")
    assert panel.error.value == ""
    second = panel.compiled.transform
    assert second.previous is first
    assert second.code.split("=", 1)[1].strip().startswith(f"(\n    {first.target}")
    assert f"# builds on {first.target}" in panel.compiled.text
    # the preview replayed the first step on the sample: 3 species, heaviest first
    assert "3 rows × 2 columns" in panel.preview_box.value
    assert panel.preview_box.value.index("Gentoo") < panel.preview_box.value.index("Adelie")


def test_a_request_that_stands_alone_ignores_the_follow_up(make_panel: Any) -> None:
    panel: Panel = make_panel()
    _compile(panel, "mean body_mass_g by species")
    panel.follow_button.click()
    _compile(panel, "rows where year is 2007")
    assert panel.compiled.transform.previous is None
    assert panel.compiled.transform.plan.source == "penguins"


def test_a_chart_preview_is_its_image(make_panel: Any) -> None:
    panel: Panel = make_panel()
    _compile(panel, "bar chart of mean body_mass_g by species")
    assert "<img class='pandascribe-chart'" in panel.preview_box.value
    assert "data:image/png;base64," in panel.preview_box.value
    assert chart_html(pd.DataFrame({"a": [1]})) is None


@pytest.mark.parametrize("request_", ["and plot it", "now as a bar chart"])
def test_plot_it_after_a_follow_up_shows_the_chart(make_panel: Any, request_: str) -> None:
    panel: Panel = make_panel()
    _compile(panel, "mean flipper_length_mm by island")
    panel.follow_button.click()
    _compile(panel, request_)
    assert panel.error.value == ""
    assert "<img class='pandascribe-chart'" in panel.preview_box.value
