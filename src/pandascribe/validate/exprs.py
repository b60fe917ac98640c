"""Validation handlers for expressions: one per expression type (:data:`EXPR_VALIDATORS`), each
checking its operands' kinds and returning the kind of value the expression gives."""

from __future__ import annotations

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
)
from .core import (
    DATETIME,
    NUMBER,
    TEXT,
    Checker,
    ExprCheck,
    FrameState,
    comparable,
    family,
    lit_kind,
    name_of,
    needs_column,
)
from .datetimes import check_tz


def _v_compare(chk: Checker, e: Compare, frame: FrameState) -> str:
    a, b = chk.expr(e.left, frame), chk.expr(e.right, frame)
    what = f"{name_of(e.left)} {e.op} {name_of(e.right)}"
    comparable(chk, a, b, e.op not in ("eq", "ne"), what)
    check_tz(chk, frame, what, e.left, e.right)
    return "bool"


def _v_between(chk: Checker, e: Between, frame: FrameState) -> str:
    needs_column(chk, e.expr, "between")
    k = chk.expr(e.expr, frame)
    for bound in (e.low, e.high):
        comparable(chk, k, chk.expr(bound, frame), True, f"{name_of(e.expr)} between")
    check_tz(chk, frame, f"{name_of(e.expr)} between", e.expr, e.low, e.high)
    return "bool"


def _v_isin(chk: Checker, e: IsIn, frame: FrameState) -> str:
    needs_column(chk, e.expr, "is one of")
    k = chk.expr(e.expr, frame)
    for v in e.values:
        if v is not None:
            comparable(chk, k, lit_kind(v), False, f"{name_of(e.expr)} is one of")
    return "bool"


def _v_isnull(chk: Checker, e: IsNull, frame: FrameState) -> str:
    needs_column(chk, e.expr, "is missing")
    chk.expr(e.expr, frame)
    return "bool"


def _v_strmatch(chk: Checker, e: StrMatch, frame: FrameState) -> str:
    needs_column(chk, e.expr, f"text {e.how}")
    chk.need(chk.expr(e.expr, frame), TEXT, f"text match ({e.how}) on {name_of(e.expr)}")
    return "bool"


def _v_boolop(chk: Checker, e: BoolOp, frame: FrameState) -> str:
    for o in e.operands:
        chk.need(chk.expr(o, frame), frozenset({"bool", "any"}), f"'{e.op}' of {name_of(o)}")
    return "bool"


def _v_not(chk: Checker, e: Not, frame: FrameState) -> str:
    chk.need(chk.expr(e.operand, frame), frozenset({"bool", "any"}), f"'not' of {name_of(e.operand)}")
    return "bool"


def _v_arith(chk: Checker, e: Arith, frame: FrameState) -> str:
    a, b = chk.expr(e.left, frame), chk.expr(e.right, frame)
    if e.op == "add" and a in ("text", "any") and b in ("text", "any") and "text" in (a, b):
        return "text"  # text + text joins the texts (categories cannot be added to)
    negative = isinstance(e.right, Lit) and isinstance(e.right.value, int) and e.right.value < 0
    if e.op == "pow" and a == "integer" and negative:
        chk.add(f"{name_of(e.left)} holds whole numbers, which cannot be raised to a negative power")
    if e.op == "sub" and a == b == "datetime":
        return "other"
    for k, side in ((a, e.left), (b, e.right)):
        chk.need(k, NUMBER, f"arithmetic ({e.op}) on {name_of(side)}")
    if e.op == "div" or "float" in (a, b):
        return "float"
    return "integer" if a == b == "integer" else "any"


def _v_math(chk: Checker, e: MathCall, frame: FrameState) -> str:
    k = chk.expr(e.expr, frame)
    chk.need(k, NUMBER, f"{e.func} of {name_of(e.expr)}")
    return k if e.func in ("abs", "round", "neg") and k in NUMBER else "float"


def _v_datepart(chk: Checker, e: DatePart, frame: FrameState) -> str:
    needs_column(chk, e.expr, f"the {e.part}")
    chk.need(chk.expr(e.expr, frame), DATETIME, f"the {e.part} of {name_of(e.expr)}")
    return {"date": "datetime", "day_name": "text", "month_name": "text"}.get(e.part, "integer")


def _v_strcall(chk: Checker, e: StrCall, frame: FrameState) -> str:
    needs_column(chk, e.expr, e.func)
    chk.need(chk.expr(e.expr, frame), TEXT, f"{e.func} of {name_of(e.expr)}")
    return "integer" if e.func == "len" else "text"


def _v_cond(chk: Checker, e: Cond, frame: FrameState) -> str:
    for c, _ in e.branches:
        needs_column(chk, c, "a condition")
        chk.need(chk.expr(c, frame), frozenset({"bool", "any"}), f"the condition {name_of(c)}")
    kinds = [chk.expr(v, frame) for v in [t for _, t in e.branches] + [e.otherwise]]
    families = {family(k) for k in kinds} - {"null", "any"}
    if len(families) > 1:
        chk.add("the values of a conditional column mix " + " and ".join(sorted(families)))
        return "any"
    if not families:
        return "any"
    fam = families.pop()
    return {"number": "float" if "float" in kinds or "null" in kinds else "integer"}.get(fam, fam)


_WINDOW_NEEDS: dict[str, frozenset[str]] = {
    "cumsum": NUMBER,
    "pct_change": NUMBER,
    "cummax": NUMBER | DATETIME,
    "cummin": NUMBER | DATETIME,
    "diff": NUMBER | DATETIME,
    "rank": NUMBER | DATETIME,
}


def _v_window(chk: Checker, e: Window, frame: FrameState) -> str:
    chk.cols(frame, e.by)
    if e.column in e.by and e.func != "cumcount":
        chk.add(f"{e.func} of {e.column!r} within groups of the same column")
    if e.func == "cumcount":
        return "integer"
    k = chk.col(frame, e.column)
    if e.func in _WINDOW_NEEDS:
        chk.need(k, _WINDOW_NEEDS[e.func], f"{e.func} of {e.column!r}")
    if e.func in ("pct_change", "rank"):
        return "float"
    if e.func == "diff":
        return "other" if k == "datetime" else "float"
    return "float" if e.func == "shift" and k == "integer" else k


def _v_group_stat(chk: Checker, e: GroupStat, frame: FrameState) -> str:
    chk.cols(frame, e.by)
    if e.column in e.by:
        chk.add(f"{e.func} of {e.column!r} within groups of the same column")
    k = chk.col(frame, e.column)
    allowed = NUMBER | DATETIME if e.func in ("min", "max", "median") else NUMBER
    chk.need(k, allowed, f"{e.func} of {e.column!r}")
    if e.func in ("min", "max", "median") and k == "datetime":
        return k
    return "float" if e.func in ("mean", "median", "std") else k


EXPR_VALIDATORS: dict[type[Node], ExprCheck] = {
    Col: lambda chk, e, f: chk.col(f, e.name),
    Lit: lambda chk, e, f: lit_kind(e.value),
    DateLit: lambda chk, e, f: "datetime",
    Compare: _v_compare,
    Between: _v_between,
    IsIn: _v_isin,
    IsNull: _v_isnull,
    StrMatch: _v_strmatch,
    BoolOp: _v_boolop,
    Not: _v_not,
    Arith: _v_arith,
    MathCall: _v_math,
    DatePart: _v_datepart,
    StrCall: _v_strcall,
    Cond: _v_cond,
    Window: _v_window,
    GroupStat: _v_group_stat,
}
