"""What a ``%%transform`` is about: the frames its SOURCE names resolve to, the request of its
one-line form, and the one-line message of a request that did not compile.

Kept apart from :mod:`.magics` because this is the magic's input checking, all of it raising
IPython's ``UsageError`` (a short message, no traceback) with what to write instead: the only
frame when none is named, a close match for a misspelt one, the frames that are defined.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from IPython.core.error import UsageError

from .errors import PandascribeError, closest

if TYPE_CHECKING:
    import pandas as pd


def _dataframes(ns: Mapping[str, Any]) -> dict[str, pd.DataFrame]:
    """The user's DataFrames (pandas, polars or Spark) by name (IPython's ``_``, ``_1``, ``Out`` …
    are not the user's)."""
    from .engines import engine_of

    return {k: v for k, v in ns.items() if not k.startswith("_") and engine_of(v) is not None}


def _listing(names: list[str]) -> str:
    return ", ".join(sorted(names)) if names else "(none)"


def resolve_sources(ns: Mapping[str, Any], names: list[str]) -> dict[str, pd.DataFrame]:
    """SOURCE names → frames, the source first; no names: the only DataFrame in ``ns``."""
    frames = _dataframes(ns)
    if not names:
        if len(frames) == 1:
            return frames
        if not frames:
            raise UsageError("there is no DataFrame in the namespace: load one first, then %%transform NAME")
        raise UsageError(
            f"several DataFrames are defined ({_listing(list(frames))}): name the one the request is "
            f"about, e.g. %%transform {sorted(frames)[0]}"
        )
    out: dict[str, pd.DataFrame] = {}
    for name in names:
        if name in frames:
            out[name] = frames[name]
            continue
        if name in ns:
            raise UsageError(f"{name!r} is not a pandas DataFrame (it is a {type(ns[name]).__name__})")
        hint = closest(name, list(frames))
        maybe = f"; did you mean {' or '.join(map(repr, hint))}?" if hint else ""
        raise UsageError(f"no DataFrame named {name!r}{maybe} (DataFrames defined: {_listing(list(frames))})")
    return out


def split_line_form(line: str) -> tuple[str, str]:
    """``%transform flights -o late: rows where …`` → (``flights -o late``, ``rows where …``)."""
    head, sep, tail = line.partition(":")
    if not sep or not tail.strip():
        raise UsageError("write the one-line form as  %transform SOURCE: request  (or use %%transform)")
    return head, tail.strip()


def error_message(exc: PandascribeError) -> str:
    text = str(exc)
    words = getattr(exc, "words", ())
    if words and not any(w in text for w in words):
        text += f" (not understood: {', '.join(map(repr, words))})"
    return f"pandascribe could not compile this request: {text}"
