"""Aggregate verbs, per-row statistics, row-wise sums, name/kind column selection and frame
summaries: each request is compiled with the public ``pandascribe.compile`` and the emitted code's
result on a small frame is compared with hand-written pandas."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import polars as pl
import pytest

import pandascribe
from pandascribe import CompileError
from pandascribe.understand.items import Item
from pandascribe.understand.stats import read_stat


def _gap() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "country": ["A", "A", "B", "B", "C", "C", "D"],
            "continent": ["Asia", "Asia", "Asia", "Asia", "Europe", "Europe", "Europe"],
            "year": [2002, 2007, 2002, 2007, 2002, 2007, 2007],
            "lifeExp": [60.0, 62.0, 70.0, 75.0, 80.0, 81.0, 50.0],
            "pop": [10, 12, 30, 31, 5, 6, 7],
            "gdpPercap": [1000.0, 1200.0, 3000.0, 3500.0, 20000.0, 21000.0, 800.0],
            "gdpPercap_2007": [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0],
        }
    )


def run(request: str, frame: pd.DataFrame | None = None) -> Any:
    df = _gap() if frame is None else frame
    tr = pandascribe.compile(request, {"gap": df}, source="gap")
    ns: dict[str, Any] = {"pd": pd, "np": np, "gap": df.copy()}
    exec(tr.code, ns)
    return ns[tr.target]


def values(x: Any) -> list:
    return sorted(np.asarray(x).ravel().tolist())


# ---------------------------------------------------------------- an asking verb before an aggregate


@pytest.mark.parametrize(
    "request_",
    [
        "calculate the mean gdpPercap for each continent",
        "compute the average gdpPercap per continent",
        "Calculate the average gdpPercap per continent.",
    ],
)
def test_asking_verb_before_an_aggregate_is_the_aggregate(request_: str) -> None:
    got = run(request_)
    want = _gap().groupby("continent").gdpPercap.mean()
    assert values(got.iloc[:, -1]) == values(want)
    assert len(got) == 2


def test_oxford_comma_list_of_aggregated_columns() -> None:
    got = run("calculate the mean lifeExp, pop, and gdpPercap for each continent")
    want = _gap().groupby("continent")[["lifeExp", "pop", "gdpPercap"]].mean().reset_index()
    assert got.shape == want.shape
    assert values(got.iloc[:, 1:]) == values(want.iloc[:, 1:])


def test_a_named_new_column_stays_a_definition() -> None:
    got = run("compute ratio = gdpPercap / pop")
    assert np.allclose(got["ratio"], _gap().gdpPercap / _gap()["pop"])


# ---------------------------------------------------------------- comparisons with a statistic


def test_greater_than_the_global_average() -> None:
    got = run("keep rows where lifeExp is greater than the global average")
    g = _gap()
    assert got.equals(g[g.lifeExp > g.lifeExp.mean()])


def test_greater_than_the_per_group_average() -> None:
    got = run("keep rows with lifeExp greater than the per continent average")
    g = _gap()
    assert got.equals(g[g.lifeExp > g.groupby("continent").lifeExp.transform("mean")])


def test_below_the_median_of_its_group_after_the_statistic() -> None:
    got = run("rows where pop is below the median pop within each continent")
    g = _gap()
    assert got.equals(g[g["pop"] < g.groupby("continent")["pop"].transform("median")])


def test_a_condition_on_an_aggregate_is_not_read_as_a_row_statistic() -> None:
    # "whose mean lifeExp is above the overall mean" compares groups; never a row filter here
    try:
        got = run("continents whose mean lifeExp is above the overall mean")
    except CompileError:
        return
    g = _gap()
    assert "lifeExp" not in got.columns or len(got) != len(g[g.lifeExp > g.lifeExp.mean()])


# ---------------------------------------------------------------- statistics in formulas


def test_per_group_median_as_a_new_feature() -> None:
    got = run("Create a feature `Med` that describes the median of `gdpPercap` grouped on `continent`.")
    g = _gap()
    assert np.allclose(got["Med"], g.groupby("continent").gdpPercap.transform("median"))


def test_centered_column() -> None:
    got = run("add centered = gdpPercap minus the mean of gdpPercap")
    g = _gap()
    assert np.allclose(got["centered"], g.gdpPercap - g.gdpPercap.mean())


def test_per_group_z_score_formula() -> None:
    got = run("add z = (lifeExp - the mean of lifeExp per continent) / the std of lifeExp per continent")
    g = _gap()
    want = g.groupby("continent").lifeExp.transform(lambda s: (s - s.mean()) / s.std())
    assert np.allclose(got["z"], want)


def test_name_colon_formula_defines_a_column() -> None:
    got = run("`TotalSF`: the sum of `lifeExp`, `pop`, and `gdpPercap`")
    g = _gap()
    assert np.allclose(got["TotalSF"], g.lifeExp + g["pop"] + g.gdpPercap)


def test_row_wise_sum_divided() -> None:
    got = run("`Ratio`: the sum of `lifeExp` and `pop` divided by `gdpPercap`")
    g = _gap()
    assert np.allclose(got["Ratio"], (g.lifeExp + g["pop"]) / g.gdpPercap)


def test_group_stat_on_polars_matches_pandas() -> None:
    g = _gap()
    req = "add m = the mean of lifeExp per continent"
    tr = pandascribe.compile(req, {"gap": pl.from_pandas(g)}, source="gap")
    ns: dict[str, Any] = {"pl": pl, "gap": pl.from_pandas(g)}
    exec(tr.code, ns)
    got = ns[tr.target].to_pandas()
    assert np.allclose(got["m"], g.groupby("continent").lifeExp.transform("mean"))


def test_read_stat_needs_a_column_when_none_is_named() -> None:
    from pandascribe.schema import frame_schema
    from pandascribe.understand.context import Clause, Ctx

    sch = frame_schema("gap", _gap())
    items = [Item(0, 1, "average", ("average",), kws=(("agg", "mean"),))]
    cl = Clause(items, Ctx({"gap": sch}, "gap", sch))
    assert read_stat(cl, 0, None) is None
    got = read_stat(cl, 0, "pop")
    assert got is not None and got[0].column == "pop" and got[0].by == ()


# ---------------------------------------------------------------- columns by name or kind


def test_columns_ending_with() -> None:
    got = run("Select all columns ending with 2007")
    assert list(got.columns) == ["gdpPercap_2007"]


def test_string_columns_and_a_name_pattern_is_a_union() -> None:
    got = run('select all string columns and the columns whose names end with "_2007"')
    assert list(got.columns) == ["country", "continent", "gdpPercap_2007"]


def test_non_string_columns_with_an_underscore() -> None:
    got = run("matches all non-string columns that contain an underscore in the name")
    assert list(got.columns) == ["gdpPercap_2007"]


def test_no_matching_column_is_refused() -> None:
    with pytest.raises(CompileError, match="no column matches"):
        run("select all columns containing zzz")


# ---------------------------------------------------------------- frame summaries


def test_summary_statistics() -> None:
    got = run("display its summary statistics")
    assert got.equals(_gap().describe())


def test_summary_of_named_columns() -> None:
    got = run("describe lifeExp and pop")
    assert got.equals(_gap()[["lifeExp", "pop"]].describe())


def test_transpose() -> None:
    got = run("transpose the dataframe")
    assert got.equals(_gap().T)


def test_summary_per_group_is_not_a_whole_frame_summary() -> None:
    with pytest.raises(CompileError):
        run("summary statistics per continent")


def test_describe_is_refused_on_polars() -> None:
    with pytest.raises(CompileError, match="describe"):
        pandascribe.compile("display its summary statistics", {"gap": pl.from_pandas(_gap())}, source="gap")


# ---------------------------------------------------------------- rescaling, rounding, in-place changes


def test_normalise_by_the_global_average() -> None:
    got = run("normalises gdpPercap by the global average")
    g = _gap()
    assert np.allclose(got["gdpPercap"], g.gdpPercap / g.gdpPercap.mean())


def test_normalise_by_the_group_average() -> None:
    got = run("normalises gdpPercap by the averages within continent levels")
    g = _gap()
    assert np.allclose(got["gdpPercap"], g.gdpPercap / g.groupby("continent").gdpPercap.transform("mean"))


def test_subtract_the_global_mean_of_the_only_numeric_column() -> None:
    df = pd.DataFrame({"date": pd.date_range("2020-01-01", periods=4), "co2": [1.0, 2.0, 3.0, 6.0]})
    got = run("Subtract off global mean", df)
    assert np.allclose(got["co2"], df.co2 - df.co2.mean())


def test_subtract_a_mean_without_a_column_is_refused_when_several_are_numeric() -> None:
    with pytest.raises(CompileError, match="which column"):
        run("Subtract off global mean")


def test_min_max_rescale_of_every_numeric_column() -> None:
    got = run("Rescale all numeric variables to range 0-1")
    g = _gap()
    for c in ["year", "lifeExp", "pop", "gdpPercap"]:
        assert np.allclose(got[c], (g[c] - g[c].min()) / (g[c].max() - g[c].min()))
    assert list(got["country"]) == list(g["country"])


def test_divide_by_a_number_is_not_a_rescale() -> None:
    with pytest.raises(CompileError):
        run("normalise gdpPercap")


def test_round_columns_each_to_its_own_decimals() -> None:
    df = pd.DataFrame({"brainwt": [0.01234, 1.98765], "bodywt": [3.14159, 2.71828], "n": [1, 2]})
    got = run(
        "round off entries in column brainwt to two decimal places, "
        "and entries in column bodywt to three decimal places",
        df,
    )
    assert got.equals(df.round({"brainwt": 2, "bodywt": 3}))


def test_add_a_number_to_a_column_changes_it_in_place() -> None:
    got = run("Add 100 to each element of column pop")
    assert list(got["pop"]) == list(_gap()["pop"] + 100)
    assert "100" not in got.columns


def test_new_column_by_adding_columns() -> None:
    got = run("make new column 'total' by adding values from other columns 'lifeExp' and 'pop'")
    g = _gap()
    assert np.allclose(got["total"], g.lifeExp + g["pop"])


def test_two_valued_bucket_column() -> None:
    got = run(
        "make a `bucket` column with values of `low` and `high`, "
        "based on whether the `gdpPercap` is less or more than $10000"
    )
    g = _gap()
    assert list(got["bucket"]) == list(np.where(g.gdpPercap < 10000, "low", "high"))


def test_a_label_column_before_the_statistic_is_its_group() -> None:
    got = run("rows with pop above the continent average")
    g = _gap()
    assert got.equals(g[g["pop"] > g.groupby("continent")["pop"].transform("mean")])


def test_a_numeric_column_before_the_statistic_is_its_column() -> None:
    got = run("rows where lifeExp is below the gdpPercap average")
    g = _gap()
    assert got.equals(g[g.lifeExp < g.gdpPercap.mean()])


@pytest.mark.parametrize(
    ("request_", "want"),
    [
        ("`Ratio`: the ratio of `lifeExp` to `pop`", lambda g: g.lifeExp / g["pop"]),
        ("add d = the difference between lifeExp and pop", lambda g: g.lifeExp - g["pop"]),
        ("add p = the product of lifeExp and pop", lambda g: g.lifeExp * g["pop"]),
    ],
)
def test_operation_nouns_name_their_two_operands(request_: str, want: Any) -> None:
    got = run(request_)
    g = _gap()
    assert np.allclose(got.iloc[:, -1], want(g))
