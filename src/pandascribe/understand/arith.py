"""Arithmetic formulas in words and symbols: "price / carat", "the log of pop", "body_mass_g in kg",
"the ratio of realcons to realgdp".

A small precedence parser over items, used wherever a formula can stand: a new column's
definition, the branches of a conditional column, a comparison's right-hand side.
"""

from __future__ import annotations

from ..errors import CompileError
from ..plan import Arith, Col, DatePart, Expr, Lit, MathCall, StrCall
from .context import Clause
from .items import Item
from .stats import read_stat

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


# nouns that name an operation on the two operands after them
_BINARY_NOUNS = {"ratio": "div", "difference": "sub", "product": "mul"}

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
        if c.words[0] in _BINARY_NOUNS and not c.cols:
            return self._binary_phrase(c.words[0])
        if c.kw("agg") in ("sum", "mean") and (rowwise := self._rowwise(c.kw("agg") == "mean")) is not None:
            return rowwise
        if c.kw("agg"):
            got = read_stat(self.cl, self.pos[self.k], None, self.pos[-1] + 1)
            if got is not None:  # "the median of gdpPercap grouped on continent"
                stat, end = got
                while self.k < len(self.pos) and self.pos[self.k] < end:
                    self.take()
                self.cl.use_range(self.pos[self.k - 1], end)
                return stat
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

    def _binary_phrase(self, noun: str) -> Expr:
        """ "the ratio of a to b" (a / b), "the difference between a and b" (a − b), "the product
        of a and b" (a × b): two operands named after the operation."""
        self.take()
        c = self.cur()
        if c is not None and not c.cols and c.words[0] in ("of", "between"):
            self.take()
        left = self.atom()
        c = self.cur()
        if c is not None and not c.cols and (c.words[0] in ("and", "to") or c.kw("dirto")):
            self.take()
        right = self.atom()
        return Arith(op=_BINARY_NOUNS[noun], left=left, right=right)  # type: ignore[arg-type]

    def _rowwise(self, mean: bool) -> Expr | None:
        """ "the sum of Chins, Situps, and Jumps" (two or more columns): added row by row; "the
        mean of a and b": their row-wise average. One column is the column's statistic instead."""
        j = self.k + 1
        cols: list[int] = []
        while j < len(self.pos):
            it = self.cl.items[self.pos[j]]
            if it.words[0] in ("of", "the") and not it.cols and not cols:
                j += 1
                continue
            if not (it.cols and len(it.cols) == 1 and not it.vals):
                break
            cols.append(j)
            j += 1
            sep = [j + n for n in range(2) if j + n < len(self.pos)]
            seps = [self.cl.items[self.pos[x]] for x in sep]
            if seps and (seps[0].sym == "," or (seps[0].kw("and") and seps[0].words[0] == "and")):
                j += 1
                if len(seps) > 1 and seps[0].sym == "," and seps[1].words[0] == "and":
                    j += 1
                continue
            break
        if len(cols) < 2 or self.cl.items[self.pos[j - 1]].cols == ():
            return None
        names = [Col(name=self.cl.items[self.pos[x]].cols[0]) for x in cols]
        while self.k < cols[-1] + 1:
            self.take()
        total: Expr = names[0]
        for n in names[1:]:
            total = Arith(op="add", left=total, right=n)
        return Arith(op="div", left=total, right=Lit(value=len(names))) if mean else total

    def _of(self) -> None:
        c = self.cur()
        if c is not None and c.words[0] in ("of", "the") and not c.cols:
            self.take()


def _close(cl: Clause, text: str) -> list[str]:
    from ..errors import closest

    return closest(text, list(cl.ctx.current.names))
