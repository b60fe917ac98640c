"""Exercise-style steps about rows, columns, sorting and casting, as outsiders write them: sort keys
said "based on" / "according to" / "using values from", a second key after ", and by" or "then";
float and integer casts (``astype``) and the refusal of an integer cast on a column with gaps; a
code-quoted tool before its purpose ("Use `DataFrame.T` to transpose …"); rows "that contain" data,
lists of years joined by "and", a column named after its comparison, a counted column compared row
by row, and the whole-frame fill with a number. Each request is compiled, run on a small frame and
compared with hand-written pandas."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest

import pandascribe
from pandascribe import CompileError
from pandascribe.codegen import polars as polars_gen
from pandascribe.codegen import spark as spark_gen
from pandascribe.codegen.engine_common import NotSupported
from pandascribe.engines import schemas_for as engine_schemas
from pandascribe.plan import Cast, FillMissing, Plan
from pandascribe.understand.framerefs import QCODE, unquote


@pytest.fixture
def df() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "animal": ["cat", "cat", "snake", "dog", "dog", "cat", "snake", "cat"],
            "age": [2.5, 3.0, 0.5, 6.0, 5.0, 2.0, 4.5, 1.0],
            "visits": [1, 3, 2, 3, 4, 3, 1, 5],
            "year": [2002, 2007, 2002, 1997, 2007, 2012, 2007, 2002],
            "score": [55.0, 40.0, 81.0, 45.5, 90.0, 48.0, 30.0, 52.0],
        }
    )


def _run(request: str, frame: pd.DataFrame, name: str = "df") -> Any:
    t = pandascribe.compile(request, {name: frame}, source=name)
    ns: dict[str, Any] = {name: frame.copy(), "pd": pd, "np": np}
    exec(t.code, ns)
    return ns[t.target]


def _same(got: Any, want: Any) -> None:
    if isinstance(want, pd.DataFrame):
        pd.testing.assert_frame_equal(got.reset_index(drop=True), want.reset_index(drop=True))
    elif isinstance(want, pd.Series):
        pd.testing.assert_series_equal(got, want, check_names=False)
    else:
        assert got == want


# ---------------------------------------------------------------- sorting


@pytest.mark.parametrize(
    "request_text",
    [
        "sort dataframe `df` based on column 'animal' in ascending and column 'age' in descending",
        "sort a pandas data frame according to column `animal` in ascending and `age` in descending order",
        "sort a pandas data frame by column `animal` in ascending, and by column `age` in descending order",
        "Sort df first by the values in the 'animal' in ascending order, then by the value in the 'age' "
        "column in descending order",
    ],
)
def test_two_sort_keys_with_their_directions(df: pd.DataFrame, request_text: str) -> None:
    _same(_run(request_text, df), df.sort_values(["animal", "age"], ascending=[True, False]))


def test_sort_keys_after_using_values_from(df: pd.DataFrame) -> None:
    got = _run(
        "sort pandas data frame `df` using values from columns `visits` and `age` in ascending order", df
    )
    _same(got, df.sort_values(["visits", "age"]))


def test_then_between_two_columns_is_a_second_key(df: pd.DataFrame) -> None:
    _same(_run("sorting by the animal then age columns", df), df.sort_values(["animal", "age"]))


def test_then_before_other_words_still_starts_a_step(df: pd.DataFrame) -> None:
    _same(_run("sort by age then the first 3 rows", df), df.sort_values("age", kind="stable").head(3))
    _same(_run("sort by age, then select animal", df), df.sort_values("age", kind="stable")[["animal"]])


# ---------------------------------------------------------------- casts


def test_integer_column_to_floats(df: pd.DataFrame) -> None:
    t = pandascribe.compile("Try converting the column `year` to floats", {"df": df}, source="df")
    assert [type(s) for s in t.plan.steps] == [Cast] and t.plan.steps[0].to == "float"
    _same(_run("Try converting the column `year` to floats", df), df.assign(year=df.year.astype("float64")))


def test_float_column_to_integers_cuts_decimals(df: pd.DataFrame) -> None:
    got = _run("Next try converting `age` to an integer.", df)
    _same(got, df.assign(age=df.age.astype("int64")))
    assert "cut off" in pandascribe.compile("convert age to int", {"df": df}, source="df").explanation


def test_integer_cast_refused_on_a_column_with_gaps(df: pd.DataFrame) -> None:
    gappy = df.assign(age=df.age.where(df.age > 1))
    with pytest.raises(CompileError, match="missing values"):
        pandascribe.compile("convert age to an integer", {"df": gappy}, source="df")


def test_text_to_integer_still_reads_numbers() -> None:
    frame = pd.DataFrame({"n": ["1", "2", "x"]})
    _same(_run("convert n to integer", frame), frame.assign(n=pd.to_numeric(frame.n, errors="coerce")))


def test_cast_plan_refuses_errors_choice() -> None:
    with pytest.raises(ValueError):
        Cast(columns=("a",), to="integer", errors="raise")


@pytest.mark.parametrize("to", ["float", "integer"])
@pytest.mark.parametrize("gen", [polars_gen, spark_gen], ids=["polars", "spark"])
def test_engines_refuse_exact_casts_of_text(to: str, gen: Any) -> None:
    frame = pd.DataFrame({"t": ["a", "b"]})
    plan = Plan(source="f", steps=(Cast(columns=("t",), to=to),))  # type: ignore[arg-type]
    with pytest.raises(NotSupported):
        gen.generate(plan, "r", engine_schemas({"f": frame}, "pandas"))


# ---------------------------------------------------------------- the tool named before the purpose


def test_code_quoted_tool_is_marked() -> None:
    _, marks = unquote(
        "Use `DataFrame.describe()` to get it; `df.age` stays", frozenset({"df"}), {"age": "age"}
    )
    assert [m.low for m in marks] == [QCODE]


@pytest.mark.parametrize(
    ("request_text", "want"),
    [
        ("Use `DataFrame.describe()` to get summary statistics about data.", lambda d: d.describe()),
        ("Use `DataFrame.T` to transpose a dataframe.", lambda d: d.T),
        (
            "We can use the `dataframe_name.dtypes` command to view the data type for each column in a "
            "DataFrame (all at once).",
            lambda d: d.dtypes,
        ),
    ],
)
def test_use_code_to_purpose(df: pd.DataFrame, request_text: str, want: Any) -> None:
    _same(_run(request_text, df), want(df))


def test_code_quoted_tool_alone_is_not_dropped(df: pd.DataFrame) -> None:
    with pytest.raises(CompileError):
        pandascribe.compile("`df.frobnicate()`", {"df": df}, source="df")


# ---------------------------------------------------------------- row conditions


def test_rows_that_contain_data_from(df: pd.DataFrame) -> None:
    got = _run(
        "Select a subset of rows in the `df` DataFrame that contain data from the year 2007 and that "
        "contain score values less than or equal to 50.",
        df,
    )
    _same(got, df[(df.year == 2007) & (df.score <= 50)])


def test_years_joined_by_and_are_a_list(df: pd.DataFrame) -> None:
    _same(
        _run("extract rows that contain information for the years 2002 and 2007", df),
        df[df.year.isin([2002, 2007])],
    )
    got = _run("rows where year is 2002 and score is above 50", df)  # a second condition stays one
    _same(got, df[(df.year == 2002) & (df.score > 50)])


def test_or_before_less_than_and_the_column_after(df: pd.DataFrame) -> None:
    got = _run(
        "select all rows where the value in column 'score' is greater than 80 or less than 2 in column 'age'",
        df,
    )
    _same(got, df[(df.score > 80) | (df.age < 2)])
    _same(
        _run("rows where score is greater than 80 or less than 40", df), df[(df.score > 80) | (df.score < 40)]
    )
    _same(_run("rows where visits is 3 or less", df), df[df.visits <= 3])


def test_inclusive_range(df: pd.DataFrame) -> None:
    _same(_run("Select the rows where the age is between 2 and 4 (inclusive)", df), df[df.age.between(2, 4)])


def test_number_of_a_counting_column_is_the_column(df: pd.DataFrame) -> None:
    got = _run("Select only the rows where the number of visits is greater than 3", df)
    _same(got, df[df.visits > 3])


# ---------------------------------------------------------------- filling every column


def test_fill_every_column_with_zero_on_object_text() -> None:
    frame = pd.DataFrame({"a": [1.0, np.nan], "t": pd.Series(["x", None], dtype=object)})
    _same(_run("replace all the nan values with 0 in a pandas dataframe `df`", frame), frame.fillna(0))


@pytest.mark.parametrize("gen", [polars_gen, spark_gen], ids=["polars", "spark"])
def test_engines_refuse_a_number_in_text_gaps(gen: Any) -> None:
    frame = pd.DataFrame({"a": [1.0, np.nan], "t": pd.Series(["x", None], dtype=object)})
    plan = Plan(source="f", steps=(FillMissing(value=0),))
    with pytest.raises(NotSupported):
        gen.generate(plan, "r", engine_schemas({"f": frame}, "pandas"))


def test_not_equal_to_a_list_of_quoted_values(df: pd.DataFrame) -> None:
    got = _run(
        "Write a query that selects all rows with animal NOT equal to 'cat' or 'dog' in the df data.", df
    )
    _same(got, df[~df.animal.isin(["cat", "dog"])])


def test_between_two_values(df: pd.DataFrame) -> None:
    _same(
        _run("select rows in a dataframe `df` column 'age' between two values 2 and 4", df),
        df[df.age.between(2, 4)],
    )
