"""Plan expressions → polars expressions (``pl.col(...)``, ``pl.when(...)``), one function per node.

Semantics follow pandas where users expect them: a predicate that meets a missing value is False
(``!=``: True) wherever that can show (see :mod:`..engine_exprs`), text matching is literal, dates
parts number weekdays from Monday = 0, ``round`` is NumPy's (scale, round half to even, unscale).
"""

from __future__ import annotations

import re
from collections.abc import Callable
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
    GroupStat,
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
from ..engine_exprs import ExprCtx, is_const, iso_parts, may_be_null, needs_fill, python_whitespace
from ..pyfmt import ADD, ATOM, BITAND, BITOR, CMP, MUL, POW, UNARY, Code, lit, s

ExprGen = Callable[[Any, ExprCtx], Code]

_CMP = {"eq": "==", "ne": "!=", "lt": "<", "le": "<=", "gt": ">", "ge": ">="}
_ARITH = {
    "add": ("+", ADD),
    "sub": ("-", ADD),
    "mul": ("*", MUL),
    "div": ("/", MUL),
    "floordiv": ("//", MUL),
    "mod": ("%", MUL),
    "pow": ("**", POW),
}
#: date parts as ``.dt`` calls; weekday is shifted to pandas' Monday = 0
DATE_PARTS = {
    "year": ".dt.year()",
    "quarter": ".dt.quarter()",
    "month": ".dt.month()",
    "day": ".dt.day()",
    "weekday": ".dt.weekday() - 1",
    "dayofyear": ".dt.ordinal_day()",
    "hour": ".dt.hour()",
    "minute": ".dt.minute()",
    "date": '.dt.truncate("1d")',
    "day_name": '.dt.strftime("%A")',
    "month_name": '.dt.strftime("%B")',
}
STR_CALLS = {
    "lower": ".str.to_lowercase()",
    "upper": ".str.to_uppercase()",
    "title": ".str.to_titlecase()",
    "len": ".str.len_chars()",
}
_SPECIAL_NAME = re.compile(r"^\^.*\$$|^\*$")


def name(n: str) -> str:
    """A column name as polars reads it in ``pl.col``/``select``/``sort`` (``*`` and ``^…$`` would
    be read as a wildcard and a regular expression, so such names are refused)."""
    if _SPECIAL_NAME.match(n):
        raise unsupported(f"the column name {n!r}", "polars", "polars reads it as a pattern")
    return s(n)


def pcol(n: str) -> str:
    return f"pl.col({name(n)})"


def expr(e: Node, cx: ExprCtx) -> Code:
    """Polars code for ``e``; a constant may come back as a bare Python literal (see :func:`pexpr`)."""
    gen = EXPR_GENERATORS.get(type(e))
    if gen is None:
        raise unsupported(type(e).__name__, "polars", "no generator for this expression")
    return gen(e, cx)


def pexpr(e: Node, cx: ExprCtx) -> Code:
    """Like :func:`expr`, but always a polars expression (a bare literal is wrapped in ``pl.lit``)."""
    code = expr(e, cx)
    if isinstance(e, Lit):
        return Code(f"pl.lit({code.text})")
    return code


def arg(e: Node, cx: ExprCtx) -> str:
    """``e`` as an argument of a polars function, where a bare string would be read as a column
    name: text constants are wrapped in ``pl.lit``."""
    if isinstance(e, Lit) and isinstance(e.value, str):
        return f"pl.lit({lit(e.value).text})"
    return expr(e, cx).text


def recv(e: Node, cx: ExprCtx) -> str:
    """``e`` as the receiver of a method call."""
    return pexpr(e, cx).at(ATOM)


def text_recv(e: Node, cx: ExprCtx) -> str:
    """A text expression as a receiver of ``.str`` methods (categories are cast to text first)."""
    if isinstance(e, Col) and cx.kind(e.name) == "category":
        return f"{pcol(e.name)}.cast(pl.String)"
    return recv(e, cx)


def filled(code: Code, cx: ExprCtx, operands: tuple[Node, ...], null_means: bool) -> Code:
    """``code.fill_null(<pandas' answer>)`` where a missing operand would otherwise show."""
    if needs_fill(cx, operands, null_means):
        return Code(f"{code.at(ATOM)}.fill_null({null_means})")
    return code


def _negated(code: Code, negate: bool) -> Code:
    return Code(f"~{code.at(UNARY)}", UNARY) if negate else code


def _col(e: Col, cx: ExprCtx) -> Code:
    return Code(pcol(e.name))


def _lit(e: Lit, cx: ExprCtx) -> Code:
    if isinstance(e.value, float) and e.value in (float("inf"), float("-inf")):
        return Code(f'pl.lit(float("{e.value}"))')
    return lit(e.value)


def _date(e: DateLit, cx: ExprCtx) -> Code:
    parts = iso_parts(e.value)
    if parts is None:
        raise unsupported("a date with a time zone", "polars")
    return Code(f"pl.datetime({', '.join(map(str, parts))})")


def _compare(e: Compare, cx: ExprCtx) -> Code:
    if e.op in ("eq", "ne") and (_is_none(e.right) or _is_none(e.left)):
        other = e.left if _is_none(e.right) else e.right
        return Code(f"{recv(other, cx)}.{'is_null' if e.op == 'eq' else 'is_not_null'}()")
    sub = cx.exact()
    left = pexpr(e.left, sub) if is_const(e.left) and is_const(e.right) else expr(e.left, sub)
    right = expr(e.right, sub)
    code = Code(f"{left.at(CMP + 1)} {_CMP[e.op]} {right.at(CMP + 1)}", CMP)
    return filled(code, cx, (e.left, e.right), e.op == "ne")


def _is_none(e: Node) -> bool:
    return isinstance(e, Lit) and e.value is None


def _between(e: Between, cx: ExprCtx) -> Code:
    sub = cx.exact()
    closed = {"both": "both", "neither": "none", "left": "left", "right": "right"}[e.inclusive]
    extra = "" if closed == "both" else f", closed={s(closed)}"
    code = Code(f"{recv(e.expr, sub)}.is_between({arg(e.low, sub)}, {arg(e.high, sub)}{extra})")
    return filled(code, cx, (e.expr, e.low, e.high), False)


def _isin_values(e: IsIn, cx: ExprCtx) -> tuple[str, list[str]]:
    """The receiver and the literal values, of one dtype (polars' ``is_in`` needs that)."""
    target = recv(e.expr, cx.exact())
    present = [v for v in e.values if v is not None]
    kind = cx.kind(e.expr.name) if isinstance(e.expr, Col) else "any"
    if kind == "integer" and any(isinstance(v, float) for v in present):
        target = f"{target}.cast(pl.Float64)"
        kind = "float"  # and every value a float: a list of 0 and 2.5 would be built as Int64
    if kind == "float":
        present = [float(v) if isinstance(v, int) and not isinstance(v, bool) else v for v in present]
    if kind == "category":
        target = f"{target}.cast(pl.String)"
    return target, [lit(v).text for v in present]


def _isin(e: IsIn, cx: ExprCtx) -> Code:
    """``is_in`` never matches a missing value, so a None among the values adds ``| is_null()``."""
    target, values = _isin_values(e, cx)
    sub = cx.exact() if e.negate else cx
    parts = []
    if values:
        parts.append(filled(Code(f"{target}.is_in([{', '.join(values)}])"), sub, (e.expr,), False))
    if len(values) < len(e.values):
        parts.append(Code(f"{target}.is_null()"))
    code = parts[0] if len(parts) == 1 else Code(" | ".join(p.at(BITOR + 1) for p in parts), BITOR)
    return _negated(code, e.negate)


def _isnull(e: IsNull, cx: ExprCtx) -> Code:
    return Code(f"{recv(e.expr, cx.exact())}.{'is_not_null' if e.negate else 'is_null'}()")


def _strmatch(e: StrMatch, cx: ExprCtx) -> Code:
    """Literal matching; case-insensitive means lowering both sides (as pandas' code does)."""
    target = text_recv(e.expr, cx.exact())
    pattern = e.pattern
    if not e.case_sensitive:
        target += ".str.to_lowercase()"
        pattern = pattern.lower()
    if e.how == "equals":
        code = Code(f"{target} == {s(pattern)}", CMP)
    elif e.how == "contains":
        code = Code(f"{target}.str.contains({s(pattern)}, literal=True)")
    else:
        method = "starts_with" if e.how == "startswith" else "ends_with"
        code = Code(f"{target}.str.{method}({s(pattern)})")
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
    return Code(f"~{pexpr(e.operand, cx.exact()).at(UNARY)}", UNARY)


def _arith(e: Arith, cx: ExprCtx) -> Code:
    sym, prec = _ARITH[e.op]
    sub = cx.exact()
    left = pexpr(e.left, sub) if is_const(e.left) and is_const(e.right) else expr(e.left, sub)
    right = expr(e.right, sub)
    if e.op == "pow":
        return Code(f"{left.at(POW + 1)} ** {right.at(UNARY)}", POW)
    return Code(f"{left.at(prec)} {sym} {right.at(prec + 1)}", prec)


def _math(e: MathCall, cx: ExprCtx) -> Code:
    sub = cx.exact()
    if e.func == "neg":
        return Code(f"-{pexpr(e.expr, sub).at(UNARY)}", UNARY)
    inner = recv(e.expr, sub)
    if e.func == "round":
        if e.digits == 0:
            return Code(f"{inner}.round()")
        # NumPy's rounding (what pandas does): scale, round half to even, scale back
        scale = str(10 ** abs(e.digits))
        if e.digits > 0:
            return Code(f"({inner} * {scale}).round() / {scale}", MUL)
        return Code(f"({inner} / {scale}).round() * {scale}", MUL)
    return Code(f"{inner}.{e.func}()")


def _datepart(e: DatePart, cx: ExprCtx) -> Code:
    part = DATE_PARTS[e.part]
    code = f"{recv(e.expr, cx.exact())}{part}"
    return Code(code, ADD) if part.endswith(" - 1") else Code(code)


def _strcall(e: StrCall, cx: ExprCtx) -> Code:
    target = text_recv(e.expr, cx.exact())
    if e.func == "strip":  # exactly the characters Python's str.strip() removes
        return Code(f"{target}.str.strip_chars({s(python_whitespace())})")
    return Code(f"{target}{STR_CALLS[e.func]}")


def _cond(e: Cond, cx: ExprCtx) -> Code:
    """``pl.when(c).then(v)…otherwise(o)``: the first condition that holds wins; a condition that
    meets a missing value does not hold (as in pandas)."""
    pos = ExprCtx(cx.step, positive=True)
    sub = cx.exact()
    text = ""
    for i, (cond, then) in enumerate(e.branches):
        text += f"{'pl' if i == 0 else ''}.when({expr(cond, pos).text}).then({arg(then, sub)})"
    text += f".otherwise({arg(e.otherwise, sub)})"
    return Code(text)


def _window(e: Window, cx: ExprCtx) -> Code:
    """Running, shifted and ranked values in the frame's row order, within groups via ``over``;
    rows whose group key is missing get a missing value (pandas leaves them out of every group)."""
    c = pcol(e.column)
    if e.func == "cumcount":
        base = "pl.int_range(pl.len())"
    elif e.func in ("cumsum", "cummax", "cummin"):
        base = f"{c}.cum_{e.func[3:]}()"
    elif e.func == "rank":
        base = f"{c}.rank({s(e.ties)}{'' if e.ascending else ', descending=True'})"
    elif e.func == "pct_change":  # pandas 3: no filling of gaps before the change
        base = f"({c} / {c}.shift({e.periods}) - 1)"
    else:  # shift, diff
        base = f"{c}.{e.func}({'' if e.periods == 1 else e.periods})"
    return _per_group(base, e.by, cx)


def _per_group(base: str, by: tuple[str, ...], cx: ExprCtx) -> Code:
    """``base`` over the row's group (``over``), or over all rows without groups; rows whose group
    key is missing get a missing value, as pandas leaves them out of every group."""
    if not by:
        return Code(base)
    over = f"{base}.over({', '.join(name(b) for b in by)})"
    nullable = [b for b in by if cx.step.nullable(b)]
    if not nullable:
        return Code(over)
    test = " & ".join(f"{pcol(b)}.is_not_null()" for b in nullable)
    return Code(f"pl.when({test}).then({over})")


def _group_stat(e: GroupStat, cx: ExprCtx) -> Code:
    """The column's statistic over all rows, or over the row's group via ``over``; rows whose group
    key is missing get a missing value (pandas leaves them out of every group)."""
    base = f"{pcol(e.column)}.{e.func}()"
    return _per_group(base, e.by, cx)


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
    GroupStat: _group_stat,
}

__all__ = ["EXPR_GENERATORS", "arg", "expr", "may_be_null", "name", "pcol", "pexpr"]
