"""Builders for the rules of ``data/oprules.toml``: one function ``build_<name>`` per rule's
``builder``, found by name. Each turns a :class:`~.oprules.Match` (the items each slot took, the
value each word class said) into Plan steps, or raises CompileError when the match cannot be
made into a plan that is surely what was asked (refuse rather than guess). A builder that returns
an empty list declines the match.

Internal APIs used here: :class:`.conditions.Conditions` (``Conditions(cl, idx).parse()``) for
condition slots, :meth:`.context.Clause.column` for a column slot (did-you-mean on ambiguity),
``Clause.ctx`` (``current``, ``schemas``, ``source``, ``kind()``, ``info()``,
``datetime_columns()``) and :func:`.query.agg_name` for aggregate names.
"""

from __future__ import annotations

from typing import Any, cast

from ..errors import CompileError
from ..plan import (
    Agg,
    Cast,
    Check,
    Col,
    ColumnSlice,
    Compare,
    Concat,
    Drop,
    EachNumeric,
    Expr,
    Filter,
    FrameInfo,
    GroupShare,
    IsNull,
    Lit,
    Replace,
    ReplacePair,
    Resample,
    Select,
    Share,
    Step,
)
from ..plan.agg import AggFunc
from .context import Clause
from .items import Item
from .oprules import Match, grammar

# ---------------------------------------------------------------- shared helpers


def _col(m: Match, name: str) -> str | None:
    idx = m.slots.get(name)
    if not idx:
        return None
    return _column_of(m.cl, idx[0])


def _column_of(cl: Clause, i: int) -> str:
    it = cl.items[i]
    if not it.cols and it.string is not None:
        named = cl.ctx.column_named(it.string)
        if named is not None:
            return named
    return cl.column(i)


def _cols(m: Match, name: str) -> tuple[str, ...]:
    out = [_column_of(m.cl, i) for i in m.slots.get(name, ())]
    return tuple(dict.fromkeys(out))


def _condition(m: Match, name: str = "cond") -> Expr:
    """The condition slot read by the query parser's condition grammar; its errors stand. A
    subject said apart from its test ("is X always positive": ``condsubj``) is read with it."""
    return _read_condition(m, [*m.slots.get("condsubj", ()), *m.slots.get(name, ())])


# words that start the predicate of a relative clause ("penguins from Dream *that are* Adelie"),
# and verbs that do so right after the row noun ("Adelie penguins *are* from Biscoe")
_RELATIVE = frozenset({"that", "which", "who"})
_VERBS = frozenset({"are", "is", "were", "was", "have", "has", "had"})
_PREDICATE_START = _RELATIVE | _VERBS


def _is_row_noun(it: Item) -> bool:
    from .oprules import _Matcher

    rowwords = {w for ws, _ in _phrases_of("rowword") for w in ws}
    return (
        (it.rownoun and not it.cols)
        or (len(it.words) == 1 and it.words[0] in rowwords and not it.cols)
        or _Matcher._unknown_noun(it)
    )


def _phrases_of(cls: str) -> list[tuple[tuple[str, ...], str]]:
    return [pv for lst in grammar().classes[cls].values() for pv in lst]


def _restricted(m: Match, needs_verb: bool) -> tuple[list[int], list[int]] | None:
    """ "Adelie penguins are from Biscoe", "penguins from Dream that are Adelie": the rows the
    question is about (before the row noun, or before the relative clause) and what is asked of
    them. None when the condition names no such subset. ``needs_verb``: a share must say where
    the predicate starts ("that are", "have" …) — "male penguins with body mass over 4000" could
    be a share of all penguins or of the male ones, so it is refused."""
    idx = [*m.slots.get("cond", ())]
    items = m.cl.items
    nouns = [k for k, i in enumerate(idx) if _is_row_noun(items[i])]

    def plain(k: int, words: frozenset[str]) -> bool:
        it = items[idx[k]]
        return len(it.words) == 1 and it.words[0] in words and not (it.cols or it.vals or it.kws)

    marks = [k for k in range(1, len(idx)) if plain(k, _RELATIVE) or (plain(k, _VERBS) and k - 1 in nouns)]
    noun = next((k for k in nouns if k > 0), None)
    mark = next((k for k in marks if k > 0 and (noun is None or k > noun)), None)
    if mark is not None:
        end = mark + 1
        while end < len(idx) and plain(end, _PREDICATE_START):
            end += 1  # "that are", "who have"
        restriction = [i for k, i in enumerate(idx[:mark]) if k not in nouns]
        for k in range(mark, end):
            items[idx[k]].used = True
        for k in nouns:
            if k < mark:
                items[idx[k]].used = True
        return restriction, idx[end:]
    if noun is None:
        return None
    if needs_verb:
        said = " ".join(items[i].text for i in idx)
        subset = " ".join(items[i].text for i in idx[: noun + 1])
        raise CompileError(
            f"'{said}': a share of all rows, or only of the {subset}? say e.g. "
            f"'what share of {subset} are/have …'",
            words=[said],
        )
    items[idx[noun]].used = True
    return idx[:noun], idx[noun + 1 :]


def _read_condition(m: Match, said: list[int]) -> Expr:
    from .conditions import Conditions

    live = set(m.cl.live())  # filler words ("the column …") are no part of the test
    idx = [i for i in said if i in live]
    predicate = _binary_predicate(m.cl, idx)
    if predicate is not None:
        m.cl.items[idx[0]].used = True
        return predicate
    key = ("cond", tuple(idx))
    if key not in m.memo:  # the same words are read once, whichever rule asks
        try:
            got: Expr | CompileError | None = Conditions(m.cl, idx).parse()
        except CompileError as exc:
            got = exc
        m.memo[key] = (got, [m.cl.items[i].used for i in idx])
    got, used = m.memo[key]
    for i, u in zip(idx, used, strict=True):
        m.cl.items[i].used = u
    if isinstance(got, CompileError):
        raise got
    expr = got
    if expr is None:
        text = " ".join(m.cl.items[i].text for i in said)
        raise CompileError(f"could not read a condition in '{text}'", words=[text])
    return expr


def _binary_predicate(cl: Clause, idx: list[int]) -> Expr | None:
    """A column that is itself a yes/no flag, named alone ("survived", "smoker"): true / the yes
    value. Only for a bool column, or a text column whose values are one flag pair."""
    if len(idx) != 1:
        return None
    it = cl.items[idx[0]]
    if len(it.cols) != 1 or it.vals:
        return None
    info = cl.ctx.info(it.cols[0])
    if info is None:
        return None
    binary = getattr(info, "binary", None)  # the schema's own reading of a yes/no column, when it has one
    if binary is not None:
        return Compare(op="eq", left=Col(name=info.name), right=Lit(value=binary[0]))
    if info.kind == "bool":
        return Compare(op="eq", left=Col(name=info.name), right=Lit(value=True))
    pair = _flag_pair(cl, info.name)
    if pair is not None:
        return Compare(op="eq", left=Col(name=info.name), right=Lit(value=pair[0]))
    return None


def _flag_pair(cl: Clause, column: str) -> tuple[str, str] | None:
    """(true value, false value) when every value of the text column ``column`` was seen and they
    are one pair of the flag table (compared ignoring case)."""
    info = cl.ctx.info(column)
    if info is None or info.kind not in ("text", "category") or info.n_distinct != len(info.values):
        return None
    values = list(info.values)
    if len(values) != 2:
        return None
    low = {v.lower(): v for v in values}
    for t, f in grammar().flags:
        if set(low) == {t, f}:
            return low[t], low[f]
    return None


# ---------------------------------------------------------------- facts about the frame


def build_frame_info(m: Match) -> list[Step]:
    return [FrameInfo(fact=m.args["fact"])]


def build_column_dtype(m: Match) -> list[Step]:
    """ "what is the dtype of X": the dtypes of just those columns."""
    return [Select(columns=_cols(m, "cols")), FrameInfo(fact="dtypes")]


# ---------------------------------------------------------------- casts

_EXACT_NUMBER = {"integer": "whole numbers (integers)", "float": "floating-point numbers"}


def build_cast(m: Match) -> list[Step]:
    target = m.values["cast_target"]
    columns = _cols(m, "cols")
    if target == "boolean":
        return _flags_steps(m.cl, columns, None)
    if target in _EXACT_NUMBER:
        # Cast reads text as numbers (pd.to_numeric): it keeps an integer column integer and a
        # float column float, so it is only what was asked when the column holds text to read
        # (or already is of that kind)
        for c in columns:
            kind = m.cl.ctx.kind(c)
            if kind not in ("text", "category", "other", target):
                raise CompileError(
                    f"converting '{c}' to {_EXACT_NUMBER[target]} is not supported yet; "
                    f"'convert {c} to numbers' reads text as numbers",
                    words=[m.said.get("cast_target", target)],
                )
        target = "number"
    return [Cast(columns=columns, to=cast("Any", target))]


# ---------------------------------------------------------------- positional columns


def _count(m: Match, name: str = "num") -> int:
    idx = m.slots.get(name)
    if not idx:
        return 1
    n = m.cl.items[idx[0]].num
    if not isinstance(n, int) or n < 1:
        raise CompileError("a number of columns must be a whole number of at least 1")
    return n


def build_column_slice(m: Match) -> list[Step]:
    end = m.values["end"]  # first / last
    n = _count(m)
    width = len(m.cl.ctx.current.columns)
    if n > width:
        raise CompileError(f"the frame has only {width} columns")
    if "num" not in m.slots and m.said.get("colword", "column").endswith("s"):
        return []  # "the first columns": how many?
    part = end if not m.args.get("invert") else f"all_but_{end}"
    return [ColumnSlice(part=cast("Any", part), n=n)]


def build_column_range(m: Match) -> list[Step]:
    start, end = _col(m, "start"), _col(m, "end")
    names = list(m.cl.ctx.current.names)
    if start is not None and end is not None and start == end:
        raise CompileError(f"the range starts and ends at '{start}'")
    if not m.args.get("invert"):
        return [ColumnSlice(part="range", start=start, end=end)]
    lo = names.index(start) if start is not None else 0
    hi = names.index(end) if end is not None else len(names) - 1
    if lo > hi:
        raise CompileError(f"column '{start}' comes after '{end}', so the range holds no column")
    return [Drop(columns=tuple(names[lo : hi + 1]))]


def build_column_positions(m: Match) -> list[Step]:
    """Columns by their positions, counted from 1 as in English ("columns 2 to 4")."""
    a, b = _count(m, "start"), _count(m, "end")
    names = list(m.cl.ctx.current.names)
    if not 1 <= a <= b <= len(names):
        raise CompileError(f"columns {a} to {b}: the frame has columns 1 to {len(names)}")
    if m.args.get("invert"):
        if a == 1:
            return [ColumnSlice(part="all_but_first", n=b)] if b < len(names) else []
        return [Drop(columns=tuple(names[a - 1 : b]))]
    if a == 1:
        return [ColumnSlice(part="first", n=b)]
    return [ColumnSlice(part="range", start=names[a - 1], end=names[b - 1])]


# ---------------------------------------------------------------- stacking frames


def _frame(m: Match, name: str) -> str | None:
    idx = m.slots.get(name)
    if not idx:
        return None
    it = m.cl.items[idx[0]]
    schemas = m.cl.ctx.schemas
    if it.frame in schemas:
        return it.frame
    text = it.string if it.string is not None else it.text
    return text if text in schemas else None


def build_concat(m: Match) -> list[Step]:
    source = m.cl.ctx.source
    order = m.args["order"]
    axis = m.values.get("rowwise", "rows")
    if order == "all":
        others = [n for n in m.cl.ctx.schemas if n != source]
        if not others:
            raise CompileError("only one frame was given; stacking needs another one")
        two = m.said.get("two", "")
        if any(w in two.split() for w in ("two", "both", "2")) and len(others) != 1:
            raise CompileError(f"'{two}' frames, but {len(others) + 1} were given: name them")
        frames = others
    else:
        named = [_frame(m, k) for k in ("a", "b", "c") if k in m.slots]
        if order == "other":
            named = [source, *named]
        if any(n is None for n in named) or len(set(named)) != len(named):
            raise CompileError("stacking needs different frames, each given by its name")
        if named[0] != source:
            raise CompileError(
                f"the rows of '{named[0]}' would come first, but the request is about '{source}'; "
                f"ask it about '{named[0]}' (source='{named[0]}')"
            )
        frames = [n for n in named[1:] if n is not None]
    _join_or_stack(m, frames, axis)
    return [Concat(frames=tuple(frames), axis=cast("Any", axis))]


def _join_or_stack(m: Match, frames: list[str], axis: str) -> None:
    """ "combine a and b" / "merge a and b" could also be a join on keys: it is read as stacking
    only when it said so (a stacking verb, "row-wise" …) or the columns of one frame are all
    columns of the other (the same kind of rows)."""
    verb = m.said.get("stack_verb", "")
    if "rowwise" in m.values or any(verb == ws for ws in (" ".join(p) for p, _ in _phrases("stack_only"))):
        return
    mine = set(m.cl.ctx.current.names)
    # a join of frames whose columns one holds all of the other's would clash on every column
    if axis == "rows" and all(
        (theirs := set(m.cl.ctx.schemas[f].names)) <= mine or mine <= theirs for f in frames
    ):
        return
    raise CompileError(
        f"'{verb}' could stack the frames or join them on a key: say 'stack' (rows one after "
        "another) or 'join … on <column>'",
        words=[verb],
    )


def _phrases(cls: str) -> list[tuple[tuple[str, ...], str]]:
    return [pv for lst in grammar().classes[cls].values() for pv in lst]


# ---------------------------------------------------------------- calendar periods


def _date_column(m: Match) -> str:
    on = _col(m, "on")
    if on is not None:
        if m.cl.ctx.kind(on) != "datetime":
            raise CompileError(f"'{on}' does not hold dates, so it has no {m.values['every']}s", words=[on])
        return on
    dts = m.cl.ctx.datetime_columns()
    if len(dts) == 1:
        return dts[0]
    word = m.said.get("every", m.values["every"])
    if not dts:
        raise CompileError(f"'{word}' needs a date column, and this frame has none", words=[word])
    raise CompileError(f"'{word}': by which date column?", words=[word], suggestions=dts)


def build_resample(m: Match) -> list[Step]:
    from .query import agg_name

    on = _date_column(m)
    by = _cols(m, "by")
    if on in by:
        raise CompileError(f"'{on}' is the date column; group by another column")
    taken = {*by, on}
    if m.args.get("count"):
        aggs = (Agg(func="size", name=agg_name("size", None, taken)),)
    else:
        it = m.items("agg")[0]
        func = it.kw("agg") or ""
        column = _col(m, "col")
        if column is None or column == on:
            raise CompileError(f"'{it.text}' of which column?", words=[it.text])
        aggs = (Agg(func=cast(AggFunc, func), column=column, name=agg_name(func, column, taken)),)
    return [Resample(on=on, every=cast("Any", m.values["every"]), by=by, aggs=aggs)]


def build_resample_which_aggregate(m: Match) -> list[Step]:
    """ "monthly sales": the total, the average …? Not ours to guess."""
    col = m.items("col")[0].text
    word = m.said.get("every", m.values["every"])
    raise CompileError(
        f"'{word} {col}': the total, the average, the largest …? say e.g. '{word} total {col}'",
        words=[word, col],
    )


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


def _item_text(it: Item) -> str:
    return it.string if it.string is not None else it.text


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
