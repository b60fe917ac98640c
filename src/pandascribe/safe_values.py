"""Distinct text values that are safe to ground on, from any column a user may hand us.

An object column can hold what no text pipeline accepts: a lone surrogate (``"\\ud800"``, which
UTF-8 cannot encode, so pandas' ``astype(str)`` → Arrow raises ``UnicodeEncodeError``) or raw
bytes (``b"\\xff"``, which it tries to decode and raises ``UnicodeDecodeError``). Such values are
skipped for grounding (a request cannot name them anyway, and the emitted code never needs them);
every other value is counted as before.
"""

from __future__ import annotations

import pandas as pd


def _usable(value: object) -> bool:
    if isinstance(value, bytes | bytearray | memoryview):
        return False
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return False
    return True


def text_value_counts(sample: pd.Series) -> pd.Series:
    """``sample``'s non-missing values as text, counted, most common first — without the values
    that cannot be text (see the module docstring). The fast path is pandas' own."""
    present = sample.dropna()
    try:
        return present.astype(str).value_counts(sort=True)
    except (UnicodeError, TypeError, ValueError):
        values = present.astype(object)
        kept = values[[_usable(v) for v in values]]
        return kept.astype(str).value_counts(sort=True)
