"""Exercise steps about groups, ranks and rounding: a leading "For each X," grouping
(understand/clause_groups), "for each different X", rows ranked by a measure (understand/window)
and a computed result rounded (understand/round_result). Each compiles and runs on a small frame
and must equal the hand-written pandas."""

from __future__ import annotations

import pandas as pd
import pytest

import pandascribe
from pandascribe.errors import CompileError
from pandascribe.plan import Window
from pandascribe.understand.round_result import find_rounding


@pytest.fixture
def users() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "occupation": ["doctor", "artist", "doctor", "artist", "writer", "doctor"],
            "gender": ["F", "M", "M", "F", "F", "F"],
            "age": [41.0, 23.0, 37.0, 30.0, 52.0, 29.0],
            "score": [3.0, 5.0, 3.0, 1.0, 2.0, 7.0],
        }
    )


def _run(request: str, df: pd.DataFrame) -> object:
    tr = pandascribe.compile(request, {"users": df}, source="users")
    ns: dict = {"users": df.copy(), "pd": pd}
    exec(tr.code, ns)
    return ns[tr.target]


def _same(got: object, want: pd.DataFrame) -> None:
    assert isinstance(got, pd.DataFrame)
    pd.testing.assert_frame_equal(got.reset_index(drop=True), want.reset_index(drop=True), check_dtype=False)


@pytest.mark.parametrize(
    "request_text",
    [
        "For each occupation, calculate the minimum and maximum ages",
        "for each occupation, compute the minimum and maximum age",
        "Within each occupation, find the minimum and maximum age",
    ],
)
def test_leading_group_phrase(request_text: str, users: pd.DataFrame) -> None:
    want = users.groupby("occupation", as_index=False).agg(min_age=("age", "min"), max_age=("age", "max"))
    _same(_run(request_text, users), want)


def test_two_leading_keys(users: pd.DataFrame) -> None:
    got = _run("For each occupation and each gender, find the mean age", users)
    want = users.groupby(["occupation", "gender"], as_index=False).agg(mean_age=("age", "mean"))
    _same(got, want)


@pytest.mark.parametrize("word", ["different", "distinct", "unique"])
def test_for_each_different(word: str, users: pd.DataFrame) -> None:
    got = _run(f"Calculate the mean age for each {word} occupation", users)
    _same(got, users.groupby("occupation", as_index=False).agg(mean_age=("age", "mean")))


def test_a_leading_question_is_read_as_said(users: pd.DataFrame) -> None:
    """A question after the lead may refer back to it ("from that country"): not moved."""
    got = _run("For each occupation, how many users are there?", users)
    assert isinstance(got, pd.DataFrame | pd.Series)


def test_rows_ranked_by_a_measure_share_the_best_place(users: pd.DataFrame) -> None:
    tr = pandascribe.compile("Within each occupation, rank each gender by the score", {"users": users})
    (step,) = tr.plan.steps
    assert isinstance(step.expr, Window) and step.expr.column == "score" and step.expr.ties == "min"
    got = _run("Within each occupation, rank each gender by the score", users)
    assert isinstance(got, pd.DataFrame)
    want = users.groupby("occupation")["score"].rank(method="min")
    assert got["score_rank"].tolist() == want.tolist()
    assert "ties share the best place" in tr.explanation


def test_a_rank_of_values_keeps_the_average_of_ties(users: pd.DataFrame) -> None:
    got = _run("rank score within each occupation", users)
    assert isinstance(got, pd.DataFrame)
    assert got["score_rank"].tolist() == users.groupby("occupation")["score"].rank().tolist()


def test_window_ties_only_for_a_rank() -> None:
    with pytest.raises(ValueError, match="ties"):
        Window(func="cumsum", column="a", ties="min")


@pytest.mark.parametrize(
    ("request_text", "digits"),
    [
        ("What is the mean age per occupation? Round to 2 decimals", 2),
        ("Calculate the mean age for each different occupation, rounded to 2 decimals", 2),
        ("calculate the mean age per occupation and round the mean to one decimal place", 1),
        ("round the average age by occupation to 1 decimal place", 1),
        ("mean age per occupation, rounded to the nearest whole number", 0),
    ],
)
def test_rounded_result(request_text: str, digits: int, users: pd.DataFrame) -> None:
    want = users.groupby("occupation", as_index=False).agg(mean_age=("age", "mean"))
    want["mean_age"] = want["mean_age"].round(digits)
    _same(_run(request_text, users), want)


def test_counts_are_not_rounded(users: pd.DataFrame) -> None:
    got = _run(
        "For each occupation, calculate the mean age and the number of rows, rounded to 1 decimal", users
    )
    assert isinstance(got, pd.DataFrame)
    want = users.groupby("occupation").agg(mean_age=("age", "mean")).round(1)["mean_age"].tolist()
    assert got["mean_age"].tolist() == want


@pytest.mark.parametrize(
    "request_text",
    [
        "mean age, rounded to 2 decimals",  # a single value: not read here
        "number of rows per occupation, rounded to 2 decimals",  # counts only
        "mean age per occupation, round the median to 2 decimals",  # no median computed
    ],
)
def test_rounding_refused_when_nothing_fits(request_text: str, users: pd.DataFrame) -> None:
    with pytest.raises(CompileError):
        pandascribe.compile(request_text, {"users": users})


def test_find_rounding_phrases() -> None:
    ask = find_rounding("the mean age per occupation, rounded to 2 decimal places.")
    assert ask is not None and ask.rest == "the mean age per occupation" and ask.digits == 2
    ask = find_rounding("mean age per occupation and round the mean to three decimals")
    assert ask is not None and ask.digits == 3 and ask.func == "mean"
    assert find_rounding("mean age per occupation") is None
    assert find_rounding("rounded to 2 decimals") is None  # nothing left to compute


def test_rounding_is_deterministic(users: pd.DataFrame) -> None:
    a = pandascribe.compile("mean age per occupation, rounded to 2 decimals", {"users": users}).code
    b = pandascribe.compile("mean age per occupation, rounded to 2 decimals", {"users": users}).code
    assert a == b and ".round(2)" in a
    tr = pandascribe.compile("mean age per occupation, rounded to 1 decimal", {"users": users})
    assert tr.target == "users_by_occupation"  # still named by what was computed
    assert "rounded to 1 decimal" in tr.explanation and "1 decimals" not in tr.explanation


@pytest.mark.parametrize(
    ("request_text", "want"),
    [
        (
            "select the rows where the sum of score for each occupation is 6",
            lambda d: d[d.groupby("occupation")["score"].transform("sum") == 6],
        ),
        (
            "rows where the sum of column 'score' grouped by column 'occupation' is equal to 6",
            lambda d: d[d.groupby("occupation")["score"].transform("sum") == 6],
        ),
        (
            "rows where the mean of age within each occupation is greater than 30",
            lambda d: d[d.groupby("occupation")["age"].transform("mean") > 30],
        ),
        (
            "records where the sum of score for each value in column occupation is 6",
            lambda d: d[d.groupby("occupation")["score"].transform("sum") == 6],
        ),
    ],
)
def test_condition_on_a_group_statistic(request_text: str, want: object, users: pd.DataFrame) -> None:
    _same(_run(request_text, users), want(users))  # type: ignore[operator]


def test_a_group_condition_needs_a_number(users: pd.DataFrame) -> None:
    """Without a number to compare with, the words are not read as a group condition."""
    with pytest.raises(CompileError):
        pandascribe.compile("rows where the sum of score for each occupation is high", {"users": users})


@pytest.mark.parametrize(
    "request_text",
    [
        "compute a z score of age within each occupation",
        "add the z-score of age per occupation",
        "For each occupation, compute a z score based on age",
        "For each, occupation compute a z score based on age",  # the comma typed one word early
    ],
)
def test_zscore_within_groups(request_text: str, users: pd.DataFrame) -> None:
    got = _run(request_text, users)
    assert isinstance(got, pd.DataFrame)
    g = users.groupby("occupation")["age"]
    want = (users["age"] - g.transform("mean")) / g.transform("std")
    assert got["age_zscore"].tolist() == pytest.approx(want.tolist(), nan_ok=True)


def test_zscore_over_all_rows(users: pd.DataFrame) -> None:
    got = _run("z scores of age", users)
    assert isinstance(got, pd.DataFrame)
    want = (users["age"] - users["age"].mean()) / users["age"].std()
    assert got["age_zscore"].tolist() == pytest.approx(want.tolist())


@pytest.mark.parametrize(
    "request_text",
    [
        "compute a z score of occupation",  # not numbers
        "compute a z score",  # of which column? (two numeric columns)
        "compute a z score of age within each age",
    ],
)
def test_zscore_refused(request_text: str, users: pd.DataFrame) -> None:
    with pytest.raises(CompileError):
        pandascribe.compile(request_text, {"users": users})


@pytest.mark.parametrize(("word", "func"), [("yearly", "mean"), ("annual", "sum")])
def test_a_year_adjective_is_a_calendar_year(word: str, func: str) -> None:
    """ "the annual average co2": one row per calendar year of the only date column."""
    df = pd.DataFrame(
        {
            "date": pd.to_datetime(["2001-01-05", "2001-07-01", "2002-03-03", "2004-02-02"]),
            "co2": [1.0, 3.0, 5.0, 7.0],
        }
    )
    said = {"mean": "average", "sum": "total"}[func]
    tr = pandascribe.compile(f"the {word} {said} co2", {"air": df})
    ns: dict = {"air": df.copy(), "pd": pd}
    exec(tr.code, ns)
    got = ns[tr.target]
    want = df.set_index("date")["co2"].resample("YE").agg(func)
    assert got[f"{func}_co2"].tolist() == pytest.approx(want.tolist(), nan_ok=True)  # 2003: no rows
