"""A small per-frame-object cache for schema readers of immutable frames (polars, Spark).

Polars and Spark frames are not edited in place by the operations users run on them (each returns
a new frame), so a frame object's schema can be kept for as long as the object lives: the cache is
keyed by ``id`` and holds a weak reference, so it never keeps a large frame alive and an id reused
by a new object is never mistaken for the old one.
"""

from __future__ import annotations

import weakref
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from ..schema import FrameSchema

_SIZE = 64


class FrameCache:
    """name × frame object → schema, least recently used dropped first."""

    def __init__(self) -> None:
        self._items: OrderedDict[tuple[str, int], tuple[Any, FrameSchema]] = OrderedDict()

    def get(self, name: str, frame: Any, build: Callable[[], FrameSchema], extra: tuple = ()) -> FrameSchema:
        key = (name, id(frame), *extra)
        hit = self._items.get(key)
        if hit is not None and hit[0]() is frame:
            self._items.move_to_end(key)
            return hit[1]
        schema = build()
        try:
            ref: Any = weakref.ref(frame)
        except TypeError:  # not weak-referenceable: keep no entry rather than keep the frame alive
            return schema
        self._items[key] = (ref, schema)
        while len(self._items) > _SIZE:
            self._items.popitem(last=False)
        return schema
