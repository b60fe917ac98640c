"""Grammar rules for everyday operations (frame facts, casts, positional columns, stacking,
calendar periods, shares, yes/no questions, replacement, arithmetic on every numeric column).

The rules are data (``data/oprules.toml``): each names a builder (:mod:`.opbuilders`, found by
name) and a few patterns over the clause's typed items. A pattern must account for *every* item of
the clause — words it names, typed slots (column, frame, number, value, condition …) and words
that carry nothing here (articles, politeness, references to the frame itself) — or it does not
match; so a rule never leaves a content word unexplained. Every way a pattern fits is tried (a
small backtracking matcher), every fit is built, and the distinct plans are compared: one plan is
the answer, several are refused as ambiguous, none (all builds failed) is refused with the first
builder's message — a clause that looks like one of these questions is never handed on to be
guessed at by the query parser.

Internal APIs this module relies on (kept small so the hook ports to the rebuilt pipeline):

* :class:`.context.Clause` — ``.items``, ``.ctx`` (``schemas``, ``source``, ``current``);
* :class:`.items.Item` — ``words``, ``text``, ``cols``, ``col_score``, ``vals``, ``num``,
  ``string``, ``rownoun``, ``frame``, ``kw()``, ``used``;
* :data:`.ground.CORE_WORDS` — the grounding score from which a word is taken to *be* a column.

The builders (:mod:`.opbuilders`) also use :class:`.conditions.Conditions` and
:func:`.query.agg_name`.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import CompileError
from ..plan import Plan, Step
from .context import Clause
from .ground import CORE_WORDS, EXACT
from .items import Item

_DATA = Path(__file__).with_name("data") / "oprules.toml"
_COLTAILS = frozenset({"names", "name", "values", "value", "entries", "labels", "codes", "ids", "numbers"})
_COLWORDS = frozenset({"column", "columns", "col", "cols", "field", "fields", "variable", "variables"})
_BUDGET = 4000  # matcher steps per pattern and clause: a bound, never reached by real requests

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
    raw = tomllib.loads(_DATA.read_text(encoding="utf-8"))
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


# ---------------------------------------------------------------- matching


@dataclass
class Match:
    """One way a pattern fits a clause: what each slot and class bound."""

    cl: Clause
    rule: Rule
    slots: dict[str, tuple[int, ...]] = field(default_factory=dict)  # name → item indexes
    values: dict[str, str] = field(default_factory=dict)  # class name → value
    said: dict[str, str] = field(default_factory=dict)  # class name → the words said
    memo: dict[Any, Any] = field(default_factory=dict)  # shared by the matches of one clause

    @property
    def args(self) -> dict[str, Any]:
        return self.rule.args

    def items(self, name: str) -> list[Item]:
        return [self.cl.items[i] for i in self.slots.get(name, ())]


Pos = tuple[int, int]  # (item index, word offset inside the item)


class _Matcher:
    """Fits patterns to one clause. Positions are word positions; a slot starts and ends on item
    boundaries, a word or class phrase may cover part of an item (the rest must be covered by the
    next words), and every item is covered exactly once."""

    def __init__(self, cl: Clause, g: Grammar):
        self.cl = cl
        self.g = g
        self.items = cl.items
        self.n = len(cl.items)
        self.source = cl.ctx.source
        self._skips: dict[Pos, list[Pos]] = {}
        self._phrases: dict[tuple[str, Pos, str | None], list[tuple[Pos, str, str]]] = {}
        self.steps = 0

    # ---- words
    def word(self, pos: Pos) -> str | None:
        i, w = pos
        if i >= self.n:
            return None
        return self.items[i].words[w]

    def advance(self, pos: Pos) -> Pos:
        i, w = pos
        return (i + 1, 0) if w + 1 >= len(self.items[i].words) else (i, w + 1)

    def literal_ok(self, pos: Pos) -> bool:
        """An operation word may not be a word that names a column outright ("year" on a frame
        with a year column is that column, not a calendar period)."""
        it = self.items[pos[0]]
        return not (it.cols and it.col_score >= CORE_WORDS)

    def phrase(self, name: str, pos: Pos, only: str | None = None) -> list[tuple[Pos, str, str]]:
        key = (name, pos, only)
        got = self._phrases.get(key)
        if got is None:
            got = self._phrases[key] = list(self._phrase(name, pos, only))
        return got

    def _phrase(self, name: str, pos: Pos, only: str | None) -> Iterator[tuple[Pos, str, str]]:
        first = self.word(pos)
        if first is None:
            return
        it = self.items[pos[0]]
        if it.string is not None and pos[1] == 0:  # a quoted phrase: 'category', 'datetime64[ns]'
            value = self.g.whole.get(name, {}).get(it.string.strip().lower())
            if value is not None and only in (None, value):
                yield (pos[0] + 1, 0), value, it.string
            return
        for words, value in self.g.classes.get(name, {}).get(first, ()):
            if only is not None and value != only:
                continue
            p = pos
            ok = True
            for w in words:
                if self.word(p) != w or not self.literal_ok(p):
                    ok = False
                    break
                p = self.advance(p)
            if ok:
                yield p, value, " ".join(words)

    # ---- skipping
    def skips(self, pos: Pos) -> list[Pos]:
        """Positions reachable from ``pos`` by passing over words that carry nothing here."""
        if pos in self._skips:
            return self._skips[pos]
        out = [pos]
        seen = {pos}
        k = 0
        while k < len(out):
            p = out[k]
            k += 1
            nxt = [q for q, _, _ in self.phrase("skip", p)]
            if p[1] == 0:
                nxt += list(self.self_ref(p, with_prep=True))
            for q in nxt:
                if q not in seen:
                    seen.add(q)
                    out.append(q)
        self._skips[pos] = out
        return out

    def is_self(self, it: Item) -> bool:
        src = self.source.lower()
        return (
            (it.frame == self.source and not it.cols)
            or (it.string is not None and it.string.lower() == src)
            or (len(it.words) == 1 and it.words[0] == src)
        )

    def self_ref(self, pos: Pos, with_prep: bool = False) -> Iterator[Pos]:
        """ "the dataset", "df", "the gapminder data frame", "of dataframe `df`" (item boundaries)."""
        starts = [pos]
        if with_prep:
            starts += [q for q, _, _ in self.phrase("self_prep", pos)]
        for p in starts:
            dets = [p, *(q for q, _, _ in self.phrase("self_det", p))]
            for d in dets:
                yield from self._self_nouns(d, 0)

    def _self_nouns(self, pos: Pos, count: int) -> Iterator[Pos]:
        if count >= 3 or pos[0] >= self.n:
            return
        nxt: list[Pos] = []
        if pos[1] == 0 and self.is_self(self.items[pos[0]]):
            nxt.append((pos[0] + 1, 0))
        for q, _, _ in self.phrase("self_noun", pos):
            nxt.append(q)
            if q[1] == 0 and q[0] < self.n and self._code_name(self.items[q[0]]):
                nxt.append((q[0] + 1, 0))  # "dataframe `df`", "data frame `trace_df`": its name in code
        for q in nxt:
            if q[1] == 0:
                yield q
            yield from self._self_nouns(q, count + 1)

    def _code_name(self, it: Item) -> bool:
        """A word that names nothing here and is written like a variable (``trace_df``, ``data_df``,
        ``yourdf``) — the frame's name in the asker's own code."""
        if it.cols or it.vals or it.kws or it.frame or it.num is not None or len(it.words) != 1:
            return False
        text = it.string if it.string is not None else it.text
        return text.isidentifier() and ("_" in text or text.lower().endswith("df") or it.string is not None)

    # ---- slots
    def column_item(self, i: int) -> bool:
        it = self.items[i]
        if it.cols:
            return True
        text = it.string if it.string is not None else (it.text if len(it.words) == 1 else None)
        return text is not None and self.cl.ctx.column_named(text) is not None and it.string is not None

    def slot(self, s: Slot, pos: Pos) -> Iterator[tuple[Pos, tuple[int, ...]]]:
        i, w = pos
        if w != 0 or i >= self.n:
            return
        it = self.items[i]
        kind = s.kind
        if kind in ("col", "cols"):
            yield from self.columns(i, many=kind == "cols")
        elif kind == "frame":
            if self._frame_of(it) is not None:
                yield (i + 1, 0), (i,)
        elif kind == "num":
            if isinstance(it.num, int) and not isinstance(it.num, bool) and not it.cols:
                yield (i + 1, 0), (i,)
        elif kind == "number":
            if isinstance(it.num, (int, float)) and not isinstance(it.num, bool) and not it.cols:
                yield (i + 1, 0), (i,)
        elif kind == "value":
            if (it.vals or it.string is not None or it.num is not None) and not (
                it.cols and it.col_score >= CORE_WORDS
            ):
                yield (i + 1, 0), (i,)
        elif kind == "word":
            if it.sym is None or it.string is not None:
                yield (i + 1, 0), (i,)
        elif kind == "text":
            if it.string is not None or it.num is not None:
                yield (i + 1, 0), (i,)
                return
            j = i
            while j < self.n and j < i + 4:
                cur = self.items[j]
                if cur.sym is not None or cur.string is not None or cur.num is not None:
                    break
                if cur.cols and cur.col_score >= CORE_WORDS:
                    break
                j += 1
                yield (j, 0), tuple(range(i, j))
        elif kind == "cond":
            for j in range(self.n, i, -1):
                yield (j, 0), tuple(range(i, j))
        elif kind == "rows":
            if (
                (it.rownoun and not (it.cols and it.col_score >= CORE_WORDS))
                or self._is_rowword(it)
                or self._unknown_noun(it)
            ):
                yield (i + 1, 0), (i,)
        elif kind == "agg":
            if it.kw("agg") and not (it.cols and it.col_score >= CORE_WORDS):
                yield (i + 1, 0), (i,)
        elif kind == "self":
            for q in self.self_ref(pos, with_prep=False):
                yield q, tuple(range(i, q[0]))
        else:  # pragma: no cover - a typo in the rule table
            raise ValueError(f"unknown slot kind {kind!r}")

    def columns(self, i: int, many: bool) -> Iterator[tuple[Pos, tuple[int, ...]]]:
        """ "X", "column X", "the X column", "columns A, B and C": the column items bound, the
        words around them covered."""
        if i < self.n and self.is_colword(i) and i + 1 < self.n and self.column_item(i + 1):
            i += 1
        if not self.column_item(i):
            return
        got = [i]
        found = [tuple(got)]
        j = i + 1
        while many and j < self.n:
            sep = self.items[j]
            k = j + 1
            if sep.sym in (",", "&") or sep.words in (("and",), (",",)):
                if k < self.n and self.items[k].words == ("and",):
                    k += 1
                if k < self.n and self.column_item(k):
                    got.append(k)
                    found.append(tuple(got))
                    j = k + 1
                    continue
            break
        for idx in reversed(found):  # the longest list first
            end = idx[-1] + 1
            if end < self.n and (self.is_colword(end) or self.is_coltail(end)):
                yield (end + 1, 0), idx
            yield (end, 0), idx

    def is_coltail(self, i: int) -> bool:
        """ "country names", "order ids", "state codes": a noun for the column's values."""
        it = self.items[i]
        return not it.cols and not it.vals and len(it.words) == 1 and it.words[0] in _COLTAILS

    def is_colword(self, i: int) -> bool:
        it = self.items[i]
        return not it.cols and len(it.words) == 1 and it.words[0] in _COLWORDS

    @staticmethod
    def _unknown_noun(it: Item) -> bool:
        """A word that names nothing in the data, in a row-noun slot ("are there channels in
        Italian", "is every channel …"): the asker's name for the rows. What follows must still
        read as a complete condition, so a typo'd column name is refused there."""
        w = it.words[0]
        return (
            len(it.words) == 1
            and w.isalpha()
            and len(w) >= 4
            and not (it.cols or it.vals or it.kws or it.filler or it.num is not None or it.string)
            and it.month is None
            and it.datepart is None
        )

    def _is_rowword(self, it: Item) -> bool:
        return len(it.words) == 1 and any(
            len(ws) == 1 for ws, _ in self.g.classes["rowword"].get(it.words[0], ())
        )

    def _frame_of(self, it: Item) -> str | None:
        schemas = self.cl.ctx.schemas
        if it.frame is not None and it.frame in schemas and not (it.cols and it.col_score >= CORE_WORDS):
            return it.frame
        text = it.string if it.string is not None else (it.text if len(it.words) == 1 else None)
        if text is not None and text in schemas:
            return text
        return None

    # ---- sequences
    def seq(
        self, elems: tuple[Any, ...], k: int, pos: Pos, m: dict[str, Any]
    ) -> Iterator[tuple[Pos, dict[str, Any]]]:
        self.steps += 1
        if self.steps > _BUDGET:
            return
        if k == len(elems):
            yield pos, m
            return
        e = elems[k]
        for p in self.skips(pos):
            for q, m2 in self.elem(e, p, m):
                yield from self.seq(elems, k + 1, q, m2)

    def elem(self, e: Any, pos: Pos, m: dict[str, Any]) -> Iterator[tuple[Pos, dict[str, Any]]]:
        if isinstance(e, Lit):
            w = self.word(pos)
            if w is not None and w in e.words and self.literal_ok(pos):
                yield self.advance(pos), m
        elif isinstance(e, Cls):
            for q, value, said in self.phrase(e.name, pos, e.only):
                yield q, {**m, "=" + e.bind: value, "~" + e.bind: said}
        elif isinstance(e, Slot):
            for q, idx in self.slot(e, pos):
                if e.bind in m:  # one name bound twice in a pattern: both must agree
                    continue
                yield q, {**m, e.bind: idx}
        elif isinstance(e, Opt):
            yield from self.seq(e.body, 0, pos, m)
            yield pos, m
        elif isinstance(e, Alt):
            for option in e.options:
                yield from self.seq(option, 0, pos, m)

    def fits(self, pattern: tuple[Any, ...]) -> Iterator[dict[str, Any]]:
        self.steps = 0
        for pos, m in self.seq(pattern, 0, (0, 0), {}):
            if (self.n, 0) in self.skips(pos) or pos == (self.n, 0):
                yield m


# ---------------------------------------------------------------- entry point


def _plan_key(cl: Clause, steps: list[Step]) -> str:
    return Plan(source=cl.ctx.source, steps=tuple(steps)).model_dump_json()


def match_op_rules(cl: Clause, otherwise: Callable[[], list[Step]]) -> list[Step]:
    """The steps the rules of ``data/oprules.toml`` read in this clause, else ``otherwise()``
    (the query and command parsers).

    When a pattern fits but no fit can be built (a condition that cannot be read, an ambiguous
    column …), the other parsers still get their try — "share of penguins on each island" is a
    share of *counts* they read — and if they refuse too, the rule's reason is the one given.
    Fits that build different plans are refused as ambiguous."""
    got = _read(cl)
    if isinstance(got, list):
        return got
    if got is None:
        return otherwise()
    try:
        return otherwise()
    except CompileError:
        raise got from None


def _read(cl: Clause) -> list[Step] | CompileError | None:
    if not cl.items or any(it.used for it in cl.items):
        return None
    quoted = _ground_quoted(cl)
    try:
        return _read_grounded(cl)
    finally:
        for it in quoted:  # the other productions see the items as they were
            it.cols, it.col_score = (), 0


def _ground_quoted(cl: Clause) -> list[Item]:
    """A quoted word that is exactly a column's name (``'mpg'``, `` `pop` ``) names that column
    here: code quoting, not a value."""
    out = []
    for it in cl.items:
        if it.string is not None and not it.cols:
            name = cl.ctx.column_named(it.string)
            if name is not None:
                it.cols, it.col_score = (name,), EXACT
                out.append(it)
    return out


def _read_grounded(cl: Clause) -> list[Step] | CompileError | None:
    from . import opbuilders

    g = grammar()
    matcher = _Matcher(cl, g)
    plans: dict[str, tuple[list[Step], list[bool]]] = {}
    first_error: CompileError | None = None
    before = [it.used for it in cl.items]
    seen: set[tuple] = set()
    memo: dict[Any, Any] = {}
    clause_words = {w for it in cl.items for w in it.words}
    clause_words |= {w for it in cl.items if it.string for w in _phrase_words(it.string)}
    for rule in g.rules:
        build = getattr(opbuilders, "build_" + rule.builder)
        for pattern, needs in zip(rule.patterns, rule.needs, strict=True):
            if not all(not words.isdisjoint(clause_words) for words in needs):
                continue
            for m in matcher.fits(pattern):
                key = (rule.builder, tuple(sorted(rule.args.items(), key=str)), tuple(sorted(m.items())))
                if key in seen:
                    continue
                seen.add(key)
                match = Match(
                    cl,
                    rule,
                    slots={k: v for k, v in m.items() if k[0] not in "=~"},
                    values={k[1:]: v for k, v in m.items() if k[0] == "="},
                    said={k[1:]: v for k, v in m.items() if k[0] == "~"},
                    memo=memo,
                )
                try:
                    steps = build(match)
                    if steps:
                        _mark_used(cl, match)
                        _check_all_used(cl)
                        plans.setdefault(_plan_key(cl, steps), (steps, [it.used for it in cl.items]))
                except CompileError as exc:
                    first_error = first_error or exc
                finally:
                    for it, was in zip(cl.items, before, strict=True):
                        it.used = was
    if not plans:
        return first_error
    if len(plans) > 1:
        raise CompileError(
            "this request fits several readings; say it more precisely",
            words=[it.text for it in cl.items if it.cols],
        )
    steps, used = next(iter(plans.values()))
    for it, u in zip(cl.items, used, strict=True):
        it.used = u
    return steps


def _mark_used(cl: Clause, m: Match) -> None:
    """Every item the pattern accounted for is used, except condition items (the condition parser
    marks what it read and refuses what it could not)."""
    cond = {i for name, idx in m.slots.items() if name.startswith("cond") for i in idx}
    for i, it in enumerate(cl.items):
        if i not in cond:
            it.used = True


def _check_all_used(cl: Clause) -> None:
    from .coverage import check_coverage

    check_coverage(cl)


__all__ = ["Match", "grammar", "match_op_rules"]
