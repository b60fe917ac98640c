"""Superlatives, the best row, the most common value, per-group counts and groups kept by their size:
requests in the way crowd-written table questions say them, compiled with the public API, run on
small frames, and compared with hand-written pandas; refusals where a reading is not sure.
"""

from __future__ import annotations

import pandas as pd
import pytest

import pandascribe
from pandascribe import CompileError
from pandascribe.understand.measures import measures_of
from pandascribe.understand.pronouns import refers_within


@pytest.fixture
def pets() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "PetID": [1, 2, 3, 4, 5],
            "PetType": ["cat", "dog", "dog", "cat", "dog"],
            "pet_age": [3, 2, 1, 5, 4],
            "weight": [12.0, 13.4, 9.3, 8.1, 20.0],
        }
    )


@pytest.fixture
def singers() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Name": ["Ann", "Bob", "Cid", "Dee", "Eve", "Fay"],
            "Birth_Year": [1944, 1948, 1949, 1962, 1953, 1961],
            "Net_Worth_Millions": [30.0, 28.8, 26.3, 14.3, 17.0, 12.7],
            "Citizenship": ["France", "United States", "United States", "Germany", "Chile", "United States"],
        }
    )


def run(request: str, frames: dict[str, pd.DataFrame], source: str) -> object:
    t = pandascribe.compile(request, frames, source=source)
    ns: dict[str, object] = {"pd": pd, **frames}
    exec(t.code, ns)
    return ns[t.target]


def values(got: object) -> list:
    if isinstance(got, pd.DataFrame):
        return got.to_numpy().ravel().tolist()
    if isinstance(got, pd.Series):
        return got.tolist()
    return [got]


# ---------------------------------------------------------------- measured superlatives


def test_youngest_is_the_smallest_age(pets: pd.DataFrame) -> None:
    got = run("Find the weight of the youngest dog.", {"pets": pets}, "pets")
    assert values(got) == [9.3]


def test_youngest_is_the_latest_birth_year(singers: pd.DataFrame) -> None:
    got = run("the name of the youngest singer", {"singers": singers}, "singers")
    assert values(got) == ["Dee"]


def test_oldest_is_the_earliest_birth_year(singers: pd.DataFrame) -> None:
    got = run("the name of the oldest singer", {"singers": singers}, "singers")
    assert values(got) == ["Ann"]


def test_oldest_to_youngest_sorts_an_age_column_descending(pets: pd.DataFrame) -> None:
    got = run("pets sorted by pet_age from the oldest to the youngest", {"pets": pets}, "pets")
    assert isinstance(got, pd.DataFrame)
    assert got.pet_age.tolist() == [5, 4, 3, 2, 1]


def test_youngest_first_with_no_column_reads_the_age(pets: pd.DataFrame) -> None:
    got = run("pets youngest first", {"pets": pets}, "pets")
    assert isinstance(got, pd.DataFrame)
    assert got.pet_age.tolist() == [1, 2, 3, 4, 5]


def test_direction_table_gives_a_sign_per_concept() -> None:
    table = dict(measures_of("youngest"))
    assert table["age"] is False and table["birth"] is True
    assert dict(measures_of("oldest"))["age"] is True
    assert measures_of("tallest") == (("height", True),)  # not in the table: lexicon's one direction


# ---------------------------------------------------------------- the best row, projected


def test_name_of_the_row_with_the_largest_value(singers: pd.DataFrame) -> None:
    got = run("What is the name of the singer with the largest net worth?", {"singers": singers}, "singers")
    assert values(got) == ["Ann"]


def test_two_columns_of_the_row_whose_value_is_the_largest(singers: pd.DataFrame) -> None:
    got = run(
        "Find the name and citizenship of the singer whose net worth is the smallest.",
        {"singers": singers},
        "singers",
    )
    assert values(got) == ["Fay", "United States"]


def test_the_lowest_value_and_its_other_column(pets: pd.DataFrame) -> None:
    got = run("What the smallest weight and its pet type?", {"pets": pets}, "pets")
    assert values(got) == [8.1, "cat"]


def test_plural_rows_with_the_fewest_are_not_cut_to_one(pets: pd.DataFrame) -> None:
    tied = pets.assign(legs=[4, 2, 4, 2, 3])
    try:
        got = run("Which pets have the fewest legs?", {"pets": tied}, "pets")
    except CompileError:
        return  # refusing is fine; one row of the two tied is not
    assert isinstance(got, pd.DataFrame) and len(got) == 2


def test_a_count_before_the_row_noun_is_still_a_top_n(pets: pd.DataFrame) -> None:
    got = run("the 2 pets with the largest weight", {"pets": pets}, "pets")
    assert isinstance(got, pd.DataFrame)
    assert sorted(got.weight.tolist()) == [13.4, 20.0]


# ---------------------------------------------------------------- most common


def test_most_common_value(singers: pd.DataFrame) -> None:
    got = run("What is the most common citizenship of singers?", {"singers": singers}, "singers")
    assert values(got) == ["United States"]


def test_most_common_said_after_the_column(singers: pd.DataFrame) -> None:
    got = run("Give the citizenship that is most common across all singers.", {"singers": singers}, "singers")
    assert values(got) == ["United States"]


def test_most_common_combination_is_refused(pets: pd.DataFrame) -> None:
    with pytest.raises(CompileError):
        run("the most common PetType and pet_age", {"pets": pets}, "pets")


# ---------------------------------------------------------------- per-group counts and aggregates


def _by_key(got: object, key: str) -> dict:
    assert isinstance(got, pd.DataFrame) and len(got.columns) == 2
    other = next(c for c in got.columns if c != key)
    return dict(zip(got[key], got[other], strict=True))


def test_groups_listed_then_counted_in_each(singers: pd.DataFrame) -> None:
    got = run(
        "Show all citizenships and the number of singers in each citizenship.",
        {"singers": singers},
        "singers",
    )
    assert _by_key(got, "Citizenship") == {"Chile": 1, "France": 1, "Germany": 1, "United States": 3}


def test_corresponding_number_of(singers: pd.DataFrame) -> None:
    got = run(
        "Please show the different citizenships and the corresponding number of singers.",
        {"singers": singers},
        "singers",
    )
    assert _by_key(got, "Citizenship")["United States"] == 3


def test_for_each_group_what_is_the_maximum(singers: pd.DataFrame) -> None:
    got = run("For each citizenship, what is the maximum net worth?", {"singers": singers}, "singers")
    assert _by_key(got, "Citizenship")["United States"] == 28.8


def test_maximum_and_the_key_restated_gives_two_columns(pets: pd.DataFrame) -> None:
    got = run("List the maximum weight and type for each type of pet.", {"pets": pets}, "pets")
    assert _by_key(got, "PetType") == {"cat": 12.0, "dog": 20.0}


def test_pronoun_for_the_group_inside_the_question(singers: pd.DataFrame) -> None:
    got = run(
        "For each citizenship, how many singers are from that country?", {"singers": singers}, "singers"
    )
    assert _by_key(got, "Citizenship")["United States"] == 3


def test_a_list_and_a_count_with_no_per_group_word_is_refused(singers: pd.DataFrame) -> None:
    with pytest.raises(CompileError):
        run("Show all citizenships and the number of singers.", {"singers": singers}, "singers")


def test_number_of_distinct(pets: pd.DataFrame) -> None:
    assert values(run("Find the number of distinct type of pets.", {"pets": pets}, "pets")) == [2]


# ---------------------------------------------------------------- groups kept by size, the biggest group


def test_groups_with_at_least_n_rows(singers: pd.DataFrame) -> None:
    got = run(
        "What are the citizenships that are shared by at least two singers?", {"singers": singers}, "singers"
    )
    assert isinstance(got, pd.DataFrame)
    assert got.Citizenship.tolist() == ["United States"]


def test_groups_with_n_or_more_rows_after_a_row_condition(singers: pd.DataFrame) -> None:
    got = run(
        "Which citizenships do more than one singer with net worth above 13 come from?",
        {"singers": singers},
        "singers",
    )
    assert isinstance(got, pd.DataFrame)
    assert got.Citizenship.tolist() == ["United States"]


def test_group_used_by_the_most_rows(singers: pd.DataFrame) -> None:
    got = run("List the citizenship shared by the most number of singers.", {"singers": singers}, "singers")
    assert values(got) == ["United States"]


def test_which_group_has_the_most_and_how_many(singers: pd.DataFrame) -> None:
    got = run(
        "Which citizenship has the most singers and how many does it have?", {"singers": singers}, "singers"
    )
    assert values(got) == ["United States", 3]


# ---------------------------------------------------------------- pronouns inside one question


def test_pronoun_with_an_antecedent_in_the_sentence() -> None:
    assert refers_within("List each language and the number of TV Channels using it.", ("it",))
    assert not refers_within("sort it by age", ("it",))
    assert not refers_within("List each language and the result", ("the result",))
    assert not refers_within("show only the top 2 rows of those", ("those",))  # no group set up


def test_a_leading_pronoun_still_needs_a_previous_result(pets: pd.DataFrame) -> None:
    with pytest.raises(CompileError, match="previous result"):
        run("sort them by weight", {"pets": pets}, "pets")


def test_most_common_combination_ranks_the_pairs(pets: pd.DataFrame) -> None:
    frame = pets.assign(legs=[4, 4, 4, 2, 4])
    got = run("What combination of PetType and legs are most common?", {"pets": frame}, "pets")
    assert isinstance(got, pd.DataFrame)
    assert got.iloc[0].tolist()[:2] == ["dog", 4] and got.iloc[:, -1].tolist() == [3, 1, 1]


def test_groups_counted_then_ordered_by_the_key(singers: pd.DataFrame) -> None:
    request = "Show all citizenships and the number of singers in each citizenship. Order by citizenship."
    got = run(request, {"singers": singers}, "singers")
    assert isinstance(got, pd.DataFrame)
    assert got.Citizenship.tolist() == sorted(got.Citizenship.tolist())


def test_values_ranked_by_frequency(singers: pd.DataFrame) -> None:
    got = run(
        "Please show the citizenships of singers in descending order of count.",
        {"singers": singers},
        "singers",
    )
    assert isinstance(got, pd.DataFrame)
    assert got.Citizenship.iloc[0] == "United States" and got.iloc[:, -1].tolist()[0] == 3


def test_aggregate_of_a_number_of_column(pets: pd.DataFrame) -> None:
    frame = pets.assign(toys=[3, 1, 4, 1, 5])
    assert values(run("What is the maximum number of toys among dogs?", {"pets": frame}, "pets")) == [5]
    assert values(run("the average number of toys", {"pets": frame}, "pets")) == [2.8]


def test_columns_of_the_n_rows_a_superlative_picks(singers: pd.DataFrame) -> None:
    got = run("List the names of the 2 oldest singers", {"singers": singers}, "singers")
    assert isinstance(got, pd.DataFrame) and list(got.columns) == ["Name"]
    assert got.Name.tolist() == ["Ann", "Bob"]


def test_an_age_stored_as_text_is_read_as_numbers() -> None:
    teachers = pd.DataFrame({"Name": ["A", "B", "C"], "Age": ["32", "9", "45"], "Hometown": ["X", "Y", "Z"]})
    got = run("What is the hometown of the youngest teacher?", {"teacher": teachers}, "teacher")
    assert values(got) == ["Y"]  # "9" < "32" as numbers, not as text
    assert teachers.Age.tolist() == ["32", "9", "45"]  # the input is not changed


def test_a_noun_that_names_a_column_is_not_counted_as_rows() -> None:
    shops = pd.DataFrame({"District": ["a", "a", "b"], "Number_products": [4000, 2000, 5000]})
    with pytest.raises(CompileError):
        run("the districts that have more than 3000 products", {"shop": shops}, "shop")
    with pytest.raises(CompileError):
        run("Show all districts and the number of products in each district", {"shop": shops}, "shop")


def test_a_numeric_column_right_after_a_superlative_is_its_measure_with_the_columns_direction() -> None:
    """ "the race with the fastest time" measures Time, and the fastest time is the smallest one
    (data/measures.tsv); "which year had the fastest time" picks the same row."""
    import pandas as pd

    import pandascribe

    races = pd.DataFrame({"Year": [2001, 2002, 2003], "Time": [10.1, 9.8, 9.9], "Speed": [100, 120, 110]})
    ns = {"races": races.copy()}
    t = pandascribe.compile("the race with the fastest time", {"races": races})
    exec(t.code, ns)
    pd.testing.assert_frame_equal(ns[t.target], races.nsmallest(1, "Time"))
    t = pandascribe.compile("which year had the fastest time", {"races": races})
    exec(t.code, ns)
    assert ns[t.target] == 2002
    t = pandascribe.compile("the fastest race", {"races": races})  # speed: the largest
    exec(t.code, ns)
    pd.testing.assert_frame_equal(ns[t.target], races.nlargest(1, "Speed"))


def test_who_with_a_superlative_names_the_person_column() -> None:
    """ "who has the highest total" is the player of the best row, not the highest total itself."""
    import pandas as pd

    import pandascribe

    stats = pd.DataFrame({"Player": ["a", "b", "c"], "Team": ["x", "y", "z"], "Total": [3, 5, 4]})
    t = pandascribe.compile("who has the highest total", {"stats": stats})
    ns = {"stats": stats.copy()}
    exec(t.code, ns)
    assert ns[t.target] == "b"
