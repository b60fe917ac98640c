"""Light verbs, row quantifiers, the whole frame, entity nouns counted, ranges of group sizes.

Each mechanism has a unit test on its layer and compile-and-run tests on a small frame, the result
compared with hand-written pandas.
"""

from __future__ import annotations

import pandas as pd
import pytest

import pandascribe
from pandascribe.errors import CompileError
from pandascribe.schema import schemas_for
from pandascribe.understand.items import Segmenter
from pandascribe.understand.lightverbs import light_lemma
from pandascribe.understand.tokens import tokenize


def _run(request: str, frames: dict[str, pd.DataFrame], source: str | None = None) -> object:
    t = pandascribe.compile(request, frames, source=source)
    ns = {**frames, "pd": pd}
    exec(t.code, ns)
    return ns[t.target]


def _items(request: str, frames: dict[str, pd.DataFrame], source: str) -> list:
    return Segmenter(schemas_for(frames), source).items(tokenize(request))


@pytest.fixture()
def evaluation() -> dict[str, pd.DataFrame]:
    return {
        "evaluation": pd.DataFrame(
            {"Employee_ID": [1, 2, 3], "Year_awarded": [2011, 2012, 2012], "Bonus": [3000.0, 3200.0, 2900.0]}
        )
    }


@pytest.fixture()
def channels() -> dict[str, pd.DataFrame]:
    return {
        "tv_channel": pd.DataFrame(
            {
                "series_name": ["Sky Radio", "Sky Music", "Music Box", "MTV", "Rock"],
                "Country": ["Italy", "Italy", "Italy", "Poland", "Italy"],
                "Language": ["Italian", "English", "Italian", "English", "Italian"],
            }
        )
    }


# ---------------------------------------------------------------- light verbs


def test_operation_words_are_never_light() -> None:
    for word in ("sorted", "counted", "kept", "grouped", "filtered", "sort", "count"):
        assert light_lemma(word) is None, word
    assert light_lemma("given") == "give"
    assert light_lemma("using") == "use"
    assert light_lemma("bought") == "buy"
    assert light_lemma("scored") is None  # not in the table: a verb that may mean a column


def test_a_light_verb_after_a_noun_is_filler_and_a_verb_elsewhere_is_not(evaluation: dict) -> None:
    items = _items("total bonus given in all evaluations", evaluation, "evaluation")
    assert [it.text for it in items if it.filler and it.text == "given"] == ["given"]
    items = _items("given the bonus", evaluation, "evaluation")
    assert not items[0].filler  # no noun before it: nothing to link


def test_total_of_a_column_given_in_all_rows(evaluation: dict) -> None:
    got = _run("What is total bonus given in all evaluations?", evaluation)
    assert got == evaluation["evaluation"].Bonus.sum()


def test_rows_that_use_a_value(channels: dict) -> None:
    df = channels["tv_channel"]
    assert _run("How many TV Channels use the English language?", channels) == int(
        (df.Language == "English").sum()
    )
    assert _run("How many TV Channel using language English?", channels) == int(
        (df.Language == "English").sum()
    )


def test_a_negated_light_verb_keeps_the_negation(channels: dict) -> None:
    df = channels["tv_channel"]
    got = _run("find the country of the tv channels that do not use English.", channels)
    pd.testing.assert_frame_equal(got, df.loc[df.Language != "English", ["Country"]])
    assert _run("How many TV Channels do not use the English language?", channels) == 3


def test_a_passive_light_verb_by_a_count_names_its_agent(channels: dict) -> None:
    got = _run("What are the languages used by the least number of TV Channels?", channels)
    assert got == channels["tv_channel"].Language.value_counts().idxmin()


def test_an_unknown_verb_still_refuses(channels: dict) -> None:
    with pytest.raises(CompileError):
        pandascribe.compile("How many TV Channels broadcast the English language?", channels)


# ---------------------------------------------------------------- "for all ROWS"


def test_for_all_an_unknown_plural_is_every_row() -> None:
    frames = {"stadium": pd.DataFrame({"Name": ["a", "b", "c"], "Capacity": [10, 30, 20]})}
    assert _run("What is the average capacity for all stations?", frames) == 20
    assert _run("What is the maximum capacity for all the stations?", frames) == 30


def test_for_all_before_a_column_still_groups() -> None:
    frames = {"t": pd.DataFrame({"class": ["a", "a", "b"], "fare": [1.0, 3.0, 5.0]})}
    got = _run("mean fare for all class", frames)
    assert list(got["class"]) == ["a", "b"]
    assert list(got.iloc[:, -1]) == [2.0, 5.0]


def test_for_all_the_row_noun_before_distinct() -> None:
    frames = {"templates": pd.DataFrame({"Template_ID": [1, 2, 3], "Template_Type_Code": ["PP", "BK", "PP"]})}
    got = _run("Show all distinct template type codes for all templates.", frames)
    assert sorted(pd.DataFrame(got)["Template_Type_Code"]) == ["BK", "PP"]


# ---------------------------------------------------------------- the whole frame


@pytest.mark.parametrize(
    "request_",
    [
        "Give me all the information about hiring.",
        "What is all the information about hiring?",
        "show all the details of every hiring",
    ],
)
def test_all_the_information_about_the_rows_is_the_frame(request_: str) -> None:
    frames = {"hiring": pd.DataFrame({"Shop_ID": [1, 2], "Employee_ID": [3, 4], "Is_full_time": ["T", "F"]})}
    got = _run(request_, frames)
    pd.testing.assert_frame_equal(got, frames["hiring"])
    assert got is not frames["hiring"]


# ---------------------------------------------------------------- entity nouns counted


@pytest.fixture()
def documents() -> dict[str, pd.DataFrame]:
    return {
        "documents": pd.DataFrame(
            {
                "Document_ID": [0, 1, 3, 76],
                "Template_ID": [7, 25, 7, 20],
                "Document_Name": ["a", "b", "c", "d"],
            }
        )
    }


@pytest.mark.parametrize(
    "request_",
    [
        "How many different templates are there?",
        "Count the number of different templates used for documents.",
        "How many different templates do all document use?",
        "Count the number of different template ids.",
    ],
)
def test_distinct_entities_count_their_id_column(documents: dict, request_: str) -> None:
    assert _run(request_, documents) == documents["documents"].Template_ID.nunique()


def test_count_the_number_of_rows_is_one_count(documents: dict) -> None:
    assert _run("Count the number of documents.", documents) == 4


# ---------------------------------------------------------------- ranges of group sizes


@pytest.mark.parametrize(
    "request_",
    [
        "Give the ids of documents that have between one and two paragraphs.",
        "What is the document id with 1 to 2 paragraphs?",
    ],
)
def test_groups_whose_row_count_is_in_a_range(request_: str) -> None:
    frames = {"paragraphs": pd.DataFrame({"Paragraph_ID": range(6), "Document_ID": [1, 1, 1, 2, 3, 3]})}
    got = _run(request_, frames)
    want = frames["paragraphs"].Document_ID.value_counts().loc[lambda s: s.between(1, 2)].index
    assert sorted(pd.DataFrame(got)["Document_ID"]) == sorted(want)


# ---------------------------------------------------------------- "the name of the song"


@pytest.fixture()
def singer() -> dict[str, pd.DataFrame]:
    return {
        "singer": pd.DataFrame(
            {
                "Name": ["Joe", "Timbaland", "Justin"],
                "Song_Name": ["You", "Dangerous", "Hey Oh"],
                "Song_release_year": ["1992", "2008", "2013"],
                "Age": [52, 32, 29],
            }
        )
    }


@pytest.mark.parametrize(
    "request_",
    [
        "What are the names and release years for all the songs of the youngest singer?",
        "Show the name and the release year of the song by the youngest singer.",
    ],
)
def test_a_shared_noun_qualifies_the_asked_columns(singer: dict, request_: str) -> None:
    got = _run(request_, singer)
    want = singer["singer"].nsmallest(1, "Age")[["Song_Name", "Song_release_year"]]
    pd.testing.assert_frame_equal(got, want)


def test_a_column_the_noun_does_not_qualify_leaves_the_ask_alone(singer: dict) -> None:
    with pytest.raises(CompileError):  # "age of the song" names no song column: not rebound
        pandascribe.compile("What are the names and ages of the songs of the youngest singer?", singer)


# ---------------------------------------------------------------- the best row, linked by a light verb


@pytest.fixture()
def conductor() -> dict[str, pd.DataFrame]:
    return {"conductor": pd.DataFrame({"Name": ["Antal", "Colin", "Igor"], "Year_of_Work": [10, 21, 12]})}


@pytest.mark.parametrize(
    "request_",
    [
        "What is the name of the conductor who has worked the greatest number of years?",
        "What is the name of the conductor with the greatest number of years?",
    ],
)
def test_the_greatest_number_of_a_numeric_column_picks_the_row(conductor: dict, request_: str) -> None:
    got = _run(request_, conductor)
    assert list(pd.DataFrame(got)["Name"]) == ["Colin"]


def test_every_before_the_entity_still_groups_a_window() -> None:
    df = pd.DataFrame(
        {
            "symbol": ["A", "A", "B", "B"],
            "date": pd.to_datetime(["2020-01-01", "2020-02-01"] * 2),
            "price": [1.0, 2.0, 3.0, 6.0],
        }
    )
    got = _run("month over month % change in price for every stock", {"stocks": df})
    assert got.iloc[:, -1].tolist()[1::2] == [1.0, 1.0]  # per symbol, not across the two
