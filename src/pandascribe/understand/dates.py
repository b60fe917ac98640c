"""Calendar conditions: months, weekdays, seasons, holidays, years and date bounds."""

from __future__ import annotations

from typing import cast

from ..errors import CompileError
from ..plan import (
    BoolOp,
    Col,
    Compare,
    DateLit,
    DatePart,
    Expr,
    IsIn,
    Lit,
    Not,
)
from ..plan.expr import CompareOp, DatePartName
from .builders import _eq
from .cursor import ItemCursor
from .items import Item
from .values import is_year


class DateAtoms(ItemCursor):
    """The date productions of :class:`~pandascribe.understand.conditions.Conditions`."""

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

    def _year_or_month_bound(self, op: str, c: Item) -> Expr | None:
        self._take()
        if c.month is not None:
            target = self._time_column("month")
            return None if target is None else Compare(op=op, left=target[0], right=Lit(value=c.month))  # type: ignore[arg-type]
        return self._year_filter(op, int(c.num or 0))

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
        if c.date is not None and not op and len(c.date) == 10:
            day_test = self._day_filter(c.date)  # "flights on 2013-06-01"
            if day_test is not None:
                self._take()
                return day_test
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

    def _day_filter(self, iso: str) -> Expr | None:
        """One calendar day: the date column's day, or year, month and day columns together."""
        dts = self.cl.ctx.datetime_columns()
        if len(dts) == 1:
            return Compare(
                op="eq", left=DatePart(part="date", expr=Col(name=dts[0])), right=DateLit(value=iso)
            )
        parts = [self.cl.ctx.column_named(p) for p in ("year", "month", "day")]
        if all(parts):
            y, m, d = (int(x) for x in iso.split("-"))
            tests = tuple(
                Compare(op="eq", left=Col(name=n or ""), right=Lit(value=v))
                for n, v in zip(parts, (y, m, d), strict=True)
            )
            return BoolOp(op="and", operands=tests)
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
