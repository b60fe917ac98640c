"""Hypothesis properties per engine: random plans over random frames with hostile column names
(the strategies of ``tests/test_properties.py``) → the polars and Spark code parses, passes the
same safety rules, runs, and gives the answer the pandas code gives on the same rows — or the
engine refuses the plan at compile time. Never a different answer.

Spark examples are fewer (each runs Spark jobs); ``PANDASCRIBE_HYPOTHESIS_EXAMPLES`` scales both.
"""

from __future__ import annotations

import os
from typing import Any

import pandas as pd
from hypothesis import HealthCheck, assume, event, given, note, settings
from hypothesis import strategies as st

from pandascribe.codegen import generate
from pandascribe.codegen.engine_common import NotSupported
from pandascribe.engines import namespace, schemas_for
from pandascribe.engines.convert import to_engine, to_pandas
from pandascribe.plan import ops as plan_ops
from pandascribe.schema import schemas_for as pandas_schemas
from pandascribe.validate import plan_states
from test_properties import frames, plans, run  # the project's random-plan strategies

from .compare import same_answer, unsafe_reason

BASE = int(os.environ.get("PANDASCRIBE_HYPOTHESIS_EXAMPLES", "100"))


def _settings(n: int) -> Any:
    return settings(
        max_examples=n,
        deadline=None,
        derandomize=True,  # the same examples every run
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.filter_too_much,
            HealthCheck.function_scoped_fixture,
        ],
    )


OPS_STEPS = tuple(
    cls
    for cls in vars(plan_ops).values()
    if isinstance(cls, type)
    and cls.__module__ == plan_ops.__name__
    and "op" in getattr(cls, "model_fields", {})
)


def _check(data: Any, engine: str, spark: Any = None) -> None:
    source = data.draw(frames())
    plan = data.draw(plans(source))
    # the everyday-question steps (plan/ops.py) are checked per engine on hand-built plans in
    # test_engines_ops.py: some answer in the engine's own terms (dtypes are polars/Spark types)
    assume(not any(isinstance(step, OPS_STEPS) for step in plan.steps))
    schemas = pandas_schemas({"t": source})
    _, issues = plan_states(plan, schemas)
    assume(not issues)
    try:
        expected = run(generate(plan, "r"), source.copy())
    except Exception:
        assume(False)
    try:
        frame = to_engine(source, engine, spark)
    except Exception as exc:  # the engine cannot even hold this frame (e.g. Spark and an empty name)
        event(f"{engine} cannot hold the frame: {type(exc).__name__}")
        assume(False)
    theirs = schemas_for({"t": frame}, engine)
    # the same plan only means the same thing where the engine sees the same kinds of columns
    assume(
        [(c.name, c.kind) for c in theirs["t"].columns] == [(c.name, c.kind) for c in schemas["t"].columns]
    )
    try:
        code = generate(plan, "r", engine=engine, schemas=theirs)
    except NotSupported as exc:
        event(f"{engine} refused: {str(exc).split(' is not')[0]}")
        return
    note(code)
    assert code == generate(plan, "r", engine=engine, schemas=theirs)
    assert unsafe_reason(code) is None
    ns = {**namespace(engine), "t": frame}
    exec(compile(code, "<engine property>", "exec"), ns)
    # polars' to_pandas (used only to bring answers back here) panics on a NUL in a column name
    assume(not any("\x00" in str(c) for c in getattr(ns["r"], "columns", ())))
    got = to_pandas(ns["r"])
    note(f"pandas: {expected!r}\n{engine}: {got!r}")
    if _no_value(got) and _no_value(expected):
        return  # a statistic of no values: None on polars and Spark, NaN in pandas (docs/engines.md)
    frames_both = isinstance(got, pd.DataFrame) and isinstance(expected, pd.DataFrame)
    if frames_both and len(got) == len(expected) == 0:
        # no rows: the columns' dtypes (object vs float for "nothing") carry no answer
        assert list(map(str, got.columns)) == list(map(str, expected.columns))
        return
    assert same_answer(got, expected), f"{engine} answered differently"
    event(f"{engine} agreed")


def _no_value(x: Any) -> bool:
    return x is None or x is pd.NaT or (isinstance(x, float) and x != x)


@_settings(BASE)
@given(data=st.data())
def test_random_plans_agree_on_polars(data: Any) -> None:
    _check(data, "polars")


@_settings(max(10, BASE // 5))
@given(data=st.data())
def test_random_plans_agree_on_spark(data: Any, spark: Any) -> None:
    _check(data, "spark", spark)


def test_hypothesis_strategies_are_the_projects() -> None:
    assert frames.__module__ == "test_properties" and callable(plans)
    assert isinstance(pd.DataFrame(), pd.DataFrame)
