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


PACKED = ("SYNONYMS", "VALUE_ALIASES", "FILLER")  # the tables whose dataset-specific rows moved to packs


GROWN = ("KEYWORDS",)  # tables that gain rows (new phrases); every snapshot row must stay as it was


@pytest.mark.parametrize("name", sorted(set(SNAPSHOT) - set(PACKED) - set(GROWN)))
def test_table_equals_snapshot(name: str) -> None:
    assert _as_json(getattr(lexicon, name)) == SNAPSHOT[name]


@pytest.mark.parametrize("name", GROWN)
def test_grown_table_keeps_every_snapshot_row(name: str) -> None:
    now = {tuple(k): v for k, v in _as_json(getattr(lexicon, name))}  # type: ignore[union-attr]
    for phrase, meanings in SNAPSHOT[name]:
        assert now.get(tuple(phrase), [])[: len(meanings)] == meanings, phrase


def test_core_plus_every_pack_still_knows_every_old_entry() -> None:
    every = lexicon.tables_for(lexicon.pack_names())
    for word, alts in SNAPSHOT["SYNONYMS"]:
        assert set(alts) <= set(every.SYNONYMS.get(word, ())) | {word}, word
    for word, alts in SNAPSHOT["VALUE_ALIASES"]:
        assert set(alts) <= set(every.VALUE_ALIASES[word]), word
    assert set(SNAPSHOT["FILLER"]) == set(every.FILLER)


def test_dataset_words_left_the_core() -> None:
    for word in ("plane", "tail number", "ticker", "company"):
        assert word not in lexicon.SYNONYMS
    for word in ("laguardia", "microsoft"):
        assert word not in lexicon.VALUE_ALIASES
    assert not {"flown", "traded"} & lexicon.FILLER
    assert "close" not in lexicon.SYNONYMS["price"]


def test_packs_apply_only_to_their_dataset() -> None:
    assert lexicon.packs_for(["year", "month", "carrier", "origin", "dest", "tailnum"]) == ("nycflights13",)
    assert lexicon.packs_for(["symbol", "date", "price"]) == ("stocks",)
    assert lexicon.packs_for(["species", "island", "bill_length_mm"]) == ()
    flights = lexicon.tables_for(("nycflights13",))
    assert flights.SYNONYMS["plane"] == ("tailnum",) and "flown" in flights.FILLER
    assert "plane" not in lexicon.tables_for(()).SYNONYMS


def test_types_are_what_the_parser_expects() -> None:
    assert all(isinstance(k, tuple) for k in lexicon.KEYWORDS)
    assert all(isinstance(m, tuple) and len(m) == 2 for ms in lexicon.KEYWORDS.values() for m in ms)
    assert isinstance(lexicon.FILLER, set) and isinstance(lexicon.WEEKEND, tuple)
    assert all(isinstance(v[1], float) for v in lexicon.UNITS.values())


def test_data_files_ship_inside_the_package() -> None:
    data = resources.files("pandascribe.understand").joinpath("data")
    names = {p.name for p in data.iterdir()}
    assert {
        "keywords.tsv",
        "lexicon.toml",
        "discourse.tsv",
        "morphology.toml",
        "positions.toml",
        "asked.toml",
    } <= names


def test_a_phrase_may_carry_several_meanings_in_order() -> None:
    multi = [ms for ms in lexicon.KEYWORDS.values() if len(ms) > 1]
    assert multi, "some phrases (e.g. 'per') have several meanings"
    now = {tuple(k): v for k, v in _as_json(lexicon.KEYWORDS)}  # type: ignore[union-attr]
    for phrase, meanings in SNAPSHOT["KEYWORDS"]:
        if len(meanings) > 1:
            assert now[tuple(phrase)][: len(meanings)] == meanings, phrase  # the order of meanings is kept
