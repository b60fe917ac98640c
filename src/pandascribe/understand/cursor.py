"""A cursor over a clause's items that can look ahead, take, and roll back what it took."""

from __future__ import annotations

from .context import Clause
from .items import Item


class ItemCursor:
    """Walks a list of item indexes in request order, skipping items already used."""

    def __init__(self, cl: Clause, idx: list[int]):
        self.cl = cl
        self.idx = idx
        self.k = 0
        self.last_col: str | None = None  # "price more than 100 but less than 200": the column in play

    def _cur(self) -> Item | None:
        while self.k < len(self.idx) and self.cl.items[self.idx[self.k]].used:
            self.k += 1
        return self.cl.items[self.idx[self.k]] if self.k < len(self.idx) else None

    def _pos(self) -> int:
        return self.idx[self.k]

    def _take(self) -> Item:
        it = self.cl.items[self.idx[self.k]]
        it.used = True
        self.k += 1
        return it

    def _save(self) -> tuple[int, list[bool]]:
        return self.k, [self.cl.items[i].used for i in self.idx]

    def _restore(self, state: tuple[int, list[bool]]) -> None:
        self.k = state[0]
        for i, used in zip(self.idx, state[1], strict=True):
            self.cl.items[i].used = used

    def _k_pos(self, item: Item) -> int:
        """The clause index of an item the cursor can see."""
        return self.cl.items.index(item)

    def _peek(self, ahead: int = 1) -> Item | None:
        j, seen = self.k, -1
        while j < len(self.idx):
            if not self.cl.items[self.idx[j]].used:
                seen += 1
                if seen == ahead:
                    return self.cl.items[self.idx[j]]
            j += 1
        return None

    def _k_of(self, item: Item) -> int:
        for k in range(self.k, len(self.idx)):
            if self.cl.items[self.idx[k]] is item:
                return k
        return self.k
