"""The point-and-click way in: ``pandascribe.panel()`` or ``%transform_panel``.

A widget panel (ipywidgets) to pick a DataFrame, write a request, Compile, and then insert the code
as a new cell below the panel, run it, or copy it. Cell insertion needs the small JupyterLab 4 /
Notebook 7 extension shipped in the wheel (``js/``); elsewhere the panel says so and copies instead.

This module stays light (ipywidgets and the compiler are imported on first use), so that the
magics can import :func:`open_panel` without slowing down ``%load_ext pandascribe``.
"""

from __future__ import annotations

import sys
import types
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .widget import Panel

__all__ = ["Panel", "open_panel", "panel"]


def _ipython_namespace() -> dict[str, Any] | None:
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython is in the jupyter extra
        return None
    shell = get_ipython()
    return None if shell is None else shell.user_ns


def panel(namespace: dict[str, Any] | None = None, *, source: str | None = None) -> Panel:
    """A new panel over the DataFrames in ``namespace``.

    ``namespace`` defaults to the notebook's (IPython's user namespace), outside IPython to the
    caller's globals; Run executes there. ``source`` preselects a DataFrame by name. Show the panel
    by making it the last expression of a cell.
    """
    from .widget import Panel

    if namespace is None:
        namespace = _ipython_namespace()
    if namespace is None:
        namespace = sys._getframe(1).f_globals
    return Panel(namespace, source=source)


def open_panel(shell: Any, line: str = "") -> Panel:
    """The implementation of ``%transform_panel [SOURCE]``: a panel over ``shell.user_ns``.

    The magic should *return* the panel (IPython then displays it as the cell's result, so the panel
    lives in its cell's outputs, where the extension finds it to insert below it).
    """
    from .widget import Panel

    source = line.strip() or None
    return Panel(shell.user_ns, source=source)


def __getattr__(name: str) -> Any:
    if name == "Panel":
        from .widget import Panel

        return Panel
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class _CallableModule(types.ModuleType):
    """``pandascribe.panel`` is both this package and the function :func:`panel`: once any code
    has imported the package (``from pandascribe.panel import open_panel``), Python binds the
    *module* to ``pandascribe.panel``, so the module itself must be callable as well."""

    def __call__(self, namespace: dict[str, Any] | None = None, *, source: str | None = None) -> Panel:
        if namespace is None:
            namespace = _ipython_namespace()
        if namespace is None:
            namespace = sys._getframe(1).f_globals
        return panel(namespace, source=source)


sys.modules[__name__].__class__ = _CallableModule
