"""The entity an identifier column stands for: Template_ID → "template(s)", PassengerId →
"passenger(s)".

A row noun read off an id column names rows *and* says which column identifies them, so "how many
different templates" on a documents frame with a Template_ID column counts the distinct
Template_ID values (not the rows, which would count documents).
"""

from __future__ import annotations

import functools

from ..schema import FrameSchema
from .tokens import split_words

_ID_WORDS = ("id", "ids", "key", "no", "number", "code")


def entity_columns(schema: FrameSchema) -> dict[str, str | None]:
    """Each entity noun ("poker player", "poker players") → its id column; None where two id
    columns give the same noun (then it names no one column)."""
    return _entities(tuple(c.name for c in schema.columns))


@functools.lru_cache(maxsize=256)
def _entities(names: tuple[str, ...]) -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    for name in names:
        parts = split_words(name)
        if len(parts) >= 2 and parts[-1] in _ID_WORDS and parts[-2].isalpha():
            for n in range(1, min(3, len(parts) - 1) + 1):  # Poker_Player_ID → "poker players"
                head, ent = parts[-1 - n : -2], parts[-2]
                plural = ent[:-1] + "ies" if ent.endswith("y") else ent + "s"
                for noun in (" ".join((*head, ent)), " ".join((*head, plural))):
                    out[noun] = name if out.get(noun, name) == name else None
    return out


def entity_column(schema: FrameSchema, words: tuple[str, ...]) -> str | None:
    """The id column the entity noun ``words`` stands for, or None."""
    return entity_columns(schema).get(" ".join(w.lower() for w in words))
