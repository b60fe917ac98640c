"""Breaks 5, 6, 7, 8, 14: a hostile or broken model server, through the real ``openai`` client on
loopback. Every fault ends in one BackendError line, within the documented deadline, with the key
masked and control characters stripped — in the API, the CLI's stderr, the magic's output and the
history file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

import pandascribe
from hostile_server import DripServer
from llm_server import LLMServer, Reply, completion, error
from pandascribe.backends import budget, faults, openai_backend
from pandascribe.errors import BackendError, PandascribeError
from pandascribe.plan import Col, Compare, Derive, Filter, Lit, Plan
from pandascribe.settings import reset_settings

KEY = "sk-test-SECRET-4f9a1c2e7b-0a1b2c3d4e5f"
MODEL = "test-model"
FRAMES = {"penguins": pd.DataFrame({"year": [2007, 2008, 2009], "species": ["Adelie", "Gentoo", "Adelie"]})}
GOOD = Plan(
    source="penguins",
    steps=(Filter(condition=Compare(op="eq", left=Col(name="year"), right=Lit(value=2007))),),
).model_dump_json()


def configure(monkeypatch: pytest.MonkeyPatch, **env: object) -> None:
    for name, value in env.items():
        var = f"PANDASCRIBE_{name.upper()}"
        if value is None:
            monkeypatch.delenv(var, raising=False)
        else:
            monkeypatch.setenv(var, str(value))
    reset_settings()


@pytest.fixture(autouse=True)
def _clean(monkeypatch, tmp_path):
    for var in list(os.environ):
        if var.startswith("PANDASCRIBE_") or var.startswith("OPENAI_"):
            monkeypatch.delenv(var)
    monkeypatch.setattr(faults, "BACKOFF_BASE_S", 0.01)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    budget.reset_local_counter()
    openai_backend._MODE_CACHE.clear()
    yield
    reset_settings()
    budget.reset_local_counter()


@pytest.fixture
def llm(monkeypatch, tmp_path):
    with LLMServer(models=(MODEL,)) as server:
        configure(
            monkeypatch,
            openai_base_url=server.base_url,
            openai_api_key=KEY,
            model=MODEL,
            timeout_s=2,
            max_retries=0,
            history="off",
            history_path=tmp_path / "history.sqlite3",
        )
        yield server


def ask() -> pandascribe.Transform:
    return pandascribe.compile("penguins seen in 2007", FRAMES, backend="openai")


def one_line_backend_error() -> BackendError:
    with pytest.raises(PandascribeError) as info:
        ask()
    assert type(info.value) is BackendError, repr(info.value)
    assert "\n" not in str(info.value) and len(str(info.value)) < 1000
    return info.value


def key_runs(text: str, n: int = 8) -> list[str]:
    """Every piece of KEY of ``n`` characters that occurs in ``text``."""
    return [KEY[i : i + n] for i in range(len(KEY) - n + 1) if KEY[i : i + n] in text]


def envelope(**over: object) -> dict:
    body = json.loads(json.dumps(completion(GOOD).body))
    body.update(over)
    return body


# -- break 5: the reply's shape is validated before use ------------------------------------------

HOSTILE_BODIES = {
    "choices is text": (envelope(choices="abc"), "choices"),
    "choices empty": (envelope(choices=[]), "choices"),
    "message null": (envelope(choices=[{"index": 0, "message": None}]), "message"),
    "content a number": (envelope(choices=[{"message": {"role": "assistant", "content": 7}}]), "content"),
    "tokens text": (envelope(usage={"prompt_tokens": "abc", "completion_tokens": 1}), "prompt_tokens"),
    "tokens negative": (
        envelope(usage={"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": -5}),
        "total",
    ),
    "tokens float": (envelope(usage={"prompt_tokens": 1.5, "completion_tokens": 1}), "prompt_tokens"),
    "usage a list": (envelope(usage=[1, 2]), "usage"),
    "top level a list": ([1, 2, 3], "not a chat completion"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE_BODIES))
def test_a_reply_of_the_wrong_shape_is_one_backend_error(llm, name):
    body, said = HOSTILE_BODIES[name]
    llm.script(Reply(body=body))
    err = one_line_backend_error()
    assert said in str(err) and "not a chat completion" in str(err)


@pytest.mark.parametrize(
    "raw",
    [
        b'{"choices": [{"message": {"content": "x"}}], "usage": {"prompt_tokens": 1e400}}',
        b'{"choices": [{"message": {"content": "x"}}], "usage": {"total_tokens": 1e400}}',
        b"[" * 100_000,
        b'{"a":' * 50_000 + b"1" + b"}" * 50_000,
    ],
    ids=["prompt-1e400", "total-1e400", "deep-array", "deep-object"],
)
def test_overflowing_or_deeply_nested_replies_are_refused(llm, raw):
    llm.script(Reply(raw=raw))
    err = one_line_backend_error()
    assert "model server" in str(err)


def test_content_that_nests_a_hundred_thousand_brackets_is_refused_after_the_repair_round(llm):
    llm.script(completion("[" * 100_000), completion("[" * 100_000))
    err = one_line_backend_error()
    assert "nested more than" in str(err) and "repair round" in str(err)


def test_a_reply_over_the_size_bound_is_refused(llm):
    llm.script(completion("x" * 2_100_000))
    err = one_line_backend_error()
    assert "over 2,000,000 bytes" in str(err)


@pytest.mark.parametrize(
    "listing", [{"data": "abc"}, {"data": [None, 3, {"id": 5}]}, [1], {"data": {"id": "x"}}]
)
def test_a_model_list_of_the_wrong_shape_is_not_a_crash(monkeypatch, listing):
    """No PANDASCRIBE_MODEL: the backend asks GET /models, which answers nonsense."""
    from hostile_server import Server

    with Server(
        lambda m, p, h: (200, {"Content-Type": "application/json"}, json.dumps(listing).encode())
    ) as srv:
        configure(
            monkeypatch,
            openai_base_url=f"{srv.origin}/v1",
            openai_api_key=KEY,
            timeout_s=2,
            max_retries=0,
            history="off",
        )
        err = one_line_backend_error()
    assert "no model configured" in str(err) and "none listed" in str(err)


# -- break 5: bounded plans from a model ------------------------------------------------------------


def test_a_model_plan_with_twenty_thousand_terms_is_refused_and_no_code_is_made(llm):
    terms = [
        {"kind": "isnull", "expr": {"kind": "col", "name": "year"}, "negate": i % 2 == 0}
        for i in range(20_000)
    ]
    condition = {"kind": "boolop", "op": "or", "operands": terms}
    plan = json.dumps(
        {"version": 1, "source": "penguins", "steps": [{"op": "filter", "condition": condition}]}
    )
    llm.script(completion(plan), completion(plan))
    err = one_line_backend_error()
    assert "5,000 parts" in str(err)


def test_a_model_plan_with_five_thousand_steps_is_refused(llm):
    plan = {"version": 1, "source": "penguins", "steps": [{"op": "head", "n": 5}] * 5_000}
    llm.script(completion(json.dumps(plan)), completion(json.dumps(plan)))
    err = one_line_backend_error()
    assert "at most 200" in str(err)


# -- break 6: one wall-clock deadline per request ---------------------------------------------------


@pytest.mark.parametrize("retries", [0, 1])
def test_a_server_that_drips_a_byte_a_second_is_cut_at_the_deadline(monkeypatch, retries):
    """The product contract: a request ends within TIMEOUT_S × (retries + 1) + 5 s."""
    timeout_s = 3 if retries == 0 else 1
    with DripServer(every_s=1.0, for_s=60) as drip:
        configure(
            monkeypatch,
            openai_base_url=drip.base_url,
            openai_api_key=KEY,
            model=MODEL,
            timeout_s=timeout_s,
            max_retries=retries,
            history="off",
        )
        start = time.monotonic()
        with pytest.raises(BackendError) as info:
            ask()
        elapsed = time.monotonic() - start
    assert "deadline" in str(info.value)
    assert elapsed <= timeout_s * (retries + 1) + 5


def test_a_retry_after_past_the_deadline_is_not_waited_for(llm, monkeypatch):
    configure(monkeypatch, max_retries=1, timeout_s=1)
    llm.script(error(429, "slow down", headers={"Retry-After": "15"}), completion(GOOD))
    start = time.monotonic()
    with pytest.raises(BackendError, match="429"):
        ask()
    assert time.monotonic() - start <= 1 * 2 + 5
    assert len(llm.completions) == 1


# -- break 7: the key is masked in every message and never stored --------------------------------

ECHOES = {
    "whole": f"Incorrect API key provided: {KEY}",
    "starred middle": f"Incorrect API key provided: {KEY[:10]}*********{KEY[-10:]}",
    "a slice": f"key fragment {KEY[5:17]} is unknown",
}


@pytest.mark.parametrize("name", sorted(ECHOES))
def test_an_error_echoing_the_key_is_shown_masked(llm, name):
    llm.script(*[error(400, ECHOES[name])] * 3)  # one per response format tried
    err = one_line_backend_error()
    assert key_runs(str(err)) == [] and key_runs(repr(err.args)) == []
    assert "****" in str(err)


def test_a_plan_naming_a_column_after_the_key_is_refused(llm):
    bad = Plan(source="penguins", steps=(Derive(name=KEY, expr=Col(name="year")),)).model_dump_json()
    part = Plan(source="penguins", steps=(Derive(name=f"x_{KEY[3:14]}", expr=Col(name="year")),))
    llm.script(completion(bad), completion(part.model_dump_json()))
    err = one_line_backend_error()
    assert "contains the API key" in str(err) and key_runs(str(err)) == []


def test_nothing_of_the_key_reaches_the_history_file(llm, monkeypatch, tmp_path):
    """The magic in a real shell, history on: an echoing error and a key-named plan; then no run of
    8 characters of the key is anywhere in the SQLite file's bytes."""
    from IPython.core.interactiveshell import InteractiveShell

    from pandascribe.history import close_all
    from pandascribe.magics import load_ipython_extension, unload_ipython_extension

    path = tmp_path / "history.sqlite3"
    configure(monkeypatch, history=None, history_path=path)
    close_all()
    sh = InteractiveShell.instance()
    sh.user_ns["penguins"] = FRAMES["penguins"].copy()
    load_ipython_extension(sh)
    bad = Plan(source="penguins", steps=(Derive(name=KEY, expr=Col(name="year")),)).model_dump_json()
    try:
        llm.script(*[error(400, ECHOES["starred middle"])] * 3)
        first = sh.run_cell(
            "%%transform penguins --backend openai\npenguins seen in 2007", store_history=False
        )
        llm.script(completion(bad), completion(bad))
        second = sh.run_cell("%%transform penguins --backend openai\nadd the key column", store_history=False)
    finally:
        unload_ipython_extension(sh)
        close_all()
    assert not first.success and not second.success
    data = b"".join(p.read_bytes() for p in Path(tmp_path).glob("history.sqlite3*"))
    assert b"penguins seen in 2007" in data  # the history was written …
    assert [r for r in key_runs(data.decode("latin-1"))] == []  # … with nothing of the key


# -- break 8: usage numbers cannot bypass the budget ------------------------------------------------


def test_a_negative_total_cannot_bypass_the_daily_budget(llm, monkeypatch):
    configure(monkeypatch, daily_token_budget=1000)
    negative = envelope(usage={"prompt_tokens": 10, "completion_tokens": 10, "total_tokens": -1_000_000_000})
    llm.script(Reply(body=negative))
    assert "total_tokens" in str(one_line_backend_error())
    llm.script(completion(GOOD, prompt_tokens=900, completion_tokens=200))
    assert ask().usage["total_tokens"] == 1100
    llm.script(completion(GOOD))
    assert "daily token budget spent" in str(one_line_backend_error())
    assert len(llm.completions) == 2  # the third request never left the machine


def test_a_total_below_prompt_plus_completion_counts_the_sum(llm, monkeypatch):
    configure(monkeypatch, daily_token_budget=500)
    llm.script(
        Reply(body=envelope(usage={"prompt_tokens": 400, "completion_tokens": 200, "total_tokens": 1}))
    )
    assert ask().usage["total_tokens"] == 600
    assert "daily token budget spent" in str(one_line_backend_error())


# -- break 14: no control characters reach what is shown -------------------------------------------

ANSI = "\x1b[2J\x1b[31mpwned\x1b[0m \x1b]0;evil title\x07 \x9b31m and\r\nmore \u202eeman"


def test_escape_sequences_from_the_server_are_stripped_from_the_error(llm):
    llm.script(*[error(400, ANSI)] * 3)
    err = one_line_backend_error()
    assert "pwned" in str(err)
    assert not any(ch in str(err) for ch in "\x1b\x07\x9b\r\n\u202e")


def test_escape_sequences_never_reach_the_cli_stderr_or_the_magic(llm, monkeypatch, tmp_path, capsys):
    from IPython.core.interactiveshell import InteractiveShell

    from pandascribe.magics import load_ipython_extension, unload_ipython_extension

    llm.script(*[error(400, ANSI)] * 3)
    env = {k: v for k, v in os.environ.items()}
    proc = subprocess.run(
        [sys.executable, "-m", "pandascribe.cli", "compile", "penguins from 2007", "--backend", "openai"],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        cwd=tmp_path,
        check=False,
    )
    assert proc.returncode == 1 and "pwned" in proc.stderr
    assert "\x1b" not in proc.stderr and "\x9b" not in proc.stderr

    llm.script(*[error(400, ANSI)] * 3)
    sh = InteractiveShell.instance()
    sh.user_ns["penguins"] = FRAMES["penguins"].copy()
    load_ipython_extension(sh)
    try:
        capsys.readouterr()
        result = sh.run_cell("%%transform penguins --backend openai\npenguins from 2007", store_history=False)
    finally:
        unload_ipython_extension(sh)
    out = capsys.readouterr()
    assert not result.success and "pwned" in out.err
    assert "\x1b[31m" not in out.err and "evil title\x07" not in out.err


def test_the_backend_never_carries_the_key_to_another_origin_on_a_redirect(monkeypatch):
    from hostile_server import Server

    def anything(method, path, headers):
        return 200, {"Content-Type": "application/json"}, b'{"not": "a completion"}'

    with Server(anything) as elsewhere:

        def redirect(method, path, headers):
            return 307, {"Location": f"{elsewhere.origin}{path}"}, b""

        with Server(redirect) as first:
            configure(monkeypatch, openai_base_url=f"{first.origin}/v1", openai_api_key=KEY, model=MODEL,
                      timeout_s=2, max_retries=0, history="off")  # fmt: skip
            one_line_backend_error()
    assert first.seen and first.seen[0][2]["authorization"] == f"Bearer {KEY}"
    assert all("authorization" not in headers for _, _, headers in elsewhere.seen)
    assert all(KEY not in json.dumps(headers) for _, _, headers in elsewhere.seen)


def test_a_socket_timeout_while_reading_the_body_is_a_retryable_timeout() -> None:
    """The HTTP library's own timeout (raised while the reply's body streams, which the client does
    not wrap) is classified as a timeout fault, never re-raised as a raw traceback."""
    from pandascribe.backends.faults import Fault, classify

    class ReadTimeout(Exception):  # stands for the HTTP library's class: only the chain matters
        pass

    try:
        try:
            raise TimeoutError("timed out")
        except TimeoutError as inner:
            raise ReadTimeout("timed out") from inner
    except ReadTimeout as exc:
        found = classify(exc, timeout_s=2.0)
    assert isinstance(found, Fault) and found.retry and "timed out after 2 s" in found.cause
    with pytest.raises(KeyError):
        classify(KeyError("no"), timeout_s=2.0)  # what it does not know still propagates
