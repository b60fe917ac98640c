"""The English the rules backend knows, as tables (phrases → typed meanings), read from data files.

Behaviour lives in data, not in if-chains: adding a synonym is adding a row to
``data/lexicon.toml`` or ``data/keywords.tsv``, no Python involved. This module only loads those
files (once, at import) and exposes them under the names the parser has always used, with the same
types: phrases are tuples of lower-case words, sets stay sets, pairs stay tuples.

Knowledge that only fits one dataset (its column abbreviations, the verbs of its domain) does not
belong here: it lives in opt-in packs under ``data/packs/`` (see :func:`load_pack`).

Kinds used by the clause parser (``KEYWORDS``):
  cmp (eq ne lt le gt ge)  ·  agg (mean sum …)  ·  count  ·  group  ·  sort  ·  dir (asc desc)
  top / bottom (n rows by …)  ·  head / tail  ·  logic (and or not)  ·  between  ·  missing/present
  strmatch (contains startswith endswith)  ·  verb (select drop rename derive fill join …)
  filler (ignorable)  ·  rows (generic row nouns)  ·  dirfrom / dirto  ·  in  ·  which  ·  most/least
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from typing import Any


def _read(name: str) -> str:
    return resources.files("pandascribe.understand").joinpath(f"data/{name}").read_text("utf-8")


def _keywords(text: str) -> dict[tuple[str, ...], list[tuple[str, str]]]:
    table: dict[tuple[str, ...], list[tuple[str, str]]] = {}
    rows = (line for line in text.splitlines() if line.strip() and not line.startswith("#"))
    next(rows)  # the header row
    for line in rows:
        kind, value, phrase = line.split("\t")
        meanings = table.setdefault(tuple(phrase.split(" ")), [])
        if (kind, value) not in meanings:
            meanings.append((kind, value))
    return table


_T: dict[str, Any] = tomllib.loads(_read("lexicon.toml"))

KEYWORDS: dict[tuple[str, ...], list[tuple[str, str]]] = _keywords(_read("keywords.tsv"))

# comparatives that also name what is compared (a concept ground to a column)
COMPARATIVES: dict[str, tuple[str, tuple[str, ...]]] = {
    w: (e["cmp"], tuple(e["concepts"])) for w, e in _T["COMPARATIVES"].items()
}
# superlatives: direction (largest first?) and the concepts they measure
SUPERLATIVES: dict[str, tuple[bool, tuple[str, ...]]] = {
    w: (bool(e["largest"]), tuple(e["concepts"])) for w, e in _T["SUPERLATIVES"].items()
}
FILLER: set[str] = set(_T["FILLER"])
ROW_NOUNS: set[str] = set(_T["ROW_NOUNS"])
MONTHS: dict[str, int] = dict(_T["MONTHS"])
WEEKDAYS: dict[str, int] = dict(_T["WEEKDAYS"])
DATE_PARTS: dict[str, str] = dict(_T["DATE_PARTS"])
NUMBER_WORDS: dict[str, int] = dict(_T["NUMBER_WORDS"])
MULTIPLIERS: dict[str, int] = dict(_T["MULTIPLIERS"])
UNITS: dict[str, tuple[str, float]] = {
    w: (e["dimension"], float(e["factor"])) for w, e in _T["UNITS"].items()
}
UNIT_SUFFIXES: dict[str, str] = dict(_T["UNIT_SUFFIXES"])
NAME_CONNECTORS: set[str] = set(_T["NAME_CONNECTORS"])
SYNONYMS: dict[str, tuple[str, ...]] = {w: tuple(v) for w, v in _T["SYNONYMS"].items()}
VALUE_ALIASES: dict[str, tuple[str, ...]] = {w: tuple(v) for w, v in _T["VALUE_ALIASES"].items()}
SEASONS: dict[str, tuple[int, ...]] = {w: tuple(v) for w, v in _T["SEASONS"].items()}
HOLIDAYS: dict[str, tuple[int, int]] = {w: (int(v[0]), int(v[1])) for w, v in _T["HOLIDAYS"].items()}
WEEKEND: tuple[str, ...] = tuple(_T["WEEKEND"])
WEEKDAY_WORDS: tuple[str, ...] = tuple(_T["WEEKDAY_WORDS"])
FROM_COLUMN_WORDS: tuple[str, ...] = tuple(_T["FROM_COLUMN_WORDS"])
TO_COLUMN_WORDS: tuple[str, ...] = tuple(_T["TO_COLUMN_WORDS"])
SHOW_VERBS: frozenset[str] = frozenset(_T["SHOW_VERBS"])
del _T


# ---------------------------------------------------------------- dataset packs


@functools.cache
def load_pack(name: str) -> dict[str, Any]:
    """One opt-in pack of dataset-specific entries (``data/packs/NAME.toml``), parsed."""
    return tomllib.loads(_read(f"packs/{name}.toml"))


@functools.cache
def pack_names() -> tuple[str, ...]:
    folder = resources.files("pandascribe.understand").joinpath("data/packs")
    return tuple(sorted(p.name[: -len(".toml")] for p in folder.iterdir() if p.name.endswith(".toml")))


def packs_for(columns: Iterable[str]) -> tuple[str, ...]:
    """The packs that apply to a frame with these columns: a pack names column sets in
    ``applies_when``; it applies when the frame holds every column of one set (case-insensitive).
    Words that only make sense for one dataset so never reach the others."""
    have = {str(c).lower() for c in columns}
    return tuple(
        name for name in pack_names() if any(set(s) <= have for s in load_pack(name)["applies_when"])
    )


@dataclass(frozen=True)
class Tables:
    """The tables a pack may extend, with the packs' entries merged after the core ones."""

    SYNONYMS: dict[str, tuple[str, ...]]
    VALUE_ALIASES: dict[str, tuple[str, ...]]
    FILLER: frozenset[str]


@functools.cache
def tables_for(packs: tuple[str, ...] = ()) -> Tables:
    """Core tables plus ``packs`` (see :func:`packs_for`); cached per combination."""
    syn = dict(SYNONYMS)
    vals = dict(VALUE_ALIASES)
    filler = set(FILLER)
    for name in packs:
        pack = load_pack(name)
        for w, alts in pack.get("SYNONYMS", {}).items():
            syn[w] = tuple(dict.fromkeys((*syn.get(w, ()), *alts)))
        for w, alts in pack.get("VALUE_ALIASES", {}).items():
            vals[w] = tuple(dict.fromkeys((*vals.get(w, ()), *alts)))
        filler |= set(pack.get("FILLER", ()))
    return Tables(syn, vals, frozenset(filler))


__all__ = [
    "COMPARATIVES",
    "DATE_PARTS",
    "FILLER",
    "FROM_COLUMN_WORDS",
    "HOLIDAYS",
    "KEYWORDS",
    "MONTHS",
    "MULTIPLIERS",
    "NAME_CONNECTORS",
    "NUMBER_WORDS",
    "ROW_NOUNS",
    "SEASONS",
    "SHOW_VERBS",
    "SUPERLATIVES",
    "SYNONYMS",
    "TO_COLUMN_WORDS",
    "UNITS",
    "UNIT_SUFFIXES",
    "VALUE_ALIASES",
    "WEEKDAYS",
    "WEEKDAY_WORDS",
    "WEEKEND",
    "Tables",
    "load_pack",
    "pack_names",
    "packs_for",
    "tables_for",
]
