"""The rule table of the operation grammar (``data/oprules.toml``), parsed once: word classes,
macros, flag pairs and rules, each rule's patterns compiled to small element trees (words, word
classes, typed slots, optional parts, choices). :mod:`.opmatch` fits them to a clause;
:mod:`.oprules` is the entry point.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from .context import Clause
from .items import Item

_DATA = Path(__file__).with_name("data") / "oprules.toml"

# ---------------------------------------------------------------- pattern elements


@dataclass(frozen=True)
class Lit:
    """One word, any of ``words``."""

    words: frozenset[str]


@dataclass(frozen=True)
class Cls:
    """A word class: the phrases of ``name`` (only those of value ``only`` when given)."""

    name: str
    bind: str
    only: str | None = None


@dataclass(frozen=True)
class Slot:
    """A typed slot: ``kind`` (col, cols, frame, num, value, text, word, cond, rows, self, agg)."""

    kind: str
    bind: str


@dataclass(frozen=True)
class Opt:
    body: tuple[Any, ...]


@dataclass(frozen=True)
class Alt:
    options: tuple[tuple[Any, ...], ...]


_TOKEN = re.compile(r"\[|\]|\(|\)|\||\{[^}]+\}|<[^>]+>|[^\s\[\]()|{}<>]+")


def _parse(text: str, macros: dict[str, str]) -> tuple[Any, ...]:
    toks = _TOKEN.findall(text)
    pos = 0

    def seq(stop: set[str]) -> tuple[Any, ...]:
        nonlocal pos
        out: list[Any] = []
        while pos < len(toks) and toks[pos] not in stop:
            t = toks[pos]
            pos += 1
            if t == "[":
                out.append(Opt(seq({"]"})))
                pos += 1
            elif t == "(":
                options = [seq({"|", ")"})]
                while toks[pos] == "|":
                    pos += 1
                    options.append(seq({"|", ")"}))
                pos += 1
                out.append(Alt(tuple(options)))
            elif t.startswith("{"):
                body = t[1:-1]
                only = None
                if "=" in body:
                    body, only = body.split("=", 1)
                name, _, bind = body.partition(":")
                out.append(Cls(name, bind or name, only))
            elif t.startswith("<"):
                kind, _, bind = t[1:-1].partition(":")
                if kind in macros:
                    out.extend(_parse(macros[kind], macros))
                else:
                    out.append(Slot(kind, bind or kind))
            else:
                out.append(Lit(frozenset(t.split("/")) if t != "/" else frozenset({"/"})))
        return tuple(out)

    result = seq(set())
    if pos != len(toks):
        raise ValueError(f"unbalanced pattern: {text!r}")
    return result


@dataclass(frozen=True)
class Rule:
    name: str
    builder: str
    args: dict[str, Any]
    patterns: tuple[tuple[Any, ...], ...]
    needs: tuple[tuple[frozenset[str], ...], ...] = ()  # per pattern: word sets each clause must meet


@dataclass(frozen=True)
class Grammar:
    rules: tuple[Rule, ...]
    classes: dict[str, dict[str, tuple[tuple[tuple[str, ...], str], ...]]]  # name → first word → phrases
    flags: tuple[tuple[str, str], ...]
    whole: dict[str, dict[str, str]]  # name → phrase as written → value (for quoted phrases)


def _phrase_words(phrase: str) -> tuple[str, ...]:
    return tuple(w for w in re.findall(r"[\w'’./=-]+|[^\w\s]", phrase.lower()) if w)


@lru_cache(maxsize=1)
def grammar() -> Grammar:
    """The rule table, parsed once."""
    return load_grammar(_DATA, extra=tuple(sorted(_DATA.parent.glob("oprules_*.toml"))))


def load_grammar(path: Path, borrow: tuple[Path, ...] = (), extra: tuple[Path, ...] = ()) -> Grammar:
    """The rules of the table at ``path`` and of its ``extra`` topic files (``oprules_*.toml``:
    their classes, macros and rules added), with the word classes and macros of the ``borrow``
    tables available to its patterns (its own win): another grammar (``data/positions.toml``)
    reuses ``skip``, ``self_noun``, ``rowword`` … without copying them."""
    tables = [tomllib.loads(p.read_text(encoding="utf-8")) for p in (*borrow, path, *extra)]
    raw: dict[str, Any] = {"classes": {}, "macros": {}, "flags": {"pairs": []}, "rule": []}
    for k, table in enumerate(tables):
        raw["classes"].update(table.get("classes", {}))
        raw["macros"].update(table.get("macros", {}))
        raw["flags"]["pairs"] = table.get("flags", {}).get("pairs", raw["flags"]["pairs"])
        if k < len(borrow):
            continue
        raw["rule"] = [*raw["rule"], *table.get("rule", [])]
    classes: dict[str, dict[str, list[tuple[tuple[str, ...], str]]]] = {}
    for name, table in raw["classes"].items():
        by_first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for value, phrases in table.items():
            for p in phrases:
                words = _phrase_words(p)
                by_first.setdefault(words[0], []).append((words, value))
        for lst in by_first.values():
            lst.sort(key=lambda pv: -len(pv[0]))
        classes[name] = by_first
    macros = dict(raw.get("macros", {}))
    frozen = {n: {w: tuple(v) for w, v in t.items()} for n, t in classes.items()}
    rules = []
    for r in raw["rule"]:
        patterns = tuple(_parse(p, macros) for p in r["patterns"])
        needs = tuple(_needs(p, frozen) for p in patterns)
        rules.append(Rule(r["name"], r["builder"], dict(r.get("args", {})), patterns, needs))
    flags = tuple((str(a), str(b)) for a, b in raw["flags"]["pairs"])
    whole = {n: {p.lower(): v for v, ps in table.items() for p in ps} for n, table in raw["classes"].items()}
    return Grammar(tuple(rules), frozen, flags, whole)


def _needs(pattern: tuple[Any, ...], classes: dict[str, Any]) -> tuple[frozenset[str], ...]:
    """For a quick test before matching: for each word or class the pattern cannot do without,
    the words one of which the clause must hold."""
    out = []
    for e in pattern:
        if isinstance(e, Lit):
            out.append(e.words)
        elif isinstance(e, Cls):
            out.append(
                frozenset(
                    w
                    for w, phrases in classes[e.name].items()
                    if any(e.only in (None, v) for _, v in phrases)
                )
            )
        elif isinstance(e, Alt):
            firsts: set[str] = set()
            for option in e.options:
                sub = _needs(option, classes)
                if not sub or not option or not isinstance(option[0], (Lit, Cls)):
                    return tuple(out)  # an option without a sure word: no test from here
                firsts |= sub[0]
            out.append(frozenset(firsts))
    return tuple(out)


# ---------------------------------------------------------------- a fit


@dataclass
class Match:
    """One way a pattern fits a clause: what each slot and class bound."""

    cl: Clause
    rule: Rule
    slots: dict[str, tuple[int, ...]] = field(default_factory=dict)  # name → item indexes
    values: dict[str, str] = field(default_factory=dict)  # class name → value
    said: dict[str, str] = field(default_factory=dict)  # class name → the words said
    memo: dict[Any, Any] = field(default_factory=dict)  # shared by the matches of one clause

    @classmethod
    def from_fit(cls, cl: Clause, rule: Rule, fit: dict[str, Any], memo: dict[Any, Any]) -> Match:
        """A matcher's fit as a Match: its keys name slots, ``=class`` values bound and ``~class``
        the words said."""
        return cls(
            cl,
            rule,
            slots={k: v for k, v in fit.items() if k[0] not in "=~"},
            values={k[1:]: v for k, v in fit.items() if k[0] == "="},
            said={k[1:]: v for k, v in fit.items() if k[0] == "~"},
            memo=memo,
        )

    @property
    def args(self) -> dict[str, Any]:
        return self.rule.args

    def items(self, name: str) -> list[Item]:
        return [self.cl.items[i] for i in self.slots.get(name, ())]
