"""Row conditions: the filter part of a clause, as an expression over columns.

A small recursive descent over the items that are left once the other productions took theirs:
``or`` binds loosest, then ``and`` (written or implied: "male penguins from Biscoe"), then
``not``; an atom is a column compared with a value, a value found in the data, a month or year,
a missing-value test or a text match. Several values of one column joined by ``or`` become one
membership test.
"""

from __future__ import annotations

from ..errors import CompileError
from ..plan import (
    BoolOp,
    Col,
    Compare,
    Expr,
    IsNull,
    Lit,
)
from .builders import _negate, _not_understood, _or
from .conditions_atoms import ColumnAtoms
from .conditions_pairs import take_appositions
from .conditions_valuefirst import names_its_column
from .items import Item
from .values import convert_units, is_year

#: participles that introduce a row's name ("the museum called …")
_NAMING = frozenset({("called",), ("named",), ("titled",), ("entitled",)})


class Conditions(ColumnAtoms):
    """Parses conditions from a list of item indexes (in request order)."""

    # ---- cursor over the given indexes

    # ---- grammar
    def parse(self) -> Expr | None:
        from .condition_words import merge_or_equal, take_frame_references, take_value_subjects, verb_columns
        from .coverage import mark_row_nouns

        take_frame_references(self.cl, self.idx)  # "select rows of dataframe whose …"
        take_value_subjects(self.cl, self.idx)  # "whose value for column x is …"
        merge_or_equal(self.cl, self.idx)  # "bigger than or equal to 1"
        take_appositions(self.cl, self.idx)  # "the player, brett lindros"
        verb_columns(self.cl, [i for i in self.idx if not self.cl._ignorable(i)])  # "opened after 2013"
        mark_row_nouns(self.cl, self.idx)
        live = [i for i in self.idx if not self.cl.items[i].used]
        if live and self.cl.items[live[0]].kw("verb", "which") and not self.cl.items[live[0]].cols:
            self.cl.items[live[0]].used = True  # "What was …": the question word asks for nothing
        for n, i in enumerate(live):
            it = self.cl.items[i]
            rest = [j for j in live[n + 1 :] if not self.cl.items[j].used]
            if it.kws and all(k == "in" for k, _ in it.kws) and not it.cols and not it.vals and not rest:
                it.used = True  # "first ten rows of weather": the preposition's object named the rows
        for n, i in enumerate(live):
            it = self.cl.items[i]
            nxt_it = self.cl.items[live[n + 1]] if n + 1 < len(live) else None
            if it.words == ("in",) and nxt_it is not None and nxt_it.sym == "[" and n > 0:
                it.used = True  # "is (not) in ['suv', 'pickup']": membership of the written list
            if it.words in _NAMING and not it.cols and nxt_it is not None and nxt_it.vals:
                it.used = True  # "the museum called Plaza Museum": the value says which rows
            if it.words == ("either",) and any(self.cl.items[j].kw("or") for j in live[n + 1 :]):
                it.used = True  # "aged either 32 or 33": the 'or' that follows says it
        for i in (live[:1] + live[-1:]) if live else []:  # a leading or trailing comma separates nothing
            it = self.cl.items[i]
            if it.sym == "," or (it.kw("and") and not it.cols and not it.vals):
                it.used = True
        if self._cur() is None:
            return None
        expr = self._disj()
        left = self._cur()
        if left is not None:
            raise _not_understood(self.cl, left)
        return expr

    def _disj(self) -> Expr:
        parts = [self._conj()]
        while (c := self._cur()) is not None and c.kw("or") and not c.cols:
            self._take()
            parts.append(self._conj())
        return _or(parts)

    def _conj(self) -> Expr:
        parts = [self._unary()]
        while (c := self._cur()) is not None:
            if (c.kw("and") or c.sym == ",") and not c.cols and not c.vals:
                self._take()
                if (n := self._cur()) is not None and n.kw("or"):
                    break
                parts.append(self._unary())
            elif c.kw("or") and not c.cols:
                break
            elif self._starts_atom(c):
                parts.append(self._unary())
            else:
                break
        return parts[0] if len(parts) == 1 else BoolOp(op="and", operands=tuple(parts))

    def _starts_atom(self, c: Item) -> bool:
        return bool(
            c.cols
            or c.vals
            or c.month is not None
            or c.weekday is not None
            or c.comp
            or c.kw("not")
            or c.kw("dirfrom")
            or c.kw("dirto")
            or c.kw("missing")
            or c.kw("present")
            or c.kw("in")
            or c.kw("cmp")
            or c.rownoun
        )

    def _unary(self) -> Expr:
        c = self._cur()
        nxt = self._peek()
        if (
            c is not None
            and c.kw("not")
            and not c.cols
            and not c.vals
            and (not c.kw("cmp") or (nxt is not None and (nxt.vals or nxt.kw("dirfrom") or nxt.kw("dirto"))))
        ):
            self._take()
            inner = self._unary()
            return _negate(inner)
        return self._atom()

    def _atom(self) -> Expr:
        c = self._cur()
        if c is None:
            raise CompileError("a condition is incomplete at the end of the request")
        if c.stat is not None and (got := self._group_stat_atom()) is not None:
            return got  # "the sum of vs for each cyl is 0"
        if c.cols and not (c.vals and c.col_score < 85 and self._value_context()):
            return self._column_atom()
        if c.months or c.monthday or c.weekdays:
            return self._calendar_atom()
        if c.words == ("no",) and (nxt := self._peek()) is not None and nxt.col and not nxt.vals:
            info = self.cl.ctx.info(nxt.col)
            if info is not None and info.numeric and not info.nullable:
                self._take()
                self._take()  # "days with no precipitation": a column that is never missing, at zero
                return Compare(op="eq", left=Col(name=nxt.col), right=Lit(value=0))
        nxt = self._peek()
        if (c.kw("dirfrom") or c.kw("dirto")) and nxt is not None and (is_year(nxt) or nxt.month is not None):
            got = self._date_atom()  # "from 2008 onwards"
            if got is not None:
                return got
        if c.vals or c.kw("dirfrom") or c.kw("dirto"):
            return self._value_atom()
        if c.kw("missing") or c.kw("present"):
            return self._missing_first()
        if c.kw("strmatch") and not c.cols and (col := self._projected_text()) is not None:
            return self._strmatch(col, False)  # "the notes of events which have substring 'East'"
        if c.comp and c.comp[0] == "":
            self._take()  # "weighing between 3000 and 4000 grams": the word names the measure
            col = self.cl.concept_column(c.comp[1], c.text)
            self.last_col = col
            return self._after_column(col, c.text)
        if c.comp:
            return self._comparative()
        if c.num is not None and not c.cols and not c.unit and names_its_column(self.cl, c, self._peek()):
            self._take()  # "with 4 cylinders", "the 375 crest length": the number, then its column
            col = self.cl.column(self._pos())
            self._take()
            post = self._cur()
            op = "eq"
            if post is not None and post.kw("cmp") and post.words[0] in ("or", "and") and not post.cols:
                op = post.kw("cmp") or "eq"  # "6 cylinders or more"
                self._take()
            return Compare(op=op, left=Col(name=col), right=Lit(value=c.num))  # type: ignore[arg-type]
        if c.kw("cmp") and not c.cols:
            got = self._value_first() or self._measure_first()
            if got is not None:
                return got
            nxt = self._peek()
            if self.last_col is not None and nxt is not None and nxt.num is not None and not nxt.cols:
                return self._after_column(self.last_col, c.text)
        if c.month is not None or c.weekday is not None or (c.kw("in") or c.kw("cmp")):
            got = self._date_atom()
            if got is not None:
                return got
        if c.kw("in") and not c.cols:
            nxt = self._peek()
            if nxt is not None and (
                nxt.vals
                or nxt.cols
                or nxt.kw("dirfrom")
                or nxt.kw("dirto")
                or nxt.kw("not")
                or names_its_column(self.cl, nxt, self._peek(2))
            ):
                self._take()  # "among flights to BOS", "of Japanese cars"
                return self._atom()
        raise _not_understood(self.cl, c)

    def _measure_first(self) -> Expr | None:
        """ "singers above age 20", "visitors below age 30": comparison, column, number."""
        state = self._save()
        op = self._take().kw("cmp") or "eq"
        c = self._cur()
        if c is None or not c.col or c.vals or c.used:
            self._restore(state)
            return None
        col_pos = self._pos()
        self._take()
        n = self._cur()
        if n is None or n.num is None or n.cols or n.unit:
            self._restore(state)
            return None
        self._take()
        col = self.cl.column(col_pos)
        return Compare(op=op, left=Col(name=col), right=Lit(value=n.num))  # type: ignore[arg-type]

    def _value_first(self) -> Expr | None:
        """ "more than 6 cylinders", "at least 20 mm of precipitation": comparison, value, column."""
        state = self._save()
        op = self._take().kw("cmp") or "eq"
        c = self._cur()
        if c is None or c.num is None or c.cols:
            self._restore(state)
            return None
        num_pos = self._pos()
        self._take()
        unit_item = None
        c = self._cur()
        after = self._peek()
        if (
            c is not None
            and c.unit is not None
            and not c.cols
            and not (c.kw("in") and after is not None and after.cols)
        ):
            unit_item = self._take()  # ("less than 15 in column mpg": "in" before a column is no unit)
            c = self._cur()
        while c is not None and c.words[0] in ("of", "in") and not c.cols:
            self._take()
            c = self._cur()
        if c is None or not c.cols:
            self._restore(state)
            return None
        col = self.cl.column(self._pos())
        self._take()
        value = self.cl.items[num_pos].num
        if value is None:
            raise CompileError("the request ends too early")
        if unit_item is not None:
            value = convert_units(self.cl, col, value, unit_item)
        return Compare(op=op, left=Col(name=col), right=Lit(value=value))  # type: ignore[arg-type]

    def _value_context(self) -> bool:
        prev = self.k - 1
        return prev >= 0 and bool(
            self.cl.items[self.idx[prev]].kw("dirfrom") or self.cl.items[self.idx[prev]].kw("dirto")
        )

    # ---- atoms

    def _projected_text(self) -> str | None:
        """The one text column the clause shows, which a text match with no column tests."""
        from .projection import projected

        texts = [c for c in projected(self.cl) if (i := self.cl.ctx.info(c)) is not None and i.textual]
        return texts[0] if len(texts) == 1 and len(projected(self.cl)) == 1 else None

    def _missing_first(self) -> Expr:
        negate = bool(self._take().kw("present"))
        c = self._cur()
        if c is None or not c.cols:
            raise CompileError("missing what? name the column (e.g. 'missing dep_time')")
        col = self.cl.column(self._pos())
        self._take()
        return IsNull(expr=Col(name=col), negate=negate)

    # ---- dates


# ---- helpers


__all__ = ["Conditions", "convert_units"]
