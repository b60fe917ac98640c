"""Columns chosen by their names: "columns that end with the letter "B"", "all the columns with
the letter "i" and column "POS", without columns "Indiv" and "FILTER"".

The frame's column names are known when the request is compiled, so the choice is made here and
the plan says the columns it found (a plain :class:`~pandascribe.plan.Select`): the code is the
same on every engine, and the explanation lists what was taken.

Lesson steps come from tools that differ on case (dplyr's ``starts_with`` / ``ends_with`` /
``contains`` ignore it, pandas' ``str.startswith`` does not); when the two give other columns,
both readings are offered, each with the words that say it ("(ignoring case)", "(matching
case)"), rather than one picked.
"""

from __future__ import annotations

from collections.abc import Callable

from ..errors import CompileError
from ..plan import Select
from .opconditions import _cols
from .opgrammar import Match
from .positions import PosReading

#: how a name is tested against the text, per the rule's ``how`` value
_TESTS: dict[str, Callable[[str, str], bool]] = {
    "start": lambda name, text: name.startswith(text),
    "end": lambda name, text: name.endswith(text),
    "contain": lambda name, text: text in name,
}
_CASE_WORDS = {"ignore": "(ignoring case)", "match": "(matching case)"}


def matching(names: tuple[str, ...], how: str, text: str, *, ignore_case: bool) -> tuple[str, ...]:
    """The names (in frame order) that start with / end with / contain ``text``."""
    test = _TESTS[how]
    if ignore_case:
        return tuple(n for n in names if test(n.lower(), text.lower()))
    return tuple(n for n in names if test(n, text))


def build_name_match(m: Match) -> list[PosReading]:
    """The columns whose names fit, plus the columns named after "and", less those after
    "without"; one reading per case rule when the case changes the answer."""
    items = m.items("text")
    if len(items) != 1 or items[0].string is None or not items[0].string:
        return []
    text, how = items[0].string, m.values.get("how") or m.args["how"]
    names = tuple(m.cl.ctx.current.names)
    plus, minus = _cols(m, "plus"), _cols(m, "minus")
    said = m.values.get("case")
    cases = [said == "ignore"] if said else [True, False]
    found: dict[tuple[str, ...], bool] = {}
    for ignore in cases:
        cols = [c for c in matching(names, how, text, ignore_case=ignore) if c not in minus]
        cols += [c for c in plus if c not in cols and c not in minus]
        found.setdefault(tuple(cols), ignore)
    if any(not cols for cols in found):
        raise CompileError(f"no column name {how}s with {text!r}", words=[items[0].text])
    if len(found) == 1:
        return [PosReading((Select(columns=next(iter(found))),))]
    return [
        PosReading(
            (Select(columns=cols),),
            say=("text", f"{items[0].text} {_CASE_WORDS['ignore' if ignore else 'match']}"),
            note=f"names that {how} with {text!r}, {'ignoring' if ignore else 'matching'} case",
        )
        for cols, ignore in found.items()
    ]


__all__ = ["build_name_match", "matching"]
