"""Text that is safe to show or store: secrets masked, terminal control sequences removed.

Anything that came from a model server (an error message, a refusal, a model name, a reply quoted
in a problem list) may echo the API key, whole or in part, and may carry ANSI escape sequences that
repaint a terminal or a notebook's output. Every message built from such text goes through
:func:`shown`; the two halves are public so other code (the doctor, the history) can call them.

* :func:`mask` replaces the secret and every run of at least :data:`MIN_SECRET_RUN` characters
  copied from it (servers echo keys with the middle starred out, or cut) by ``****``.
* :func:`clean` removes ANSI/VT escape sequences (CSI, OSC, single-character escapes), C0/C1
  control characters and bidirectional-override characters, turns line breaks and tabs into
  spaces, and replaces lone surrogates (which cannot be encoded for a terminal) by U+FFFD.
"""

from __future__ import annotations

import re

#: A run of this many characters copied from the secret is masked (shorter runs are too common in
#: ordinary text to mean anything: "sk-proj-" alone is 8 characters of every OpenAI project key,
#: and is masked too, which costs nothing).
MIN_SECRET_RUN = 8
MASK = "****"

# ESC [ params intermediates final | ESC ] ... (BEL | ESC \) | ESC P/X/^/_ ... ESC \ | ESC + one char;
# the 8-bit CSI (U+009B) and OSC (U+009D) introducers as well.
_ESCAPES = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"
    r"|(?:\x1b\]|\x9d)[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[PX^_][^\x1b]*(?:\x1b\\)?"
    r"|\x1b[ -/]*[0-~]?"
)
_BREAKS = re.compile(r"[\t\n\r\v\f\x85\u2028\u2029]+")
# C0 and C1 controls, DEL, bidi embeddings/overrides/isolates, and zero-width joiners' cousins that
# can hide text (U+200B..U+200F, U+2060..U+2064, U+FEFF).
_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")
_SURROGATES = re.compile(r"[\ud800-\udfff]")


def clean(text: str) -> str:
    """``text`` on one line with no escape sequence or control character left in it."""
    text = _ESCAPES.sub("", str(text))
    text = _BREAKS.sub(" ", text)
    text = _CONTROLS.sub("", text)
    return _SURROGATES.sub("\ufffd", text)


def _runs(secret: str) -> set[str]:
    n = MIN_SECRET_RUN
    return {secret[i : i + n] for i in range(len(secret) - n + 1)}


def mask(text: str, secret: str | None) -> str:
    """``text`` with ``secret`` and every run of at least :data:`MIN_SECRET_RUN` of its characters
    (a contiguous piece of it) replaced by ``****``. A secret shorter than that is masked whole."""
    if not secret or not text:
        return text
    text = text.replace(secret, MASK)
    n = MIN_SECRET_RUN
    if len(secret) < n or len(text) < n:
        return text
    pieces = _runs(secret)
    covered = [False] * len(text)
    hit = False
    for i in range(len(text) - n + 1):
        if text[i : i + n] in pieces:
            hit = True
            for j in range(i, i + n):
                covered[j] = True
    if not hit:
        return text
    out: list[str] = []
    i = 0
    while i < len(text):
        if covered[i]:
            while i < len(text) and covered[i]:
                i += 1
            out.append(MASK)
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def contains_secret(text: str, secret: str | None) -> bool:
    """True when ``text`` holds ``secret`` or a run of it that :func:`mask` would hide."""
    return bool(secret) and mask(text, secret) != text


def shown(text: str, secret: str | None = None) -> str:
    """What may be shown to the user or stored: :func:`mask` after :func:`clean` (cleaning first, so
    an escape sequence cannot split a key into pieces that each look harmless)."""
    return mask(clean(text), secret)
