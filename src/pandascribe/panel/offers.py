"""What the panel offers after a refusal: fix buttons (put a close match in place of the words an
error is about) and choice buttons (one per reading of an ambiguous request).

Where a fix goes, in order of trust:

1. the error's ``spans`` — character offsets of the words it is about, given by the compiler —
   replaced exactly when the suggestion is a close match of the span's text (of several spans,
   the one most like the suggestion): "'total' of which column?" spans ``total`` but its
   suggestions are columns to name, not replacements for it;
2. else one of its ``words``, when the suggestion is a close match of it (``yeer`` → ``year``);
3. else the request's own word that the suggestion is a close match of: an error about ``'total'
   of which column?`` suggesting ``year`` fixes ``yeer``, never ``total``.

No place found → no button (the suggestions are still listed in the message). "Close" is the
cutoff :func:`pandascribe.errors.closest` uses for its did-you-mean, so a button appears exactly
when the suggestion could have been a did-you-mean for the word it replaces.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Sequence
from typing import Any

import ipywidgets as w

#: the similarity a suggestion needs to the word it replaces (difflib ratio, as in ``closest``)
CLOSE = 0.6
#: fix buttons shown at most
MAX_FIXES = 5


def _norm(text: str) -> str:
    return " ".join(text.lower().replace("_", " ").split())


def similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, _norm(a), _norm(b)).ratio()


def _replace(request: str, start: int, end: int, suggestion: str) -> str:
    return request[:start] + suggestion + request[end:]


def fix_place(
    request: str, suggestion: str, *, words: Sequence[str] = (), spans: Sequence[tuple[int, int]] = ()
) -> tuple[int, int] | None:
    """The ``(start, end)`` of ``request`` that ``suggestion`` should replace, or None."""
    inside = [
        (a, b)
        for a, b in spans
        if 0 <= a < b <= len(request) and similarity(request[a:b], suggestion) >= CLOSE
    ]
    if inside:
        return max(inside, key=lambda s: similarity(request[s[0] : s[1]], suggestion))  # first on ties
    for word in words:
        if similarity(word, suggestion) < CLOSE:
            continue
        m = re.search(rf"(?<!\w){re.escape(word)}(?!\w)", request, re.IGNORECASE)
        if m:
            return m.start(), m.end()
    scored = [
        (similarity(m.group(), suggestion), -m.start(), m)
        for m in re.finditer(r"\w+", request)
        if _norm(m.group()) != _norm(suggestion)
    ]
    best = max(scored, key=lambda s: s[:2], default=None)
    if best is None or best[0] < CLOSE:
        return None
    return best[2].start(), best[2].end()


def fixed_request(
    request: str, suggestion: str, *, words: Sequence[str] = (), spans: Sequence[tuple[int, int]] = ()
) -> str | None:
    """``request`` with ``suggestion`` in place of the words the error is about, or None."""
    place = fix_place(request, suggestion, words=words, spans=spans)
    return None if place is None else _replace(request, *place, suggestion)


def _button(label: str, icon: str, tooltip: str) -> w.Button:
    return w.Button(description=label, icon=icon, tooltip=tooltip, layout=w.Layout(width="auto"))


def fix_buttons(
    request: str, error: Any, use: Callable[[str], None], *, max_buttons: int = MAX_FIXES
) -> tuple[w.Button, ...]:
    """One button per suggestion of ``error`` that has a place in ``request``; a click calls
    ``use`` with the fixed request."""
    words, spans = tuple(getattr(error, "words", ())), tuple(getattr(error, "spans", ()))
    buttons = []
    for suggestion in tuple(getattr(error, "suggestions", ()))[:max_buttons]:
        place = fix_place(request, suggestion, words=words, spans=spans)
        if place is None:
            continue
        fixed = _replace(request, *place, suggestion)
        button = _button(
            f"use {suggestion}",
            "magic",
            f"Replace {request[place[0] : place[1]]!r} with {suggestion!r} and compile",
        )
        button.on_click(lambda _b, fixed=fixed: use(fixed))
        buttons.append(button)
    return tuple(buttons)


def choice_buttons(choices: Sequence[Any], use: Callable[[int], None]) -> tuple[w.Button, ...]:
    """One button per reading, numbered from 1 as the magic and the CLI number them; a click calls
    ``use`` with that number."""
    buttons = []
    for n, choice in enumerate(choices, 1):
        button = _button(f"{n}. {choice.paraphrase}", "check", f"Use this reading — say: {choice.request}")
        button.add_class("pandascribe-choice")
        button.on_click(lambda _b, n=n: use(n))
        buttons.append(button)
    return tuple(buttons)
