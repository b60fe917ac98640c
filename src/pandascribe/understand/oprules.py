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

* :class:`.context.Clause` — ``.items``, ``.ctx.schemas``, ``.ctx.source``,
  ``.ctx.column_named()``;
* :class:`.items.Item` — ``words``, ``text``, ``cols``, ``col_score``, ``vals``, ``num``,
  ``string``, ``sym``, ``kws`` / ``kw()``, ``filler``, ``rownoun``, ``frame``, ``month``,
  ``datepart``, ``used``;
* :data:`.ground.CORE_WORDS` (the score from which a word *is* a column and no operation word)
  and :data:`.ground.EXACT`;
* :func:`.coverage.check_coverage` (run on every fit that builds).

The builders (:mod:`.opbuilders`) list theirs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..errors import CompileError
from ..plan import Plan, Step
from .context import Clause
from .ground import EXACT
from .items import Item
from .opgrammar import Match, _phrase_words, grammar
from .opmatch import _Matcher

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
                match = Match.from_fit(cl, rule, m, memo)
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
