"""One exception root for everything pandascribe raises on purpose.

Callers catch :class:`PandascribeError` to handle any of our failures without also swallowing
programming errors; the subclasses carry structured data (suggestions, issues) so that no caller
ever has to parse an exception's text.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple


class PandascribeError(Exception):
    """Root of every error pandascribe raises deliberately."""


class CompileError(PandascribeError):
    """The request could not be turned into a valid plan.

    ``words`` names the part of the request that was not understood (when known), ``spans`` the
    character offsets ``(start, end)`` of those words in the request (when known, so a fix button
    replaces exactly them), and ``suggestions`` lists close matches, so a UI can offer them as
    buttons.
    """

    def __init__(
        self,
        message: str,
        *,
        words: Sequence[str] = (),
        suggestions: Sequence[str] = (),
        spans: Sequence[tuple[int, int]] = (),
    ):
        self.words = tuple(words)
        self.suggestions = tuple(suggestions)
        self.spans = tuple(spans)
        text = message
        if self.suggestions and "did you mean" not in message.lower():
            text += "; did you mean " + " or ".join(repr(s) for s in self.suggestions) + "?"
        super().__init__(text)
        self.message = text


class SeveralColumns(CompileError):
    """A word of the request names several columns equally well ("teams" → 'NHL team' or 'College
    team'). The rules backend turns it into choices by naming each column in turn
    (:mod:`pandascribe.understand.column_choices`); ``columns`` are the candidates."""

    def __init__(self, word: str, columns: Sequence[str]):
        self.columns = tuple(columns)
        super().__init__(f"'{word}' could mean several columns", words=[word], suggestions=self.columns)


class PlanValidationError(CompileError):
    """A plan does not fit the frames' schema; ``issues`` lists every problem at once."""

    def __init__(self, issues: Sequence[object]):
        self.issues = tuple(issues)
        lines = [str(i) for i in self.issues]
        suggestions = tuple(s for i in self.issues for s in getattr(i, "suggestions", ()))
        super().__init__("; ".join(lines) if lines else "invalid plan", suggestions=())
        self.suggestions = suggestions


class Choice(NamedTuple):
    """One reading of an ambiguous request: what it means in English, a rephrased request that
    compiles to exactly this reading (byte-identical code on a rerun), and its compiled Transform."""

    paraphrase: str
    request: str
    transform: Any


class AmbiguousRequest(CompileError):
    """The request has several equally good readings that give different results.

    ``choices`` lists them (each a :class:`Choice`, which unpacks as ``(paraphrase, request,
    transform)``); pick one by compiling its ``request`` or using its ``transform``. Refusing with
    choices is better than guessing one silently."""

    def __init__(self, message: str, choices: Sequence[Choice], *, words: Sequence[str] = (), spans=()):
        self.choices = tuple(choices)
        lines = [message] + [
            f"  {n}. {c.paraphrase}  — say: {c.request}" for n, c in enumerate(self.choices, 1)
        ]
        super().__init__("\n".join(lines), words=words, spans=spans)


class AmbiguousPlans(CompileError):
    """Raised by a backend: several readings, each a ``(request, plan, note)``; the compiler turns it
    into :class:`AmbiguousRequest` with a Transform per reading (backends never generate code)."""

    def __init__(self, message: str, readings: Sequence[tuple[str, Any, str]], *, words=(), spans=()):
        self.readings = tuple(readings)
        super().__init__(message, words=words, spans=spans)


class BackendError(CompileError):
    """A model backend failed (unreachable, timed out, budget spent, bad reply).

    Its text usually quotes a server, so it is cleaned here, once, for every caller: escape
    sequences and control characters removed, one line (:func:`pandascribe.redact.clean`). The
    backend masks its API key before building one (:func:`pandascribe.redact.mask`)."""

    def __init__(self, message: str, *, words: Sequence[str] = (), suggestions: Sequence[str] = ()):
        from .redact import clean

        super().__init__(clean(message), words=words, suggestions=tuple(clean(s) for s in suggestions))


class SettingsError(PandascribeError):
    """A PANDASCRIBE_* setting has a value we cannot accept."""


class HistoryError(PandascribeError):
    """The history store could not be used (reported once; work goes on without it)."""


def closest(word: str, candidates: Sequence[str], n: int = 3, cutoff: float = 0.6) -> list[str]:
    """Close matches for a did-you-mean, ignoring case and underscores."""
    import difflib

    norm = {c.lower().replace("_", " "): c for c in candidates}
    hits = difflib.get_close_matches(word.lower().replace("_", " "), list(norm), n=n, cutoff=cutoff)
    return [norm[h] for h in hits]
