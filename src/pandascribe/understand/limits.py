"""How long a request may be, checked before any parsing.

A request is a sentence or a short paragraph; nobody types 2,000 words into a notebook cell to
ask for a transform. Refusing longer input at once, with one clear line, bounds the work of every
later layer (a chart of readings grows with the number of words) and so bounds the time a
pasted document can take: counting words is linear and stops being done at the limit.
"""

from __future__ import annotations

import re

from ..errors import CompileError

#: the most words a request may have (documented in docs/usage.md and SECURITY.md)
MAX_WORDS = 2000
#: the most characters: 2,000 words of ordinary English are about 12,000 characters
MAX_CHARS = 20_000

_WORD = re.compile(r"\S+")


def check_request_size(request: str) -> None:
    """Raise :class:`CompileError` for a request over :data:`MAX_CHARS` characters or
    :data:`MAX_WORDS` words; linear in the request's length, whatever it holds."""
    if len(request) > MAX_CHARS:
        raise CompileError(
            f"the request is {len(request):,} characters long; the limit is {MAX_CHARS:,} "
            f"(about {MAX_WORDS:,} words): ask for one transform at a time"
        )
    for words, _ in enumerate(_WORD.finditer(request), start=1):
        if words > MAX_WORDS:
            raise CompileError(
                f"the request has more than {MAX_WORDS:,} words; ask for one transform at a time"
            )


__all__ = ["MAX_CHARS", "MAX_WORDS", "check_request_size"]
