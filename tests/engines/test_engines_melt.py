"""Spark's melt (``unpivot``): columns with odd names (spaces, dots, backticks, backslashes, quotes,
newlines) melt to the answer pandas gives, under names that stay exactly as written; and the
melts Spark cannot answer as pandas does are refused at compile time, never run into an error.

The refusals were the open bug the engine property test excluded as "a Spark melt of oddly named
columns": a melt with no value columns listed, after a pivot or crosstab (whose columns are named
by the data, so the schema lists none of them), became ``unpivot(ids, [], …)``, which Spark
rejects when the code runs.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

from pandascribe.codegen import generate
from pandascribe.codegen.engine_common import NotSupported
from pandascribe.engines import namespace, schemas_for
from pandascribe.engines.convert import to_engine, to_pandas
from pandascribe.plan import Crosstab, Melt, Pivot, Plan
from pandascribe.schema import schemas_for as pandas_schemas

from .compare import same_answer

ODD = ["a b", "a.b", "a`b", "a\\b", "a\nb", "say 'hi'", 'say "hi"', "x,y", "(p)", "é", "`", "\\"]


def _pandas(plan: Plan, frame: pd.DataFrame) -> Any:
    ns: dict[str, Any] = {"pd": pd, "t": frame.copy()}
    exec(generate(plan, "r"), ns)
    return ns["r"]


def _spark(plan: Plan, frame: pd.DataFrame, spark: Any) -> Any:
    sframe = to_engine(frame, "spark", spark)
    code = generate(plan, "r", engine="spark", schemas=schemas_for({"t": sframe}, "spark"))
    ns = {**namespace("spark"), "t": sframe}
    exec(compile(code, "<melt>", "exec"), ns)
    return to_pandas(ns["r"])


def test_melt_of_oddly_named_columns_gives_the_pandas_answer(spark: Any) -> None:
    """One frame holding every odd name: melted by two of them as ids, into odd names again, and
    with no value columns listed (every other column melts)."""
    frame = pd.DataFrame({name: [float(i), float(i + 1)] for i, name in enumerate(ODD)})
    plans = [
        Melt(id_vars=(ODD[0], ODD[1]), value_vars=(), var_name="var.iable `x`", value_name="va\\lue"),
        Melt(id_vars=(ODD[2],), value_vars=tuple(ODD[3:]), var_name="v v", value_name="w\nw"),
        Melt(id_vars=(), value_vars=(ODD[4], ODD[5])),
    ]
    for step in plans:
        plan = Plan(source="t", steps=(step,))
        expected, got = _pandas(plan, frame), _spark(plan, frame, spark)
        assert list(got.columns) == list(expected.columns)
        assert sorted(got[step.var_name]) == sorted(expected[step.var_name])  # the names, exactly
        assert same_answer(got, expected), (step, got, expected)


@pytest.mark.parametrize(
    "reshape",
    [
        Crosstab(index="a b", columns="a.b"),
        Pivot(index=("a b",), columns="a.b", values="v", func="sum"),
    ],
    ids=["crosstab", "pivot"],
)
def test_melting_every_column_a_pivot_made_is_refused_at_compile_time(reshape: Any) -> None:
    frame = pd.DataFrame({"a b": ["x", "y"], "a.b": ["p", "q"], "v": [1.0, 2.0]})
    plan = Plan(source="t", steps=(reshape, Melt(id_vars=("a b",))))
    with pytest.raises(NotSupported, match="melting the columns a pivot made"):
        generate(plan, "r", engine="spark", schemas=pandas_schemas({"t": frame}))
    # naming the value columns (or melting before the pivot) is not refused
    listed = Plan(source="t", steps=(Melt(id_vars=("a b",), value_vars=("v",)),))
    assert ".unpivot(" in generate(listed, "r", engine="spark", schemas=pandas_schemas({"t": frame}))


def test_melting_a_frame_of_id_columns_only_is_refused_at_compile_time() -> None:
    frame = pd.DataFrame({"a b": ["x"], "a.b": ["p"]})
    plan = Plan(source="t", steps=(Melt(id_vars=("a b", "a.b")),))
    with pytest.raises(NotSupported, match="every column is an id column"):
        generate(plan, "r", engine="spark", schemas=pandas_schemas({"t": frame}))
