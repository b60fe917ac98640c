"""The last line of defence: emitted code that Python itself would refuse never leaves us.

Plans are bounded (:mod:`pandascribe.plan.limits`) so that this should never trigger; if some
combination still nests deeper than CPython's parser allows (about 200 brackets) or recurses past
its compiler's limit, the user gets a :class:`~pandascribe.errors.CompileError` instead of code
that raises ``SyntaxError``/``RecursionError`` when the cell runs.
"""

from __future__ import annotations

import builtins

from ..errors import CompileError


def ensure_compiles(code: str) -> str:
    """``code`` unchanged when ``compile()`` accepts it; CompileError otherwise."""
    try:
        builtins.compile(code, "<pandascribe>", "exec")
    except (SyntaxError, RecursionError, MemoryError, ValueError) as exc:
        raise CompileError(
            f"the plan is too complex to write as Python ({type(exc).__name__}); "
            "split the request into simpler steps"
        ) from None
    return code
