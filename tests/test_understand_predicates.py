"""Yes/no columns read as tests on the rows (schema.binary, predicates.predicate_hits)."""

from __future__ import annotations

import pandas as pd
import pytest

import pandascribe
from pandascribe.schema import frame_schema
from pandascribe.understand.predicates import predicate_hits


def _run(code: str, target: str, frames: dict) -> object:
    ns = {**frames, "pd": pd}
    exec(code, ns)
    return ns[target]


def test_schema_marks_yes_no_columns() -> None:
    df = pd.DataFrame({"a": [0, 1, 1], "b": ["Yes", "No", "No"], "c": [True, False, True], "d": [1, 2, 3]})
    assert [c.binary for c in frame_schema("x", df).columns] == [(1, 0), ("Yes", "No"), (True, False), None]


def test_family_words_and_negation_name_the_test() -> None:
    schema = frame_schema("tips", pd.DataFrame({"smoker": ["Yes", "No"], "tip": [1.0, 2.0]}))
    assert [(h.column, h.value) for h in predicate_hits(schema, ("smokers",))] == [("smoker", "Yes")]
    assert [(h.column, h.value) for h in predicate_hits(schema, ("non", "smokers"))] == [("smoker", "No")]
    assert predicate_hits(schema, ("tips",)) == ()


@pytest.fixture()
def titanic() -> dict[str, pd.DataFrame]:
    return {
        "titanic": pd.DataFrame(
            {
                "PassengerId": [1, 2, 3, 4, 5],
                "Survived": [0, 1, 1, 0, 1],
                "Sex": ["male", "female", "female", "male", "male"],
                "Age": [22.0, 38.0, 26.0, 35.0, 54.0],
            }
        )
    }


@pytest.mark.parametrize(
    "request_,expected",
    [
        ("how many survived", 3),
        ("number of survivors", 3),
        ("how many passengers are there", 5),
    ],
)
def test_counts_of_a_yes_no_test(titanic: dict, request_: str, expected: int) -> None:
    t = pandascribe.compile(request_, titanic)
    assert _run(t.code, t.target, titanic) == expected


def test_survivors_filter_the_rows(titanic: dict) -> None:
    t = pandascribe.compile("the survivors older than 30", titanic)
    got = _run(t.code, t.target, titanic)
    assert list(got["PassengerId"]) == [2, 5]


def test_entity_noun_of_an_id_column_names_the_rows(titanic: dict) -> None:
    t = pandascribe.compile("average age of passengers by sex", titanic)
    got = _run(t.code, t.target, titanic)
    assert "PassengerId" not in t.code
    assert sorted(got.columns) == ["Sex", "mean_Age"]


def test_the_exact_column_name_stays_a_column(titanic: dict) -> None:
    t = pandascribe.compile("show Survived and Age", titanic)
    assert list(_run(t.code, t.target, titanic).columns) == ["Survived", "Age"]
