"""The lexicon is data: the tables loaded from understand/data/ are exactly the tables the parser
was built on (a frozen snapshot taken from the Python tables before they moved), and the files
are shipped with the package."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest

from pandascribe.understand import lexicon

SNAPSHOT = json.loads((Path(__file__).parent / "data" / "lexicon_snapshot.json").read_text("utf-8"))


def _as_json(value: object) -> object:
    if isinstance(value, dict):
        return [[list(k) if isinstance(k, tuple) else k, json.loads(json.dumps(v))] for k, v in value.items()]
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    return list(value)  # type: ignore[call-overload]


@pytest.mark.parametrize("name", sorted(SNAPSHOT))
def test_table_equals_snapshot(name: str) -> None:
    assert _as_json(getattr(lexicon, name)) == SNAPSHOT[name]


def test_types_are_what_the_parser_expects() -> None:
    assert all(isinstance(k, tuple) for k in lexicon.KEYWORDS)
    assert all(isinstance(m, tuple) and len(m) == 2 for ms in lexicon.KEYWORDS.values() for m in ms)
    assert isinstance(lexicon.FILLER, set) and isinstance(lexicon.WEEKEND, tuple)
    assert all(isinstance(v[1], float) for v in lexicon.UNITS.values())


def test_data_files_ship_inside_the_package() -> None:
    data = resources.files("pandascribe.understand").joinpath("data")
    names = {p.name for p in data.iterdir()}
    assert {"keywords.tsv", "lexicon.toml", "discourse.tsv", "morphology.toml"} <= names


def test_a_phrase_may_carry_several_meanings_in_order() -> None:
    multi = [ms for ms in lexicon.KEYWORDS.values() if len(ms) > 1]
    assert multi, "some phrases (e.g. 'per') have several meanings"
    assert SNAPSHOT["KEYWORDS"] == _as_json(lexicon.KEYWORDS)  # the order of meanings is kept
