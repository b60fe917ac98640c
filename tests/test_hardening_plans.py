"""Breaks 5 (bounded plans, code that always compiles), 10 (Unicode names never become other
keywords), 12 (unencodable values, tz-aware vs naive, duplicate labels, index/column clashes) —
through ``pandascribe.compile``, the model backend on loopback and the generator."""

from __future__ import annotations

import ast
import builtins
import os
import unicodedata

import numpy as np
import pandas as pd
import pytest

import pandascribe
from llm_server import LLMServer, completion
from pandascribe.backends import budget, openai_backend
from pandascribe.codegen import generate
from pandascribe.errors import BackendError, CompileError, PlanValidationError
from pandascribe.plan import (
    MAX_EXPR_DEPTH,
    MAX_STEPS,
    Agg,
    Aggregate,
    Arith,
    Between,
    BoolOp,
    Col,
    Compare,
    Cond,
    Derive,
    Filter,
    Head,
    IsNull,
    Lit,
    MathCall,
    Not,
    Plan,
    PlanTooLarge,
    StrCall,
)
from pandascribe.settings import reset_settings

# -- break 5: plans are bounded where they are built; emitted code always compiles ----------------


def test_too_many_steps_is_a_clear_compile_error():
    Plan(source="df", steps=(Head(n=1),) * MAX_STEPS)  # the bound itself is fine
    with pytest.raises(PlanTooLarge, match=f"at most {MAX_STEPS}") as info:
        Plan(source="df", steps=(Head(n=1),) * 5_000)
    assert isinstance(info.value, CompileError)


def test_too_deep_an_expression_is_a_clear_compile_error():
    e: object = Col(name="b")
    for _ in range(MAX_EXPR_DEPTH - 1):
        e = Not(operand=e)
    Plan(source="df", steps=(Filter(condition=e),))
    with pytest.raises(PlanTooLarge, match=f"more than {MAX_EXPR_DEPTH} levels"):
        Plan(source="df", steps=(Filter(condition=Not(operand=e)),))


def test_twenty_thousand_terms_are_refused_and_a_deep_json_plan_never_recurses():
    terms = tuple(IsNull(expr=Col(name="x")) for _ in range(20_000))
    with pytest.raises(PlanTooLarge, match="5,000 parts"):
        Plan(source="df", steps=(Filter(condition=BoolOp(op="or", operands=terms)),))
    deep = '{"kind":"not","operand":' * 20_000 + '{"kind":"col","name":"b"}' + "}" * 20_000
    with pytest.raises(Exception) as info:  # pydantic's own JSON parser has a recursion limit
        Plan.model_validate_json(f'{{"source":"df","steps":[{{"op":"filter","condition":{deep}}}]}}')
    assert not isinstance(info.value, RecursionError)


X, B, S = Col(name="x"), Col(name="b"), Col(name="s")
NESTINGS = {
    "not": (lambda e: Not(operand=e), B),
    "arith right": (lambda e: Arith(op="sub", left=X, right=e), X),
    "power left": (lambda e: Arith(op="pow", left=e, right=X), X),
    "sqrt": (lambda e: MathCall(func="sqrt", expr=e), X),
    "abs": (lambda e: MathCall(func="abs", expr=e), X),
    "round": (lambda e: MathCall(func="round", expr=e), X),
    "cond then": (lambda e: Cond(branches=((B, e),), otherwise=X), X),
    "cond otherwise": (lambda e: Cond(branches=((B, X),), otherwise=e), X),
    "cond with missing": (lambda e: Cond(branches=((B, e),), otherwise=Lit(value=None)), X),
    "lower": (lambda e: StrCall(func="lower", expr=e), S),
    "compare": (lambda e: Compare(op="eq", left=e, right=B), B),
    "between": (lambda e: Between(expr=X, low=e, high=X), X),
    "lower of cond": (lambda e: StrCall(func="lower", expr=Cond(branches=((B, e),), otherwise=S)), S),
    "abs of cond": (lambda e: MathCall(func="abs", expr=Cond(branches=((B, e),), otherwise=X)), X),
}


def deepest(wrap, leaf) -> Plan:
    """The deepest plan of this nesting that the bound accepts."""
    depth = MAX_EXPR_DEPTH
    while True:
        e = leaf
        for _ in range(depth):
            e = wrap(e)
        try:
            return Plan(source="df", steps=(Derive(name="y", expr=e),))
        except PlanTooLarge:
            depth -= 1


@pytest.mark.parametrize("name", sorted(NESTINGS))
def test_code_for_the_deepest_accepted_plan_compiles(name):
    plan = deepest(*NESTINGS[name])
    builtins.compile(generate(plan, "out"), "<test>", "exec")


def test_code_for_the_largest_accepted_plans_compiles():
    wide = Plan(source="df", steps=(Filter(condition=BoolOp(op="and", operands=(B,) * 2_400)),))
    long = Plan(source="df", steps=tuple(Derive(name=f"c{i}", expr=X) for i in range(MAX_STEPS)))
    for plan in (wide, long):
        builtins.compile(generate(plan, "out"), "<test>", "exec")


# -- break 10: Unicode names are never keyword arguments they are not ------------------------------

HOSTILE_NAMES = ["ｆｕｎｃ", "ﬁ", "fi", "𝐢𝐦𝐩𝐨𝐫𝐭", "ｓｅｌｆ", "func", "self", "import", "class", "Ｘ", "x²"]


def keyword_names(code: str) -> list[str]:
    return [k.arg for n in ast.walk(ast.parse(code)) if isinstance(n, ast.Call) for k in n.keywords if k.arg]


@pytest.fixture
def llm(monkeypatch, tmp_path):
    for var in list(os.environ):
        if var.startswith("PANDASCRIBE_") or var.startswith("OPENAI_"):
            monkeypatch.delenv(var)
    budget.reset_local_counter()
    openai_backend._MODE_CACHE.clear()
    with LLMServer(models=("m",)) as server:
        for k, v in {
            "OPENAI_BASE_URL": server.base_url,
            "OPENAI_API_KEY": "sk-x",
            "MODEL": "m",
            "TIMEOUT_S": "5",
            "MAX_RETRIES": "0",
            "HISTORY": "off",
        }.items():
            monkeypatch.setenv(f"PANDASCRIBE_{k}", v)
        reset_settings()
        yield server
    reset_settings()


@pytest.mark.parametrize(
    "names",
    [("ｆｕｎｃ", "total"), ("ﬁ", "fi"), ("𝐢𝐦𝐩𝐨𝐫𝐭", "n"), ("ｓｅｌｆ", "ｅｎｇｉｎｅ"), tuple(HOSTILE_NAMES)],
)
def test_a_model_plan_with_unicode_names_keeps_every_name_exactly(llm, names):
    """Fullwidth ``ｆｕｎｃ`` would bind ``func=``, ``ﬁ`` and ``fi`` would be one keyword twice,
    mathematical-bold ``𝐢𝐦𝐩𝐨𝐫𝐭`` would name a column ``import``."""
    df = pd.DataFrame({"g": ["a", "b", "a"], "x": [1, 2, 3]})
    plan = Plan(
        source="df",
        steps=(Aggregate(by=("g",), aggs=tuple(Agg(func="sum", column="x", name=n) for n in names)),),
    )
    llm.script(completion(plan.model_dump_json()))
    t = pandascribe.compile("sums by g", {"df": df}, backend="openai")
    assert all(unicodedata.normalize("NFKC", k) == k for k in keyword_names(t.code)), t.code
    ns = {"pd": pd, "np": np, "df": df}
    exec(t.code, ns)
    assert list(ns[t.target].columns) == ["g", *names]
    assert ns[t.target][names[0]].tolist() == [4, 2]


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_a_derived_column_with_a_unicode_name_is_named_exactly_that(name):
    df = pd.DataFrame({"x": [1, 2]})
    plan = Plan(source="df", steps=(Derive(name=name, expr=Arith(op="mul", left=X, right=Lit(value=2))),))
    code = generate(plan, "out")
    assert all(unicodedata.normalize("NFKC", k) == k for k in keyword_names(code)), code
    ns = {"pd": pd, "np": np, "df": df}
    exec(code, ns)
    assert list(ns["out"].columns) == ["x", name]


# -- break 12: values that cannot be text, and what pandas refuses at run time --------------------


@pytest.mark.parametrize("bad", ["\ud800", b"\xff", "ok\udcff"], ids=["surrogate", "bytes", "escaped-byte"])
def test_unencodable_values_do_not_break_compiling(bad):
    df = pd.DataFrame({"a": pd.Series([bad, "x", "Adelie", None], dtype=object), "n": [1, 2, 3, 4]})
    for request in ("rows where n is 1", "count by a", "mean n by a"):
        t = pandascribe.compile(request, {"df": df})
        builtins.compile(t.code, "<test>", "exec")
    # (grouping by such a column fails inside pandas itself when run; filtering does not)
    ns = {"pd": pd, "np": np, "df": df}
    exec(pandascribe.compile("rows where n is 1", {"df": df}).code, ns)


def test_a_surrogate_in_a_model_plan_literal_compiles(llm):
    df = pd.DataFrame({"a": ["x", "y"]})
    reply = (
        '{"version":1,"source":"df","steps":[{"op":"filter","condition":{"kind":"compare","op":"eq",'
        '"left":{"kind":"col","name":"a"},"right":{"kind":"lit","value":"\\ud800"}}}]}'
    )
    llm.script(completion(reply), completion(reply))
    try:
        t = pandascribe.compile("rows where a is odd", {"df": df}, backend="openai")
    except BackendError:
        return  # refused is fine; code that does not compile is not
    builtins.compile(t.code, "<test>", "exec")


def test_tz_aware_against_naive_is_refused_before_running():
    when = pd.to_datetime(["2020-01-01", "2021-06-01"])
    df = pd.DataFrame({"t": when.tz_localize("UTC"), "naive": when, "n": [1, 2]})
    with pytest.raises(PlanValidationError, match="timezone-aware with naive"):
        pandascribe.compile("rows where t is after 2020-06-01", {"df": df})
    from pandascribe.plan import DateLit
    from pandascribe.schema import schemas_for
    from pandascribe.validate import validate_plan

    schemas = schemas_for({"df": df})
    for cond in (
        Compare(op="lt", left=Col(name="t"), right=Col(name="naive")),
        Between(expr=Col(name="t"), low=DateLit(value="2020-01-01"), high=DateLit(value="2021-01-01")),
    ):
        with pytest.raises(PlanValidationError, match="timezone-aware with naive"):
            validate_plan(Plan(source="df", steps=(Filter(condition=cond),)), schemas)
    aware = Compare(op="gt", left=Col(name="t"), right=DateLit(value="2020-06-01T00:00+00:00"))
    validate_plan(Plan(source="df", steps=(Filter(condition=aware),)), schemas)  # same kind: fine


def test_duplicate_column_labels_are_refused_with_the_label_named():
    df = pd.DataFrame([[1, 2, 3]], columns=["a", "a", "b"])
    with pytest.raises(PlanValidationError, match="'a' more than once"):
        pandascribe.compile("mean of b", {"df": df})


def test_an_index_level_named_like_a_column_is_refused_when_the_plan_uses_it():
    df = pd.DataFrame({"g": ["x", "y", "x"], "v": [1, 2, 3]}).set_index("g", drop=False)
    with pytest.raises(PlanValidationError, match="both an index level and a column"):
        pandascribe.compile("mean v by g", {"df": df})
    t = pandascribe.compile("mean of v", {"df": df})  # a plan that does not name it is fine
    ns = {"pd": pd, "np": np, "df": df}
    exec(t.code, ns)
    assert ns[t.target] == 2


def test_the_final_guard_turns_uncompilable_code_into_a_compile_error():
    from pandascribe.codegen.guard import ensure_compiles

    assert ensure_compiles("x = 1\n") == "x = 1\n"
    with pytest.raises(CompileError, match="too complex"):
        ensure_compiles("x = " + "(" * 1_000 + "1" + ")" * 1_000)
