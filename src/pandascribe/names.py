"""Which Python names may hold a frame or a result in emitted code, and why not when they may not.

Emitted code refers to the frames by name and assigns its result to ``target``; it also uses the
engines' own names (``pd``, ``np``, ``pl``, ``F``, ``T``, ``Window``). A frame or target called
``lambda`` would not parse, one called ``pd`` would shadow pandas, one called ``len`` would shadow
a builtin the reader relies on, and ``ﬁle`` (a ligature) would silently be read by Python as
``file``. One rule set, used by :func:`pandascribe.compile` and anything else that names things.
"""

from __future__ import annotations

import builtins
import keyword
import unicodedata

#: Names the emitted code of some engine uses for the libraries themselves.
ENGINE_NAMES: frozenset[str] = frozenset({"pd", "np", "pl", "F", "T", "Window"})
BUILTIN_NAMES: frozenset[str] = frozenset(dir(builtins))
#: module names the safety rules reject anywhere in emitted code
MODULE_NAMES: frozenset[str] = frozenset({"os", "sys", "subprocess", "shutil", "builtins"})


def name_problem(name: object) -> str | None:
    """Why ``name`` cannot name a frame or a result in emitted code (one short clause), or None."""
    if not isinstance(name, str):
        return f"is a {type(name).__name__}, not a str"
    if not name.isidentifier():
        return "is not a Python identifier"
    if unicodedata.normalize("NFKC", name) != name:
        read = unicodedata.normalize("NFKC", name)
        return f"changes under Unicode NFKC normalisation (Python reads it as {read!r})"
    if keyword.iskeyword(name) or keyword.issoftkeyword(name):
        return "is a Python keyword"
    if name.startswith("__") and name.endswith("__"):
        return "is a dunder name"
    if name in ENGINE_NAMES:
        return "is one of the library names the emitted code uses (pd, np, pl, F, T, Window)"
    if name in MODULE_NAMES:
        return "is a module name that emitted code may never use"
    if name in BUILTIN_NAMES:
        return "shadows a Python builtin"
    return None


def check_name(name: object, what: str) -> str:
    """``name`` unchanged when usable, else a :class:`~pandascribe.errors.CompileError` naming the
    rule it breaks (``what`` says which name: "target", "frame name")."""
    from .errors import CompileError

    problem = name_problem(name)
    if problem is not None:
        raise CompileError(f"{what} {name!r} {problem}; choose another name")
    return str(name)
