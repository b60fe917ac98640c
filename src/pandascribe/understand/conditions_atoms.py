"""Condition atoms that start from a column ("arr_delay over 120") or from a value of the data
("Adelie penguins", "flights to Boston"): which column is meant, and what is said after it.

A mixin between the right-hand sides (``conditions_rhs``) and the descent (``conditions``).
"""

from __future__ import annotations

from ..errors import CompileError
from ..plan import (
    Col,
    Compare,
    Expr,
    IsNull,
    Lit,
)
from .builders import _eq, _named, _not_understood, _same_column
from .conditions_rhs import RhsAtoms
from .conditions_valuefirst import column_names_the_rows
from .items import Item
from .lexicon import FROM_COLUMN_WORDS, TO_COLUMN_WORDS
from .projection import show_column
from .values import is_year

_TEMPORAL = {"before", "after", "since", "until", "earlier", "later", "prior", "till", "onwards", "onward"}

_LINKS = {
    "of",
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "being",
    "has",
    "have",
    "had",
    "with",
    "at",
    "value",
    "values",
    "that",
    "which",
}


class ColumnAtoms(RhsAtoms):
    """Atoms led by a column or by a value found in the data."""

    def _group_stat_atom(self) -> Expr | None:
        """ "the sum of vs for each value of cyl is 0", "the mean of x within each g is above 3":
        a statistic of each row's group, compared with a number (the HAVING of SQL, kept per row:
        every row of a group that passes). Only a statistic that names its groups; None (nothing
        taken) when the words are not said that way."""
        first = self._cur()
        stat = first.stat if first is not None else None
        if stat is None or not stat.by:
            return None
        state = self._save()
        self._take()  # the statistic's words were read by stats.mark_group_conditions
        c = self._cur()
        op = None
        while c is not None and c.words[0] in _LINKS and not c.cols and not c.vals and not c.literal:
            op = c.kw("cmp") or op or ("eq" if c.words[0] in ("is", "are", "was", "were", "be") else None)
            self._take()
            c = self._cur()
        if c is not None and c.kw("cmp") and not c.cols and not c.literal:
            op = c.kw("cmp")
            self._take()
            c = self._cur()
        if op is None and c is not None and first is not None:  # "is 0": the "is" already passed over
            between = self.cl.items[self._k_pos(first) + 1 : self._k_pos(c)]
            if any(set(b.words) & {"is", "are", "was", "were", "equals"} for b in between):
                op = "eq"
        if op is None or c is None or c.num is None or c.cols or c.unit or isinstance(c.num, bool):
            self._restore(state)
            return None
        self._take()
        return Compare(op=op, left=stat, right=Lit(value=c.num))  # type: ignore[arg-type]

    def _column_atom(self) -> Expr:
        pos = self._pos()
        it = self.cl.items[pos]
        nxt = self._peek()
        if len(it.cols) > 1 and nxt is not None and nxt.comp:
            fitting = [c for c in it.cols if any(w in c.lower() for w in nxt.comp[1])]
            if len(fitting) == 1:
                it.cols = (fitting[0],)  # "bill … longer than": the comparison names the measure
        col = self.cl.column(pos)
        self._take()
        link = self.cl.items[pos + 1] if pos + 1 < len(self.cl.items) else None
        ahead = 1 if link is not None and self._cur() is link else 0  # 'with' may be filler here
        if column_names_the_rows(self.cl, col, link, self._peek(ahead), self._peek(ahead + 1)):
            if ahead and link is not None and not link.cols:
                self._take()
            return self._atom()  # type: ignore[attr-defined]  # "the year with 12 games started"
        self.last_col = col
        return self._after_column(col, self.cl.items[pos].text)

    def _measures(self, col: str, concepts: tuple[str, ...]) -> bool:
        """Whether a comparative's concepts ("older": age) measure ``col``."""
        from .ground import indexes_for

        if any(c.split()[0] in col.lower() for c in concepts):
            return True
        return col in indexes_for(self.cl.ctx.current)[0].concept(concepts)

    def _after_column(self, col: str, said: str) -> Expr:
        c = self._cur()
        if c is None:
            raise CompileError(
                f"what about '{said}'? say a condition (e.g. '> 10', 'is missing')", words=[said]
            )
        pos = self._pos()
        while c.words[0] in _LINKS and not c.cols and not c.vals and all(k in ("in",) for k, _ in c.kws):
            self._take()
            c = self._cur()
            if c is None:
                raise CompileError(
                    f"what about '{self.cl.items[pos].text}'?", words=[self.cl.items[pos].text]
                )
        if (
            c.vals
            and not c.cols
            and col not in {h.column for h in c.vals}
            and self.cl.ctx.kind(col) not in ("text", "category")
        ):
            show_column(self.cl, col)
            return self._value_atom()  # "the price of MSFT": the column is what is shown
        if c.kw("sign") and not c.cols:
            self._take()
            return Compare(op=c.kw("sign"), left=Col(name=col), right=Lit(value=0))  # type: ignore[arg-type]
        negate = False
        after = self._peek()
        if (
            c.kw("not")
            and c.kw("cmp")
            and after is not None
            and not after.cols
            and (after.kw("cmp") or after.kw("missing") or after.kw("present") or after.kw("strmatch"))
        ):
            self._take()  # "is not above 5", "is not recorded": the test that follows, negated
            c = after
            negate = True
        elif c.kw("not") and not c.kw("cmp") and not c.kw("missing") and not c.kw("present"):
            self._take()
            negate = True
            c = self._cur()
            if c is None:
                raise CompileError("'not' needs something after it")
        if c.kw("missing") and not c.cols:
            self._take()
            return IsNull(expr=Col(name=col), negate=negate)
        if c.kw("present"):
            self._take()
            return IsNull(expr=Col(name=col), negate=not negate)
        if c.kw("between") and not c.cols:
            return self._between(col, negate)
        if c.kw("strmatch") and not c.cols:
            return self._strmatch(col, negate)
        if c.comp and not c.cols and not c.kw("cmp") and self._measures(col, c.comp[1]):
            op = c.comp[0]  # "whose age is older than 1", "weight is heavier than 10"
            self._take()
            if (than := self._cur()) is not None and than.words == ("than",):
                self._take()
            if negate:
                op = {"gt": "le", "lt": "ge"}.get(op, op)
            return self._compare_rhs(col, op)
        if c.kw("cmp"):
            op = c.kw("cmp") or "eq"
            temporal = bool(set(c.words) & _TEMPORAL)
            self._take()
            if negate:
                op = {"eq": "ne", "ne": "eq", "gt": "le", "ge": "lt", "lt": "ge", "le": "gt"}[op]
            return self._compare_rhs(col, op, temporal)
        if c.kw("in") and not c.cols and not c.vals:
            c2 = self._peek()
            if (
                c2 is not None
                and is_year(c2)
                and self.cl.ctx.kind(col) != "datetime"
                and "year" not in col.lower()
            ):
                # "AAPL price in 2009": the column is what is shown; the year picks the rows
                got = self._date_atom()
                if got is not None:
                    show_column(self.cl, col)
                    return got
                raise CompileError(f"'{col}' in {c2.text}: which date or year column?", words=[c2.text])
            self._take()
            c2 = self._cur()
            if (
                c2 is not None
                and (c2.month is not None or is_year(c2))
                and self.cl.ctx.kind(col) == "datetime"
            ):
                return self._date_part_of(col, negate)
            return self._equality(col, negate)
        return self._equality(col, negate)

    def _value_atom(self) -> Expr:
        direction = None
        c = self._cur()
        if c is None:
            raise CompileError("the request ends too early")
        while (
            (c := self._cur()) is not None
            and (c.kw("dirfrom") or c.kw("dirto"))
            and not c.vals
            and not c.cols
        ):
            direction = "from" if c.kw("dirfrom") else "to"
            self._take()
        c = self._cur()
        if c is None:
            raise CompileError("the request ends too early")
        first = self._cur()
        if first is None or not first.vals:
            if direction and first is not None and first.cols:
                return self._column_atom()
            raise _not_understood(self.cl, first or c)
        groups: list[Item] = []
        ops: list[str] = []
        while (c := self._cur()) is not None and c.vals:
            groups.append(self._take())
            nxt = self._cur()
            if nxt is not None and (nxt.kw("or") or nxt.sym == "," or nxt.kw("and")) and not nxt.cols:
                after = self._peek()
                if (
                    after is not None
                    and after.vals
                    and (not nxt.kw("and") or _same_column(groups[-1], after))
                ):
                    ops.append("or")  # "Apple and Microsoft": one column cannot hold both, so either
                    self._take()
                    continue
            if nxt is not None and nxt.sym in ("(", ")"):
                self._take()
                continue
            break
        cols = self._choose_column(groups, direction)
        nxt = self._cur()
        if nxt is not None and nxt.cols == (cols,) and not nxt.vals:
            self._take()  # "Adelie species", "Los Angeles time zone": the column named after its value
        values: list[Expr] = [
            Lit(value=next((h.value for h in g.vals if h.column == cols), g.vals[0].value)) for g in groups
        ]
        return _eq(Col(name=cols), values, False)

    def _choose_column(self, groups: list[Item], direction: str | None) -> str:
        common = set.intersection(*({h.column for h in g.vals} for g in groups))
        if not common:
            raise CompileError(
                "values "
                + ", ".join(repr(g.text) for g in groups)
                + " are in different columns; join them with 'and'",
                words=[g.text for g in groups],
            )
        if direction:
            want = FROM_COLUMN_WORDS if direction == "from" else TO_COLUMN_WORDS
            other = TO_COLUMN_WORDS if direction == "from" else FROM_COLUMN_WORDS
            same_side = [c.name for c in self.cl.ctx.current.columns if c.textual and _named(c.name, want)]
            if (
                len(common) == 1
                and len(same_side) == 1
                and same_side[0] not in common
                and _named(next(iter(common)), other)
            ):
                return same_side[0]  # "to LGA": a place seen only as an origin is still a destination
        if len(common) == 1:
            return next(iter(common))
        if direction:
            words = FROM_COLUMN_WORDS if direction == "from" else TO_COLUMN_WORDS
            hits = [c for c in sorted(common) if _named(c, words)]
            if len(hits) == 1:
                return hits[0]
        # a neighbouring column word decides ("Los Angeles time zone")
        nxt = self._cur()
        if nxt is not None and nxt.cols and set(nxt.cols) & common and len(set(nxt.cols) & common) == 1:
            self._take()
            return next(iter(set(nxt.cols) & common))
        text = groups[0].text
        raise CompileError(
            f"'{text}' is a value of several columns", words=[text], suggestions=sorted(common)
        )
