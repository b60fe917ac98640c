"""Plan expressions → vectorized pandas expressions over a frame variable (``d`` or a frame name).

One function per expression node, registered in :data:`EXPR_GENERATORS`; a completeness test
checks every type in :data:`pandascribe.plan.EXPR_TYPES` has one. Each returns a :class:`Code`
with its precedence so operands are parenthesized only where Python needs it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from ..plan import (
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
    columns_of,
)
from .pyfmt import ADD, ATOM, BITAND, BITOR, CMP, MUL, POW, UNARY, Code, col, lit, one_or_list, s

ExprGen = Callable[[Any, str], Code]

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
#: Date parts as ``.dt`` attributes. ``weekday`` is ``day_of_week`` (Monday=0 … Sunday=6) so it stays
#: a number that sorts and compares; ``date`` is ``normalize()`` (midnight of the day), which keeps a
#: datetime dtype that compares with date literals, unlike ``.dt.date`` (Python objects).
DATE_PARTS = {
    "year": "year",
    "quarter": "quarter",
    "month": "month",
    "day": "day",
    "weekday": "day_of_week",
    "dayofyear": "day_of_year",
    "hour": "hour",
    "minute": "minute",
    "date": "normalize()",
    "day_name": "day_name()",
    "month_name": "month_name()",
}
_NUMPY_MATH = {"sqrt": "np.sqrt", "log": "np.log", "exp": "np.exp"}


def expr(e: Node, frame: str) -> Code:
    """Python source for expression ``e`` evaluated against the frame variable ``frame``."""
    gen = EXPR_GENERATORS.get(type(e))
    if gen is None:
        raise NotImplementedError(f"no pandas generator for expression {type(e).__name__}")
    return gen(e, frame)


def _scalar(e: Node) -> bool:
    """True when ``e`` reads no column (a constant)."""
    return not columns_of(e)


def is_array(e: Node) -> bool:
    """True when the code for ``e`` gives a NumPy array rather than a Series (``np.where``,
    ``np.select`` and arithmetic over them): such a value has no pandas methods."""
    if isinstance(e, Cond):
        return not _where_form(e)
    if isinstance(e, Arith | Compare):
        parts: tuple[Node, ...] = (e.left, e.right)
    elif isinstance(e, BoolOp):
        parts = e.operands
    elif isinstance(e, Not):
        parts = (e.operand,)
    elif isinstance(e, MathCall) and e.func in ("neg", "sqrt", "log", "exp"):
        parts = (e.expr,)
    else:
        return False
    return all(is_array(p) or _scalar(p) for p in parts) and any(is_array(p) for p in parts)


def recv(e: Node, frame: str) -> str:
    """Code for ``e`` as the receiver of a pandas method (``x.isna()``, ``x.str.lower()``): an array
    result is wrapped in a Series on the frame's index first."""
    code = expr(e, frame)
    if is_array(e):
        return f"pd.Series({code.text}, index={frame}.index)"
    return code.at(ATOM)


def _col(e: Col, frame: str) -> Code:
    return col(frame, e.name)


def _lit(e: Lit, frame: str) -> Code:
    return lit(e.value)


def _date(e: DateLit, frame: str) -> Code:
    return Code(f"pd.Timestamp({s(e.value)})")


def _is_none(e: Node) -> bool:
    return isinstance(e, Lit) and e.value is None


def _compare(e: Compare, frame: str) -> Code:
    # "x == missing" means "x is missing": pandas' == None is always False.
    if e.op in ("eq", "ne") and (_is_none(e.right) or _is_none(e.left)):
        other = e.left if _is_none(e.right) else e.right
        test = "isna" if e.op == "eq" else "notna"
        if _scalar(other):  # a constant has no .isna(); pd.isna answers for it
            return Code(f"pd.{test}({expr(other, frame).text})")
        return Code(f"{recv(other, frame)}.{test}()")
    left, right = expr(e.left, frame), expr(e.right, frame)
    return Code(f"{left.at(CMP + 1)} {_CMP[e.op]} {right.at(CMP + 1)}", CMP)


def _between(e: Between, frame: str) -> Code:
    args = [expr(e.low, frame).text, expr(e.high, frame).text]
    if e.inclusive != "both":
        args.append(f"inclusive={s(e.inclusive)}")
    return Code(f"{recv(e.expr, frame)}.between({', '.join(args)})")


def _negated(code: Code, negate: bool) -> Code:
    return Code(f"~{code.at(UNARY)}", UNARY) if negate else code


def _isin(e: IsIn, frame: str) -> Code:
    """``isin`` never matches a missing value, so a None among the values becomes ``| x.isna()``."""
    target = recv(e.expr, frame)
    present = [v for v in e.values if v is not None]
    parts = [Code(f"{target}.isin([{', '.join(lit(v).text for v in present)}])")] if present else []
    if len(present) < len(e.values):
        parts.append(Code(f"{target}.isna()"))
    code = parts[0] if len(parts) == 1 else Code(" | ".join(p.text for p in parts), BITOR)
    return _negated(code, e.negate)


def _isnull(e: IsNull, frame: str) -> Code:
    return Code(f"{recv(e.expr, frame)}.{'notna' if e.negate else 'isna'}()")


#: Letters that case-fold unambiguously under ``str.lower`` (and Arrow's ``utf8_lower``): besides
#: these ASCII letters themselves, no character lowers to text containing one ('İ' lowers to "i̇",
#: the Kelvin sign 'K' to "k"). A pattern made of them and other ASCII matches lowered text exactly
#: where the original text holds one of the pattern's case variants.
_LOWER_SAFE = frozenset("abcdefghjlmnopqrstuvwxyzABCDEFGHJLMNOPQRSTUVWXYZ")
#: Letters for which ``case=False`` (pandas upper-cases both sides; Arrow folds case) agrees with
#: lowering both sides: no other character upper-cases or folds to text containing them ('ß' → "SS",
#: 'ſ' → "S", 'ı' → "I", 'ﬁ' → "FI", 'ŉ' → "ʼN", 'ẖ' → "H̱", …).
_FOLD_SAFE = frozenset("bcdegmopqruvxzBCDEGMOPQRUVXZ")
_MAX_VARIANT_LETTERS = 3  # a tuple of at most 2**3 = 8 case variants


def _case_variants(pattern: str) -> list[str] | None:
    """Every upper/lower spelling of ``pattern`` (uppercase first), when matching any of them is the
    same as matching the lowered text: ASCII, only :data:`_LOWER_SAFE` letters, at most
    :data:`_MAX_VARIANT_LETTERS` of them. ``None`` otherwise."""
    if not pattern.isascii():
        return None
    letters = [c for c in pattern if c.isalpha()]
    if len(letters) > _MAX_VARIANT_LETTERS or not set(letters) <= _LOWER_SAFE:
        return None
    variants = [""]
    for c in pattern:
        options = (c.upper(), c.lower()) if c.isalpha() else (c,)
        variants = [v + o for v in variants for o in options]
    return variants


def _nocase(e: StrMatch, target: str) -> Code | None:
    """A case-insensitive contains/startswith/endswith without lowering the column (which makes a
    new string per row): the exact pattern when it has no letters, ``case=False`` for contains, a
    tuple of case variants for startswith/endswith, each only where it gives the same rows as
    lowering both sides (see :data:`_LOWER_SAFE`, :data:`_FOLD_SAFE`). ``None``: lower both."""
    pattern = e.pattern
    if not pattern.isascii():
        return None
    if not any(c.isalpha() for c in pattern):
        rest = ", regex=False" if e.how == "contains" else ""
        return Code(f"{target}.str.{e.how}({s(pattern)}{rest}, na=False)")
    if e.how == "contains":
        if not {c for c in pattern if c.isalpha()} <= _FOLD_SAFE:
            return None
        return Code(f"{target}.str.contains({s(pattern)}, case=False, regex=False, na=False)")
    variants = _case_variants(pattern)
    if variants is None:
        return None
    return Code(f"{target}.str.{e.how}(({', '.join(map(s, variants))}), na=False)")


def _strmatch(e: StrMatch, frame: str) -> Code:
    """Literal (never regex) text matching; missing text never matches. Case-insensitive matching
    means lowering both sides, the literal at generation time; where a form without lowering the
    column gives the same rows, that faster form is emitted (:func:`_nocase`)."""
    target = recv(e.expr, frame)
    pattern = e.pattern
    fast = None if e.case_sensitive or e.how == "equals" else _nocase(e, target)
    if fast is not None:
        return _negated(fast, e.negate)
    if not e.case_sensitive:
        target += ".str.lower()"
        pattern = pattern.lower()
    if e.how == "equals":
        code = Code(f"{target} == {s(pattern)}", CMP)
    elif e.how == "contains":
        code = Code(f"{target}.str.contains({s(pattern)}, regex=False, na=False)")
    else:
        code = Code(f"{target}.str.{e.how}({s(pattern)}, na=False)")
    return _negated(code, e.negate)


def _boolop(e: BoolOp, frame: str) -> Code:
    sym, prec = ("&", BITAND) if e.op == "and" else ("|", BITOR)
    parts = []
    for operand in e.operands:
        code = expr(operand, frame)
        same = isinstance(operand, BoolOp) and operand.op == e.op
        parts.append(code.text if same else code.at(prec + 1))
    return Code(f" {sym} ".join(parts), prec)


def _not(e: Not, frame: str) -> Code:
    return Code(f"~{expr(e.operand, frame).at(UNARY)}", UNARY)


def _arith(e: Arith, frame: str) -> Code:
    sym, prec = _ARITH[e.op]
    left, right = expr(e.left, frame), expr(e.right, frame)
    if e.op in ("div", "floordiv", "mod", "pow") and _scalar(e.left) and _scalar(e.right):
        # plain Python would raise on 1 / 0 and could spend forever on 10 ** 10 ** 9; NumPy answers
        # inf / nan, as it does for the same operation on a column
        left = Code(f"np.float64({left.text})")
    if e.op == "pow":  # right-associative; unary minus on the left binds looser than **
        return Code(f"{left.at(POW + 1)} ** {right.at(UNARY)}", POW)
    return Code(f"{left.at(prec)} {sym} {right.at(prec + 1)}", prec)


def _math(e: MathCall, frame: str) -> Code:
    # the operand's code is generated once per branch taken: generating it eagerly *and* again in
    # recv() doubled the work per level, 2**depth for nested abs/round
    if e.func == "neg":
        return Code(f"-{expr(e.expr, frame).at(UNARY)}", UNARY)
    if e.func in ("abs", "round") and _scalar(e.expr):  # a constant has no methods
        inner = expr(e.expr, frame)
        return Code(f"np.{e.func}({inner.text}{f', {e.digits}' if e.func == 'round' else ''})")
    if e.func == "abs":
        return Code(f"{recv(e.expr, frame)}.abs()")
    if e.func == "round":
        return Code(f"{recv(e.expr, frame)}.round({e.digits if e.digits else ''})")
    return Code(f"{_NUMPY_MATH[e.func]}({expr(e.expr, frame).text})")


def _datepart(e: DatePart, frame: str) -> Code:
    return Code(f"{recv(e.expr, frame)}.dt.{DATE_PARTS[e.part]}")


def _strcall(e: StrCall, frame: str) -> Code:
    return Code(f"{recv(e.expr, frame)}.str.{e.func}()")


_NUMERIC_NODES = (Arith, MathCall)


def _missing_for(values: Sequence[Node]) -> str:
    """How to write "missing" among constant Cond results: ``np.nan`` beside numbers (keeps a float
    column), ``pd.NaT`` beside dates, ``None`` beside text."""
    if any(isinstance(v, DateLit) for v in values):
        return "pd.NaT"
    numeric = any(
        isinstance(v, _NUMERIC_NODES)
        or (isinstance(v, Lit) and isinstance(v.value, int | float) and not isinstance(v.value, bool))
        for v in values
    )
    return "np.nan" if numeric else "None"


def _where_form(e: Cond) -> bool:
    """Results read columns and some are missing: then the result is built with ``Series.where``,
    which gives each dtype its own missing value (NaN, NaT, <NA>); ``np.select`` would make an
    object array of ``None`` that numbers can no longer be computed with."""
    values = [then for _, then in e.branches] + [e.otherwise]
    return any(_is_none(v) for v in values) and any(not _scalar(v) for v in values)


def _series(v: Node, frame: str) -> str:
    """A value as a Series on the frame's index (a constant is broadcast)."""
    if _scalar(v):
        return f"pd.Series({expr(v, frame).text}, index={frame}.index)"
    return recv(v, frame)


def _cond(e: Cond, frame: str) -> Code:
    """One condition: ``np.where``; several: ``np.select`` (first match wins). When results are
    columns and some are missing: nested ``Series.where``, applied from the last branch back so that
    the first match wins."""
    if _where_form(e):
        acc: str | None = None if _is_none(e.otherwise) else _series(e.otherwise, frame)
        for cond, then in reversed(e.branches):
            c = expr(cond, frame).text
            if _is_none(then):
                acc = None if acc is None else f"{acc}.mask({c})"
            else:
                acc = f"{_series(then, frame)}.where({c}{'' if acc is None else ', ' + acc})"
        return Code(acc or "None")
    values = [then for _, then in e.branches] + [e.otherwise]
    missing = _missing_for(values)

    def value(v: Node) -> str:
        return missing if _is_none(v) else expr(v, frame).text

    if len(e.branches) == 1:
        cond, then = e.branches[0]
        return Code(f"np.where({expr(cond, frame).text}, {value(then)}, {value(e.otherwise)})")
    conds = ", ".join(expr(c, frame).text for c, _ in e.branches)
    choices = ", ".join(value(t) for _, t in e.branches)
    return Code(f"np.select([{conds}], [{choices}], default={value(e.otherwise)})")


def _window(e: Window, frame: str) -> Code:
    if e.func == "cumcount":
        if e.by:
            return Code(f"{frame}.groupby({one_or_list(e.by)}).cumcount()")
        return Code(f"pd.Series(np.arange({frame}.shape[0]), index={frame}.index)")
    base = f"{frame}.groupby({one_or_list(e.by)})[{s(e.column)}]" if e.by else col(frame, e.column).text
    if e.func in ("cumsum", "cummax", "cummin"):
        call = f"{e.func}()"
    elif e.func == "rank":
        args = [
            *([] if e.ties == "average" else [f"method={s(e.ties)}"]),
            *([] if e.ascending else ["ascending=False"]),
        ]
        call = f"rank({', '.join(args)})"
    elif e.func == "pct_change":
        call = "pct_change()" if e.periods == 1 else f"pct_change(periods={e.periods})"
    else:  # shift, diff
        call = f"{e.func}()" if e.periods == 1 else f"{e.func}({e.periods})"
    return Code(f"{base}.{call}")


def _group_stat(e: GroupStat, frame: str) -> Code:
    """The whole column's statistic (a scalar that broadcasts) or the group's (``transform``)."""
    if not e.by:
        return Code(f"{col(frame, e.column).text}.{e.func}()")
    return Code(f"{frame}.groupby({one_or_list(e.by)})[{s(e.column)}].transform({s(e.func)})")


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
