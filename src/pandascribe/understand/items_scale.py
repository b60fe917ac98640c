"""A number said with a scale word: "10.73 million viewers", "over 3 million", "2.5 thousand".

Tables of counts often store them in a scale their header names: "U.S. viewers (millions)" holds
10.73 for 10.73 million viewers. A number followed by a scale word (data/scales.toml) becomes one
number item: the number as said when the clause names a column counted in that scale (its name's
unit suffix is the scale's plural), else the number times the scale ("population over 3 million"
is 3000000). Runs on finished items, like :mod:`items_numbers`.
"""

from __future__ import annotations

import functools
import tomllib

from ..schema import FrameSchema
from .items import Item
from .lexicon import _read


@functools.cache
def _scales() -> dict[str, tuple[int, str]]:
    t = tomllib.loads(_read("scales.toml"))["SCALES"]
    return {w: (int(e["factor"]), str(e["plural"])) for w, e in t.items()}


def _scaled_columns(items: list[Item], schema: FrameSchema) -> set[str]:
    """The scale plurals of the columns the clause names ("millions" for "Viewers (millions)")."""
    from .ground import _forms

    named = {c for it in items for c in it.cols}
    return {u for c in schema.names if c in named and (u := _forms(c).unit) is not None}


def merge_scales(items: list[Item], schema: FrameSchema) -> list[Item]:
    """Join "NUMBER SCALE" into one number item, scaled unless a named column is in that scale."""
    scales = _scales()
    if not any(len(it.words) == 1 and it.words[0].lower() in scales for it in items):
        return items
    in_scale = _scaled_columns(items, schema)
    out: list[Item] = []
    for it in items:
        prev = out[-1] if out else None
        word = it.words[0].lower() if len(it.words) == 1 else ""
        if prev is not None and prev.num is not None and not prev.cols and word in scales and not it.cols:
            factor, plural = scales[word]
            if plural not in in_scale:
                value = prev.num * factor
                prev.num = int(value) if float(value).is_integer() else value
            prev.end, prev.text, prev.words = it.end, prev.text + " " + it.text, (*prev.words, word)
            continue
        out.append(it)
    return out


__all__ = ["merge_scales"]
