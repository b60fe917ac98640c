"""Fuzz: hypothesis over the JSON shapes a model server may send, and over hostile Unicode names in
plans. A reply is either used or refused with one BackendError line; a plan's names reach the
result exactly, and the emitted code always compiles."""

from __future__ import annotations

import ast
import builtins
import json
import os
import unicodedata

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import pandascribe
from llm_server import LLMServer, Reply
from pandascribe.backends import budget, faults, openai_backend
from pandascribe.backends.openai_backend import read_plan
from pandascribe.backends.reply import BadReply, Completion, parse_completion
from pandascribe.codegen import generate
from pandascribe.errors import BackendError
from pandascribe.plan import Agg, Aggregate, Arith, Col, Derive, Lit, Plan, Rename, RenamePair, Select
from pandascribe.schema import schemas_for
from pandascribe.settings import reset_settings

KEYS = [
    "choices",
    "message",
    "content",
    "usage",
    "prompt_tokens",
    "completion_tokens",
    "total_tokens",
    "refusal",
    "role",
    "index",
    "finish_reason",
    "model",
    "id",
    "object",
    "version",
    "source",
    "steps",
    "op",
    "kind",
    "name",
    "value",
    "condition",
    "operands",
    "left",
    "right",
]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.sampled_from(["abc", "\x1b[31m", "1e400", "[" * 50, "", "filter", "col", "compare", "eq"]),
)
json_values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.one_of(st.sampled_from(KEYS), st.text(max_size=5)), inner, max_size=5),
    ),
    max_leaves=25,
)


def envelope_like(doc: object) -> st.SearchStrategy[object]:
    """A chat completion with ``doc`` dropped somewhere a real one has structure."""
    return st.sampled_from(
        [
            doc,
            {"choices": doc},
            {"choices": [doc]},
            {"choices": [{"message": doc}]},
            {"choices": [{"message": {"content": doc}}]},
            {"choices": [{"message": {"content": "{}"}}], "usage": doc},
            {"choices": [{"message": {"content": "{}"}}], "usage": {"total_tokens": doc}},
        ]
    )


replies = json_values.flatmap(envelope_like)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(replies)
def test_any_json_reply_is_a_completion_or_one_refusal(doc):
    body = json.dumps(doc).encode()
    try:
        done = parse_completion(body)
    except BadReply as bad:
        assert "\n" not in bad.reason
        return
    except ValueError:  # not JSON (NaN, Infinity): retried as a broken reply
        return
    assert isinstance(done, Completion) and done.choices
    if done.usage is not None:
        assert 0 <= done.usage.total <= 2 * 10_000_000


SCHEMAS = schemas_for({"df": pd.DataFrame({"x": [1, 2], "s": ["a", "b"]})})


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(json_values, json_values.map(lambda v: {"version": 1, "source": "df", "steps": v})))
def test_any_json_content_is_a_plan_or_a_list_of_problems(doc):
    plan, problems = read_plan(json.dumps(doc), SCHEMAS, "df", secret="sk-fuzz-0123456789")  # noqa: S106 - a test key
    assert (plan is None) == bool(problems)
    if plan is not None:
        builtins.compile(generate(plan, "out"), "<fuzz>", "exec")


@pytest.fixture(scope="module")
def server():
    with LLMServer(models=("m",)) as srv:
        yield srv


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(replies)
def test_through_the_real_client_a_hostile_reply_is_one_backend_error(server, doc):
    saved = dict(os.environ)
    try:
        for var in [v for v in os.environ if v.startswith(("PANDASCRIBE_", "OPENAI_"))]:
            del os.environ[var]
        os.environ.update(
            {
                "PANDASCRIBE_OPENAI_BASE_URL": server.base_url,
                "PANDASCRIBE_OPENAI_API_KEY": "sk-f",
                "PANDASCRIBE_MODEL": "m",
                "PANDASCRIBE_TIMEOUT_S": "3",
                "PANDASCRIBE_MAX_RETRIES": "0",
                "PANDASCRIBE_HISTORY": "off",
            }
        )
        reset_settings()
        budget.reset_local_counter()
        openai_backend._MODE_CACHE.clear()
        faults.BACKOFF_BASE_S = 0.01
        server.script(*[Reply(raw=json.dumps(doc).encode())] * 6)
        try:
            pandascribe.compile("anything", {"df": pd.DataFrame({"x": [1]})}, backend="openai")
        except BackendError as err:
            assert "\n" not in str(err)
        with server._lock:
            server._script.clear()
    finally:
        os.environ.clear()
        os.environ.update(saved)
        reset_settings()
        faults.BACKOFF_BASE_S = 0.5


# -- hostile Unicode names in plans ---------------------------------------------------------------

HOSTILE = [
    "ｆｕｎｃ",
    "ﬁ",
    "fi",
    "𝐢𝐦𝐩𝐨𝐫𝐭",
    "ｓｅｌｆ",
    "ｅｎｇｉｎｅ",
    "func",
    "self",
    "engine",
    "engine_kwargs",
    "import",
    "lambda",
    "match",
    "_",
    "__class__",
    "Å",
    "Å",
    "ǅ",
    "x\u0301",
    "ｄ",
    "d",
    "pd",
    "np",
    "a b",
    "1x",
    "",
    "'",
    '"',
    "\\",
    "\n",
    "\x1b[0m",
    "\u202e",
]
names = st.one_of(st.sampled_from(HOSTILE), st.text(min_size=1, max_size=6))


def keyword_names(code: str) -> list[str]:
    return [k.arg for n in ast.walk(ast.parse(code)) if isinstance(n, ast.Call) for k in n.keywords if k.arg]


def check(plan: Plan, df: pd.DataFrame) -> pd.DataFrame:
    code = generate(plan, "out")
    builtins.compile(code, "<fuzz>", "exec")
    for k in keyword_names(code):  # a keyword argument means exactly what it says
        assert unicodedata.normalize("NFKC", k) == k and k.isidentifier(), (k, code)
    ns = {"pd": pd, "np": np, "df": df}
    exec(code, ns)
    out = ns["out"]
    assert isinstance(out, pd.DataFrame)
    return out


@settings(max_examples=150, deadline=None)
@given(st.lists(names, min_size=1, max_size=5, unique=True).filter(lambda ns: "g" not in ns))
def test_aggregate_names_reach_the_result_exactly(agg_names):
    df = pd.DataFrame({"g": ["a", "b", "a"], "x": [1, 2, 3]})
    aggs = tuple(Agg(func="sum", column="x", name=n) for n in agg_names)
    out = check(Plan(source="df", steps=(Aggregate(by=("g",), aggs=aggs),)), df)
    assert list(out.columns) == ["g", *agg_names]


@settings(max_examples=150, deadline=None)
@given(st.lists(names, min_size=1, max_size=4, unique=True).filter(lambda ns: "x" not in ns))
def test_derived_and_renamed_names_reach_the_result_exactly(new_names):
    df = pd.DataFrame({"x": [1, 2]})
    steps = [
        Derive(name=n, expr=Arith(op="add", left=Col(name="x"), right=Lit(value=i)))
        for i, n in enumerate(new_names)
    ]
    plan = Plan(source="df", steps=(*steps, Select(columns=tuple(new_names))))
    out = check(plan, df)
    assert list(out.columns) == new_names
    renamed = Plan(source="df", steps=(Rename(pairs=(RenamePair(old="x", new=new_names[0]),)),))
    assert list(check(renamed, df).columns) == [new_names[0]]
