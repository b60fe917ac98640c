"""Projection questions: "the COLUMNS of ROWNOUN who/that/whose … ordered by …" (projection.py and
its hooks in the select production, the conditions and the segmenter). Every test compiles with
the public ``pandascribe.compile`` and checks the emitted code's result on a small real frame."""

from __future__ import annotations

import pandas as pd
import pytest

import pandascribe
from pandascribe.errors import CompileError


def _run(request: str, frames: dict[str, pd.DataFrame], source: str) -> object:
    t = pandascribe.compile(request, frames, source=source)
    ns = {**{k: v.copy() for k, v in frames.items()}, "pd": pd}
    exec(t.code, ns)
    return ns[t.target]


@pytest.fixture()
def people() -> dict[str, pd.DataFrame]:
    return {
        "people": pd.DataFrame(
            {
                "People_ID": [1, 2, 3, 4],
                "Name": ["Ann", "Boris", "Cleo", "Dmitri"],
                "Nationality": ["France", "Russia", "France", "Russia"],
                "Age": [31, 45, 27, 52],
                "Birth_Date": ["1990-01-02", "1976-05-06", "1994-07-08", "1969-09-10"],
            }
        )
    }


@pytest.fixture()
def pets() -> dict[str, pd.DataFrame]:
    return {
        "pets": pd.DataFrame(
            {
                "PetID": [1, 2, 3],
                "PetType": ["cat", "dog", "dog"],
                "pet_age": [3, 1, 2],
                "weight": [12.0, 13.4, 9.3],
            }
        )
    }


def _names(got: object) -> list:
    assert isinstance(got, pd.DataFrame)
    return got["Name"].tolist()


def test_columns_of_row_noun_with_a_relative_clause(people: dict) -> None:
    got = _run("What are the names of people who are not from Russia?", people, "people")
    assert isinstance(got, pd.DataFrame) and list(got.columns) == ["Name"]
    assert _names(got) == ["Ann", "Cleo"]


def test_a_comma_and_list_of_columns_for_every_row_in_an_order(people: dict) -> None:
    got = _run(
        "What are the names, nationalities, and ages for all people in descending order of age?",
        people,
        "people",
    )
    assert isinstance(got, pd.DataFrame)
    assert list(got.columns) == ["Name", "Nationality", "Age"]
    assert got["Age"].tolist() == [52, 45, 31, 27]


def test_comma_before_the_order_and_plural_column_words(people: dict) -> None:
    got = _run("What are the names and birth dates of people, ordered by age?", people, "people")
    assert isinstance(got, pd.DataFrame) and list(got.columns) == ["Name", "Birth_Date"]
    assert _names(got) == ["Cleo", "Ann", "Boris", "Dmitri"]


def test_alphabetical_order_sorts_the_one_projected_text_column(people: dict) -> None:
    got = _run("List the names of people in reverse alphabetical order.", people, "people")
    assert _names(got) == ["Dmitri", "Cleo", "Boris", "Ann"]


def test_alphabetical_order_with_two_text_columns_is_refused(people: dict) -> None:
    with pytest.raises(CompileError):
        pandascribe.compile(
            "List the names and nationalities of people in alphabetical order.", people, source="people"
        )


def test_an_order_by_value_sorts_the_projected_measure(people: dict) -> None:
    got = _run("What are the ages of people, ordered descending by value?", people, "people")
    assert isinstance(got, pd.DataFrame) and got["Age"].tolist() == [52, 45, 31, 27]


def test_age_directions_follow_the_key_column(people: dict) -> None:
    got = _run(
        "Show name and age for all people ordered by age from the oldest to the youngest.", people, "people"
    )
    assert _names(got) == ["Dmitri", "Boris", "Ann", "Cleo"]
    got = _run("Show name for all people sorted by their birth date from old to young.", people, "people")
    assert _names(got) == ["Dmitri", "Boris", "Ann", "Cleo"]


def test_a_sort_clause_after_a_selection_is_read_before_it(people: dict) -> None:
    got = _run("List the names of people and sort in ascending order of age.", people, "people")
    assert isinstance(got, pd.DataFrame) and list(got.columns) == ["Name"]
    assert _names(got) == ["Cleo", "Ann", "Boris", "Dmitri"]


def test_comparative_relative_clause_and_the_rows_own_id(pets: dict) -> None:
    got = _run("What is the id and weight of every pet who is older than 1?", pets, "pets")
    assert isinstance(got, pd.DataFrame) and list(got.columns) == ["PetID", "weight"]
    assert got["PetID"].tolist() == [1, 3]


def test_ids_mean_the_row_nouns_own_id() -> None:
    frames = {
        "documents": pd.DataFrame(
            {"Document_ID": [10, 20], "Template_ID": [1, 2], "Document_Name": ["a", "b"]}
        )
    }
    got = _run("What are the ids and names for all documents?", frames, "documents")
    assert isinstance(got, pd.DataFrame) and list(got.columns) == ["Document_ID", "Document_Name"]


def test_names_of_rows_without_a_name_column_are_their_titles() -> None:
    frames = {
        "cartoon": pd.DataFrame(
            {"id": [1, 2, 3], "Title": ["X", "Y", "Z"], "Directed_by": ["Ben Jones", "Ann Li", "Ben Jones"]}
        )
    }
    got = _run("What are the names of all cartoons directed by Ben Jones?", frames, "cartoon")
    assert (
        isinstance(got, pd.DataFrame)
        and got["Title"].tolist() == ["X", "Z"]
        and list(got.columns) == ["Title"]
    )


def test_possessive_value_then_a_column(people: dict) -> None:
    got = _run("What is Boris's age?", people, "people")
    assert isinstance(got, pd.DataFrame) and got["Age"].tolist() == [45]


def test_scope_words_before_the_row_noun_add_nothing(people: dict) -> None:
    got = _run("What is the average age across all people?", people, "people")
    assert got == pytest.approx(38.75)
    got = _run("What is the maximum age for all French people?", people, "people")
    assert got == 31


def test_either_or_and_a_text_match_on_the_projected_column(people: dict) -> None:
    got = _run("What are the names of people who are aged either 27 or 52?", people, "people")
    assert _names(got) == ["Cleo", "Dmitri"]
    got = _run("What are the names of people which have substring 'ri'?", people, "people")
    assert _names(got) == ["Boris", "Dmitri"]


def test_values_of_a_column_and_frame_references() -> None:
    frames = {"mpg": pd.DataFrame({"manufacturer": ["audi", "ford", "audi"], "model": ["a4", "f150", "q5"]})}
    got = _run("select rows of dataframe whose value for column `manufacturer` is `audi`", frames, "mpg")
    assert isinstance(got, pd.DataFrame) and got["model"].tolist() == ["a4", "q5"]
    got = _run(
        "get data of column 'model' and column 'manufacturer' in dataframe "
        "where column 'manufacturer' is equal to 'audi'",
        frames,
        "mpg",
    )
    assert isinstance(got, pd.DataFrame) and list(got.columns) == ["model", "manufacturer"] and len(got) == 2
    got = _run("Get a list of all values in column `model`", frames, "mpg")
    assert isinstance(got, pd.DataFrame) and got["model"].tolist() == ["a4", "f150", "q5"]


def test_strict_comparison_or_equal_is_inclusive() -> None:
    frames = {"d": pd.DataFrame({"carat": [0.5, 1.0, 1.5, 2.0, 2.5]})}
    got = _run(
        "select all rows where the values of column 'carat' is bigger than or equal to 1 "
        "and smaller than or equal to 2",
        frames,
        "d",
    )
    assert isinstance(got, pd.DataFrame) and got["carat"].tolist() == [1.0, 1.5, 2.0]


def test_function_words_are_no_value_of_their_own() -> None:
    frames = {"tv": pd.DataFrame({"Episode": ["The Year of the Rabbit", "Pilot"], "Rating": [2.0, 1.0]})}
    got = _run("What are all of the episodes ordered by rating?", frames, "tv")
    assert isinstance(got, pd.DataFrame) and got["Episode"].tolist() == ["Pilot", "The Year of the Rabbit"]


def test_numbers_written_for_a_text_column_of_numbers_match_as_text() -> None:
    frames = {"teacher": pd.DataFrame({"Name": ["a", "b", "c"], "Age": ["32", "33", "40"]})}
    got = _run("Show the name of teachers aged either 32 or 33", frames, "teacher")
    assert isinstance(got, pd.DataFrame) and got["Name"].tolist() == ["a", "b"]
    with pytest.raises(CompileError):  # an order on text digits would be lexicographic: refused
        pandascribe.compile("Show the name of teachers older than 32", frames, source="teacher")


def test_true_on_a_zero_one_column_and_a_written_list() -> None:
    frames = {"cars": pd.DataFrame({"am": [1, 0, 1], "cls": ["suv", "compact", "pickup"]})}
    got = _run("extract all rows where the value of column 'am' is True", frames, "cars")
    assert isinstance(got, pd.DataFrame) and got["am"].tolist() == [1, 1]
    got = _run("select rows whose value for column `cls` is not in `['suv', 'pickup']`", frames, "cars")
    assert isinstance(got, pd.DataFrame) and got["cls"].tolist() == ["compact"]


def test_number_of_x_names_a_count_column_and_called_names_a_row() -> None:
    frames = {
        "museum": pd.DataFrame(
            {"Name": ["Plaza", "Harbor"], "Num_of_Staff": [62, 25], "Open_Year": [2000, 2012]}
        )
    }
    got = _run("What are the opening year and number of staff of the museum called Plaza?", frames, "museum")
    assert isinstance(got, pd.DataFrame) and got.to_dict("records") == [
        {"Open_Year": 2000, "Num_of_Staff": 62}
    ]
    got = _run("List the names of museums opened after 2010.", frames, "museum")
    assert isinstance(got, pd.DataFrame) and got["Name"].tolist() == ["Harbor"]


def test_a_column_for_another_columns_value_and_a_comparative_after_the_column(pets: dict) -> None:
    frames = {"tv": pd.DataFrame({"Episode": ["Pilot", "Finale"], "Weekly_Rank": [3, 1]})}
    got = _run('What is the weekly rank for the episode "Finale"?', frames, "tv")
    assert isinstance(got, pd.DataFrame) and got["Weekly_Rank"].tolist() == [1]
    got = _run("Find the id and weight of all pets whose age is older than 1.", pets, "pets")
    assert isinstance(got, pd.DataFrame) and got["PetID"].tolist() == [1, 3]
    got = _run("Find the number of pets whose weight is heavier than 10.", pets, "pets")
    assert got == 2


def test_direction_phrases_read_through_their_articles(people: dict) -> None:
    got = _run("Show the names of people sorted by age from the highest to the lowest", people, "people")
    assert _names(got) == ["Dmitri", "Boris", "Ann", "Cleo"]


@pytest.mark.parametrize(
    "request_",
    [
        "show Nationality",
        "show the nationality",
        "list the nationalities",
        "give me the Nationality column",
        "show me the nationality",
        "what are the nationalities",
        "display nationality",
    ],
)
def test_a_verb_of_showing_and_one_column_asks_for_that_column(people, request_: str) -> None:
    out = _run(request_, people, "people")
    pd.testing.assert_frame_equal(out, people["people"][["Nationality"]])


def test_one_column_alone_is_still_not_a_projection(people) -> None:
    """Without a verb of showing a bare column says nothing to do (a condition? a follow-up?)."""
    with pytest.raises(CompileError):
        pandascribe.compile("nationality", people, source="people")


def test_showing_a_value_still_keeps_rows(people) -> None:
    out = _run("show France", people, "people")
    pd.testing.assert_frame_equal(out, people["people"][people["people"]["Nationality"] == "France"])
