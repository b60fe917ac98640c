"""Break 13: the panel's preview runs only plans whose size it can bound, and a model's plan only
after the user has seen it and clicked Preview. A real IPython shell, real widgets, a loopback
model server through the real ``openai`` client."""

from __future__ import annotations

import os
from typing import Any

import pandas as pd
import pytest
from IPython.core.interactiveshell import InteractiveShell

from llm_server import LLMServer, completion
from pandascribe.backends import budget, openai_backend
from pandascribe.panel import Panel, actions
from pandascribe.plan import Join, Plan
from pandascribe.settings import reset_settings


@pytest.fixture
def shell(monkeypatch: Any, tmp_path: Any) -> Any:
    for var in [v for v in os.environ if v.startswith(("PANDASCRIBE_", "OPENAI_"))]:
        monkeypatch.delenv(var)
    monkeypatch.setenv("PANDASCRIBE_HISTORY", "off")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    reset_settings()
    sh = InteractiveShell.instance()
    saved = dict(sh.user_ns)
    # 3,000 rows on one constant key: a self-join would give 9,000,000 rows
    sh.user_ns["events"] = pd.DataFrame({"k": [1] * 3_000, "v": range(3_000)})
    yield sh
    sh.user_ns.clear()
    sh.user_ns.update(saved)
    reset_settings()


@pytest.fixture
def llm(monkeypatch: Any, shell: Any) -> Any:
    budget.reset_local_counter()
    openai_backend._MODE_CACHE.clear()
    with LLMServer(models=("m",)) as server:
        for k, v in {
            "OPENAI_BASE_URL": server.base_url,
            "OPENAI_API_KEY": "sk-x",
            "MODEL": "m",
            "TIMEOUT_S": "5",
            "MAX_RETRIES": "0",
        }.items():
            monkeypatch.setenv(f"PANDASCRIBE_{k}", v)
        reset_settings()
        yield server
    reset_settings()


SELF_JOIN = Plan(source="events", steps=(Join(right="events", left_on=("k",), right_on=("k",), how="inner"),))


def panel_for(shell: Any, backend: str) -> Panel:
    from comm.base_comm import BaseComm

    class Quiet(BaseComm):
        def publish_msg(self, *args: Any, **kwargs: Any) -> None:
            pass

    return Panel(shell.user_ns, comm_factory=lambda **kw: Quiet(**kw), store=None, backend=backend)


def compile_in(panel: Panel, request: str) -> None:
    panel.request_box.value = request
    panel.compile_button.click()
    if panel.worker is not None:
        panel.worker.join(30)


def test_a_model_plan_is_not_run_until_the_user_clicks_preview(
    llm: Any, shell: Any, monkeypatch: Any
) -> None:
    calls: list[str] = []
    real = actions.preview
    monkeypatch.setattr(actions, "preview", lambda c, f: calls.append(c.source) or real(c, f))
    small = Plan.model_validate({"source": "events", "steps": [{"op": "head", "n": 3}]})
    llm.script(completion(small.model_dump_json()))
    panel = panel_for(shell, "openai")
    try:
        compile_in(panel, "first three events")
        assert panel.compiled is not None and "events.head(3)" in panel.compiled.text
        assert calls == []  # shown, not run
        assert "click Preview" in panel.preview_box.value
        panel.preview_button.click()
        assert calls == ["events"]
        assert "3 rows × 2 columns" in panel.preview_box.value
    finally:
        panel.close()


def test_a_self_join_on_a_constant_key_is_not_previewed(llm: Any, shell: Any) -> None:
    llm.script(completion(SELF_JOIN.model_dump_json()))
    panel = panel_for(shell, "openai")
    try:
        compile_in(panel, "join events with itself on k")
        assert panel.compiled is not None
        panel.preview_button.click()  # even when asked: the estimate comes first
        assert "No preview" in panel.preview_box.value and "9,006,000 rows" in panel.preview_box.value
    finally:
        panel.close()


def test_the_estimate_refuses_exploding_plans_and_previews_bounded_ones(shell: Any) -> None:
    from pandascribe.panel.bounds import preview_refusal

    frames = {"events": shell.user_ns["events"], "keys": pd.DataFrame({"k": range(3_000), "w": 1})}
    assert "9,006,000 rows" in (preview_refusal(SELF_JOIN, frames) or "")
    twice = Plan(source="events", steps=(*SELF_JOIN.steps, *SELF_JOIN.steps))
    assert "joins 2 times" in (preview_refusal(twice, frames) or "")
    onto_keys = Plan(source="events", steps=(Join(right="keys", left_on=("k",), right_on=("k",)),))
    assert preview_refusal(onto_keys, frames) is None
    crosstab = Plan.model_validate(
        {"source": "big", "steps": [{"op": "crosstab", "index": "a", "columns": "b"}]}
    )
    big = pd.DataFrame({"a": range(5_000), "b": range(5_000)})
    assert "5,000 × 5,000 cells" in (preview_refusal(crosstab, {"big": big}) or "")


def test_a_rules_plan_still_previews_at_once_and_a_bounded_join_shows_its_rows(shell: Any) -> None:
    from pandascribe.compiler import compile as compile_request

    panel = panel_for(shell, "rules")
    try:
        compile_in(panel, "first 5 rows")
        assert "5 rows × 2 columns" in panel.preview_box.value
    finally:
        panel.close()
    import dataclasses

    from pandascribe.codegen import generate

    keys = pd.DataFrame({"k": [1, 2], "label": ["one", "two"]})
    t = compile_request("first 5 rows", {"events": shell.user_ns["events"]})
    joined = Plan(source="events", steps=(Join(right="keys", left_on=("k",), right_on=("k",)),))
    t = dataclasses.replace(t, plan=joined, code=generate(joined, t.target))
    compiled = actions.Compiled(transform=t, text=t.code, source="events")
    shown = actions.preview(compiled, {"events": shell.user_ns["events"], "keys": keys})
    assert shown.value.shape == (3_000, 3)  # the right frame is in the preview's scratch namespace


def test_another_tab_on_the_comm_cannot_make_the_kernel_run_anything(shell: Any) -> None:
    """Whatever a frontend sends on the panel's comm only answers the panel's own requests: nothing
    it sends is executed, defined or shown unescaped."""
    from comm.base_comm import BaseComm

    class Tab(BaseComm):
        def publish_msg(self, *args: Any, **kwargs: Any) -> None:
            pass

        def reply(self, **data: Any) -> None:
            self.handle_msg({"content": {"comm_id": self.comm_id, "data": data}})

    tabs: list[Tab] = []
    panel = Panel(shell.user_ns, comm_factory=lambda **kw: tabs.append(Tab(**kw)) or tabs[-1], store=None)
    before = set(shell.user_ns)
    try:
        (tab,) = tabs
        tab.reply(type="hello", frontend="<img src=x onerror=alert(1)>", version="\x1b[31m1")
        assert "<img" not in panel.extension_status.value
        compile_in(panel, "first 5 rows")
        panel.insert_button.click()
        for hostile in (
            {"type": "run", "code": "import os; os.system('touch pwned')"},
            {"type": "execute", "code": "pwned = 1"},
            {"type": "inserted", "id": 999, "index": "x"},
            {"type": "error", "id": 1, "message": "<script>alert(1)</script>"},
            {"type": None},
            {},
        ):
            tab.reply(**hostile)
        assert "<script>" not in panel.action_status.value
        assert set(shell.user_ns) == before
    finally:
        panel.close()


def test_a_server_error_in_the_panel_has_no_escape_sequences(llm: Any, shell: Any) -> None:
    from llm_server import error

    llm.script(*[error(400, "\x1b[2J\x1b[31mbad\x1b[0m request\x07\r\nsecond line")] * 3)
    panel = panel_for(shell, "openai")
    try:
        compile_in(panel, "first three events")
        assert panel.compiled is None and "bad request" in panel.error.value
        assert not any(ch in panel.error.value for ch in "\x1b\x07\r")
    finally:
        panel.close()


def test_an_hourly_resample_over_centuries_is_not_previewed() -> None:
    from pandascribe.panel.bounds import preview_refusal

    df = pd.DataFrame({"t": pd.to_datetime(["1700-01-01", "2200-01-01"]), "v": [1, 2]})
    hourly = Plan.model_validate(
        {
            "source": "df",
            "steps": [
                {"op": "resample", "on": "t", "every": "hour", "aggs": [{"func": "size", "name": "n"}]}
            ],
        }
    )
    assert "rows on the preview sample" in (preview_refusal(hourly, {"df": df}) or "")
    yearly = hourly.model_copy(update={"steps": (hourly.steps[0].model_copy(update={"every": "year"}),)})
    assert preview_refusal(yearly, {"df": df}) is None
