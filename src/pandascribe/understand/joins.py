"""Joins: "join flights with airlines on carrier", and the automatic join to another frame's column
("average arrival delay by airline name").

The keys are found from the frames' shared column names, so both the explicit join clause and
the auto-join of a grounded foreign column read them the same way.
"""

from __future__ import annotations

from ..errors import CompileError
from ..plan import Join, Step
from .context import Clause, Ctx
from .ground import indexes_for
from .reshape import _verb


def _right_key(cl: Clause, right: str, left_col: str) -> str:
    """The right frame's column to match ``left_col``: the same name, else the text column whose
    values overlap the left column's values most (``dest`` ↔ airports.``faa``)."""
    rs = cl.ctx.schemas[right]
    if left_col in rs:
        return left_col
    left = cl.ctx.info(left_col)
    if left is None or not left.values:
        raise CompileError(f"which column of {right} matches '{left_col}'?", suggestions=list(rs.names)[:6])
    lv = set(left.values)
    scored = sorted(((len(lv & set(c.values)), c.name) for c in rs.columns if c.values), reverse=True)
    if not scored or scored[0][0] == 0 or (len(scored) > 1 and scored[1][0] == scored[0][0]):
        raise CompileError(f"which column of {right} matches '{left_col}'?", suggestions=list(rs.names)[:6])
    return scored[0][1]


def do_join(cl: Clause) -> list[Step]:
    v = _verb(cl, "join")
    how = "inner" if "inner" in cl.items[v].words else "left"
    right = None
    for i, it in enumerate(cl.items):
        if it.frame and it.frame != cl.ctx.source and not it.used:
            right = it.frame
            cl.use(i)
        elif it.frame == cl.ctx.source or (it.rownoun and it.frame is None):
            cl.use(i)
    if right is None:
        others = [n for n in cl.ctx.schemas if n != cl.ctx.source]
        raise CompileError("join with which frame?", suggestions=others)
    rindex = indexes_for(cl.ctx.schemas[right])[0]
    left_on: list[str] = []
    right_on: list[str] = []
    pending: str | None = None
    for i, it in enumerate(cl.items):
        if it.used:
            continue
        if it.words[0] in ("inner", "only", "matching") and not it.cols:
            how = "inner"
            cl.use(i)
            continue
        if it.words[0] in ("keeping", "keep", "all", "left", "outer", "attach", "add") and not it.cols:
            cl.use(i)
            continue
        in_left = list(it.cols) if it.cols else []
        _, rcols = rindex.match(it.words)
        if not in_left and not rcols:
            if (
                it.filler
                or it.kw("cmp", "eq")
                or it.kw("and")
                or it.sym in ("=", ",", "(", ")")
                or it.kw("in")
                or it.kw("group")
                or it.rownoun
            ):
                cl.use(i)
                continue
            if it.words[0] in ("on", "using", "key", "keys", "matching", "match", "where", "when", "equals"):
                cl.use(i)
                continue
            raise CompileError(f"did not understand '{it.text}' in the join", words=[it.text])
        cl.use(i)
        if pending is None and in_left:
            pending = cl.column(i)
            left_on.append(pending)
            continue
        if pending is not None and rcols:
            if len(rcols) > 1:
                raise CompileError(f"'{it.text}' could mean several columns of {right}", suggestions=rcols)
            right_on.append(rcols[0])
            pending = None
            continue
        if rcols and not in_left:
            raise CompileError(
                f"'{it.text}' is a column of {right}; say which column of {cl.ctx.source} it matches"
            )
    if pending is not None:
        right_on.append(_right_key(cl, right, pending))
    if not left_on:
        lk, rk = join_keys(cl.ctx, right)
        left_on, right_on = list(lk), list(rk)
    return [Join(right=right, left_on=tuple(left_on), right_on=tuple(right_on), how=how)]  # type: ignore[arg-type]


def join_keys(ctx: Ctx, right: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """How the current frame meets ``right``: the one shared column name (a shared text column wins
    over shared numbers like ``year``), else the one pair of text columns whose values overlap."""
    left, rs = ctx.current, ctx.schemas[right]
    shared = [c for c in left.names if c in rs]
    textual = [c for c in shared if (left.get(c) and left.get(c).textual)]  # type: ignore[union-attr]
    for keys in (shared, textual):
        if len(keys) == 1:
            return (keys[0],), (keys[0],)
    pairs = []
    for lc in left.columns:
        if not lc.textual or not lc.values:
            continue
        for rc in rs.columns:
            if rc.textual and rc.values:
                overlap = len(set(lc.values) & set(rc.values))
                if overlap >= max(1, len(set(lc.values)) // 2):
                    pairs.append((lc.name, rc.name))
    if len(pairs) == 1:
        return (pairs[0][0],), (pairs[0][1],)
    options = [f"{a} = {b}" for a, b in pairs] or shared or list(rs.names)[:5]
    raise CompileError(
        f"join {ctx.source} and {right} on which columns? say 'on <column>'", suggestions=options
    )


def foreign_joins(cl: Clause, skip: set[str] = frozenset()) -> list[Step]:  # type: ignore[assignment]
    """Joins for the columns of other frames a clause used ("average delay by airline name")."""
    wanted: dict[str, list[str]] = {}
    for it in cl.items:
        if it.used and it.foreign and it.col and it.foreign not in skip:
            wanted.setdefault(it.foreign, [])
            if it.col not in wanted[it.foreign]:
                wanted[it.foreign].append(it.col)
    steps: list[Step] = []
    for frame, cols in wanted.items():
        left_on, right_on = join_keys(cl.ctx, frame)
        clash = [c for c in cols if c in cl.ctx.current.names and c not in right_on]
        if clash:
            raise CompileError(
                f"'{clash[0]}' is a column of both {cl.ctx.source} and {frame}; join them first "
                f"('join {frame} on …') and use {clash[0]}_y",
                suggestions=[f"{clash[0]}_y"],
            )
        extra = tuple(c for c in cols if c not in right_on)
        steps.append(Join(right=frame, left_on=left_on, right_on=right_on, how="left", columns=extra))
    return steps
