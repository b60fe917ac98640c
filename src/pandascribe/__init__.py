"""pandascribe: plain English in, reviewable pandas code out.

>>> import pandascribe
>>> t = pandascribe.compile("mean body mass by species", {"penguins": penguins})
>>> print(t.code)

Heavy modules (pandas, pydantic, the compiler, IPython glue) are imported on first use, so that
``%load_ext pandascribe`` stays fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._version import __version__
from .errors import (
    AmbiguousRequest,
    BackendError,
    Choice,
    CompileError,
    PandascribeError,
    PlanValidationError,
    SettingsError,
)

if TYPE_CHECKING:
    from .compiler import Transform, compile

__all__ = [
    "AmbiguousRequest",
    "BackendError",
    "Choice",
    "CompileError",
    "PandascribeError",
    "PlanValidationError",
    "SettingsError",
    "Transform",
    "__version__",
    "compile",
    "load_ipython_extension",
    "panel",
    "unload_ipython_extension",
]

_LAZY = {
    "compile": ("compiler", "compile"),
    "Transform": ("compiler", "Transform"),
    "panel": ("panel", "panel"),
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        module, attr = _LAZY[name]
        value = getattr(importlib.import_module(f".{module}", __name__), attr)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'pandascribe' has no attribute {name!r}")


def load_ipython_extension(ipython: Any) -> None:
    """``%load_ext pandascribe``: register the magics."""
    from .magics import load_ipython_extension as _load

    _load(ipython)


def unload_ipython_extension(ipython: Any) -> None:
    """``%unload_ext pandascribe``."""
    from .magics import unload_ipython_extension as _unload

    _unload(ipython)
