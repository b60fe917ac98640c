"""Counting words over a column that already holds counts, and a number whose unit is a column.

"how many wins did b have" asks for the Wins value, not for how many distinct values Wins has; "how
many teams had more than 2 wins" tests Wins in each row, it is no per-group count. Both were silent
wrong answers (nunique → 1; a group-by on Wins). Every test compiles with the public
``pandascribe.compile`` and checks the emitted code's result against hand-written pandas."""

from __future__ import annotations

import pandas as pd
import pytest

import pandascribe
from pandascribe.understand.morph import is_plural_noun

TEAMS = pd.DataFrame(
    {
        "Team": ["a", "b", "c", "d"],
        "Wins": [3, 5, 1, 5],
        "Total Goals": [10, 12, 4, 9],
        "Year": [2001, 2002, 2003, 2003],
    }
)


def _run(request: str) -> object:
    t = pandascribe.compile(request, {"teams": TEAMS.copy()})
    ns = {"teams": TEAMS.copy(), "pd": pd}
    exec(t.code, ns)
    return ns[t.target]


@pytest.mark.parametrize(
    ("request_", "expected"),
    [
        ("how many wins did team b have", 5),
        ("what is the number of wins for team b", 5),
        ("what is the total number of wins", 14),
        ("how many total goals did team c have", 4),
        ("how many teams had more than 2 wins", 3),
        ("how many teams had more than 9 total goals", 2),
    ],
)
def test_counts_held_in_a_column(request_: str, expected: int) -> None:
    assert _run(request_) == expected


def test_rows_with_a_number_of_column_things_are_a_row_filter() -> None:
    out = _run("teams with more than 2 wins")
    pd.testing.assert_frame_equal(out, TEAMS[TEAMS["Wins"] > 2])


@pytest.mark.parametrize(
    ("request_", "expected"),
    [
        ("how many years", 3),  # Year is a label-like number: its distinct values are counted
        ("how many different wins values", 3),
        ("number of distinct wins", 3),
    ],
)
def test_label_numbers_and_said_distinct_still_count_values(request_: str, expected: int) -> None:
    assert _run(request_) == expected


def test_plural_nouns_come_from_the_dictionary() -> None:
    assert is_plural_noun("wins") and is_plural_noun("goals") and is_plural_noun("seats")
    assert not is_plural_noun("year") and not is_plural_noun("series") and not is_plural_noun("class")


def test_a_participle_naming_a_numeric_column_is_the_count_asked_for() -> None:
    """ "how many games were won" over Games and Won columns asks for Won (summing Games was a
    silent wrong answer)."""
    seasons = pd.DataFrame({"Season": ["a", "b"], "Games": [62, 70], "Won": [40, 50], "Lost": [22, 20]})
    for request_, expected in (("how many games were won in season a", 40), ("how many games were lost", 42)):
        t = pandascribe.compile(request_, {"seasons": seasons})
        ns = {"seasons": seasons.copy()}
        exec(t.code, ns)
        assert ns[t.target] == expected
