"""Follow-up requests (``compile(..., previous=t)``): chains of 2–5 requests over real datasets,
each step run in turn (the earlier results in the namespace, as in a notebook) and compared with
hand-written pandas, order included; refusals when nothing can be referred to; determinism of the
whole chain."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
import pytest

import pandascribe
from pandascribe import CompileError
from pandascribe.understand.followup import find_reference


@pytest.fixture
def sales() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "region": ["North", "South", "North", "East", "South", "East", "West", "West"],
            "units": [5, 3, 2, 8, 1, 4, 6, 2],
            "year": [2014, 2014, 2015, 2015, 2014, 2015, 2014, 2015],
        }
    )


@pytest.fixture(scope="module")
def cars() -> pd.DataFrame:
    import vega_datasets

    return vega_datasets.data.cars()


@pytest.fixture(scope="module")
def stocks() -> pd.DataFrame:
    import vega_datasets

    return vega_datasets.data.stocks()


def run_chain(requests: Sequence[str], frames: Mapping[str, pd.DataFrame]) -> list[tuple[Any, Any]]:
    """Compile each request with the one before as ``previous`` and run its code in one namespace;
    the (transform, value) of every step."""
    ns: dict[str, Any] = {"pd": pd, "np": np, **frames}
    out: list[tuple[Any, Any]] = []
    prev = None
    for request in requests:
        t = pandascribe.compile(request, frames, previous=prev)
        exec(compile(t.code, "<pandascribe>", "exec"), ns)
        out.append((t, ns[t.target]))
        prev = t
    return out


def same(got: pd.DataFrame, want: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(got.reset_index(drop=True), want.reset_index(drop=True), check_dtype=False)


# ---------------------------------------------------------------- the issue's own example


def test_issue_chain_sort_then_top(sales: pd.DataFrame) -> None:
    steps = run_chain(
        ["total units by region", "now sort that by units, highest first", "only the top 2 of those"],
        {"sales": sales},
    )
    (t1, r1), (t2, r2), (t3, r3) = steps
    by_region = sales.groupby("region", as_index=False).agg(sum_units=("units", "sum"))
    same(r1, by_region)
    ranked = by_region.sort_values("sum_units", ascending=False)
    same(r2, ranked)
    same(r3, ranked.head(2))
    assert t2.code.split("=", 1)[1].strip().startswith(t1.target)
    assert t3.code.split("=", 1)[1].strip().startswith(t2.target)
    assert t2.previous is t1 and t3.previous is t2
    assert list(r3["region"]) == ["East", "West"]


def test_code_starts_from_previous_target_without_the_frame_existing(sales: pd.DataFrame) -> None:
    t1 = pandascribe.compile("total units by region", {"sales": sales})
    t2 = pandascribe.compile("now sort that by units, highest first", {"sales": sales}, previous=t1)
    assert t2.plan.source == t1.target
    assert t2.source == t1.target
    assert f"{t1.target}.sort_values(" in t2.code


# ---------------------------------------------------------------- chains over real datasets


def test_penguins_chain_of_four_ending_in_a_chart(penguins: pd.DataFrame) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    steps = run_chain(
        [
            "mean body mass by species",
            "now sort it by body mass, highest first",
            "only the top 2 of those",
            "and plot it",
        ],
        {"penguins": penguins},
    )
    want = (
        penguins.groupby("species", as_index=False)
        .agg(mean_body_mass_g=("body_mass_g", "mean"))
        .sort_values("mean_body_mass_g", ascending=False)
        .head(2)
    )
    same(steps[2][1], want)
    ax = steps[3][1]
    assert [p.get_height() for p in ax.patches] == pytest.approx(list(want["mean_body_mass_g"]))
    assert [t.get_text() for t in ax.get_xticklabels()] == list(want["species"])
    plt.close("all")


def test_flights_chain_filter_sort_first(flights: pd.DataFrame) -> None:
    steps = run_chain(
        [
            "mean arrival delay by carrier",
            "keep those with mean_arr_delay over 10",
            "sort that by arrival delay, largest first",
            "the first 3 of those",
        ],
        {"flights": flights},
    )
    by = flights.groupby("carrier", as_index=False).agg(mean_arr_delay=("arr_delay", "mean"))
    kept = by.loc[by["mean_arr_delay"] > 10]
    ranked = kept.sort_values("mean_arr_delay", ascending=False)
    for (_, got), want in zip(steps[1:], [kept, ranked, ranked.head(3)], strict=True):
        same(got, want)


def test_flights_words_of_the_data_name_the_aggregated_column(flights: pd.DataFrame) -> None:
    (_, _), (t2, got) = run_chain(
        ["mean arrival delay by carrier", "now keep the ones where arrival delay is more than 10"],
        {"flights": flights},
    )
    by = flights.groupby("carrier", as_index=False).agg(mean_arr_delay=("arr_delay", "mean"))
    same(got, by.loc[by["mean_arr_delay"] > 10])
    assert '["mean_arr_delay"] > 10' in t2.code


def test_stocks_chain_filter_sort_top_select(stocks: pd.DataFrame) -> None:
    steps = run_chain(
        [
            "rows where symbol is MSFT",
            "now sort those by price, highest first",
            "top 3 of those",
            "now keep only date and price of those",
        ],
        {"stocks": stocks},
    )
    want = stocks.loc[stocks["symbol"] == "MSFT"].sort_values("price", ascending=False).head(3)
    same(steps[2][1], want)
    same(steps[3][1], want[["date", "price"]])


def test_unordered_result_top_n_ranks_by_its_one_measure(stocks: pd.DataFrame) -> None:
    (_, _), (_t2, got) = run_chain(["mean price by symbol", "now the highest 2"], {"stocks": stocks})
    by = stocks.groupby("symbol", as_index=False).agg(mean_price=("price", "mean"))
    same(got, by.nlargest(2, "mean_price"))


def test_same_but_changes_the_one_filter(penguins: pd.DataFrame) -> None:
    (t1, _), (t2, got) = run_chain(
        ["mean body mass by species on Dream island", "same but for Biscoe"], {"penguins": penguins}
    )
    want = (
        penguins.loc[penguins["island"] == "Biscoe"]
        .groupby("species", as_index=False)
        .agg(mean_body_mass_g=("body_mass_g", "mean"))
    )
    same(got, want)
    assert t2.plan.source == "penguins"
    assert "Dream" not in t2.code
    assert t2.target != t1.target


def test_same_but_for_a_year_adds_the_filter(sales: pd.DataFrame) -> None:
    (_, _), (t2, got) = run_chain(["total units by region", "same but for 2014"], {"sales": sales})
    want = sales.loc[sales["year"] == 2014].groupby("region", as_index=False).agg(sum_units=("units", "sum"))
    same(got, want)
    assert t2.code.split("=", 1)[1].strip().startswith("(\n    sales\n")


def test_same_but_after_a_follow_up_goes_back_to_the_real_frame(cars: pd.DataFrame) -> None:
    steps = run_chain(
        [
            "mean Miles_per_Gallon by Origin",
            "now sort that by miles per gallon, highest first",
            "same but where Cylinders is 4",
        ],
        {"cars": cars},
    )
    want = (
        cars.loc[cars["Cylinders"] == 4]
        .groupby("Origin", as_index=False)
        .agg(mean_Miles_per_Gallon=("Miles_per_Gallon", "mean"))
        .sort_values("mean_Miles_per_Gallon", ascending=False)
    )
    same(steps[2][1], want)


def test_a_request_that_does_not_refer_back_ignores_previous(penguins: pd.DataFrame) -> None:
    t1 = pandascribe.compile("mean body mass by species", {"penguins": penguins})
    alone = pandascribe.compile("mean flipper length by island", {"penguins": penguins})
    after = pandascribe.compile("mean flipper length by island", {"penguins": penguins}, previous=t1)
    assert after.code == alone.code
    assert after.previous is None


def test_a_follow_up_of_a_follow_up_sees_every_earlier_result(sales: pd.DataFrame) -> None:
    steps = run_chain(
        [
            "total units by region",
            "now sort that by units, highest first",
            "keep those with sum_units over 5",
            "only the first 2 of those",
            "sort them by region",
        ],
        {"sales": sales},
    )
    by = sales.groupby("region", as_index=False).agg(sum_units=("units", "sum"))
    want = by.sort_values("sum_units", ascending=False)
    want = want.loc[want["sum_units"] > 5].head(2).sort_values("region")
    same(steps[-1][1], want)
    names = [t.target for t, _ in steps]
    assert len(set(names)) == len(names)


# ---------------------------------------------------------------- refusals


def test_refers_back_without_previous_is_refused(sales: pd.DataFrame) -> None:
    with pytest.raises(CompileError, match="previous result"):
        pandascribe.compile("now sort that by units, highest first", {"sales": sales})
    with pytest.raises(CompileError, match="previous"):
        pandascribe.compile("only the top 2 of those", {"sales": sales})


def test_a_column_the_previous_result_no_longer_has_is_refused(sales: pd.DataFrame) -> None:
    t1 = pandascribe.compile("total units by region", {"sales": sales})
    with pytest.raises(CompileError, match="year"):
        pandascribe.compile("now keep those where year is 2014", {"sales": sales}, previous=t1)


def test_a_single_value_cannot_be_built_on(sales: pd.DataFrame) -> None:
    t1 = pandascribe.compile("number of rows", {"sales": sales})
    with pytest.raises(CompileError, match="single value"):
        pandascribe.compile("now sort that by units", {"sales": sales}, previous=t1)


def test_top_n_of_an_unordered_result_with_several_measures_is_refused(penguins: pd.DataFrame) -> None:
    t1 = pandascribe.compile("rows where species is Adelie", {"penguins": penguins})
    with pytest.raises(CompileError, match="by what"):
        pandascribe.compile("only the top 3 of those", {"penguins": penguins}, previous=t1)


def test_previous_must_be_a_transform(sales: pd.DataFrame) -> None:
    with pytest.raises(CompileError, match="Transform"):
        pandascribe.compile("now sort that by units", {"sales": sales}, previous="sales_by_region")  # type: ignore[arg-type]


def test_a_lost_column_named_in_words_is_refused_by_name(penguins: pd.DataFrame) -> None:
    t1 = pandascribe.compile("count rows by island", {"penguins": penguins})
    with pytest.raises(CompileError, match="no column 'body_mass_g'"):
        pandascribe.compile("now sort that by body mass", {"penguins": penguins}, previous=t1)


def test_qualified_those_inside_a_request_is_not_a_reference(flights: pd.DataFrame) -> None:
    t = pandascribe.compile("Show only flights from EWR except those going to ORD", {"flights": flights})
    assert t.previous is None and t.plan.source == "flights"


def test_the_frame_the_chain_starts_from_must_be_given(sales: pd.DataFrame, penguins: pd.DataFrame) -> None:
    t1 = pandascribe.compile("total units by region", {"sales": sales})
    with pytest.raises(CompileError, match="no frame named 'sales'"):
        pandascribe.compile("now sort that by units", {"penguins": penguins}, previous=t1)
    with pytest.raises(CompileError, match="pass 'sales' among the frames"):
        pandascribe.compile("now sort that by units", {"penguins": penguins}, source="penguins", previous=t1)


def test_nothing_left_to_do_is_refused(sales: pd.DataFrame) -> None:
    t1 = pandascribe.compile("total units by region", {"sales": sales})
    with pytest.raises(CompileError, match="say what to do"):
        pandascribe.compile("that", {"sales": sales}, previous=t1)


# ---------------------------------------------------------------- reading references


@pytest.mark.parametrize(
    ("request_", "rest", "mode"),
    [
        ("now sort that by units, highest first", "sort by units, highest first", "refer"),
        ("only the top 2 of those", "only the top 2", "refer"),
        ("and plot it", "plot", "refer"),
        ("same but for 2014", "for 2014", "same"),
        ("keep the result where units > 3", "keep where units > 3", "refer"),
        ("then sort by units", "sort by units", "refer"),
    ],
)
def test_reference_words_are_read_from_the_table(request_: str, rest: str, mode: str) -> None:
    ref = find_reference(request_)
    assert ref is not None
    assert (ref.rest, ref.mode) == (rest, mode)


@pytest.mark.parametrize(
    "request_",
    ["flights that departed late", "regions that sold more than 5 units", "mean units by region"],
)
def test_relative_that_is_not_a_reference(request_: str) -> None:
    assert find_reference(request_) is None


# ---------------------------------------------------------------- determinism


def test_the_whole_chain_is_byte_identical_on_recompiling(
    sales: pd.DataFrame, penguins: pd.DataFrame
) -> None:
    chains = [
        (
            ["total units by region", "now sort that by units, highest first", "only the top 2 of those"],
            sales,
        ),
        (
            [
                "mean body mass by species",
                "now sort it by body mass",
                "and plot it",
                "same but as a line chart",
            ],
            penguins,
        ),
    ]
    for requests, df in chains:
        name = "sales" if df is sales else "penguins"
        codes = []
        for _ in range(2):
            prev, out = None, []
            for r in requests:
                prev = pandascribe.compile(r, {name: df.copy()}, previous=prev)
                out.append((prev.code, prev.target, prev.explanation))
            codes.append(out)
        assert codes[0] == codes[1]


def test_inputs_are_not_mutated(sales: pd.DataFrame) -> None:
    before = sales.copy()
    run_chain(["total units by region", "now sort that by units, highest first"], {"sales": sales})
    pd.testing.assert_frame_equal(sales, before)
