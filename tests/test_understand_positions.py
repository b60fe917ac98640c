"""Rows (and cells) chosen by where they stand (understand/positions.py, data/positions.toml): each
request is compiled with the public ``pandascribe.compile`` and the emitted code's result is
compared with hand-written pandas on a small real frame; row numbers that may count from 0 or
from 1 are offered as two choices; the typed terminals and the canonical row step are unit-tested."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest

import pandascribe
from pandascribe import AmbiguousRequest, CompileError
from pandascribe.plan import FrameInfo, GroupHead, Head, RowLabels, RowSlice, RowSpan, Tail
from pandascribe.understand.items import Item
from pandascribe.understand.posbuilders import rows_step
from pandascribe.understand.posterms import Span, number_lists, ordinal_at, ordinal_lists

FIRMS = pd.DataFrame(
    {
        "firm": ["GM", "GM", "GM", "US", "US", "US", "GE", "GE", "GE", "GE", "IBM", "IBM"],
        "year": [1935, 1936, 1937, 1935, 1936, 1937, 1935, 1936, 1937, 1938, 1935, 1936],
        "invest": [317.6, 391.8, 410.6, 209.9, 355.3, 469.9, 33.1, 45.0, 77.2, 44.6, 20.4, 25.9],
        "value": [
            3078.5,
            4661.7,
            5387.1,
            1362.4,
            1807.1,
            2676.3,
            1170.6,
            2015.8,
            2803.3,
            2039.7,
            197.0,
            210.3,
        ],
        "capital": [2.8, 52.6, 156.9, 53.8, 50.5, 118.1, 97.8, 104.4, 118.0, 156.2, 6.5, 15.8],
    }
)
F = FIRMS


def run(request: str, df: pd.DataFrame = FIRMS) -> Any:
    tr = pandascribe.compile(request, {"grunfeld": df})
    ns: dict[str, Any] = {"pd": pd, "np": np, "grunfeld": df.copy()}
    exec(tr.code, ns)
    return ns[tr.target]


def same(got: Any, want: Any) -> None:
    if isinstance(want, pd.Series):
        want = want.to_frame()
    if isinstance(got, pd.DataFrame):
        pd.testing.assert_frame_equal(got, want)
    else:
        assert got == want


@pytest.mark.parametrize(
    ("request_", "want"),
    [
        ("let's grab the first 10 lines of our data", F.head(10)),
        ("What method call will display the first three rows of this data?", F.head(3)),
        ("here are the last five elements of the dataset", F.tail(5)),
        ("Select the first row of data (the first record) from `grunfeld`", F.iloc[[0]]),
        ("Select the first entry from the firm column of `grunfeld`", F[["firm"]].head(1)),
        ("Select the first 4 elements from the `invest` column", F[["invest"]].head(4)),
        ("the `firm` and `year` columns of the first 5 records", F[["firm", "year"]].head(5)),
        ("to select the `firm` column from just the first, second, and third row", F[["firm"]].iloc[:3]),
        ("extract first and last row of a dataframe `df`", pd.concat([F.head(1), F.tail(1)])),
        ("select the second and fourth rows", F.iloc[[1, 3]]),
        ("Extract the first row, and the fourth and fifth columns", F.iloc[[0], [3, 4]]),
        (
            "Extract the first row, and the fourth and fifth columns (`value` and `capital`)",
            F.iloc[[0], [3, 4]],
        ),
        ("return dataframe `df` with last row dropped", F.iloc[:-1]),
        ("drop the first 2 rows", F.iloc[2:]),
        ("you want to select rows 0, 1 and 2", F.iloc[0:3]),
        ("select rows 2 to 4 (1-based)", F.iloc[1:4]),
        ("select rows 2 to 4 (0-based)", F.iloc[2:5]),
        ("Select the records with index labels `1`, `2`, `3`, `5`, and `8`", F.loc[[1, 2, 3, 5, 8]]),
        ("firm and year of the rows with index labels 0 and 10", F.loc[[0, 10], ["firm", "year"]]),
        ("we can select the first observation within each firm", F.groupby("firm").head(1)),
        ("lists the first observation in the current sort order by firm group", F.groupby("firm").head(1)),
        ("get the last 2 rows of each group by 'firm'", F.groupby("firm").tail(2)),
        (
            "For each firm, find the two rows with most invest",
            F.sort_values("invest", ascending=False, kind="stable").groupby("firm").head(2),
        ),
        (
            "we can select year, invest and value (columns 2, 3 and 4 if we start counting at 1)",
            F.iloc[:, 1:4],
        ),
        ("get the cell at index `[2, 0]` in dataframe `df`", F.iloc[[2], [0]]),
        ("get index values of pandas dataframe `df` as list", list(range(12))),
        ("get a list of the row names from index of a pandas data frame", list(range(12))),
        ("get the index of rows where invest is above 300", [0, 1, 2, 4, 5]),
        (
            "Create a variable `df` containing the `firm` and `year` columns of the first 3 records.",
            F[["firm", "year"]].head(3),
        ),
    ],
)
def test_positions_give_the_rows_asked_for(request_: str, want: Any) -> None:
    same(run(request_), want)


def test_index_labels_are_labels_not_positions() -> None:
    df = FIRMS.set_axis(range(100, 112))
    same(run("Select the records with index labels 101 and 105", df), df.loc[[101, 105]])


@pytest.mark.parametrize(
    ("request_", "one_based", "zero_based"),
    [
        ("We can get rows from row numbers 5 through 10.", F.iloc[4:10], F.iloc[5:11]),
        ("rows 1 through 3 and 8 through 9", F.iloc[[0, 1, 2, 7, 8]], F.iloc[[1, 2, 3, 8, 9]]),
    ],
)
def test_row_numbers_without_a_base_offer_both_readings(
    request_: str, one_based: pd.DataFrame, zero_based: pd.DataFrame
) -> None:
    with pytest.raises(AmbiguousRequest) as info:
        pandascribe.compile(request_, {"grunfeld": FIRMS})
    got = []
    for choice in info.value.choices:
        ns: dict[str, Any] = {"pd": pd, "np": np, "grunfeld": FIRMS.copy()}
        exec(choice.transform.code, ns)
        got.append(ns[choice.transform.target])
        assert "counting from" in choice.request  # the rephrasing says how it counts
    assert len(got) == 2
    matched = {i for i, g in enumerate(got) for w in (one_based, zero_based) if g.equals(w)}
    assert matched == {0, 1}


@pytest.mark.parametrize(
    "request_",
    [
        "Extract the first row, and the fourth and fifth columns (`firm` and `year`)",  # not those columns
        "select rows 0 to 3 (1-based)",  # no row 0 counting from 1
        "select the first 3 years per firm",  # are years rows here? not known from the schema
        "get the index of rows where invest is above 300 or so",  # a word the condition leaves unread
    ],
)
def test_refuses_what_it_cannot_be_sure_of(request_: str) -> None:
    with pytest.raises(CompileError):
        pandascribe.compile(request_, {"grunfeld": FIRMS})


def test_polars_gets_the_same_rows() -> None:
    pl = pytest.importorskip("polars")
    frame = pl.from_pandas(FIRMS)
    for request_, want in [
        ("here are the last five elements of the dataset", F.tail(5)),
        ("extract first and last row of a dataframe", pd.concat([F.head(1), F.tail(1)])),
        ("we can select the first observation within each firm", F.groupby("firm").head(1)),
    ]:
        tr = pandascribe.compile(request_, {"grunfeld": frame})
        ns: dict[str, Any] = {"pl": pl, "grunfeld": frame}
        exec(tr.code, ns)
        got = ns[tr.target].to_pandas()
        pd.testing.assert_frame_equal(got, want.reset_index(drop=True))


def test_polars_refuses_index_labels() -> None:
    pl = pytest.importorskip("polars")
    with pytest.raises(CompileError, match="no index"):
        pandascribe.compile(
            "Select the records with index labels 1 and 2", {"grunfeld": pl.from_pandas(FIRMS)}
        )


def test_explanation_counts_from_one() -> None:
    tr = pandascribe.compile("select rows 2 to 4 (1-based)", {"grunfeld": FIRMS})
    assert "rows 2 to 4" in tr.explanation


# ---------------------------------------------------------------- layers


def _items(*words: str) -> list[Item]:
    out = []
    for i, w in enumerate(words):
        it = Item(start=i, end=i + 1, words=tuple(w.split()), text=w)
        if w.isdigit():
            it.num = int(w)
        out.append(it)
    return out


def test_ordinals() -> None:
    assert ordinal_at(_items("the first"), 0) == (1, 1)
    assert ordinal_at(_items("fifth"), 0) == (5, 1)
    assert ordinal_at(_items("22", "nd"), 0) == (22, 2)
    assert ordinal_at(_items("last"), 0) == (-1, 1)
    assert ordinal_at(_items("rows"), 0) is None
    longest = next(ordinal_lists(_items("first", ",", "second", ",", "and", "third", "row"), 0))
    assert longest == ((1, 2, 3), 6)


def test_number_lists() -> None:
    got = next(number_lists(_items("1", "through", "9", "and", "19", "-", "23"), 0))
    assert got == ((Span(1, 9), Span(19, 23)), 7)
    got = next(number_lists(_items("0", ",", "1", "and", "2"), 0))
    assert got == ((Span(0, 0), Span(1, 1), Span(2, 2)), 5)
    assert list(number_lists(_items("five"), 0)) == []  # no number here (the items layer reads words)


def test_rows_step_is_canonical() -> None:
    assert rows_step([(0, 1), (1, 2), (2, 3)]) == Head(n=3)
    assert rows_step([(-5, None)]) == Tail(n=5)
    assert rows_step([(4, 10)]) == RowSlice(spans=(RowSpan(start=4, stop=10),))
    assert rows_step([(0, 1), (-1, None)]) == RowSlice(spans=(RowSpan(stop=1), RowSpan(start=-1)))


def test_nodes_refuse_impossible_rows() -> None:
    with pytest.raises(ValueError, match="hold no row"):
        RowSpan(start=5, stop=3)
    with pytest.raises(ValueError, match="given twice"):
        RowLabels(labels=(1, 1))
    with pytest.raises(ValueError):
        GroupHead(by=("a",), n=0)
    assert FrameInfo(fact="index").fact == "index"
