"""Small builders of condition expressions shared by the condition productions."""

from __future__ import annotations

from ..errors import CompileError
from ..plan import (
    BoolOp,
    Compare,
    Expr,
    IsIn,
    IsNull,
    Lit,
    Not,
    StrMatch,
)
from .context import Clause
from .items import Item
from .lexicon import FROM_COLUMN_WORDS, TO_COLUMN_WORDS  # noqa: F401 - re-exported for callers


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
