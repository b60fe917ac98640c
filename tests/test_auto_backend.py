"""``backend="auto"``: the rules answer when they can; the model (a real loopback server) only when
they refuse; when both fail the error gives both reasons, the rules' first."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import pandascribe
from llm_server import LLMServer, completion, error
from pandascribe.backends import budget, faults, get_backend, openai_backend
from pandascribe.errors import BackendError
from pandascribe.plan import Col, Compare, Filter, Lit, Plan, ScalarAgg
from pandascribe.settings import get_settings, reset_settings
from test_openai_backend import KEY, MODEL, configure, run, same_frame

GIBBERISH = "frobnicate the wibbles"


@pytest.fixture
def penguins() -> pd.DataFrame:
    palmerpenguins = pytest.importorskip("palmerpenguins")
    return palmerpenguins.load_penguins()


@pytest.fixture
def llm(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    monkeypatch.setattr(faults, "BACKOFF_BASE_S", 0.01)
    budget.reset_local_counter()
    openai_backend._MODE_CACHE.clear()
    with LLMServer(models=(MODEL,)) as server:
        configure(
            monkeypatch,
            openai_base_url=server.base_url,
            openai_api_key=KEY,
            model=MODEL,
            timeout_s=1.0,
            max_retries=1,
            send_values=None,
            daily_token_budget=None,
            backend=None,
            history="off",
            history_path=tmp_path / "history.sqlite3",
            OPENAI_API_KEY=None,
            OPENAI_BASE_URL=None,
        )
        yield server
    reset_settings()


def test_auto_is_the_default_when_a_model_is_configured(llm):
    assert get_settings().effective_backend == "auto"
    assert type(get_backend("auto")).__name__ == "AutoBackend"


def test_the_rules_answer_when_they_understand_and_the_model_is_not_asked(llm, penguins):
    frames = {"penguins": penguins}
    t = pandascribe.compile("rows where year is 2007", frames, backend="auto")
    assert t.backend == "rules"
    assert t.model is None
    assert "planned by" not in t.explanation
    assert dict(t.usage) == {}
    same_frame(run(t, frames), penguins[penguins["year"] == 2007])
    assert llm.requests == []


def test_the_model_answers_when_the_rules_refuse(llm, penguins):
    frames = {"penguins": penguins}
    with pytest.raises(pandascribe.CompileError):
        pandascribe.compile(GIBBERISH, frames, backend="rules")
    plan = Plan(
        source="penguins",
        steps=(
            Filter(condition=Compare(op="gt", left=Col(name="body_mass_g"), right=Lit(value=5000))),
            ScalarAgg(func="size"),
        ),
    )
    llm.script(completion(plan.model_dump_json(), prompt_tokens=500, completion_tokens=40))
    t = pandascribe.compile(GIBBERISH, frames, backend="auto")
    assert (t.backend, t.model) == ("openai", MODEL)
    assert t.explanation.endswith(f"(planned by openai: {MODEL})")
    assert t.usage["total_tokens"] == 540
    got = run(t, frames)
    assert np.asarray(got).item() == int((penguins["body_mass_g"] > 5000).sum())
    assert len(llm.completions) == 1
    assert llm.completions[0].json["messages"][1]["content"].count(GIBBERISH) == 1


def test_when_both_fail_the_error_gives_both_reasons_rules_first(llm, penguins):
    frames = {"penguins": penguins}
    with pytest.raises(pandascribe.CompileError) as by_rules:
        pandascribe.compile(GIBBERISH, frames, backend="rules")
    llm.script(completion("I cannot help with wibbles."), completion("Still no."))
    with pytest.raises(BackendError) as info:
        pandascribe.compile(GIBBERISH, frames, backend="auto")
    message = str(info.value)
    assert message.startswith("rules: " + str(by_rules.value))
    assert "; model: the model (test-model) did not give a valid plan" in message
    assert message.index("rules:") < message.index("model:")
    assert info.value.words == by_rules.value.words
    assert info.value.usage["total_tokens"] == 300  # the model's tokens, for the history
    assert KEY not in message


def test_an_unreachable_model_still_reports_the_rules_reason(llm, penguins):
    llm.script(error(503), error(503))
    with pytest.raises(BackendError) as info:
        pandascribe.compile(GIBBERISH, {"penguins": penguins}, backend="auto")
    message = str(info.value)
    assert message.startswith("rules: ")
    assert message.endswith(f"model: model server at {llm.base_url} answered 503 twice")


def test_without_a_model_configured_auto_is_just_the_rules(llm, penguins, monkeypatch):
    configure(monkeypatch, openai_base_url=None, model=None, backend="auto")
    with pytest.raises(pandascribe.CompileError) as by_rules:
        pandascribe.compile(GIBBERISH, {"penguins": penguins}, backend="rules")
    with pytest.raises(pandascribe.CompileError) as info:
        pandascribe.compile(GIBBERISH, {"penguins": penguins}, backend="auto")
    assert str(info.value) == str(by_rules.value)
    assert not isinstance(info.value, BackendError)
    assert llm.requests == []
