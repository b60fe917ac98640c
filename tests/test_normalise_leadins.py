"""Outsiders' framing around an ask, end to end: the public compile() answers the ask inside it.

Each request wraps a plain ask in a class of framing (a request for code, modal framing, a
presenting subject, a leading gerund, pandas meta words, the frame named in passing); the emitted
code is run on a small real frame and its result checked.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import pandascribe

GAP = pd.DataFrame(
    {
        "country": ["Chad", "Chad", "Peru", "Peru", "Oman", "Oman"],
        "continent": ["Africa", "Africa", "Americas", "Americas", "Asia", "Asia"],
        "year": [2002, 2007, 2002, 2007, 2002, 2007],
        "lifeExp": [50.5, 51.0, 71.0, 72.5, 74.0, 75.5],
        "pop": [9.0, np.nan, 27.0, 28.0, 2.5, 2.7],
    }
)
FRAMES = {"gapminder": GAP}


def _answer(request: str) -> object:
    t = pandascribe.compile(request, FRAMES, source="gapminder")
    ns = {**FRAMES, "pd": pd, "np": np}
    exec(t.code, ns)
    return ns[t.target]


def _rows(got: object) -> list[int]:
    assert isinstance(got, pd.DataFrame)
    return sorted(got.index.tolist())


@pytest.mark.parametrize(
    "request_",
    [
        "Write a query that selects all rows with lifeExp greater than 70.",
        "Create a new DataFrame that only contains observations with lifeExp greater than 70.",
        "The following keeps rows where `lifeExp` is greater than 70:",
        "we might want to keep the rows where lifeExp is greater than 70",
        "Getting items where `lifeExp` is greater than 70",
        "filter rows in pandas data frame `df` where lifeExp is greater than 70",
    ],
)
def test_framed_filters_answer_the_filter(request_: str) -> None:
    assert _rows(_answer(request_)) == [2, 3, 4, 5]


def test_a_quoted_frame_name_and_its_preposition_go() -> None:
    got = _answer("Select the `country` column from `gapminder`")
    assert isinstance(got, pd.DataFrame)
    assert list(got.columns) == ["country"]
    assert len(got) == 6


def test_a_method_call_question_is_its_action() -> None:
    got = _answer("What method call will display the first three rows of this data?")
    assert _rows(got) == [0, 1, 2]


def test_a_leading_gerund_is_its_verb() -> None:
    got = _answer("Getting items where `pop` IS NOT NULL")
    assert _rows(got) == [0, 2, 3, 4, 5]


def test_pandas_meta_words_around_the_frame() -> None:
    got = _answer("Sort Pandas Dataframe by lifeExp")
    assert isinstance(got, pd.DataFrame)
    assert list(got["lifeExp"]) == sorted(GAP["lifeExp"])


def test_a_check_question_is_the_question() -> None:
    got = _answer("check the number of countries included in the dataset for the year 2002")
    assert int(got) == 3  # type: ignore[call-overload]


def test_a_name_both_frame_and_column_stays_the_column() -> None:
    frames = {"pop": pd.DataFrame({"pop": [1.0, None, 3.0]})}
    t = pandascribe.compile("We can see only the records where `pop` IS NULL", frames, source="pop")
    ns = {**frames, "pd": pd}
    exec(t.code, ns)
    assert ns[t.target].index.tolist() == [1]


def test_another_frame_named_in_the_request_is_kept_for_the_join() -> None:
    frames = {
        "flights": pd.DataFrame({"carrier": ["AA", "UA"], "delay": [5, 7]}),
        "airlines": pd.DataFrame({"carrier": ["AA", "UA"], "name": ["American", "United"]}),
    }
    t = pandascribe.compile("join with `airlines` on carrier", frames, source="flights")
    ns = {**frames, "pd": pd}
    exec(t.code, ns)
    assert list(ns[t.target]["name"]) == ["American", "United"]
