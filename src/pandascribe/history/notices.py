"""Warnings about the history, each shown once per process: a notebook should not fill with the
same complaint on every request."""

from __future__ import annotations

import warnings

_WARNED: set[str] = set()


class HistoryWarning(UserWarning):
    """History was turned off or a corrupt file was moved aside (shown once per file)."""


def warn_once(key: str, message: str) -> None:
    """Warn about ``key`` only the first time in this process (a notebook should not fill with
    the same complaint on every request)."""
    if key in _WARNED:
        return
    _WARNED.add(key)
    warnings.warn(message, HistoryWarning, stacklevel=3)
