"""Builders for asks about the frame as a whole: "all the information about hiring".

"Give me all the information about hiring" (or "all the details of every employee") asks for
every column of every row: the frame itself. It is written as a selection of all its columns,
in their order — the same frame, a new object, so the result never aliases the input.
"""

from __future__ import annotations

from ..plan import Select, Step
from .opgrammar import Match


def build_whole_frame(m: Match) -> list[Step]:
    names = tuple(m.cl.ctx.current.names)
    return [Select(columns=names)] if names else []
