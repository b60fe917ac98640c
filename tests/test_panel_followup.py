"""The panel's Follow up action, without a browser (real shell, real widgets, real history file):
the next request builds on the shown result, its preview replays the chain on the sample, and a
chart's preview is the drawn image."""

from __future__ import annotations

from typing import Any

import matplotlib

matplotlib.use("Agg")

import os

import palmerpenguins
import pandas as pd
import pytest
from comm.base_comm import BaseComm
from IPython.core.interactiveshell import InteractiveShell

from pandascribe.history import HistoryStore
from pandascribe.panel import Panel
from pandascribe.panel.render import chart_html

# the same real-parts fixtures as tests/test_panel.py


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
