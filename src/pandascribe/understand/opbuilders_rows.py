"""Builders of the operation grammar for questions about rows and values: shares, yes/no
questions, replacing values, turning flags into booleans and arithmetic on every numeric column
(re-exported by :mod:`.opbuilders`, where the rule table finds every builder by name).
"""

from __future__ import annotations

from typing import Any, cast

from ..errors import CompileError
from ..plan import (
    Check,
    Col,
    EachNumeric,
    Expr,
    Filter,
    GroupShare,
    IsNull,
    Replace,
    ReplacePair,
    Share,
    Step,
)
from .context import Clause
from .opconditions import (
    _col,
    _cols,
    _condition,
    _flag_pair,
    _item_text,
    _phrases,
    _read_condition,
    _restricted,
)
from .oprules import Match, grammar

# ---------------------------------------------------------------- shares


def _share_steps(m: Match, condition: Expr) -> list[Step]:
    percent = m.values.get("kind") == "percent"
    by = _cols(m, "by")
    if by:
        name = "percent" if percent else "share"
        while name in by:
            name += "_"
        return [GroupShare(condition=condition, by=by, name=name, percent=percent)]
    return [Share(condition=condition, percent=percent)]


def build_share(m: Match) -> list[Step]:
    split = _restricted(m, needs_verb=True)
    if split is None:
        return _share_steps(m, _condition(m))
    among, asked = split
    if not among or not asked:
        return []
    return [Filter(condition=_read_condition(m, among)), *_share_steps(m, _read_condition(m, asked))]


def build_share_missing(m: Match) -> list[Step]:
    column = _col(m, "col")
    if column is None:
        raise CompileError(
            "the share of missing values of which column? (e.g. 'share of missing values in <column>')"
        )
    return _share_steps(m, IsNull(expr=Col(name=column)))


# ---------------------------------------------------------------- yes/no questions


def build_check_missing(m: Match) -> list[Step]:
    return [Check(test="missing", columns=_cols(m, "cols"))]


def build_check_duplicates(m: Match) -> list[Step]:
    return [Check(test="duplicates", columns=_cols(m, "cols"))]


def build_check_condition(m: Match) -> list[Step]:
    among: list[int] = []
    if m.args["test"] == "all" and "condsubj" not in m.slots:
        split = _restricted(m, needs_verb=False)  # "are all Adelie penguins from Biscoe"
        if split is not None:
            among, asked = split
            if not asked:
                return []
            m.slots["cond"] = tuple(asked)
    condition = _condition(m)
    if among:
        if m.args.get("negate"):
            return []
        return [Filter(condition=_read_condition(m, among)), Check(test="all", condition=condition)]
    if m.args.get("negate"):  # "is X never negative": on every row, not negative
        from .conditions import _negate

        condition = _negate(condition)
    elif (
        m.args["test"] == "any"
        and isinstance(condition, IsNull)
        and isinstance(condition.expr, Col)
        and not condition.negate
    ):  # "is X ever missing", "are any X missing": the missing-values question
        return [Check(test="missing", columns=(condition.expr.name,))]
    return [Check(test=m.args["test"], condition=condition)]


# ---------------------------------------------------------------- replacing values


def _old_value(m: Match, name: str, column: str | None) -> tuple[str, object]:
    """The column (given, or the one the value belongs to) and the value as that column holds it."""
    it = m.items(name)[0]
    said = _item_text(it)
    if column is None:
        owners = sorted({h.column for h in it.vals})
        if it.string is not None:  # a quoted value: the text columns that hold it as it is
            owners = [c.name for c in m.cl.ctx.current.columns if c.textual and it.string in c.values]
        if len(owners) != 1:
            if owners:
                raise CompileError(
                    f"'{said}' is a value of several columns; say which (… in <column>)",
                    words=[said],
                    suggestions=owners,
                )
            raise CompileError(f"replace '{said}' in which column?", words=[said])
        column = owners[0]
    kind = m.cl.ctx.kind(column)
    if it.num is not None and it.string is None:
        if kind not in ("integer", "float"):
            raise CompileError(f"'{column}' holds {kind} values, not numbers", words=[said])
        return column, it.num
    if kind not in ("text", "category", "other"):
        raise CompileError(f"'{column}' holds {kind} values, so '{said}' is not one", words=[said])
    hit = next((h for h in it.vals if h.column == column), None)
    if it.string is not None:
        return column, it.string
    if hit is None:
        raise CompileError(f"'{said}' is not a value of '{column}'", words=[said])
    return column, hit.value


def _new_value(m: Match, name: str) -> object | None:
    items = m.items(name)
    if len(items) == 1 and items[0].string is not None:
        return items[0].string
    if len(items) == 1 and items[0].num is not None:
        return items[0].num
    words = [it.text for it in items]
    text = " ".join(words)
    if _names_a_type(text):
        return None  # "turn Biscoe into a category": a conversion, not a new value
    if text.lower() in ("true", "false"):
        return text.lower() == "true"
    if any(it.kws and not it.filler for it in items):
        raise CompileError(f"put the new value in quotes: '{text}'", words=[text])
    return text


def _names_a_type(text: str) -> bool:
    words = text.lower().split()
    while words and words[0] in ("a", "an", "the"):
        words = words[1:]
    return bool(words) and any(p == tuple(words) for p, _ in _phrases("cast_target"))


def build_replace(m: Match) -> list[Step]:
    given = _col(m, "col")
    column, old = _old_value(m, "old", given)
    new = _new_value(m, "new")
    pairs = [(old, new)]
    if "old2" in m.slots:
        column2, old2 = _old_value(m, "old2", column)
        if column2 != column:
            raise CompileError("the values to replace are in different columns")
        pairs.append((old2, _new_value(m, "new2") if "new2" in m.slots else new))
    if any(n is None for _, n in pairs):
        return []
    if any(isinstance(o, str) and o.lower() in ("nan", "na", "null", "none", "missing") for o, _ in pairs):
        return []  # missing values are filled, not replaced (the fill production's business)
    return [Replace(column=column, pairs=tuple(ReplacePair(old=o, new=n) for o, n in pairs))]  # type: ignore[arg-type]


def _flags_steps(cl: Clause, columns: tuple[str, ...], said: tuple[str, str] | None) -> list[Step]:
    """One Replace per flag column: its true value → True, its false value → False, anything else
    missing (``map``)."""
    if not columns:
        candidates = [c.name for c in cl.ctx.current.columns if _flag_pair(cl, c.name) is not None]
        if said is not None:
            want = {said[0].lower(), said[1].lower()}
            candidates = [c for c in candidates if {v.lower() for v in _flag_pair(cl, c) or ()} == want]
        if not candidates:
            raise CompileError("no column holds only yes/no flags; name the column")
        columns = tuple(candidates)
    steps: list[Step] = []
    for c in columns:
        pair = _flag_pair(cl, c)
        if pair is None:
            raise CompileError(
                f"'{c}' does not hold just one pair of flag values (yes/no, Y/N, true/false …)",
                words=[c],
            )
        if said is not None and {v.lower() for v in pair} != {said[0].lower(), said[1].lower()}:
            raise CompileError(f"'{c}' holds {pair[0]!r}/{pair[1]!r}, not {said[0]!r}/{said[1]!r}", words=[c])
        steps.append(
            Replace(
                column=c,
                pairs=(ReplacePair(old=pair[0], new=True), ReplacePair(old=pair[1], new=False)),
                unmatched="missing",
            )
        )
    return steps


def build_flags_to_bool(m: Match) -> list[Step]:
    said = None
    if "t" in m.slots:
        t, f = (m.items(k)[0] for k in ("t", "f"))
        said = (_item_text(t), _item_text(f))
        # "Y/N" must be read in the order it was said: the first is true
        pairs = {(a, b) for a, b in grammar().flags}
        if (said[0].lower(), said[1].lower()) not in pairs:
            return []
    return _flags_steps(m.cl, _cols(m, "cols"), said)


# ---------------------------------------------------------------- every numeric column


def build_each_numeric(m: Match) -> list[Step]:
    func = m.args.get("func") or m.values.get("func")
    exclude = _cols(m, "exclude")
    if func == "abs":
        return [EachNumeric(func="abs", exclude=exclude)]
    if func == "round":
        digits = m.items("decimals")[0].num if "decimals" in m.slots else 0
        if not isinstance(digits, int):
            raise CompileError("round to a whole number of decimals")
        return [EachNumeric(func="round", value=digits, exclude=exclude)]
    value = m.items("num")[0].num if "num" in m.slots else None
    if value is None or isinstance(value, bool):
        raise CompileError(f"'{m.said.get('func', func)}' by how much?")
    return [EachNumeric(func=cast("Any", func), value=value, exclude=exclude)]
