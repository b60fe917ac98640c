"""The matcher of the operation grammar: every way a pattern (:mod:`.opgrammar`) fits one
clause's typed items, by backtracking over word positions. Words that carry nothing (the ``skip``
class) and references to the frame itself may be passed over between elements; a slot starts and
ends on item boundaries; every item must be covered.

Internal APIs: :class:`.context.Clause` (``items``, ``ctx.schemas``, ``ctx.source``,
``ctx.column_named()``), the fields of :class:`.items.Item`, :data:`.ground.CORE_WORDS`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .context import Clause
from .ground import CORE_WORDS
from .items import Item
from .opgrammar import Alt, Cls, Grammar, Lit, Opt, Slot

_COLTAILS = frozenset({"names", "name", "values", "value", "entries", "labels", "codes", "ids", "numbers"})
_COLWORDS = frozenset({"column", "columns", "col", "cols", "field", "fields", "variable", "variables"})
_BUDGET = 4000  # matcher steps per pattern and clause: a bound, never reached by real requests

Pos = tuple[int, int]  # (item index, word offset inside the item)


#: words that name parts of a frame other than its rows: never the asker's name for the rows
#: ("how many cells" asks for rows times columns)
_FRAME_PARTS = frozenset({"cell", "cells"})


class _Matcher:
    """Fits patterns to one clause. Positions are word positions; a slot starts and ends on item
    boundaries, a word or class phrase may cover part of an item (the rest must be covered by the
    next words), and every item is covered exactly once."""

    def __init__(self, cl: Clause, g: Grammar):
        self.cl = cl
        self.g = g
        self.items = cl.items
        self.n = len(cl.items)
        self.source = cl.ctx.source
        self._skips: dict[Pos, list[Pos]] = {}
        self._phrases: dict[tuple[str, Pos, str | None], list[tuple[Pos, str, str]]] = {}
        self.steps = 0

    # ---- words
    def word(self, pos: Pos) -> str | None:
        i, w = pos
        if i >= self.n:
            return None
        return self.items[i].words[w]

    def advance(self, pos: Pos) -> Pos:
        i, w = pos
        return (i + 1, 0) if w + 1 >= len(self.items[i].words) else (i, w + 1)

    def literal_ok(self, pos: Pos) -> bool:
        """An operation word may not be a word that names a column outright ("year" on a frame
        with a year column is that column, not a calendar period)."""
        it = self.items[pos[0]]
        return not (it.cols and it.col_score >= CORE_WORDS)

    def phrase(self, name: str, pos: Pos, only: str | None = None) -> list[tuple[Pos, str, str]]:
        key = (name, pos, only)
        got = self._phrases.get(key)
        if got is None:
            got = self._phrases[key] = list(self._phrase(name, pos, only))
        return got

    def _phrase(self, name: str, pos: Pos, only: str | None) -> Iterator[tuple[Pos, str, str]]:
        first = self.word(pos)
        if first is None:
            return
        it = self.items[pos[0]]
        if it.string is not None and pos[1] == 0:  # a quoted phrase: 'category', 'datetime64[ns]'
            value = self.g.whole.get(name, {}).get(it.string.strip().lower())
            if value is not None and only in (None, value):
                yield (pos[0] + 1, 0), value, it.string
            return
        for words, value in self.g.classes.get(name, {}).get(first, ()):
            if only is not None and value != only:
                continue
            p = pos
            ok = True
            for w in words:
                if self.word(p) != w or not self.literal_ok(p):
                    ok = False
                    break
                p = self.advance(p)
            if ok:
                yield p, value, " ".join(words)

    # ---- skipping
    def skips(self, pos: Pos) -> list[Pos]:
        """Positions reachable from ``pos`` by passing over words that carry nothing here."""
        if pos in self._skips:
            return self._skips[pos]
        out = [pos]
        seen = {pos}
        k = 0
        while k < len(out):
            p = out[k]
            k += 1
            nxt = [q for q, _, _ in self.phrase("skip", p)]
            if p[1] == 0:
                nxt += list(self.self_ref(p, with_prep=True))
            for q in nxt:
                if q not in seen:
                    seen.add(q)
                    out.append(q)
        self._skips[pos] = out
        return out

    def is_self(self, it: Item) -> bool:
        src = self.source.lower()
        return (
            (it.frame == self.source and not it.cols)
            or (it.string is not None and it.string.lower() == src)
            or (len(it.words) == 1 and it.words[0] == src)
        )

    def self_ref(self, pos: Pos, with_prep: bool = False) -> Iterator[Pos]:
        """ "the dataset", "df", "the gapminder data frame", "of dataframe `df`" (item boundaries)."""
        starts = [pos]
        if with_prep:
            starts += [q for q, _, _ in self.phrase("self_prep", pos)]
        for p in starts:
            dets = [p, *(q for q, _, _ in self.phrase("self_det", p))]
            for d in dets:
                yield from self._self_nouns(d, 0)

    def _self_nouns(self, pos: Pos, count: int) -> Iterator[Pos]:
        if count >= 3 or pos[0] >= self.n:
            return
        nxt: list[Pos] = []
        if pos[1] == 0 and self.is_self(self.items[pos[0]]):
            nxt.append((pos[0] + 1, 0))
        for q, _, _ in self.phrase("self_noun", pos):
            nxt.append(q)
            if q[1] == 0 and q[0] < self.n and self._code_name(self.items[q[0]]):
                nxt.append((q[0] + 1, 0))  # "dataframe `df`", "data frame `trace_df`": its name in code
        for q in nxt:
            if q[1] == 0:
                yield q
            yield from self._self_nouns(q, count + 1)

    def _code_name(self, it: Item) -> bool:
        """A word that names nothing here and is written like a variable (``trace_df``, ``data_df``,
        ``yourdf``) — the frame's name in the asker's own code."""
        if it.cols or it.vals or it.kws or it.frame or it.num is not None or len(it.words) != 1:
            return False
        text = it.string if it.string is not None else it.text
        return text.isidentifier() and ("_" in text or text.lower().endswith("df") or it.string is not None)

    # ---- slots
    def column_item(self, i: int) -> bool:
        it = self.items[i]
        if it.cols:
            return True
        text = it.string if it.string is not None else (it.text if len(it.words) == 1 else None)
        return text is not None and self.cl.ctx.column_named(text) is not None and it.string is not None

    def slot(self, s: Slot, pos: Pos) -> Iterator[tuple[Pos, tuple[int, ...]]]:
        i, w = pos
        if w != 0 or i >= self.n:
            return
        it = self.items[i]
        kind = s.kind
        if kind in ("col", "cols"):
            yield from self.columns(i, many=kind == "cols")
        elif kind == "frame":
            if self._frame_of(it) is not None:
                yield (i + 1, 0), (i,)
        elif kind == "num":
            if isinstance(it.num, int) and not isinstance(it.num, bool) and not it.cols:
                yield (i + 1, 0), (i,)
        elif kind == "number":
            if isinstance(it.num, (int, float)) and not isinstance(it.num, bool) and not it.cols:
                yield (i + 1, 0), (i,)
        elif kind == "value":
            if (it.vals or it.string is not None or it.num is not None) and not (
                it.cols and it.col_score >= CORE_WORDS
            ):
                yield (i + 1, 0), (i,)
        elif kind == "word":
            if it.sym is None or it.string is not None:
                yield (i + 1, 0), (i,)
        elif kind == "text":
            if it.string is not None or it.num is not None:
                yield (i + 1, 0), (i,)
                return
            j = i
            while j < self.n and j < i + 4:
                cur = self.items[j]
                if cur.sym is not None or cur.string is not None or cur.num is not None:
                    break
                if cur.cols and cur.col_score >= CORE_WORDS:
                    break
                j += 1
                yield (j, 0), tuple(range(i, j))
        elif kind == "cond":
            for j in range(self.n, i, -1):
                yield (j, 0), tuple(range(i, j))
        elif kind == "rows":
            if (
                (it.rownoun and not (it.cols and it.col_score >= CORE_WORDS))
                or self._is_rowword(it)
                or self._unknown_noun(it)
            ):
                yield (i + 1, 0), (i,)
        elif kind == "agg":
            if it.kw("agg") and not (it.cols and it.col_score >= CORE_WORDS):
                yield (i + 1, 0), (i,)
        elif kind == "self":
            for q in self.self_ref(pos, with_prep=False):
                yield q, tuple(range(i, q[0]))
        else:  # pragma: no cover - a typo in the rule table
            raise ValueError(f"unknown slot kind {kind!r}")

    def columns(self, i: int, many: bool) -> Iterator[tuple[Pos, tuple[int, ...]]]:
        """ "X", "column X", "the X column", "columns A, B and C": the column items bound, the
        words around them covered."""
        if i < self.n and self.is_colword(i) and i + 1 < self.n and self.column_item(i + 1):
            i += 1
        if not self.column_item(i):
            return
        got = [i]
        found = [tuple(got)]
        j = i + 1
        while many and j < self.n:
            sep = self.items[j]
            k = j + 1
            if sep.sym in (",", "&") or sep.words in (("and",), (",",)):
                if k < self.n and self.items[k].words == ("and",):
                    k += 1
                if k < self.n and self.column_item(k):
                    got.append(k)
                    found.append(tuple(got))
                    j = k + 1
                    continue
            break
        for idx in reversed(found):  # the longest list first
            end = idx[-1] + 1
            if end < self.n and (self.is_colword(end) or self.is_coltail(end)):
                yield (end + 1, 0), idx
            yield (end, 0), idx

    def is_coltail(self, i: int) -> bool:
        """ "country names", "order ids", "state codes": a noun for the column's values."""
        it = self.items[i]
        return not it.cols and not it.vals and len(it.words) == 1 and it.words[0] in _COLTAILS

    def is_colword(self, i: int) -> bool:
        it = self.items[i]
        return not it.cols and len(it.words) == 1 and it.words[0] in _COLWORDS

    @staticmethod
    def _unknown_noun(it: Item) -> bool:
        """A word that names nothing in the data, in a row-noun slot ("are there channels in
        Italian", "is every channel …"): the asker's name for the rows. What follows must still
        read as a complete condition, so a typo'd column name is refused there."""
        w = it.words[0]
        return (
            len(it.words) == 1
            and w.isalpha()
            and len(w) >= 4
            and w not in _FRAME_PARTS
            and not (it.cols or it.vals or it.kws or it.filler or it.num is not None or it.string)
            and it.month is None
            and it.datepart is None
        )

    def _is_rowword(self, it: Item) -> bool:
        return len(it.words) == 1 and any(
            len(ws) == 1 for ws, _ in self.g.classes["rowword"].get(it.words[0], ())
        )

    def _frame_of(self, it: Item) -> str | None:
        schemas = self.cl.ctx.schemas
        if it.frame is not None and it.frame in schemas and not (it.cols and it.col_score >= CORE_WORDS):
            return it.frame
        text = it.string if it.string is not None else (it.text if len(it.words) == 1 else None)
        if text is not None and text in schemas:
            return text
        return None

    # ---- sequences
    def seq(
        self, elems: tuple[Any, ...], k: int, pos: Pos, m: dict[str, Any]
    ) -> Iterator[tuple[Pos, dict[str, Any]]]:
        self.steps += 1
        if self.steps > _BUDGET:
            return
        if k == len(elems):
            yield pos, m
            return
        e = elems[k]
        for p in self.skips(pos):
            for q, m2 in self.elem(e, p, m):
                yield from self.seq(elems, k + 1, q, m2)

    def elem(self, e: Any, pos: Pos, m: dict[str, Any]) -> Iterator[tuple[Pos, dict[str, Any]]]:
        if isinstance(e, Lit):
            w = self.word(pos)
            if w is not None and w in e.words and self.literal_ok(pos):
                yield self.advance(pos), m
        elif isinstance(e, Cls):
            for q, value, said in self.phrase(e.name, pos, e.only):
                yield q, {**m, "=" + e.bind: value, "~" + e.bind: said}
        elif isinstance(e, Slot):
            for q, idx in self.slot(e, pos):
                if e.bind in m:  # one name bound twice in a pattern: both must agree
                    continue
                yield q, {**m, e.bind: idx}
        elif isinstance(e, Opt):
            yield from self.seq(e.body, 0, pos, m)
            yield pos, m
        elif isinstance(e, Alt):
            for option in e.options:
                yield from self.seq(option, 0, pos, m)

    def fits(self, pattern: tuple[Any, ...]) -> Iterator[dict[str, Any]]:
        self.steps = 0
        for pos, m in self.seq(pattern, 0, (0, 0), {}):
            if (self.n, 0) in self.skips(pos) or pos == (self.n, 0):
                yield m
