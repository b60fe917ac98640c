"""What a clause parser knows while it works: the frames, the columns as they stand after the
previous clauses, and the items of the clause with the ones already used marked."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..errors import CompileError, SeveralColumns, closest
from ..schema import ColumnInfo, FrameSchema
from .ground import _forms
from .items import Item

# keyword meanings a filler word may carry and still be passed over between a verb and its object
_SKIPPABLE_KINDS = frozenset({"in", "dirto", "dirfrom", "verb"})


@dataclass
class Ctx:
    """Schemas of every frame, the source's name and the current columns."""

    schemas: dict[str, FrameSchema]
    source: str
    current: FrameSchema

    foreign: dict[str, str] | None = None  # column → other frame it comes from (joined on demand)

    def info(self, col: str) -> ColumnInfo | None:
        got = self.current.get(col)
        if got is None and self.foreign and col in self.foreign:
            got = self.schemas[self.foreign[col]].get(col)
        return got

    def kind(self, col: str) -> str:
        c = self.info(col)
        return c.kind if c else "other"

    def datetime_columns(self) -> list[str]:
        return [c.name for c in self.current.columns if c.kind == "datetime"]

    def unit(self, col: str) -> str | None:
        return _forms(col).unit

    def column_named(self, word: str) -> str | None:
        """An existing column whose name equals ``word`` ignoring case."""
        low = word.lower()
        hits = [c for c in self.current.names if c.lower() == low]
        return hits[0] if len(hits) == 1 else None


class Clause:
    """The items of one clause, with helpers that productions share."""

    def __init__(self, items: list[Item], ctx: Ctx):
        self.items = items
        self.ctx = ctx

    # ---- positions
    def live(self, start: int = 0, stop: int | None = None) -> list[int]:
        """Indexes of unused, non-filler items in [start, stop)."""
        stop = len(self.items) if stop is None else stop
        return [i for i in range(start, stop) if not self.items[i].used and not self._ignorable(i)]

    def _ignorable(self, i: int) -> bool:
        it = self.items[i]
        return it.filler and not it.cols and not it.vals and not it.kws

    def next_live(self, i: int) -> int | None:
        """The first unused item after ``i`` that is not pure filler."""
        j = i + 1
        while j < len(self.items):
            it = self.items[j]
            if not it.used and not self._ignorable(j):
                return j
            j += 1
        return None

    def skip(self, i: int, kinds: Iterable[str] = ()) -> int:
        """From ``i``, skip filler items and keyword items of the given kinds; return the index of
        the first other item (may be len)."""
        kinds = tuple(kinds)
        while i < len(self.items):
            it = self.items[i]
            if it.used:
                i += 1
                continue
            if self._ignorable(i) or (
                it.filler
                and not it.cols
                and not it.vals
                and not it.literal
                and all(k in _SKIPPABLE_KINDS for k, _ in it.kws)
            ):
                i += 1
                continue
            if kinds and any(it.kw(k) for k in kinds) and not it.cols and not it.vals:
                i += 1
                continue
            break
        return i

    def skip_use(self, i: int, kinds: Iterable[str]) -> int:
        """Like :meth:`skip`, marking the keyword items passed over as used ("sort … by …")."""
        j = self.skip(i, kinds)
        for k in range(i, j):
            if any(self.items[k].kw(kind) for kind in kinds):
                self.items[k].used = True
        return j

    def use(self, *idx: int) -> None:
        for i in idx:
            if 0 <= i < len(self.items):
                self.items[i].used = True

    def use_range(self, a: int, b: int) -> None:
        for i in range(a, b):
            self.items[i].used = True

    # ---- grounding helpers
    def column(self, i: int) -> str:
        """The single column item ``i`` names, or a CompileError listing the candidates."""
        it = self.items[i]
        if len(it.cols) == 1:
            return it.cols[0]
        if len(it.cols) > 1:
            raise SeveralColumns(it.text, it.cols)
        raise self.unknown(it)

    def unknown(self, it: Item) -> CompileError:
        names = list(self.ctx.current.names)
        return CompileError(f"no column '{it.text}'", words=[it.text], suggestions=closest(it.text, names))

    def noun_column(self, i: int) -> str | None:
        """A row noun that also names a column through a synonym ("for each stock" → symbol)."""
        from .ground import indexes_for
        from .tokens import singular

        it = self.items[i]
        index = indexes_for(self.ctx.current)[0]
        syn = index.tables.SYNONYMS
        for w in it.words:
            for alt in (*syn.get(w, ()), *syn.get(singular(w), ())):
                score, cols = index.match(tuple(alt.split()))
                if score >= 85 and len(cols) == 1:
                    return cols[0]
        return None

    def label_column(self, i: int) -> str | None:
        """The column that names one row, for "which car …": a text column called name / title,
        or the date column for "which day"."""
        it = self.items[i]
        if it.datepart and len(self.ctx.datetime_columns()) == 1:
            return self.ctx.datetime_columns()[0]
        if it.rownoun:
            named = [
                c.name
                for c in self.ctx.current.columns
                if c.textual and c.name.lower() in ("name", "title", "label")
            ]
            if len(named) == 1:
                return named[0]
            dts = self.ctx.datetime_columns()
            if it.datepart is None and any(w in ("day", "date", "days") for w in it.words) and len(dts) == 1:
                return dts[0]
        return None

    def concept_column(self, concepts: Sequence[str], what: str) -> str:
        from .ground import indexes_for

        index = indexes_for(self.ctx.current)[0]
        cols = index.concept(concepts)
        if len(cols) == 1:
            return cols[0]
        if len(cols) > 1:
            # "coldest": several temperature columns — prefer the one named for the direction
            raise CompileError(f"'{what}' could mean several columns", words=[what], suggestions=cols)
        raise CompileError(
            f"'{what}' needs a column to measure; say which (e.g. 'by <column>')",
            words=[what],
            suggestions=(),
        )
