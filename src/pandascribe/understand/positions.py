"""The grammar of rows (and cells) chosen by where they stand: "the first 10 lines", "the last five
elements", "rows 5 through 10", "the first, second, and third row", "the records with index labels
1, 2 and 8", "every row but the last", "the first observation within each firm", "the value at
[2, 0]".

The rules are data (``data/positions.toml``) in the pattern language of the operation grammar
(:mod:`.opgrammar`; its word classes — ``skip``, ``self_noun``, ``rowword``, ``first_last`` … — are
borrowed), fitted by the operation grammar's matcher with three more typed slots:

* ``<ords>`` a list of ordinals ("first", "fourth and fifth", "1st", "last");
* ``<positions>`` a list of whole numbers and ranges ("0, 1 and 2", "1 through 9 and 19-23");
* the matcher's own slots (``<num>``, ``<cols>``, ``<rows>``, ``<self>`` …).

Builders (:mod:`.posbuilders`, ``build_<builder>``) turn a fit into one or more
:class:`PosReading`; more than one when the words truly have several readings (row numbers that
may count from 0 or from 1), each with the rephrasing that says it explicitly, and the caller
offers them as choices (:class:`~pandascribe.errors.AmbiguousPlans`). A clause the rules do not
fit gives no reading here and is left to the other productions.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import CompileError
from ..plan import Plan, Step
from .context import Clause
from .ground import EXACT
from .items import Item
from .opgrammar import Grammar, Match, Slot, load_grammar
from .opmatch import Pos, _Matcher
from .posterms import number_lists, ordinal_lists
from .tokens import Token

_DATA = Path(__file__).with_name("data")


@dataclass(frozen=True)
class PosReading:
    """One reading: its steps, and — when it is one of several — how to say it explicitly
    (``say``: the slot whose words to replace, and the words) and the guess it rests on."""

    steps: tuple[Step, ...]
    say: tuple[str, str] | None = None
    note: str = ""


@lru_cache(maxsize=1)
def grammar() -> Grammar:
    """The rules of ``data/positions.toml``, with the operation grammar's word classes."""
    return load_grammar(_DATA / "positions.toml", borrow=(_DATA / "oprules.toml",))


class _PosMatcher(_Matcher):
    """The operation grammar's matcher with the position slots."""

    def slot(self, s: Slot, pos: Pos) -> Iterator[tuple[Pos, tuple[int, ...]]]:
        i, w = pos
        if s.kind == "ords":
            if w == 0:
                for _, end in ordinal_lists(self.items, i):
                    yield (end, 0), tuple(range(i, end))
        elif s.kind == "quoted":
            if w == 0 and i < self.n and self.items[i].string is not None:
                yield (i + 1, 0), (i,)
        elif s.kind == "positions":
            if w == 0:
                for _, end in number_lists(self.items, i):
                    yield (end, 0), tuple(range(i, end))
        else:
            yield from super().slot(s, pos)


def _ground_quoted(cl: Clause) -> list[Item]:
    """A quoted word that is exactly a column's name names that column (as in the operation
    grammar)."""
    out = []
    for it in cl.items:
        if it.string is not None and not it.cols:
            name = cl.ctx.column_named(it.string)
            if name is not None:
                it.cols, it.col_score = (name,), EXACT
                out.append(it)
    return out


def _bare_preposition(it: Item, g: Grammar) -> bool:
    return (
        len(it.words) == 1
        and not it.cols
        and any(len(ws) == 1 for ws, _ in g.classes["self_prep"].get(it.words[0], ()))
    )


def readings(
    cl: Clause, tokens: list[Token]
) -> list[tuple[tuple[Step, ...], tuple[tuple[int, int, str], ...], str]]:
    """Every distinct reading the position rules give the clause: (steps, rephrasings as
    (start, end, text) offsets in the request, note). Empty when no rule fits; CompileError when a
    rule fits but cannot be built (the first builder's reason)."""
    from . import posbuilders

    if not cl.items or any(it.used for it in cl.items):
        return []
    quoted = _ground_quoted(cl)
    try:
        g = grammar()
        matcher = _PosMatcher(cl, g)
        if len(cl.items) > 1 and _bare_preposition(cl.items[-1], g):
            matcher.n -= 1  # "… of `gapminder`": the frame's name was taken away, its "of" was not
        words = {w for it in cl.items for w in it.words}
        out: dict[str, tuple[tuple[Step, ...], tuple[tuple[int, int, str], ...], str]] = {}
        error: CompileError | None = None
        memo: dict[Any, Any] = {}
        for rule in g.rules:
            build = getattr(posbuilders, "build_" + rule.builder)
            for pattern, needs in zip(rule.patterns, rule.needs, strict=True):
                if not all(not ws.isdisjoint(words) for ws in needs):
                    continue
                for m in matcher.fits(pattern):
                    match = Match.from_fit(cl, rule, m, memo)
                    try:
                        got = _build(cl, build, match)
                    except CompileError as exc:
                        error = error or exc
                        continue
                    for r in got:
                        key = Plan(source=cl.ctx.source, steps=r.steps).model_dump_json()
                        out.setdefault(key, (r.steps, _edits(cl, tokens, match, r), r.note))
        if not out and error is not None:
            raise error
        if out:
            for it in cl.items:
                it.used = True
        return list(out.values())
    finally:
        for it in quoted:
            it.cols, it.col_score = (), 0


def _build(cl: Clause, build: Any, m: Match) -> list[PosReading]:
    """The fit's readings. Every item the pattern accounted for is used, except a condition's:
    the condition parser marks what it read, and a word it left unread refuses the fit."""
    from .coverage import check_coverage

    before = [it.used for it in cl.items]
    cond = {i for name, idx in m.slots.items() if name.startswith("cond") for i in idx}
    try:
        for i, it in enumerate(cl.items):
            if i not in cond:
                it.used = True
        got: list[PosReading] = build(m)
        if got:
            check_coverage(cl)
        return got
    finally:
        for it, was in zip(cl.items, before, strict=True):
            it.used = was


def _edits(cl: Clause, tokens: list[Token], m: Match, r: PosReading) -> tuple[tuple[int, int, str], ...]:
    if r.say is None or not m.slots.get(r.say[0]):
        return ()
    idx = m.slots[r.say[0]]
    first, last = cl.items[idx[0]], cl.items[idx[-1]]
    return ((tokens[first.start].start, tokens[last.end - 1].end, r.say[1]),)


__all__ = ["PosReading", "grammar", "readings"]
