"""A rank whose ties share the best place (``Window(ties="min")``, the competition ranking of
"rank each year by the invest") on polars and Spark: the same values as pandas'
``rank(method="min")``, within groups and over the whole frame, either direction; missing values
keep no rank. And a condition on a group's statistic ("rows where the sum of x for each g is 9")
on polars (Spark refuses a window inside a filter, at compile time)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest

from pandascribe.codegen import generate as pandas_generate
from pandascribe.codegen import polars as polars_gen
from pandascribe.codegen import spark as spark_gen
from pandascribe.codegen.engine_common import NotSupported
from pandascribe.engines import schemas_for
from pandascribe.engines.convert import to_engine, to_pandas
from pandascribe.plan import Derive, Plan, Window

from .cases import run

GENERATORS = {"polars": polars_gen, "spark": spark_gen}
FRAME = pd.DataFrame(
    {
        "g": ["a", "a", "a", "b", "b", "b", "b"],
        "x": [3.0, 1.0, 3.0, 2.0, np.nan, 2.0, 5.0],
        "row": range(7),
    }
)


@pytest.fixture(params=sorted(GENERATORS))
def engine(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.mark.parametrize("by", [("g",), ()])
@pytest.mark.parametrize("ascending", [True, False])
def test_min_rank_equals_pandas(engine: str, by: tuple[str, ...], ascending: bool, request: Any) -> None:
    session = request.getfixturevalue("spark") if engine == "spark" else None
    plan = Plan(
        source="df",
        steps=(
            Derive(name="r", expr=Window(func="rank", column="x", by=by, ascending=ascending, ties="min")),
        ),
    )
    want = run(pandas_generate(plan, "result"), "result", {"df": FRAME.copy()}, "pandas")
    assert 'method="min"' in pandas_generate(plan, "result")
    eng = {"df": to_engine(FRAME, engine, session)}
    code = GENERATORS[engine].generate(plan, "result", schemas_for(eng, engine))
    got = to_pandas(run(code, "result", eng, engine)).sort_values("row").reset_index(drop=True)
    expect = want.sort_values("row").reset_index(drop=True)
    assert got["r"].astype(float).tolist() == pytest.approx(
        expect["r"].astype(float).tolist(), nan_ok=True
    ), code


def test_group_condition_equals_pandas(engine: str, request: Any) -> None:
    """ "rows where the sum of x for each g is 9": a group statistic in a filter, on every engine."""
    import pandascribe

    session = request.getfixturevalue("spark") if engine == "spark" else None
    req = "rows where the sum of x for each g is 9"
    tr = pandascribe.compile(req, {"df": FRAME})
    want = run(tr.code, tr.target, {"df": FRAME.copy()}, "pandas")
    eng = {"df": to_engine(FRAME, engine, session)}
    if engine == "spark":  # a window inside a filter: Spark refuses it, and says so at compile time
        with pytest.raises(NotSupported, match="group_stat is not supported on spark"):
            GENERATORS[engine].generate(tr.plan, "result", schemas_for(eng, engine))
        return
    code = GENERATORS[engine].generate(tr.plan, "result", schemas_for(eng, engine))
    got = to_pandas(run(code, "result", eng, engine))
    assert sorted(got["row"].tolist()) == sorted(want["row"].tolist()) == [3, 4, 5, 6], code


@pytest.mark.parametrize(
    "request_text", ["the mean and standard error of x by g", "the standard error of x", "sem of x per g"]
)
def test_standard_error_equals_pandas(engine: str, request_text: str, request: Any) -> None:
    """The standard error of the mean (``sem``: the sample standard deviation over the square root
    of the count of values) per group and over the frame, on every engine."""
    import pandascribe

    session = request.getfixturevalue("spark") if engine == "spark" else None
    tr = pandascribe.compile(request_text, {"df": FRAME})
    assert "sem" in tr.code
    want = run(tr.code, tr.target, {"df": FRAME.copy()}, "pandas")
    eng = {"df": to_engine(FRAME, engine, session)}
    code = GENERATORS[engine].generate(tr.plan, "result", schemas_for(eng, engine))
    got = to_pandas(run(code, "result", eng, engine))
    if isinstance(want, pd.DataFrame):
        got = got.sort_values("g").reset_index(drop=True)
        assert got["sem_x"].tolist() == pytest.approx(want.sort_values("g")["sem_x"].tolist()), code
    else:
        assert float(got) == pytest.approx(float(want)), code
