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
    DatePart,
    Expr,
    IsIn,
    IsNull,
    Lit,
    Not,
    StrMatch,
)
from ..plan.expr import CompareOp, DatePartName
from .context import Clause
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
_FLIP = {"lt": "gt", "gt": "lt", "le": "ge", "ge": "le", "eq": "eq", "ne": "ne"}


class Conditions:
    """Parses conditions from a list of item indexes (in request order)."""

    def __init__(self, cl: Clause, idx: list[int]):
        self.cl = cl
        self.idx = idx
        self.k = 0
        self.last_col: str | None = None  # "price more than 100 but less than 200"

    # ---- cursor over the given indexes
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

    def _peek(self, ahead: int = 1) -> Item | None:
        j, seen = self.k, -1
        while j < len(self.idx):
            if not self.cl.items[self.idx[j]].used:
                seen += 1
                if seen == ahead:
                    return self.cl.items[self.idx[j]]
            j += 1
        return None

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
            got = self._value_first()
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
            if nxt is not None and (nxt.vals or nxt.cols or nxt.kw("dirfrom") or nxt.kw("dirto")):
                self._take()  # "among flights to BOS", "of Japanese cars"
                return self._atom()
        raise _not_understood(self.cl, c)

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

    def _calendar_atom(self) -> Expr:
        """Seasons ("summer"), fixed-date holidays ("Christmas Day"), weekends and weekdays."""
        c = self._take()
        if c.weekdays is not None:
            target = self._time_column("weekday")
            if target is None:
                raise CompileError(f"'{c.text}' needs a date column", words=[c.text])
            return IsIn(expr=target[0], values=c.weekdays)
        month = self._time_column("month")
        if month is None:
            raise CompileError(f"'{c.text}' needs a month or date column", words=[c.text])
        if c.months is not None:
            return IsIn(expr=month[0], values=c.months)
        if c.monthday is None:
            raise CompileError("the request ends too early")
        day = self._time_column("day")
        if day is None:
            raise CompileError(f"'{c.text}' needs a day or date column", words=[c.text])
        m, d = c.monthday
        return BoolOp(
            op="and",
            operands=(
                Compare(op="eq", left=month[0], right=Lit(value=m)),
                Compare(op="eq", left=day[0], right=Lit(value=d)),
            ),
        )

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
        if c.kw("sign") and not c.cols:
            self._take()
            return Compare(op=c.kw("sign"), left=Col(name=col), right=Lit(value=0))  # type: ignore[arg-type]
        negate = False
        after = self._peek()
        if c.kw("not") and c.kw("cmp") and after is not None and after.kw("cmp") and not after.cols:
            self._take()  # "is not above 5", "is not less than 50": the comparison, negated
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
        """``col`` [is] value [or value …]."""
        values = self._value_list(col)
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

    def _k_of(self, item: Item) -> int:
        for k in range(self.k, len(self.idx)):
            if self.cl.items[self.idx[k]] is item:
                return k
        return self.k

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
            more = self._value_list(col) if self._cur() is not None and self._cur().kw("or") else []  # type: ignore[union-attr]
            if more:
                return _eq(Col(name=col), [expr, *more], op == "ne")
        return Compare(op=op, left=Col(name=col), right=expr)  # type: ignore[arg-type]

    def _year_or_month_bound(self, op: str, c: Item) -> Expr | None:
        self._take()
        if c.month is not None:
            target = self._time_column("month")
            return None if target is None else Compare(op=op, left=target[0], right=Lit(value=c.month))  # type: ignore[arg-type]
        return self._year_filter(op, int(c.num or 0))

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
                c.string if c.string is not None else (c.vals[0].value if c.vals and not c.cols else c.text)
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
    def _time_column(self, part: str) -> tuple[Expr, str] | None:
        """The column answering 'which month / year': a column named so, else the datetime
        column's part. None when neither exists; an error when several datetime columns do."""
        named = self.cl.ctx.column_named(part)
        if named is not None and self.cl.ctx.kind(named) in ("integer", "float"):
            return Col(name=named), named
        dts = self.cl.ctx.datetime_columns()
        if len(dts) == 1:
            return DatePart(part=part, expr=Col(name=dts[0])), dts[0]  # type: ignore[arg-type]
        if len(dts) > 1:
            raise CompileError(f"which date column for the {part}?", suggestions=dts)
        return None

    def _date_atom(self) -> Expr | None:
        c = self._cur()
        if c is None:
            raise CompileError("the request ends too early")
        op = c.kw("cmp")
        start = self._save()
        from_word = c.words[0] in ("from", "since", "starting") and not op
        if from_word and c.words[0] != "from":
            op = "ge"  # "since 2008"; "from 2008" alone is that year, "from 2008 onwards" is not
        if (c.kw("in") or op or from_word) and c.month is None and c.weekday is None:
            self._take()
            c = self._cur()
            if c is None:
                self._restore(start)
                return None
            if (c.months or c.monthday or c.weekdays) and not op:
                return self._calendar_atom()  # "in winter", "on Christmas Day"
        if c.month is not None or c.weekday is not None:
            part = "month" if c.month is not None else "weekday"
            target = self._time_column(part)
            if target is None:
                self._restore(start)
                return None
            expr, _ = target
            nums: list[Expr] = []
            while (c := self._cur()) is not None and (
                c.month is not None if part == "month" else c.weekday is not None
            ):
                self._take()
                nums.append(Lit(value=c.month if part == "month" else c.weekday))
                nxt = self._cur()
                if nxt is not None and (nxt.kw("or") or nxt.kw("and") or nxt.sym == ","):
                    after = self._peek()
                    if after is not None and (after.month is not None or after.weekday is not None):
                        self._take()
                        continue
                break
            year_item = self._cur()
            if part == "month" and year_item is not None and is_year(year_item):
                self._take()  # "March 2014"
                year_test = self._year_filter("eq", int(year_item.num or 0))
                if year_test is not None:
                    return BoolOp(op="and", operands=(_eq(expr, nums, False), year_test))
            day = self._cur()
            if (
                part == "month"
                and len(nums) == 1
                and day is not None
                and isinstance(day.num, int)
                and 1 <= day.num <= 31
                and not is_year(day)
                and day.unit is None
            ):
                got = self._time_column("day")  # "February 14"
                if got is not None and op and op != "eq":
                    self._take()  # "before June 15": an earlier month, or that month and an earlier day
                    strict = {"le": "lt", "ge": "gt"}.get(op, op)
                    same_month = BoolOp(
                        op="and",
                        operands=(
                            Compare(op="eq", left=expr, right=nums[0]),
                            Compare(op=op, left=got[0], right=Lit(value=day.num)),  # type: ignore[arg-type]
                        ),
                    )
                    earlier = Compare(op=cast(CompareOp, strict), left=expr, right=nums[0])
                    return BoolOp(op="or", operands=(earlier, same_month))
                if got is not None:
                    self._take()
                    both = (
                        Compare(op="eq", left=expr, right=nums[0]),
                        Compare(op="eq", left=got[0], right=Lit(value=day.num)),
                    )
                    return BoolOp(op="and", operands=both)
            if op and op not in ("eq",) and len(nums) == 1:
                return Compare(op=op, left=expr, right=nums[0])  # type: ignore[arg-type]
            return _eq(expr, nums, False)
        if c is not None and is_year(c):
            self._take()
            year = int(c.num or 0)
            nxt = self._cur()
            more: list[int] = []
            while nxt is not None and (nxt.kw("or") or nxt.sym == ",") and not op:
                after = self._peek()
                if after is None or not is_year(after):
                    break
                self._take()
                more.append(int(self._take().num or 0))  # "in 2008 or 2009"
                nxt = self._cur()
            if more:
                years = [year, *more]
                target = self._time_column("year")
                if target is None:
                    self._restore(start)
                    return None
                return IsIn(expr=target[0], values=tuple(years))
            if (
                nxt is not None
                and nxt.kw("cmp")
                and not nxt.cols
                and nxt.words[0] in ("onwards", "onward", "or", "and")
            ):
                op = nxt.kw("cmp")  # "2008 onwards", "2005 or earlier"
                self._take()
            elif (
                from_word
                and nxt is not None
                and (nxt.kw("dirto") or nxt.words[0] in ("until", "through", "till"))
            ):
                end = self._peek()
                if end is not None and is_year(end):  # "from 2008 to 2010"
                    self._take()
                    self._take()
                    lo = self._year_filter("ge", year)
                    hi = self._year_filter("le", int(end.num or 0))
                    if lo is not None and hi is not None:
                        return BoolOp(op="and", operands=(lo, hi))
            test = self._year_filter(op or "eq", year)
            if test is None:
                self._restore(start)
            return test
        self._restore(start)
        return None

    def _year_filter(self, op: str, year: int) -> Expr | None:
        """Rows in / before / after a year: on a column named year, else on the date column."""
        named = self.cl.ctx.column_named("year")
        if named is not None and self.cl.ctx.kind(named) in ("integer", "float"):
            return Compare(op=op, left=Col(name=named), right=Lit(value=year))  # type: ignore[arg-type]
        dts = self.cl.ctx.datetime_columns()
        if len(dts) == 1:
            return self._date_bound(dts[0], op, year)
        if len(dts) > 1:
            raise CompileError("which date column for the year?", suggestions=dts)
        return None

    def _date_part_of(self, col: str, negate: bool) -> Expr:
        c = self._take()
        part: DatePartName = "month" if c.month is not None else "year"
        value = c.month if c.month is not None else c.num
        expr: Expr = Compare(op="eq", left=DatePart(part=part, expr=Col(name=col)), right=Lit(value=value))
        return Not(operand=expr) if negate else expr

    def _date_compare(self, col: str, op: str) -> Expr:
        c = self._take()
        if c.month is not None:
            raise CompileError(
                f"'{c.text}' of which year? give a date like 2013-{c.month:02d}-01", words=[c.text]
            )
        return self._date_bound(col, op, int(c.num or 0))

    def _date_bound(self, col: str, op: str, year: int) -> Expr:
        # before 2005 → < 2005-01-01; after 2005 → ≥ 2006-01-01; by 2005 (≤) → < 2006-01-01
        bounds = {"lt": ("lt", year), "ge": ("ge", year), "gt": ("ge", year + 1), "le": ("lt", year + 1)}
        if op in ("eq", "ne"):
            expr: Expr = Compare(
                op="eq", left=DatePart(part="year", expr=Col(name=col)), right=Lit(value=year)
            )
            return Not(operand=expr) if op == "ne" else expr
        real_op, y = bounds[op]
        return Compare(op=real_op, left=Col(name=col), right=DateLit(value=f"{y}-01-01"))  # type: ignore[arg-type]


# ---- helpers


def _named(column: str, words: tuple[str, ...]) -> bool:
    """Whether one of the words of a column's name is among ``words`` (``dest`` yes, ``carrier`` no)."""
    from .tokens import split_words

    return bool(set(split_words(column)) & set(words))


def _same_column(a: Item, b: Item) -> bool:
    """Two value mentions that can only be values of one and the same column."""
    ca = {h.column for h in a.vals}
    cb = {h.column for h in b.vals}
    return len(ca) == 1 and ca == cb


def _eq(left: Expr, values: list[Expr], negate: bool) -> Expr:
    if len(values) == 1:
        return Compare(op="ne" if negate else "eq", left=left, right=values[0])
    lits = []
    for v in values:
        if not isinstance(v, Lit):
            raise CompileError("a list of values must be plain values")
        lits.append(v.value)
    return IsIn(expr=left, values=tuple(dict.fromkeys(lits)), negate=negate)


def _or(parts: list[Expr]) -> Expr:
    if len(parts) == 1:
        return parts[0]
    # x == a or x == b → x in [a, b]
    if all(isinstance(p, Compare) and p.op == "eq" and isinstance(p.right, Lit) for p in parts):
        lefts = {p.left for p in parts}  # type: ignore[union-attr]
        if len(lefts) == 1:
            return IsIn(expr=parts[0].left, values=tuple(dict.fromkeys(p.right.value for p in parts)))  # type: ignore[union-attr]
    return BoolOp(op="or", operands=tuple(parts))


def _negate(e: Expr) -> Expr:
    if isinstance(e, Compare) and e.op in ("eq", "ne"):
        return Compare(op="ne" if e.op == "eq" else "eq", left=e.left, right=e.right)
    if isinstance(e, IsIn):
        return IsIn(expr=e.expr, values=e.values, negate=not e.negate)
    if isinstance(e, IsNull):
        return IsNull(expr=e.expr, negate=not e.negate)
    if isinstance(e, StrMatch):
        return StrMatch(
            expr=e.expr, how=e.how, pattern=e.pattern, case_sensitive=e.case_sensitive, negate=not e.negate
        )
    return Not(operand=e)


def _not_understood(cl: Clause, it: Item) -> CompileError:
    from ..errors import closest

    names = list(cl.ctx.current.names)
    values = [v for c in cl.ctx.current.columns for v in c.values[:200]]
    sugg = closest(it.text, names) or closest(it.text, values)
    return CompileError(f"did not understand '{it.text}' here", words=[it.text], suggestions=sugg)


__all__ = ["Conditions", "convert_units"]
