"""What follows a column in a row condition: "> 100", "between 3 and 5", "is Adelie or Gentoo",
"contains 'son'", "more than the average".

A mixin under ``Conditions`` so the recursive descent there stays about the shape of the
condition (or/and/not/atom) while the many ways to write a right-hand side live here.
"""

from __future__ import annotations

from typing import cast

from ..errors import CompileError
from ..plan import (
    Between,
    Col,
    Compare,
    DateLit,
    Expr,
    Lit,
    Not,
    StrMatch,
)
from ..plan.expr import CompareOp
from .builders import _eq, _not_understood
from .dates import DateAtoms
from .stats import read_stat
from .values import convert_units, is_year, read_value


class RhsAtoms(DateAtoms):
    """The right-hand sides of a condition: comparisons, ranges, lists of values, text matches."""

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
            if c.sym in ("(", ")", "[", "]"):
                self._take()  # "is not in ['suv', 'pickup']": a written list's brackets
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
        if nxt is None:
            return False
        if nxt.vals and any(h.column == col for h in nxt.vals):
            return True
        # "the years 2002 and 2007": a number after "and" with nothing after it that starts another
        # condition — one row cannot hold two years, so "and" lists the values (isin)
        if nxt.num is None or nxt.cols or nxt.unit is not None or isinstance(nxt.num, bool):
            return False
        if self.cl.ctx.kind(col) not in ("integer", "float"):
            return False
        after = self._peek(2)
        return after is None or not (after.cols or after.vals or after.num is not None or after.kws)

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
        if c.sym == "[" and op in ("eq", "ne"):
            values = self._value_list(col)  # "is not in ['suv', 'pickup']" (the brackets skipped)
            if not values:
                raise _not_understood(self.cl, c)
            return _eq(Col(name=col), values, op == "ne")
        if c.stat is not None:
            self._take()  # "greater than the per continent average", read by stats.mark_compared_stats
            return Compare(op=op, left=Col(name=col), right=c.stat)  # type: ignore[arg-type]
        got = read_stat(self.cl, self._pos(), col, self.idx[-1] + 1) or read_value(self.cl, self._pos(), col)
        if got is None:
            raise _not_understood(self.cl, c)
        expr, nxt = got
        if (
            op not in ("eq", "ne")
            and c.num is not None
            and isinstance(expr, Lit)
            and isinstance(expr.value, str)
        ):
            raise CompileError(f"'{col}' holds numbers as text; '{c.text}' can only be matched, not compared")
        for p in range(self._pos(), nxt):
            self.cl.items[p].used = True
        expr = self._arith_tail(expr, col)
        if op in ("eq", "ne"):
            more: list[Expr] = []
            while (c := self._cur()) is not None and (c.kw("or") or c.sym == ",") and not c.cols:
                after = self._peek()
                got_next = read_value(self.cl, self._k_pos(after), col) if after is not None else None
                quoted = after is not None and after.string is not None and isinstance(expr, Lit)
                quoted = quoted and isinstance(getattr(expr, "value", None), str)
                if (
                    after is None
                    or got_next is None
                    or isinstance(got_next[0], Col)
                    or not (after.vals or quoted)
                ):
                    break  # ("not equal to 'Asia' or 'Europe'": quoted text after quoted text is listed)
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
        self._skip_two_values()
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

    def _skip_two_values(self) -> None:
        """ "between two values 9 and 10": the words that announce the bounds ("two" is no bound
        when the noun "values" and then a number follow it)."""
        c = self._cur()
        if c is None or c.words != ("two",) or c.cols:
            return
        pos = self._pos()
        noun = self.cl.items[pos + 1] if pos + 1 < len(self.cl.items) else None
        lo = self._peek(1)
        if (
            noun is not None
            and noun.words[0] in ("values", "numbers")
            and lo is not None
            and lo.num is not None
        ):
            self._take()
            noun.used = True

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
