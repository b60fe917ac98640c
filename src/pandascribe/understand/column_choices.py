"""A word that names several columns becomes a choice between them, not a refusal.

"What teams do the players from TPS play for?" over a table with 'NHL team' and 'College/junior/club
team' cannot be settled from the words: either column fits. Refusing with the two names as hints
makes the user retype the request; guessing one is a silent wrong answer half the time. The issue's
rule is to offer the readings: here each reading is the same request with the word replaced by one
column's exact name, so every choice's ``request`` is a sentence that compiles to that reading and
nothing else (the compiler checks the round trip, :func:`pandascribe.compiler._ambiguous`).

A candidate whose rephrasing does not compile (the column does not fit the sentence: a text column
under "the average …") is no reading and is left out; when none is left the original refusal stands.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..errors import AmbiguousPlans, CompileError, SeveralColumns
from ..plan import Plan

_PLAIN = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


def _named(column: str) -> str:
    """How a rephrased request names a column: as written when it is a plain identifier, in
    backticks (the normalise layer's code quoting) otherwise."""
    return column if _PLAIN.match(column) else f"`{column}`"


def _span(request: str, exc: SeveralColumns) -> tuple[int, int] | None:
    word = exc.words[0] if exc.words else ""
    for a, b in exc.spans:
        if request[a:b].lower() == word.lower():
            return a, b
    found = re.search(r"(?<!\w)" + re.escape(word) + r"(?!\w)", request, flags=re.IGNORECASE)
    return found.span() if found else None


def column_readings(exc: SeveralColumns, request: str, plan_for: Callable[[str], Plan]) -> CompileError:
    """The error to raise for ``exc``: :class:`AmbiguousPlans` with one reading per candidate
    column whose rephrased request plans (``plan_for``), or ``exc`` itself when none does."""
    span = _span(request, exc)
    if span is None:
        return exc
    a, b = span
    readings: list[tuple[str, Plan, str]] = []
    for column in exc.columns:
        rephrased = request[:a] + _named(column) + request[b:]
        try:
            plan = plan_for(rephrased)
        except CompileError:
            continue
        if all(plan != p for _, p, _ in readings):
            readings.append((rephrased, plan, f"'{request[a:b]}' read as {column}"))
    if not readings:
        return exc
    return AmbiguousPlans(exc.message, readings, words=exc.words, spans=(span,))
