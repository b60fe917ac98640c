"""What every text field goes through before it is written to the history file.

Two jobs, both defence in depth:

- **Any code point can be stored.** SQLite text is UTF-8; a lone surrogate (``"\\ud800"``, which a
  notebook can hold) cannot be encoded and made the write raise. Such characters are stored
  *escaped* (``\\ud800`` as six visible characters), everything else unchanged.
- **Never the API key.** The configured key — and any run of ``MIN_SECRET_RUN`` or more characters
  of it, as a server error echoing most of a key would hold — is replaced by ``****`` in every
  field, whatever path the text came by (an error message, a plan naming a column after the key).

The masking itself is :mod:`pandascribe.redact`'s, shared with the model backend's messages.
"""

from __future__ import annotations

import os
from collections.abc import Iterable

from ..redact import MASK, MIN_SECRET_RUN, mask

#: Keys shorter than this are masked only where they appear whole (a 3-letter "key" would
#: otherwise blank every occurrence of those letters).
_MIN_SECRET_LEN = 4


def safe_text(text: str) -> str:
    """``text`` with every character UTF-8 cannot encode (lone surrogates) written as a
    ``\\uXXXX`` escape; text that encodes is returned unchanged."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text


def mask_secrets(text: str, secrets: Iterable[str]) -> str:
    """``text`` with each secret (and each long run of a secret's characters) replaced by
    ``****`` — :func:`pandascribe.redact.mask`, the one masking rule of the package, applied per
    secret; secrets shorter than ``_MIN_SECRET_LEN`` are left alone (they would blank ordinary
    words)."""
    for secret in secrets:
        if secret and len(secret) >= _MIN_SECRET_LEN:
            text = mask(text, secret)
    return text


def configured_secrets() -> tuple[str, ...]:
    """The API keys pandascribe may hold right now: ``PANDASCRIBE_OPENAI_API_KEY`` (through the
    validated settings) and ``OPENAI_API_KEY``."""
    found: list[str] = []
    try:
        from ..settings import get_settings

        key = get_settings().openai_api_key
    except Exception:  # bad settings are reported elsewhere; still mask what the environment holds
        key = None
    if key is not None:
        found.append(key.get_secret_value())
    for var in ("PANDASCRIBE_OPENAI_API_KEY", "OPENAI_API_KEY"):
        value = os.environ.get(var)
        if value:
            found.append(value)
    return tuple(dict.fromkeys(s.strip() for s in found if s.strip()))


def clean(text: str | None, secrets: Iterable[str]) -> str | None:
    """One stored text field: escaped so it encodes, then secrets masked."""
    if text is None:
        return None
    return mask_secrets(safe_text(str(text)), secrets)


__all__ = ["MASK", "MIN_SECRET_RUN", "clean", "configured_secrets", "mask_secrets", "safe_text"]
