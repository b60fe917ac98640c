"""Normalise wiring, clause splitting, length bound and error spans of the rules backend."""

from __future__ import annotations

import pandas as pd
import pytest

import pandascribe
from pandascribe.understand import split_clauses
from pandascribe.understand.limits import MAX_WORDS
from pandascribe.understand.tokens import tokenize

FRAMES = {
    "titanic": pd.DataFrame({"Name": ["a", "b", "c"], "Fare": [7.0, 70.0, 20.0], "Age": [20.0, 65.0, 40.0]})
}


def _answer(req: str) -> object:
    t = pandascribe.compile(req, FRAMES)
    ns = {**FRAMES, "pd": pd}
    exec(t.code, ns)
    return ns[t.target]


def test_and_show_starts_a_step() -> None:
    got = _answer("sort by fare descending and show name and fare")
    assert list(got.columns) == ["Name", "Fare"]
    assert list(got["Fare"]) == [70.0, 20.0, 7.0]


def test_split_clauses_keeps_a_column_named_like_a_verb() -> None:
    toks = tokenize("sort by a and order")
    assert len(split_clauses(toks, frozenset({"order"}))) == 1
    assert len(split_clauses(toks)) == 2


@pytest.mark.parametrize(
    "req",
    [
        "Now show the rows where Age is over 60",
        "OK so what is the average fare?",
        "1. Select the rows where Age > 30",
    ],
)
def test_discourse_and_step_numbers_carry_nothing(req: str) -> None:
    pandascribe.compile(req, FRAMES)  # answers, does not refuse


def test_code_quoting_is_read_as_the_column() -> None:
    assert list(_answer("keep just the 'Name' and 'Age' columns").columns) == ["Name", "Age"]


def test_a_very_long_request_is_refused_at_once() -> None:
    with pytest.raises(pandascribe.CompileError, match="characters long"):
        pandascribe.compile("x" * 100_000, FRAMES)
    with pytest.raises(pandascribe.CompileError, match=f"more than {MAX_WORDS:,} words"):
        pandascribe.compile("show fare " * (MAX_WORDS // 2 + 1), FRAMES)


def test_an_error_points_at_the_words_it_is_about() -> None:
    req = "mean unitz by Name"
    frames = {"sales": pd.DataFrame({"units": [1, 2], "Name": ["a", "b"]})}
    with pytest.raises(pandascribe.CompileError) as info:
        pandascribe.compile(req, frames)
    exc = info.value
    assert "no column 'unitz'" in str(exc) and "'units'" in str(exc)  # the typo'd word is named
    assert exc.spans and all(req[a:b].lower() in {w.lower() for w in exc.words} for a, b in exc.spans)
