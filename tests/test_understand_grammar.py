"""Whole-clause grammar rules (grammar.RULES) and their builders (builders_ops)."""

from __future__ import annotations

import pandas as pd
import pytest

import pandascribe
from pandascribe.understand import builders_ops
from pandascribe.understand.grammar import RULES


def test_every_rule_names_an_existing_builder() -> None:
    for rule in RULES:
        assert callable(getattr(builders_ops, rule.builder, None)), rule.name


@pytest.fixture()
def frames() -> dict[str, pd.DataFrame]:
    return {
        "people": pd.DataFrame(
            {
                "name": ["a", "b", "b"],
                "age": [30.0, None, 40.0],
                "city": ["x", "y", "y"],
                "smoker": ["Yes", "No", "No"],
            }
        )
    }


def _answer(req: str, frames: dict) -> object:
    t = pandascribe.compile(req, frames)
    ns = {**frames, "pd": pd}
    exec(t.code, ns)
    return ns[t.target]


@pytest.mark.parametrize(
    "request_,check",
    [
        ("how many columns", lambda got, df: got == 4),
        ("what are the column names", lambda got, df: list(got) == list(df.columns)),
        ("the data types of each column", lambda got, df: got.equals(df.dtypes)),
        ("Does the data have any missing values?", lambda got, df: got is True),
        ("the first 2 columns", lambda got, df: list(got.columns) == ["name", "age"]),
        ("the last column", lambda got, df: list(got.columns) == ["smoker"]),
        ("columns from age to smoker", lambda got, df: list(got.columns) == ["age", "city", "smoker"]),
        ("keep only unique rows", lambda got, df: len(got) == 3),
        ("convert age to text", lambda got, df: str(got["age"].dtype) == "string"),
    ],
)
def test_rules_read_everyday_asks(frames: dict, request_: str, check) -> None:
    assert check(_answer(request_, frames), frames["people"])


def test_a_clause_saying_more_than_a_rule_is_not_that_rule(frames: dict) -> None:
    with pytest.raises(pandascribe.CompileError):
        pandascribe.compile("how many columns of purple elephants", frames)


def test_missing_values_alone_is_not_a_yes_no_question(frames: dict) -> None:
    t = None
    try:
        t = pandascribe.compile("keep missing values", frames)
    except pandascribe.CompileError:
        return
    assert "isna().any().any()" not in t.code
