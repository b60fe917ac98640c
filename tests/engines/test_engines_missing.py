"""The missing-value steps (plan/missing.py) and interpolation on polars and Spark: each plan is
compiled for the engine, run on that engine's copy of a small real slice of penguins (it has gaps
in number and text columns), brought back to pandas and compared with the pandas generator's answer
by the evaluation harness's ``same_answer``. Where an engine refuses, the refusal is asserted."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

from pandascribe.codegen import generate as pandas_generate
from pandascribe.codegen import polars as polars_gen
from pandascribe.codegen import spark as spark_gen
from pandascribe.codegen.engine_common import NotSupported
from pandascribe.engines import schemas_for
from pandascribe.engines.convert import to_engine, to_pandas
from pandascribe.plan import FillMissing, Plan
from pandascribe.plan.missing import CountMissing, DropMissingColumns

from .cases import dataset, run
from .compare import same_answer

GENERATORS = {"polars": polars_gen, "spark": spark_gen}

STEPS = [
    CountMissing(per_column=True),
    CountMissing(per_column=True, measure="percent"),
    CountMissing(),
    CountMissing(measure="fraction"),
    CountMissing(unit="rows"),
    CountMissing(unit="rows", measure="percent"),
    CountMissing(unit="columns"),
    CountMissing(unit="columns", measure="percent"),
    CountMissing(columns=("sex",)),
    CountMissing(unit="rows", columns=("sex", "bill_length_mm")),
]


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    return dataset("penguins").iloc[:40].reset_index(drop=True)


def _engine(engine: str, request: pytest.FixtureRequest) -> Any:
    return request.getfixturevalue("spark") if engine == "spark" else None


def _both(plan: Plan, frame: pd.DataFrame, engine: str, request: pytest.FixtureRequest) -> tuple[Any, Any]:
    ns: dict[str, Any] = {"penguins": frame.copy(), "pd": pd}
    exec(pandas_generate(plan, "r"), ns)
    eframe = to_engine(frame, engine, _engine(engine, request))
    code = GENERATORS[engine].generate(plan, "r", schemas_for({"penguins": eframe}, engine))
    return ns["r"], to_pandas(run(code, "r", {"penguins": eframe}, engine))


@pytest.mark.parametrize("engine", sorted(GENERATORS))
@pytest.mark.parametrize("step", STEPS, ids=repr)
def test_counts_equal_pandas(
    engine: str, step: CountMissing, frame: pd.DataFrame, request: pytest.FixtureRequest
) -> None:
    want, got = _both(Plan(source="penguins", steps=(step,)), frame, engine, request)
    assert same_answer(got, want), f"{got}\n{want}"


def test_polars_drops_the_columns_pandas_drops(frame: pd.DataFrame, request: pytest.FixtureRequest) -> None:
    want, got = _both(Plan(source="penguins", steps=(DropMissingColumns(),)), frame, "polars", request)
    assert list(got.columns) == list(want.columns)
    assert same_answer(got, want), f"{got}\n{want}"


def test_polars_interpolates_as_pandas(frame: pd.DataFrame, request: pytest.FixtureRequest) -> None:
    plan = Plan(source="penguins", steps=(FillMissing(method="interpolate"),))
    want, got = _both(plan, frame, "polars", request)
    assert same_answer(got, want), f"{got}\n{want}"


@pytest.mark.parametrize(
    "step,why",
    [(DropMissingColumns(), "drop_missing_columns"), (FillMissing(method="interpolate"), "interpolation")],
)
def test_spark_refuses_what_depends_on_the_data_or_row_order(
    step: Any, why: str, frame: pd.DataFrame
) -> None:
    schemas = schemas_for({"penguins": frame}, "pandas")
    with pytest.raises(NotSupported, match=why):
        spark_gen.generate(Plan(source="penguins", steps=(step,)), "r", schemas)
