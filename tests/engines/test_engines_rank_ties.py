"""A rank whose ties share the best place (``Window(ties="min")``, the competition ranking of
"rank each year by the invest") on polars and Spark: the same values as pandas'
``rank(method="min")``, within groups and over the whole frame, either direction; missing values
keep no rank."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest

from pandascribe.codegen import generate as pandas_generate
from pandascribe.codegen import polars as polars_gen
from pandascribe.codegen import spark as spark_gen
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
