"""Plan expressions → PySpark Column expressions (``F.col``, ``F.when``), one function per node.

As for polars, a predicate that meets a missing value answers what pandas answers wherever that
can show (``F.coalesce(<test>, F.lit(False))``). Window expressions need the row order, which a
Spark frame only has through a row-number column: the step generator adds one (``cx.row``) and
restores the order afterwards.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ...plan import (
    Arith,
    Between,
    BoolOp,
    Col,
    Compare,
    Cond,
    DateLit,
    DatePart,
    IsIn,
    IsNull,
    Lit,
    MathCall,
    Node,
    Not,
    StrCall,
    StrMatch,
    Window,
)
from ..engine_common import unsupported
from ..engine_exprs import ExprCtx, is_const, iso_parts, needs_fill, python_whitespace
from ..pyfmt import ADD, ATOM, BITAND, BITOR, CMP, MUL, UNARY, Code, lit, s

ExprGen = Callable[[Any, ExprCtx], Code]

_CMP = {"eq": "==", "ne": "!=", "lt": "<", "le": "<=", "gt": ">", "ge": ">="}
_ARITH = {"add": ("+", ADD), "sub": ("-", ADD), "mul": ("*", MUL), "div": ("/", MUL)}
DATE_PARTS = {
    "year": "F.year({})",
    "quarter": "F.quarter({})",
    "month": "F.month({})",
    "day": "F.dayofmonth({})",
    "weekday": "F.weekday({})",  # Monday = 0, as pandas
    "dayofyear": "F.dayofyear({})",
    "hour": "F.hour({})",
    "minute": "F.minute({})",
    "date": 'F.date_trunc("day", {})',
    "day_name": 'F.date_format({}, "EEEE")',
    "month_name": 'F.date_format({}, "MMMM")',
}
STR_CALLS = {"lower": "F.lower({})", "upper": "F.upper({})", "len": "F.char_length({})"}
_SIMPLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


def simple(name: str) -> bool:
    """A name Spark reads as itself (no dots, spaces, backticks …)."""
    return bool(_SIMPLE.match(name))


def quoted(name: str) -> str:
    """A column name as Spark's name parser needs it: as is when simple, else in backticks."""
    return s(name) if simple(name) else s("`" + name.replace("`", "``") + "`")


def quoted_names(cols: tuple[str, ...] | list[str]) -> str:
    """Column names as the arguments of ``select`` / ``groupBy`` / ``orderBy`` (each :func:`quoted`)."""
    return ", ".join(quoted(c) for c in cols)


def scol(name: str) -> str:
    return f"F.col({quoted(name)})"


@dataclass(frozen=True)
class WindowInfo:
    """How window expressions see the rows: ``row`` is the row-number column the step added."""

    row: str


def expr(e: Node, cx: ExprCtx) -> Code:
    gen = EXPR_GENERATORS.get(type(e))
    if gen is None:
        raise unsupported(type(e).__name__, "spark", "no generator for this expression")
    return gen(e, cx)


def sexpr(e: Node, cx: ExprCtx) -> Code:
    """Always a Column (a bare literal is wrapped in ``F.lit``)."""
    code = expr(e, cx)
    return Code(f"F.lit({code.text})") if isinstance(e, Lit) else code


def recv(e: Node, cx: ExprCtx) -> str:
    return sexpr(e, cx).at(ATOM)


def filled(code: Code, cx: ExprCtx, operands: tuple[Node, ...], null_means: bool) -> Code:
    if needs_fill(cx, operands, null_means):
        return Code(f"F.coalesce({code.text}, F.lit({null_means}))")
    return code


def _negated(code: Code, negate: bool) -> Code:
    return Code(f"~{code.at(UNARY)}", UNARY) if negate else code


def _col(e: Col, cx: ExprCtx) -> Code:
    return Code(scol(e.name))


def _lit(e: Lit, cx: ExprCtx) -> Code:
    if isinstance(e.value, float) and e.value in (float("inf"), float("-inf")):
        return Code(f'F.lit(float("{e.value}"))')
    return lit(e.value)


def _date(e: DateLit, cx: ExprCtx) -> Code:
    if iso_parts(e.value) is None:
        raise unsupported("a date with a time zone", "spark")
    return Code(f"F.lit({s(e.value)}).cast(T.TimestampType())")


def _is_none(e: Node) -> bool:
    return isinstance(e, Lit) and e.value is None


def _compare(e: Compare, cx: ExprCtx) -> Code:
    if e.op in ("eq", "ne") and (_is_none(e.right) or _is_none(e.left)):
        other = e.left if _is_none(e.right) else e.right
        return Code(f"{recv(other, cx)}.{'isNull' if e.op == 'eq' else 'isNotNull'}()")
    sub = cx.exact()
    left = sexpr(e.left, sub) if is_const(e.left) and is_const(e.right) else expr(e.left, sub)
    right = expr(e.right, sub)
    code = Code(f"{left.at(CMP + 1)} {_CMP[e.op]} {right.at(CMP + 1)}", CMP)
    return filled(code, cx, (e.left, e.right), e.op == "ne")


def _between(e: Between, cx: ExprCtx) -> Code:
    sub = cx.exact()
    target = recv(e.expr, sub)
    low, high = expr(e.low, sub).text, expr(e.high, sub).text
    if e.inclusive == "both":
        code = Code(f"{target}.between({low}, {high})")
    else:
        lo = ">=" if e.inclusive == "left" else ">"
        hi = "<=" if e.inclusive == "right" else "<"
        code = Code(f"({target} {lo} {low}) & ({target} {hi} {high})", BITAND)
    return filled(code, cx, (e.expr, e.low, e.high), False)


def _isin(e: IsIn, cx: ExprCtx) -> Code:
    target = recv(e.expr, cx.exact())
    sub = cx.exact() if e.negate else cx
    present = [lit(v).text for v in e.values if v is not None]
    parts = []
    if present:
        parts.append(filled(Code(f"{target}.isin([{', '.join(present)}])"), sub, (e.expr,), False))
    if len(present) < len(e.values):
        parts.append(Code(f"{target}.isNull()"))
    code = parts[0] if len(parts) == 1 else Code(" | ".join(p.at(BITOR + 1) for p in parts), BITOR)
    return _negated(code, e.negate)


def _isnull(e: IsNull, cx: ExprCtx) -> Code:
    return Code(f"{recv(e.expr, cx.exact())}.{'isNotNull' if e.negate else 'isNull'}()")


def _strmatch(e: StrMatch, cx: ExprCtx) -> Code:
    target = recv(e.expr, cx.exact())
    pattern = e.pattern
    if not e.case_sensitive:
        target = f"F.lower({target})"
        pattern = pattern.lower()
    if e.how == "equals":
        code = Code(f"{target} == {s(pattern)}", CMP)
    else:
        code = Code(f"{target}.{e.how}({s(pattern)})")
    sub = cx.exact() if e.negate else cx
    return _negated(filled(code, sub, (e.expr,), False), e.negate)


def _boolop(e: BoolOp, cx: ExprCtx) -> Code:
    sym, prec = ("&", BITAND) if e.op == "and" else ("|", BITOR)
    parts = []
    for operand in e.operands:
        code = expr(operand, cx)
        same = isinstance(operand, BoolOp) and operand.op == e.op
        parts.append(code.text if same else code.at(prec + 1))
    return Code(f" {sym} ".join(parts), prec)


def _not(e: Not, cx: ExprCtx) -> Code:
    return Code(f"~{sexpr(e.operand, cx.exact()).at(UNARY)}", UNARY)


def _arith(e: Arith, cx: ExprCtx) -> Code:
    """``/`` is always true division in Spark; floor division and modulo are written out so they
    round towards minus infinity and take the divisor's sign, as Python's do."""
    sub = cx.exact()
    left = sexpr(e.left, sub) if is_const(e.left) and is_const(e.right) else expr(e.left, sub)
    right = expr(e.right, sub)
    if e.op == "pow":
        return Code(f"F.pow({sexpr(e.left, sub).text}, {right.text})")
    if e.op == "floordiv":
        return Code(f"F.floor({left.at(MUL)} / {right.at(MUL + 1)})")
    if e.op == "mod":
        l2 = left.at(ADD + 1)
        return Code(f"{l2} - F.floor({left.at(MUL)} / {right.at(MUL + 1)}) * {right.at(MUL + 1)}", ADD)
    sym, prec = _ARITH[e.op]
    return Code(f"{left.at(prec)} {sym} {right.at(prec + 1)}", prec)


def _math(e: MathCall, cx: ExprCtx) -> Code:
    sub = cx.exact()
    inner = sexpr(e.expr, sub)
    if e.func == "neg":
        return Code(f"-{inner.at(UNARY)}", UNARY)
    if e.func == "round":  # NumPy's rounding: scale, round half to even, scale back
        if e.digits == 0:
            return Code(f"F.bround({inner.text})")
        scale = str(10 ** abs(e.digits))
        op, back = ("*", "/") if e.digits > 0 else ("/", "*")
        return Code(f"F.bround({inner.at(MUL)} {op} {scale}) {back} {scale}", MUL)
    return Code(f"F.{e.func}({inner.text})")


def _datepart(e: DatePart, cx: ExprCtx) -> Code:
    return Code(DATE_PARTS[e.part].format(sexpr(e.expr, cx.exact()).text))


def _strcall(e: StrCall, cx: ExprCtx) -> Code:
    target = sexpr(e.expr, cx.exact()).text
    if e.func == "strip":  # exactly the characters Python's str.strip() removes
        chars = "".join(f"\\u{ord(c):04x}" for c in python_whitespace())
        return Code(f'F.regexp_replace({target}, {s(f"^[{chars}]+|[{chars}]+$")}, "")')
    if e.func == "title":
        raise unsupported("title case", "spark", "initcap capitalises differently from str.title")
    return Code(STR_CALLS[e.func].format(target))


def _value(e: Node, cx: ExprCtx) -> str:
    return "F.lit(None)" if _is_none(e) else expr(e, cx).text


def _cond(e: Cond, cx: ExprCtx) -> Code:
    pos = ExprCtx(cx.step, positive=True)
    sub = cx.exact()
    text = ""
    for i, (cond, then) in enumerate(e.branches):
        text += f"{'F' if i == 0 else ''}.when({expr(cond, pos).text}, {_value(then, sub)})"
    text += f".otherwise({_value(e.otherwise, sub)})"
    return Code(text)


def window_spec(by: tuple[str, ...], order: str, frame: str = "") -> str:
    part = f".partitionBy({', '.join(quoted(b) for b in by)})" if by else ""
    return f"Window{part}.orderBy({order}){frame}"


_RUNNING = ".rowsBetween(Window.unboundedPreceding, Window.currentRow)"


def _window(e: Window, cx: ExprCtx) -> Code:
    """Running, shifted and ranked values in the frame's row order (the row-number column
    ``cx.step.row``), within groups via ``partitionBy``; rows whose group key or value is missing
    get a missing value, as in pandas."""
    row = getattr(cx.step, "row", None)
    if row is None:
        raise unsupported(f"{e.func} here", "spark", "the row order is not defined at this step")
    c = scol(e.column)
    w = window_spec(e.by, s(row))
    guard = [f"{scol(b)}.isNotNull()" for b in e.by if cx.step.nullable(b)]
    if e.func in ("cumsum", "cummax", "cummin"):
        fn = {"cumsum": "sum", "cummax": "max", "cummin": "min"}[e.func]
        base = f"F.{fn}({c}).over({window_spec(e.by, s(row), _RUNNING)})"
        if cx.step.nullable(e.column):
            guard.append(f"{c}.isNotNull()")
    elif e.func == "cumcount":
        base = f"F.row_number().over({w}) - 1"
    elif e.func == "rank":  # pandas' average rank: the lowest rank of the ties plus half their number
        order = f"{c}.asc_nulls_last()" if e.ascending else f"{c}.desc_nulls_last()"
        ties = f"Window.partitionBy({', '.join([*(quoted(b) for b in e.by), quoted(e.column)])})"
        base = f"F.rank().over({window_spec(e.by, order)})"
        if e.ties == "average":
            base += f" + (F.count(F.lit(1)).over({ties}) - 1) / 2"
        if cx.step.nullable(e.column):
            guard.append(f"{c}.isNotNull()")
    else:
        lag = (
            f"F.lag({c}, {e.periods}).over({w})" if e.periods >= 0 else f"F.lead({c}, {-e.periods}).over({w})"
        )
        base = {"shift": lag, "diff": f"{c} - {lag}", "pct_change": f"{c} / {lag} - 1"}[e.func]
    if not guard:
        return Code(base, ADD if " - " in base or " + " in base else ATOM)
    return Code(f"F.when({' & '.join(guard)}, {base})")


EXPR_GENERATORS: dict[type[Node], ExprGen] = {
    Col: _col,
    Lit: _lit,
    DateLit: _date,
    Compare: _compare,
    Between: _between,
    IsIn: _isin,
    IsNull: _isnull,
    StrMatch: _strmatch,
    BoolOp: _boolop,
    Not: _not,
    Arith: _arith,
    MathCall: _math,
    DatePart: _datepart,
    StrCall: _strcall,
    Cond: _cond,
    Window: _window,
}

__all__ = ["EXPR_GENERATORS", "WindowInfo", "expr", "quoted", "scol", "sexpr", "simple", "window_spec"]
