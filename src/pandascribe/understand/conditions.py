"""Row conditions: the filter part of a clause, as an expression over columns.

A small recursive descent over the items that are left once the other productions took theirs:
``or`` binds loosest, then ``and`` (written or implied: "male penguins from Biscoe"), then
``not``; an atom is a column compared with a value, a value found in the data, a month or year,
a missing-value test or a text match. Several values of one column joined by ``or`` become one
membership test.
"""

from __future__ import annotations

from typing import cast

from ..errors import CompileError
from ..plan import (
    Between,
    BoolOp,
    Col,
    Compare,
    DateLit,
    Expr,
    IsNull,
    Lit,
    Not,
    StrMatch,
)
from ..plan.expr import CompareOp
from .builders import _eq, _named, _negate, _not_understood, _or, _same_column
from .dates import DateAtoms
from .items import Item
from .lexicon import FROM_COLUMN_WORDS, TO_COLUMN_WORDS
from .values import convert_units, is_year, read_value

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


class Conditions(DateAtoms):
    """Parses conditions from a list of item indexes (in request order)."""

    # ---- cursor over the given indexes

    # ---- grammar
    def parse(self) -> Expr | None:
        from .coverage import mark_row_nouns

        mark_row_nouns(self.cl, self.idx)
        live = [i for i in self.idx if not self.cl.items[i].used]
        if live and self.cl.items[live[0]].kw("verb", "which") and not self.cl.items[live[0]].cols:
            self.cl.items[live[0]].used = True  # "What was …": the question word asks for nothing
        for n, i in enumerate(live):
            it = self.cl.items[i]
            rest = [j for j in live[n + 1 :] if not self.cl.items[j].used]
            if it.kws and all(k == "in" for k, _ in it.kws) and not it.cols and not it.vals and not rest:
                it.used = True  # "first ten rows of weather": the preposition's object named the rows
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
        if c.comp and c.comp[0] == "":
            self._take()  # "weighing between 3000 and 4000 grams": the word names the measure
            col = self.cl.concept_column(c.comp[1], c.text)
            self.last_col = col
            return self._after_column(col, c.text)
        if c.comp:
            return self._comparative()
        if c.num is not None and not c.cols and not c.unit:
            nxt = self._peek()
            if (
                nxt is not None
                and nxt.cols
                and not nxt.vals
                and len(nxt.words) == 1
                and nxt.words[0].endswith("s")
            ):
                self._take()  # "with 4 cylinders": a count of something the column counts
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
                nxt.vals or nxt.cols or nxt.kw("dirfrom") or nxt.kw("dirto") or nxt.kw("not")
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
        if c is not None and c.unit is not None and not c.cols:
            unit_item = self._take()
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
        self.last_col = col
        return self._after_column(col, self.cl.items[pos].text)

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

    def _equality(self, col: str, negate: bool) -> Expr:
        """``col`` [is] value [or value …]; ``col`` value or more."""
        values = self._value_list(col)
        post = self._cur()
        if (
            len(values) == 1
            and post is not None
            and post.kw("cmp")
            and post.words[0] in ("or", "and")
            and not post.cols
            and not negate
        ):
            self._take()  # "miles_per_gallon of 30 or more"
            return Compare(op=cast(CompareOp, post.kw("cmp")), left=Col(name=col), right=values[0])
        if not values:
            c = self._cur()
            if c is not None and (c.month is not None or is_year(c)) and self.cl.ctx.kind(col) == "datetime":
                return self._date_part_of(col, negate)
            raise _not_understood(self.cl, c) if c is not None else CompileError(f"no condition for '{col}'")
        return _eq(Col(name=col), values, negate)

    def _value_list(self, col: str) -> list[Expr]:
        out: list[Expr] = []
        while (c := self._cur()) is not None:
            if (
                out
                and (c.kw("or") or c.sym == "," or (c.kw("and") and self._list_continues(col)))
                and not c.cols
            ):
                nxt = self._peek()
                if nxt is None or read_value(self.cl, self.idx[self._k_of(nxt)], col) is None:
                    break
                self._take()
                continue
            if c.sym in ("(", ")"):
                self._take()
                continue
            got = read_value(self.cl, self._pos(), col)
            if got is None:
                break
            expr, nxt_pos = got
            if isinstance(expr, Col):
                break
            for p in range(self._pos(), nxt_pos):
                self.cl.items[p].used = True
            out.append(expr)
        return out

    def _list_continues(self, col: str) -> bool:
        nxt = self._peek()
        return bool(nxt is not None and nxt.vals and any(h.column == col for h in nxt.vals))

    def _compare_rhs(self, col: str, op: str, temporal: bool = False) -> Expr:
        c = self._cur()
        if c is None:
            raise CompileError(f"a comparison with '{col}' needs a value")
        if (is_year(c) or c.month is not None) and self.cl.ctx.kind(col) == "datetime":
            return self._date_compare(col, op)
        if temporal and (is_year(c) or c.month is not None) and "year" not in col.lower():
            # "MSFT prices earlier than 2005": before / after a year is about the date, not the price
            bound = self._year_or_month_bound(op, c)
            if bound is not None:
                return bound
            raise CompileError(f"'{col}' compared with {c.text}: which date or year column?", words=[c.text])
        got = read_value(self.cl, self._pos(), col)
        if got is None:
            raise _not_understood(self.cl, c)
        expr, nxt = got
        for p in range(self._pos(), nxt):
            self.cl.items[p].used = True
        expr = self._arith_tail(expr, col)
        if op in ("eq", "ne"):
            more: list[Expr] = []
            while (c := self._cur()) is not None and (c.kw("or") or c.sym == ",") and not c.cols:
                after = self._peek()
                got_next = read_value(self.cl, self._k_pos(after), col) if after is not None else None
                if after is None or got_next is None or isinstance(got_next[0], Col) or not after.vals:
                    break
                self._take()  # "other than LAX or SFO": the list belongs to the same comparison
                value, end = got_next
                for p in range(self._pos(), end):
                    self.cl.items[p].used = True
                more.append(value)
            if more:
                return _eq(Col(name=col), [expr, *more], op == "ne")
        return Compare(op=op, left=Col(name=col), right=expr)  # type: ignore[arg-type]

    def _arith_tail(self, left: Expr, col: str) -> Expr:
        """``1.5 times petal width``, ``arr_delay plus 10``: one operator after a compared value."""
        c = self._cur()
        op = next((v for k, v in c.kws if k == "arith"), None) if c is not None else None
        if c is None or op is None or c.cols or c.words[0] == "and" or c.kw("cmp"):
            return left
        nxt = self._peek()
        if nxt is None or not (nxt.cols or nxt.num is not None):
            return left
        self._take()
        got = read_value(self.cl, self._pos(), col)
        if got is None:
            raise _not_understood(self.cl, nxt)
        right, end = got
        for p in range(self._pos(), end):
            self.cl.items[p].used = True
        from ..plan import Arith

        return Arith(op=op, left=left, right=right)  # type: ignore[arg-type]

    def _between(self, col: str, negate: bool) -> Expr:
        self._take()
        a, b = self._peek(0), self._peek(2)
        if (
            a is not None
            and b is not None
            and is_year(a)
            and is_year(b)
            and self.cl.ctx.kind(col) != "datetime"
            and "year" not in col.lower()
        ) and (self.cl.ctx.datetime_columns() or self.cl.ctx.column_named("year")):
            raise CompileError(
                f"between {a.text} and {b.text}: years, or values of '{col}'? say "
                f"'{col} between …' for values or 'from {a.text} to {b.text}' for years",
                words=[a.text, b.text],
            )
        lo_pos = self._pos() if self._cur() is not None else -1
        lo = self._scalar(col)
        lo_had_unit = (
            lo_pos >= 0 and lo_pos + 1 < len(self.cl.items) and self.cl.items[lo_pos + 1].unit is not None
        )
        c = self._cur()
        if c is None or not (c.kw("and") or c.words[0] in ("to", "-", "and")):
            raise CompileError("'between' needs two values: 'between A and B'")
        self._take()
        hi_pos = self._pos() if self._cur() is not None else -1
        hi = self._scalar(col)
        unit = self.cl.items[hi_pos + 1] if 0 <= hi_pos < len(self.cl.items) - 1 else None
        if (
            unit is not None
            and unit.unit is not None
            and not lo_had_unit
            and isinstance(lo, Lit)
            and isinstance(lo.value, (int, float))
            and not isinstance(lo.value, bool)
        ):
            lo = Lit(value=convert_units(self.cl, col, lo.value, unit))  # "between 3 and 4 kg": both in kg
        expr: Expr = Between(expr=Col(name=col), low=lo, high=hi)
        return Not(operand=expr) if negate else expr

    def _scalar(self, col: str) -> Expr:
        c = self._cur()
        if c is None:
            raise CompileError("a value is missing at the end of the request")
        got = read_value(self.cl, self._pos(), col)
        if got is None:
            raise _not_understood(self.cl, c)
        expr, nxt = got
        for p in range(self._pos(), nxt):
            self.cl.items[p].used = True
        if isinstance(expr, Lit) and isinstance(expr.value, int) and self.cl.ctx.kind(col) == "datetime":
            return DateLit(value=f"{expr.value}-01-01")
        return expr

    def _strmatch(self, col: str, negate: bool) -> Expr:
        how = self._take().kw("strmatch") or "contains"
        c = self._cur()
        if c is None:
            raise CompileError(f"'{how}' needs the text to look for")
        if c.sym == "(":  # "ends with (sw)": the brackets are part of the text
            parts = []
            while (c := self._cur()) is not None:
                parts.append(self._take().text)
                if c.sym == ")":
                    break
            pattern = "".join(parts)
        else:
            pattern = (
                c.string
                if c.string is not None
                else (str(c.vals[0].value) if c.vals and not c.cols else c.text)
            )
            self._take()
        case = False
        nxt = self._cur()
        if nxt is not None and nxt.kw("case"):
            case = nxt.kw("case") == "sensitive"
            self._take()
        if self.cl.ctx.kind(col) not in ("text", "category", "other"):
            raise CompileError(
                f"'{col}' does not hold text, so it cannot {how.replace('with', ' with')} '{pattern}'"
            )
        return StrMatch(expr=Col(name=col), how=how, pattern=pattern, case_sensitive=case, negate=negate)  # type: ignore[arg-type]

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

    def _missing_first(self) -> Expr:
        negate = bool(self._take().kw("present"))
        c = self._cur()
        if c is None or not c.cols:
            raise CompileError("missing what? name the column (e.g. 'missing dep_time')")
        col = self.cl.column(self._pos())
        self._take()
        return IsNull(expr=Col(name=col), negate=negate)

    def _comparative(self) -> Expr:
        it = self._take()
        if it.comp is None:
            raise CompileError("the request ends too early")
        op, concepts = it.comp
        c = self._cur()
        if c is not None and c.words[0] == "than":
            self._take()
        c = self._cur()
        if c is not None and c.cols and c.col:
            col = c.col
            self._take()
        else:
            col = self.cl.concept_column(concepts, it.text)
        return self._compare_rhs(col, op)

    # ---- dates


# ---- helpers


__all__ = ["Conditions", "convert_units"]
