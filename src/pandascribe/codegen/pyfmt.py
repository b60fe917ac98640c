"""Rendering Python source safely and readably: literals, keyword arguments, precedence, layout.

Every column name and literal that reaches emitted code goes through :func:`lit` (``repr``), so
names with quotes, backslashes, newlines or code-like text are data, never code. Keyword
arguments are used only where the name is a plain identifier that cannot collide with the
called method's own parameters; otherwise a ``**{...}`` mapping is emitted.
"""

from __future__ import annotations

import keyword
import math
import unicodedata
from dataclasses import dataclass

from ..plan import Scalar

# Operator precedence (higher binds tighter), as in Python's grammar.
ATOM = 100
NUMBER = 95  # a positive number literal: binds like an atom, but needs parentheses before '.'
POW = 90
UNARY = 80
MUL = 70
ADD = 60
BITAND = 50
BITOR = 40
CMP = 30
LAMBDA = 0

WIDTH = 100  # target line width of emitted code
INDENT = "    "


@dataclass(frozen=True)
class Code:
    """A Python expression and the precedence of its outermost operator."""

    text: str
    prec: int = ATOM

    def at(self, need: int) -> str:
        """The text, parenthesized if it binds less tightly than ``need``."""
        return self.text if self.prec >= need else f"({self.text})"


def lit(value: Scalar) -> Code:
    """A constant as Python source: ``repr`` for text, numbers and booleans; ``None`` for missing;
    ``np.inf`` for infinities (``repr`` would give the bare name ``inf``)."""
    if isinstance(value, float) and math.isinf(value):
        return Code("np.inf", ATOM) if value > 0 else Code("-np.inf", UNARY)
    text = s(value) if isinstance(value, str) else repr(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        # ``-5`` is a unary minus; ``5.real`` would not even parse, so a number is never an atom
        return Code(text, UNARY if value < 0 else NUMBER)
    return Code(text, ATOM)


def s(text: str) -> str:
    """A string as a Python literal: ``repr``, in double quotes when that needs no escaping (the
    style of formatted Python code). ``repr`` quotes with ``'`` only when the text has no ``'``, so
    swapping the quotes is safe exactly when the text has no ``"`` either."""
    r = repr(text)
    if r[0] == "'" and '"' not in text:
        return '"' + r[1:-1] + '"'
    return r


def col(frame: str, name: str) -> Code:
    """``frame["name"]``: column access, always by subscription with an escaped name."""
    return Code(f"{frame}[{s(name)}]", ATOM)


def str_list(names: tuple[str, ...] | list[str]) -> str:
    """``["a", "b"]``."""
    return "[" + ", ".join(s(n) for n in names) + "]"


def one_or_list(names: tuple[str, ...] | list[str]) -> str:
    """``"a"`` for one name, ``["a", "b"]`` for several (the form pandas users write)."""
    return s(names[0]) if len(names) == 1 else str_list(names)


def is_kwarg_name(name: str, reserved: frozenset[str] = frozenset()) -> bool:
    """True when ``name=`` is valid syntax, means exactly ``name`` and does not collide with the
    method's own parameters.

    Python NFKC-normalises identifiers in source (never string keys): a fullwidth ``ｆｕｎｃ=`` binds
    ``func=``, mathematical-bold ``𝐢𝐦𝐩𝐨𝐫𝐭=`` names a column ``import``, ``ﬁ=`` and ``fi=`` are one
    keyword given twice. So a name is a keyword only when it is NFKC-stable (then two different
    names stay different, too); anything else goes through the ``**{"name": …}`` mapping, whose
    keys are plain strings that reach the method unchanged."""
    return (
        name.isidentifier()
        and unicodedata.normalize("NFKC", name) == name
        and not keyword.iskeyword(name)
        and name != "self"  # every method's own first parameter: `.assign(self=…)` is a TypeError
        and name not in reserved
    )


def kwargs(pairs: list[tuple[str, str]], reserved: frozenset[str] = frozenset()) -> list[str]:
    """Keyword arguments ``name=value``; when any name cannot be a keyword, one ``**{...}`` holding
    them all (keeps the argument order, which is the output column order)."""
    if all(is_kwarg_name(n, reserved) for n, _ in pairs):
        return [f"{n}={v}" for n, v in pairs]
    return ["**{" + ", ".join(f"{s(n)}: {v}" for n, v in pairs) + "}"]


@dataclass(frozen=True)
class Link:
    """One link of a method chain: ``head`` + comma-separated ``args`` + ``tail``
    (e.g. ``.agg(`` … ``)``). Rendered on one line when it fits, else one argument per line."""

    head: str
    args: tuple[str, ...] = ()
    tail: str = ""

    def flat(self) -> str:
        return self.head + ", ".join(self.args) + self.tail

    def render(self, indent: str) -> str:
        one = indent + self.flat()
        if len(one) <= WIDTH or len(self.args) == 0:
            return one
        inner = indent + INDENT
        body = "".join(f"{inner}{a},\n" for a in self.args)
        return f"{indent}{self.head}\n{body}{indent}{self.tail}"


def link(text: str) -> Link:
    """A link with no arguments to split."""
    return Link(text)


def call(method: str, *args: str) -> Link:
    """``.method(arg, ...)``."""
    return Link(f".{method}(", tuple(args), ")")


def chain(target: str, start: str, links: list[Link]) -> str:
    """``target = start.link`` on one line when short and single, else a parenthesized chain with
    one link per line."""
    if len(links) == 1:
        one = f"{target} = {start}{links[0].flat()}"
        if len(one) <= WIDTH and "\n" not in one:
            return one + "\n"
    lines = [f"{target} = (", INDENT + start]
    lines += [lk.render(INDENT) for lk in links]
    lines.append(")")
    return "\n".join(lines) + "\n"
