"""Morphology alone: lemmas, derivational families, and column names indexed by their parts."""

from __future__ import annotations

import pytest

from pandascribe.understand.morph import (
    EXACT,
    FAMILY,
    LEMMA,
    PART,
    PREFIX,
    TYPO,
    NameIndex,
    lemma,
    name_parts,
    same_family,
    stem,
)

TITANIC = ["PassengerId", "Survived", "Pclass", "Name", "Sex", "Age", "SibSp", "Parch", "Fare", "Embarked"]


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("fares", "fare"),
        ("children", "child"),
        ("survived", "survive"),
        ("women", "woman"),
        ("species", "species"),
    ],
)
def test_lemma(word: str, expected: str) -> None:
    assert lemma(word) == expected


def test_stem_is_snowball() -> None:
    assert stem("survival") == stem("survived") == "surviv"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("survivors", "survived"),
        ("survival", "survived"),
        ("smoker", "smoking"),
        ("departure", "departed"),
        ("carrier", "carried"),
        ("sales", "sold"),
        ("deaths", "died"),
        ("winner", "won"),
    ],
)
def test_same_family(a: str, b: str) -> None:
    assert same_family(a, b)


@pytest.mark.parametrize(
    ("a", "b"), [("later", "lat"), ("passengers", "pass"), ("order", "ord"), ("age", "agent")]
)
def test_not_same_family(a: str, b: str) -> None:
    assert not same_family(a, b)


@pytest.mark.parametrize(
    ("name", "parts"),
    [
        ("body_mass_g", ("body", "mass", "g")),
        ("sepalWidth", ("sepal", "width")),
        ("Pclass", ("p", "class")),
        ("NumChildren", ("num", "children")),
        ("Total Sales ($)", ("total", "sales", "$")),
        ("Unnamed: 0", ("unnamed", "0")),
        ("PassengerId", ("passenger", "id")),
        ("horsepower", ("horsepower",)),
    ],
)
def test_name_parts(name: str, parts: tuple[str, ...]) -> None:
    assert name_parts(name) == parts


def _first(index: NameIndex, words: str) -> tuple[str, int] | None:
    found = index.lookup(words.split())
    return (found[0].column, found[0].tier) if found else None


@pytest.mark.parametrize(
    ("columns", "words", "expected"),
    [
        (["Total Sales ($)", "Region"], "total sales", ("Total Sales ($)", EXACT)),
        (["Unnamed: 0", "x"], "unnamed 0", ("Unnamed: 0", EXACT)),
        (["First Name", "Last Name"], "first name", ("First Name", EXACT)),
        (TITANIC, "fares", ("Fare", LEMMA)),
        (TITANIC, "class", ("Pclass", LEMMA)),
        (TITANIC, "survivors", ("Survived", FAMILY)),
        (["body_mass_g", "species"], "mass", ("body_mass_g", PART)),
        (["dep_delay", "arr_delay"], "departure delay", ("dep_delay", PREFIX)),
        (TITANIC, "pclas", ("Pclass", TYPO)),
    ],
)
def test_lookup_tiers(columns: list[str], words: str, expected: tuple[str, int]) -> None:
    assert _first(NameIndex(columns), words) == expected


def test_all_candidates_are_kept_best_first() -> None:
    found = NameIndex(["Name", "First Name", "Last Name"]).lookup(["name"])
    assert [(m.column, m.tier_name) for m in found] == [
        ("Name", "exact"),
        ("First Name", "part"),
        ("Last Name", "part"),
    ]
    two = NameIndex(["First Name", "Last Name"]).best(["name"])
    assert {m.column for m in two} == {"First Name", "Last Name"}  # an ambiguity, never a guess


def test_entity_of_an_identifier_column_is_flagged() -> None:
    found = NameIndex(TITANIC).lookup(["passengers"])
    assert found and found[0].column == "PassengerId" and found[0].entity
    assert not NameIndex(TITANIC).lookup(["passenger", "id"])[0].entity


def test_stopwords_and_unknown_words_name_nothing() -> None:
    index = NameIndex(TITANIC)
    assert index.lookup(["the"]) == []
    assert index.lookup(["zebra"]) == []
