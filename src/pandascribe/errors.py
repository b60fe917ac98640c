"""One exception root for everything pandascribe raises on purpose.

Callers catch :class:`PandascribeError` to handle any of our failures without also swallowing
programming errors; the subclasses carry structured data (suggestions, issues) so that no caller
ever has to parse an exception's text.
"""

from __future__ import annotations

from collections.abc import Sequence


class PandascribeError(Exception):
    """Root of every error pandascribe raises deliberately."""


class CompileError(PandascribeError):
    """The request could not be turned into a valid plan.

    ``words`` names the part of the request that was not understood (when known) and
    ``suggestions`` lists close matches, so a UI can offer them as buttons.
    """

    def __init__(self, message: str, *, words: Sequence[str] = (), suggestions: Sequence[str] = ()):
        self.words = tuple(words)
        self.suggestions = tuple(suggestions)
        text = message
        if self.suggestions and "did you mean" not in message.lower():
            text += "; did you mean " + " or ".join(repr(s) for s in self.suggestions) + "?"
        super().__init__(text)
        self.message = text


class PlanValidationError(CompileError):
    """A plan does not fit the frames' schema; ``issues`` lists every problem at once."""

    def __init__(self, issues: Sequence[object]):
        self.issues = tuple(issues)
        lines = [str(i) for i in self.issues]
        suggestions = tuple(s for i in self.issues for s in getattr(i, "suggestions", ()))
        super().__init__("; ".join(lines) if lines else "invalid plan", suggestions=())
        self.suggestions = suggestions


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
