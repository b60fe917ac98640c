"""The command lines of ``%%transform`` and ``%transform_history``: their argparse arguments,
as IPython's ``magic_arguments`` decorators.

Kept apart from :mod:`.magics` so the options and their help read as a whole (they are what
``%%transform?`` prints) and the magics module holds only what the magics do. Each table is applied
as one decorator, exactly as if its entries were written one above the other over the method
(``magic_arguments()`` outermost: it builds the parser from the arguments below it).
"""

from __future__ import annotations

from typing import Any

from IPython.core.magic_arguments import argument, magic_arguments

BACKENDS = ("rules", "openai", "auto")


def _stacked(func: Any, decorators: tuple[Any, ...]) -> Any:
    """``func`` decorated as if the decorators were written one above the other (the last first)."""
    for decorate in reversed(decorators):
        func = decorate(func)
    return func


#: ``%%transform [SOURCE ...] [-o NAME] [--run] [--fresh] [--no-insert] [--choose N] ...``
_TRANSFORM = (
    magic_arguments(),
    argument(
        "sources",
        nargs="*",
        metavar="SOURCE",
        help="the DataFrame the request is about (default: the only one defined); "
        "more names make those frames available too, e.g. for joins",
    ),
    argument(
        "-o",
        "--output",
        dest="target",
        metavar="NAME",
        help="name for the result (default: chosen from the request, never an existing name)",
    ),
    argument("--run", action="store_true", help="also run the code now and show the result"),
    argument(
        "--fresh",
        action="store_true",
        help="forget the previous result: the request does not build on the last %%%%transform",
    ),
    argument(
        "--no-insert",
        dest="no_insert",
        action="store_true",
        help="only show the code: insert no cell (e.g. in a frontend without the pandascribe "
        "extension, where each run inserts another copy)",
    ),
    argument(
        "--choose",
        type=int,
        default=None,
        metavar="N",
        help="when the request can be read several ways, use reading N of the numbered choices "
        "(the inserted cell says that reading as its request, so a re-run gives the same code)",
    ),
    argument(
        "--backend",
        choices=BACKENDS,
        default=None,
        help="how to understand the request (default: PANDASCRIBE_BACKEND, else rules)",
    ),
    argument(
        "--engine",
        choices=("pandas", "polars", "spark"),
        default=None,
        help="the engine to write code for (default: the frames' own: pandas, polars or Spark)",
    ),
)

#: ``%transform_history [-n N] [--search TEXT ...] [--since WHEN] [--all-sessions] [--export PATH] ...``
_HISTORY = (
    magic_arguments(),
    argument(
        "-n",
        type=int,
        default=None,
        metavar="N",
        help="only the latest N entries (default: 20 shown; every transform exported)",
    ),
    argument("--search", nargs="+", metavar="TEXT", help="only requests containing these words"),
    argument(
        "--since",
        metavar="WHEN",
        help="only entries since a date (2026-12-01), a date and time (2026-12-01T14:30) "
        "or a duration ago (30m, 2h, 3d, 1w)",
    ),
    argument(
        "--all-sessions",
        action="store_true",
        help="every notebook and kernel, not just this notebook (or this kernel when no notebook is known)",
    ),
    argument(
        "--export",
        metavar="PATH",
        help="write the latest version of each transform, in replay order, to PATH.py or PATH.ipynb",
    ),
    argument(
        "--with-frames",
        action="store_true",
        help="with --export: also save the frames it starts from as Parquet beside it "
        "(PATH_frames/), so that `python PATH.py` runs as it is",
    ),
)


def transform_arguments(func: Any) -> Any:
    """``%%transform``'s arguments on the magic's method (typed as IPython's own decorators are:
    untyped, so the method stays what IPython's magic decorators made it)."""
    return _stacked(func, _TRANSFORM)


def history_arguments(func: Any) -> Any:
    """``%transform_history``'s arguments on the magic's method."""
    return _stacked(func, _HISTORY)
