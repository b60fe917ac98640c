"""The completeness guard of every engine: each Plan step and expression node has a generator or
sits in the engine's UNSUPPORTED table with a reason, never both; a plan using an unsupported node
is refused at compile time with a CompileError naming the step and the engine."""

from __future__ import annotations

import pytest

from pandascribe import CompileError
from pandascribe.codegen import EXPR_GENERATORS, STEP_GENERATORS
from pandascribe.codegen import polars as polars_gen
from pandascribe.codegen import spark as spark_gen
from pandascribe.codegen.engine_common import NotSupported, check_plan
from pandascribe.plan import EXPR_TYPES, STEP_TYPES, Col, Compare, Filter, Lit, Plan

ENGINES = {"polars": polars_gen, "spark": spark_gen}


@pytest.mark.parametrize("engine", sorted(ENGINES))
@pytest.mark.parametrize("node", [*STEP_TYPES, *EXPR_TYPES], ids=lambda t: t.__name__)
def test_every_node_has_a_generator_or_a_reason(engine: str, node: type) -> None:
    gen = ENGINES[engine]
    table = gen.STEP_GENERATORS if node in STEP_TYPES else gen.EXPR_GENERATORS
    handled, refused = node in table, node in gen.UNSUPPORTED
    assert handled != refused, (
        f"{node.__name__} must have a {engine} generator or an entry in "
        f"pandascribe.codegen.{engine}.UNSUPPORTED (one line: node type → reason), and not both"
    )
    if refused:
        assert gen.UNSUPPORTED[node].strip(), "an unsupported node needs a reason"


def test_pandas_generator_is_complete_too() -> None:
    assert set(STEP_TYPES) <= set(STEP_GENERATORS)
    assert set(EXPR_TYPES) <= set(EXPR_GENERATORS)


@pytest.mark.parametrize("engine", sorted(ENGINES))
def test_a_node_listed_unsupported_is_refused_at_compile_time(engine: str) -> None:
    plan = Plan(
        source="t", steps=(Filter(condition=Compare(op="gt", left=Col(name="x"), right=Lit(value=1))),)
    )
    with pytest.raises(NotSupported, match=f"filter is not supported on {engine} yet"):
        check_plan(plan, engine, {}, {Filter: "for this test"})
    with pytest.raises(CompileError, match=f"compare is not supported on {engine} yet .for this test"):
        check_plan(plan, engine, {Filter: object()}, {Compare: "for this test"})


@pytest.mark.parametrize("engine", sorted(ENGINES))
def test_a_node_in_neither_table_is_refused(engine: str) -> None:
    plan = Plan(
        source="t", steps=(Filter(condition=Compare(op="gt", left=Col(name="x"), right=Lit(value=1))),)
    )
    with pytest.raises(NotSupported, match="no generator"):
        check_plan(plan, engine, {Filter: object()}, {})
