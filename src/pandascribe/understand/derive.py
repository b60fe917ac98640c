"""New columns: ``add ratio = a / b``, ``create gain as dep_delay minus arr_delay``,
``late = 'yes' if arr_delay > 15 else 'no'``, and running values (``cumulative sum of x per g``).

Arithmetic is parsed with the usual precedence (``**`` over ``* /`` over ``+ -``, brackets first)
from symbols or words (plus, minus, times, divided by, over, per).
"""

from __future__ import annotations

from ..errors import CompileError
from ..plan import Arith, Col, Cond, DatePart, Derive, Expr, Lit, MathCall, Not, Step, StrCall, Window
from .conditions import Conditions
from .context import Clause
from .items import Item

_MATH = {
    "log": "log",
    "ln": "log",
    "sqrt": "sqrt",
    "square root": "sqrt",
    "abs": "abs",
    "absolute": "abs",
    "absolute value": "abs",
    "exp": "exp",
    "round": "round",
    "rounded": "round",
}
_STR = {
    "lowercase": "lower",
    "lower": "lower",
    "uppercase": "upper",
    "upper": "upper",
    "title": "title",
    "titlecase": "title",
    "capitalized": "title",
    "stripped": "strip",
    "strip": "strip",
    "trimmed": "strip",
    "length": "len",
    "len": "len",
}
_MARKER_WORDS = (
    "as",
    "being",
    ":",
    "to",
    "holding",
    "containing",
    "with",
    "that",
    "which",
    "equal",
    "equals",
    "showing",
    "giving",
    "storing",
    "computed",
    "defined",
    "set",
)
_MARKER_TAIL = ("is", "says", "holds", "contains", "equals", "gives", "shows", "stores", "has", "are", "will")
_OPS = {"add": ("+", 1), "sub": ("-", 1), "mul": ("*", 2), "div": ("/", 2), "pow": ("**", 3)}


class ArithParser:
    """Precedence climbing over items[lo:hi]."""

    def __init__(self, cl: Clause, lo: int, hi: int):
        self.cl = cl
        self.pos = [
            i
            for i in range(lo, hi)
            if not cl.items[i].used
            and not (cl.items[i].filler and not cl.items[i].cols and cl.items[i].words[0] not in ("of",))
        ]
        self.k = 0

    def cur(self) -> Item | None:
        return self.cl.items[self.pos[self.k]] if self.k < len(self.pos) else None

    def take(self) -> Item:
        it = self.cl.items[self.pos[self.k]]
        it.used = True
        self.k += 1
        return it

    def parse(self) -> Expr:
        e = self.expr(1)
        if self.cur() is not None:
            bad = self.cur()
            if bad is None:
                raise CompileError("the request ends too early")
            raise CompileError(f"did not understand '{bad.text}' in the formula", words=[bad.text])
        return e

    def _op(self, it: Item) -> tuple[str, int] | None:
        if it.cols and it.col_score >= 85:
            return None
        for k, v in it.kws:
            if k == "arith" and v in _OPS and it.words[0] != "and":
                return v, _OPS[v][1]
        return None

    def expr(self, min_prec: int) -> Expr:
        left = self.unary()
        while (c := self.cur()) is not None and (op := self._op(c)) is not None and op[1] >= min_prec:
            self.take()
            if c.words[0] == "squared":
                left = Arith(op="pow", left=left, right=Lit(value=2))
                continue
            right = self.expr(op[1] + (0 if op[0] == "pow" else 1))
            left = Arith(op=op[0], left=left, right=right)  # type: ignore[arg-type]
        return left

    def unary(self) -> Expr:
        c = self.cur()
        if c is None:
            raise CompileError("the formula ends too early")
        if c.sym == "-" or (c.kw("arith", "sub") and c.words[0] == "minus"):
            self.take()
            inner = self.unary()
            if (
                isinstance(inner, Lit)
                and isinstance(inner.value, (int, float))
                and not isinstance(inner.value, bool)
            ):
                return Lit(value=-inner.value)
            return MathCall(func="neg", expr=inner)
        return self.atom()

    def atom(self) -> Expr:
        c = self.cur()
        if c is None:
            raise CompileError("the request ends too early")
        key = " ".join(c.words)
        if c.sym == "(":
            self.take()
            e = self.expr(1)
            if self.cur() is None or self.cur().sym != ")":  # type: ignore[union-attr]
                raise CompileError("a bracket is not closed in the formula")
            self.take()
            return e
        if c.num is not None and not c.cols:
            self.take()
            return Lit(value=c.num)
        if c.words[0] in ("true", "false", "yes", "no") and len(c.words) == 1 and not c.cols:
            self.take()
            return Lit(value=c.words[0] in ("true", "yes"))
        if c.string is not None:
            self.take()
            return Lit(value=c.string)
        if c.cols:
            self.take()
            return Col(name=self.cl.column(self.pos[self.k - 1]))
        if key in _MATH or c.words[0] in _MATH:
            self.take()
            self._of()
            return MathCall(func=_MATH.get(key, _MATH.get(c.words[0], "abs")), expr=self.atom())  # type: ignore[arg-type]
        if key in _STR:
            self.take()
            self._of()
            return StrCall(func=_STR[key], expr=self.atom())  # type: ignore[arg-type]
        if c.datepart:
            self.take()
            self._of()
            return DatePart(part=c.datepart, expr=self.atom())  # type: ignore[arg-type]
        raise CompileError(
            f"did not understand '{c.text}' in the formula",
            words=[c.text],
            suggestions=_close(self.cl, c.text),
        )

    def _of(self) -> None:
        c = self.cur()
        if c is not None and c.words[0] in ("of", "the") and not c.cols:
            self.take()


def _close(cl: Clause, text: str) -> list[str]:
    from ..errors import closest

    return closest(text, list(cl.ctx.current.names))


def _name_from(items: list[Item]) -> str:
    words = [it.string if it.string is not None else it.text for it in items]
    name = "_".join(w.replace(" ", "_") for w in words if w)
    if not name:
        raise CompileError("the new column needs a name: 'add NAME = …'")
    return name


def do_derive(cl: Clause) -> list[Step]:
    items = cl.items
    verbs = [
        i for i, it in enumerate(items) if it.kw("verb", "derive") and not (it.cols and it.col_score >= 85)
    ]
    start = 0
    for v in verbs:
        if v <= start + 1 or all(items[j].filler or items[j].kw("verb", "derive") for j in range(start, v)):
            cl.use(v)
            start = v + 1
    rest = [it for it in items[start:] if not it.used and not it.filler and not it.rownoun]
    if (
        rest
        and any(it.foreign for it in rest)
        and all(it.foreign or it.kw("in") or it.kw("dirto") or it.kw("group") for it in rest)
    ):
        for it in items[start:]:
            it.used = True  # "add the plane's seats to each flight": the join brings the column
        return []
    part = _datepart_column(cl, start)
    if part is not None:
        return [part]
    # the marker between name and formula
    mark = None
    for i in range(start, len(items)):
        it = items[i]
        if it.used:
            continue
        if it.sym == "=" or it.kw("cmp", "eq") or (it.words[0] in _MARKER_WORDS and i > start):
            mark = i
            break
    if mark is None:
        rest = [it for it in items[start:] if not it.used and not it.filler and not it.rownoun]
        if (
            rest
            and all(it.foreign or it.kw("in") or it.kw("dirto") or it.kw("group") for it in rest)
            and any(it.foreign for it in rest)
        ):
            for it in items[start:]:
                it.used = True  # "add the plane's seats to each flight": the join brings the column
            return []
        raise CompileError("say the new column as 'NAME = formula' or 'NAME as formula'")
    # "that is", "that says", "which holds": the words after the marker word belong to it
    while (
        mark + 1 < len(items)
        and items[mark].words[0] in ("that", "which")
        and items[mark + 1].words[0] in _MARKER_TAIL
    ):
        cl.use(mark)
        mark += 1
    name_items = [
        items[i]
        for i in range(start, mark)
        if not items[i].used
        and not (
            items[i].words[0] in ("a", "an", "the", "new", "column", "called", "named", "field", "variable")
            or items[i].kw("verb", "derive")
        )
    ]
    if not name_items:
        # "add dep_delay minus arr_delay as gain": formula first, name after the marker
        formula_lo, formula_hi = start, mark
        cl.use(mark)
        name = _name_from(
            [items[i] for i in range(mark + 1, len(items)) if not items[i].used and not items[i].filler]
        )
        cl.use_range(mark + 1, len(items))
    else:
        name = _name_from(name_items)
        for it in name_items:
            it.used = True
        cl.use(mark)
        formula_lo, formula_hi = mark + 1, len(items)
    for i in range(formula_lo, formula_hi):  # "computed as", "defined by", "equal to"
        if not items[i].used and items[i].words[0] in ("as", "by", "to", "the", "of") and i == formula_lo:
            cl.use(i)
            formula_lo += 1
    cond_at = next(
        (
            i
            for i in range(formula_lo, formula_hi)
            if items[i].words[0] in ("if", "when", "where", "whenever") and not items[i].used
        ),
        None,
    )
    if cond_at is not None:
        return [Derive(name=name, expr=_conditional(cl, formula_lo, cond_at, formula_hi))]
    expr = ArithParser(cl, formula_lo, formula_hi).parse()
    return [Derive(name=name, expr=expr)]


def _branch_value(cl: Clause, lo: int, hi: int) -> Expr:
    """A conditional column's value: a formula, or a bare word taken as text ("says big when …")."""
    live = [i for i in range(lo, hi) if not cl.items[i].used and not cl.items[i].filler]
    if len(live) == 1:
        it = cl.items[live[0]]
        if (
            it.words[0] in ("true", "false", "yes", "no")
            and len(it.words) == 1
            and it.text.lower() in ("true", "false")
        ):
            for i in range(lo, hi):
                cl.items[i].used = True
            return Lit(value=it.words[0] == "true")
        if not it.cols and not it.kws and it.num is None and it.string is None and it.sym is None:
            it.used = True
            for i in range(lo, hi):
                cl.items[i].used = True
            return Lit(value=it.text)
    return ArithParser(cl, lo, hi).parse()


def _datepart_column(cl: Clause, start: int) -> Derive | None:
    """ "add a year column from date", "add the month of each date", "add the weekday name for every
    date": a date part named as the new column."""
    items = [(i, it) for i, it in enumerate(cl.items[start:], start) if not it.used]
    parts = [(i, it) for i, it in items if it.datepart and not it.col]
    dates = [(i, it) for i, it in items if it.col and cl.ctx.kind(it.col) == "datetime"]
    if len(parts) != 1 or len(dates) != 1:
        return None
    others = [it for i, it in items if (i, it) not in parts and (i, it) not in dates]
    if not all(
        it.filler
        or it.kw("in")
        or it.kw("group")
        or it.kw("dirfrom")
        or it.words[0] in ("column", "name", "names", "field")
        for it in others
    ):
        return None
    for _, it in items:
        it.used = True
    part = parts[0][1].datepart or "year"
    col = dates[0][1].col or ""
    name = part if part not in cl.ctx.current.names else f"{col}_{part}"
    return Derive(name=name, expr=DatePart(part=part, expr=Col(name=col)))  # type: ignore[arg-type]


def _conditional(cl: Clause, lo: int, cond_at: int, hi: int) -> Expr:
    """``'late' if arr_delay > 15 else 'on time'``."""
    items = cl.items
    other = next((i for i in range(cond_at, hi) if items[i].words[0] in ("else", "otherwise")), None)
    then = _branch_value(cl, lo, cond_at)
    cl.use(cond_at)
    if other is None:
        # "late that is True when arr_delay > 15": a flag needs no 'else'
        cond = Conditions(cl, [i for i in range(cond_at + 1, hi) if not items[i].used]).parse()
        if cond is None:
            raise CompileError("the condition after 'when' is empty")
        if isinstance(then, Lit) and isinstance(then.value, bool):
            return cond if then.value else Not(operand=cond)
        raise CompileError("a conditional column needs 'otherwise …' (the value when the condition fails)")
    cl.use(other)
    # the 'otherwise' value comes after it ("otherwise 'small'") or just before it ("and 'small' otherwise")
    after = [i for i in range(other + 1, hi) if not items[i].used and not items[i].filler]
    if after:
        cond_hi = other
        otherwise = _branch_value(cl, other + 1, hi)
    else:
        val = max(i for i in range(cond_at + 1, other) if not items[i].used)
        otherwise = _branch_value(cl, val, val + 1)
        cond_hi = val
        if (cond_hi - 1 > cond_at and items[cond_hi - 1].kw("and")) or items[cond_hi - 1].sym == ",":
            cl.use(cond_hi - 1)
    cond = Conditions(cl, [i for i in range(cond_at + 1, cond_hi) if not items[i].used]).parse()
    if cond is None:
        raise CompileError("the condition after 'if' is empty")
    return Cond(branches=((cond, then),), otherwise=otherwise)


_WINDOW = {
    ("cumulative", "sum"): "cumsum",
    ("cumulative", "total"): "cumsum",
    ("running", "total"): "cumsum",
    ("running", "sum"): "cumsum",
    ("cumsum",): "cumsum",
    ("cumulative", "max"): "cummax",
    ("running", "max"): "cummax",
    ("cumulative", "min"): "cummin",
    ("running", "min"): "cummin",
    ("cumulative", "count"): "cumcount",
    ("row", "number"): "cumcount",
    ("percent", "change"): "pct_change",
    ("percentage", "change"): "pct_change",
    ("pct", "change"): "pct_change",
    ("pct_change",): "pct_change",
    ("change", "from", "the", "previous"): "diff",
    ("difference", "from", "the", "previous"): "diff",
    ("diff",): "diff",
    ("previous",): "shift",
    ("lag",): "shift",
    ("lagged",): "shift",
    ("shift",): "shift",
    ("shifted",): "shift",
    ("rank",): "rank",
    ("ranking",): "rank",
    ("cumulative", "maximum"): "cummax",
    ("cumulative", "minimum"): "cummin",
}


def do_window(cl: Clause) -> list[Step]:
    items = cl.items
    v = next((i for i, it in enumerate(items) if it.kw("verb", "window") and not it.used), None)
    if v is None:  # "rank the yields within each site": the sort word "rank" names the window
        v = next(
            i for i, it in enumerate(items) if not it.used and it.words[0] in ("rank", "ranked", "ranking")
        )
    words = tuple(w for w in items[v].words if w not in ("of", "month", "over", "year", "day", "in"))
    words = tuple("percent" if w == "%" else w for w in words)
    func = None
    span = [v]
    for n in (4, 3, 2, 1):
        if tuple(words[:n]) in _WINDOW:
            func = _WINDOW[tuple(words[:n])]
            break
    if func is None and v + 1 < len(items):  # "cumulative" + "sum of"
        nxt = items[v + 1]
        combo = (words[0], nxt.words[0])
        if combo in _WINDOW:
            func = _WINDOW[combo]
            span.append(v + 1)
    if func is None:
        raise CompileError(
            f"'{items[v].text}' of what kind? (cumulative sum, percent change, rank, previous value)",
            words=[items[v].text],
        )
    cl.use(*span)
    col = None
    by: list[str] = []
    pre: list[Derive] = []
    name = None
    ascending = True
    periods = 1
    for i in range(len(items)):
        it = items[i]
        if it.used:
            continue
        if it.cols and col is None and not (i > 0 and items[i - 1].kw("group")):
            col = cl.column(i)
            cl.use(i)
        elif it.cols and col is not None and it.col == col:
            cl.use(i)  # the same column named again ("highest yield ranked 1")
        elif (
            func == "rank"
            and (it.words[0] in ("ranked", "rank", "first", "number") or it.num == 1)
            and not it.cols
        ):
            cl.use(i)
        elif it.kw("group") and not it.cols and not (i + 1 < len(items) and items[i + 1].num is not None):
            cl.use(i)
            k = cl.skip(i + 1)
            found_key = False
            while k < len(items) and not items[k].used:
                noun_col = None if items[k].cols else cl.noun_column(k)
                if items[k].cols:
                    by.append(cl.column(k))
                elif noun_col is not None:
                    by.append(noun_col)
                elif items[k].datepart:
                    pre.append(_datepart_key(cl, items[k]))
                    by.append(pre[-1].name)
                else:
                    break
                found_key = True
                cl.use(k)
                k = cl.skip(k + 1)
                if k < len(items) and (items[k].kw("and") or items[k].sym == ","):
                    cl.use(k)
                    k = cl.skip(k + 1)
            if not found_key:
                raise CompileError(f"'{it.text}' what? name the column to group by", words=[it.text])
        elif it.kw("dir"):
            ascending = it.kw("dir") == "asc"
            cl.use(i)
        elif it.kw("verb", "derive") or it.words[0] in (
            "as",
            "new",
            "column",
            "called",
            "named",
            "in",
            "into",
        ):
            cl.use(i)
            after = items[i + 1] if i + 1 < len(items) else None
            if (
                after is not None
                and not after.used
                and (
                    it.words[-1] in ("called", "named")
                    or (it.words[-1] == "column" and not after.cols and not after.kws and not after.filler)
                )
            ):
                name = after.string or after.text.replace(" ", "_")
                cl.use(i + 1)
        elif it.num is not None and func in ("shift", "diff", "pct_change") and not it.cols:
            periods = int(it.num)
            cl.use(i)
            if i > 0 and items[i - 1].kw("group") and not items[i - 1].used:
                cl.use(i - 1)  # "shifted by 1"
        elif it.kw("dir") or (it.sup and it.words[0] in ("highest", "largest", "biggest", "most")):
            ascending = not ((it.sup and it.sup[0]) or it.kw("dir") == "desc")
            cl.use(i)
        elif it.filler:
            cl.use(i)
    if col is None and func != "cumcount":
        raise CompileError(f"{func} of which column?")
    column = col or (by[0] if by else cl.ctx.current.names[0])
    name = name or (f"{column}_{func}" if func != "cumcount" else "row_number")
    window = Window(func=func, column=column, by=tuple(by), ascending=ascending, periods=periods)  # type: ignore[arg-type]
    steps: list[Step] = [*pre, Derive(name=name, expr=window)]
    if pre:  # the date part was only a grouping aid: do not leave it behind
        from ..plan import Drop

        steps.append(Drop(columns=tuple(p.name for p in pre)))
    return steps


def _datepart_key(cl: Clause, it: Item) -> Derive:
    """A group key that is a part of the only date column ("within each year")."""
    dts = cl.ctx.datetime_columns()
    if len(dts) != 1:
        raise CompileError(f"'{it.text}' of which date column?", words=[it.text], suggestions=dts)
    part = it.datepart or "year"
    name = part if part not in cl.ctx.current.names else f"{dts[0]}_{part}"
    return Derive(name=name, expr=DatePart(part=part, expr=Col(name=dts[0])))  # type: ignore[arg-type]
