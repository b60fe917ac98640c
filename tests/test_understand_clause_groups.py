"""A grouping said as its own step is carried into the aggregate after it (understand/clause_groups)."""

from __future__ import annotations

import pandas as pd
import pytest

import pandascribe
from pandascribe.understand import split_clauses
from pandascribe.understand.tokens import tokenize


@pytest.fixture
def pets() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "kind": ["cat", "dog", "cat", "dog", "bird"],
            "home": ["a", "a", "b", "b", "a"],
            "weight": [4.0, 20.0, 5.0, 30.0, 0.5],
        }
    )


def _run(request: str, df: pd.DataFrame) -> object:
    tr = pandascribe.compile(request, {"pets": df}, source="pets")
    ns: dict = {"pets": df, "pd": pd}
    exec(tr.code, ns)
    return ns[tr.target]


@pytest.mark.parametrize(
    "request_text",
    [
        "group by kind and compute the mean weight",
        "Group the data by kind and compute the mean weight",
        "group the pets by kind, then find the average weight",
        "grouped by kind, what is the mean weight?",
    ],
)
def test_grouping_step_then_aggregate(request_text: str, pets: pd.DataFrame) -> None:
    got = _run(request_text, pets)
    want = pets.groupby("kind", as_index=False)["weight"].mean()
    assert isinstance(got, pd.DataFrame)
    assert dict(zip(got["kind"], got.iloc[:, -1], strict=True)) == dict(
        zip(want["kind"], want["weight"], strict=True)
    )


def test_two_keys_are_carried(pets: pd.DataFrame) -> None:
    got = _run("group by kind and home and compute the total weight", pets)
    assert isinstance(got, pd.DataFrame) and len(got) == 5  # (kind, home) pairs
    assert {"kind", "home"} <= set(got.columns)
    assert got.iloc[:, -1].sum() == pets["weight"].sum()


def test_a_grouping_alone_is_still_refused(pets: pd.DataFrame) -> None:
    with pytest.raises(pandascribe.CompileError, match="per group"):
        pandascribe.compile("group by kind", {"pets": pets}, source="pets")


def test_nothing_is_carried_into_a_part_with_its_own_groups() -> None:
    clauses = split_clauses(tokenize("group by kind, then count rows per home"), frozenset({"kind", "home"}))
    assert [t.low for t in clauses[0]][:3] == ["group", "by", "kind"]


def test_nothing_is_carried_into_a_sort() -> None:
    clauses = split_clauses(tokenize("group by kind, then sort by weight"), frozenset({"kind", "weight"}))
    assert len(clauses) == 2


def test_carried_clause_reads_as_one_query() -> None:
    text = "group the data by kind and compute the mean weight"
    clauses = split_clauses(tokenize(text), frozenset({"kind"}))
    assert [[t.low for t in c] for c in clauses] == [["compute", "the", "mean", "weight", "by", "kind"]]
