"""Readings: every way of taking the ambiguous spans of a clause, parsed and ranked.

The span layer (:mod:`items`) keeps all the meanings a span may have. Most spans have one, but
some are *choice points*: a word that names two columns equally well ("class" with ``Pclass``
and ``class``), a word that is a column and also a yes/no test ("survived", "smokers"). For every
combination of alternatives at those points (bounded), the clause productions run on a fresh copy
of the items; each reading that parses is scored by the grounding tiers it rests on, and implausible
plans (the number of distinct values of a yes/no column) are dropped. The best score wins; when
several best readings build different plans, the request is ambiguous and the caller offers them
as choices, each with a rephrased request that says the reading explicitly.

Lower scores are better. The tiers, one per meaning chosen at a choice point:
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Callable
from dataclasses import dataclass

from ..plan import Aggregate, ScalarAgg, Step
from ..schema import FrameSchema
from .ground import CORE_WORDS, INITIALISM, PLURAL
from .items import Item

#: tier of each kind of meaning (0 best): a column named in full, by a plural or lemma, by a
#: synonym or initialism, by a part or prefix of its name; an unknown word left to the rows
T_EXACT, T_LEMMA, T_SYNONYM, T_PART, T_GUESS = 0, 1, 2, 3, 5
MAX_POINTS = 4  # choice points considered per clause (the first ones); the rest keep their default
MAX_READINGS = 16


@dataclass(frozen=True)
class Alt:
    """One way to take the item at ``index``: ``apply`` restricts its meanings in place."""

    index: int
    tier: int
    apply: Callable[[Item], None]
    say: str | None  # how to write this reading explicitly (None: as the user wrote it)
    note: str = ""  # a guess the reading rests on, named in the explanation


@dataclass(frozen=True)
class Reading:
    """A parsed reading of one clause."""

    steps: tuple[Step, ...]
    score: int
    edits: tuple[tuple[int, int, str], ...]  # (item index, ..) rephrasings as (start, end, text) offsets
    notes: tuple[str, ...]


def column_tier(it: Item) -> int:
    """The tier of an item's column meaning, from its grounding score."""
    if not it.cols:
        return T_GUESS
    if it.col_score >= CORE_WORDS:
        return T_EXACT
    if it.col_score >= PLURAL:
        return T_LEMMA
    if it.col_score >= INITIALISM - 10:
        return T_SYNONYM
    return T_PART


def _keep_column(col: str) -> Callable[[Item], None]:
    def apply(it: Item) -> None:
        it.cols, it.preds = (col,), ()

    return apply


def _as_test(it: Item) -> None:
    it.vals, it.cols, it.col_score, it.preds, it.rownoun = it.preds, (), 0, (), False


def _no_test(it: Item) -> None:
    it.preds = ()


def choice_points(items: list[Item]) -> list[list[Alt]]:
    """The alternatives of every ambiguous item; the first alternative of each is its default
    (a value of several columns: :mod:`readings_values`)."""
    from .readings_values import value_column_points

    points: list[list[Alt]] = []
    for i, it in enumerate(items):
        alts: list[Alt] = []
        if it.preds:
            test = it.preds[0]
            say = f"{test.column} == {test.value!r}"
            default_tier = column_tier(it)
            if it.cols == (test.column,) and it.text.lower() != test.column.lower():
                default_tier += 1  # "smokers" for a yes/no column smoker: the rows who smoke, first
            alts.append(Alt(i, default_tier, _no_test, None))
            note = "" if it.text.lower() == test.column.lower() else f"'{it.text}' read as {say}"
            alts.append(Alt(i, T_LEMMA, _as_test, f"rows where {say}", note))
        elif len(it.cols) > 1 and not it.vals:
            alts.append(Alt(i, T_EXACT, lambda _it: None, None))
            for col in it.cols:
                alts.append(Alt(i, T_EXACT + 1, _keep_column(col), col, f"'{it.text}' read as {col}"))
        if alts:
            points.append(alts)
    points += value_column_points(items)
    return points[:MAX_POINTS]


def combinations(points: list[list[Alt]]) -> list[tuple[Alt, ...]]:
    """Every combination of alternatives, default first, at most MAX_READINGS."""
    return list(itertools.islice(itertools.product(*points), MAX_READINGS))


def apply_combination(items: list[Item], combo: tuple[Alt, ...]) -> list[Item]:
    """Fresh copies of the items with each alternative applied (productions mutate items)."""
    fresh = [dataclasses.replace(it) for it in items]
    for alt in combo:
        alt.apply(fresh[alt.index])
    return fresh


def plausible(steps: tuple[Step, ...] | list[Step], schema: FrameSchema) -> bool:
    """False for a plan whose answer the schema already gives: the number of distinct values of
    a yes/no column (always 2) is never what "how many survived" asks."""
    for s in steps:
        aggs = [s] if isinstance(s, ScalarAgg) else list(s.aggs) if isinstance(s, Aggregate) else []
        for a in aggs:
            info = schema.get(a.column) if a.column else None
            if a.func == "nunique" and info is not None and info.binary is not None:
                return False
    return True
