"""The three engines a Plan compiles to, told apart by the frames a user hands in.

``engine_of`` recognises a frame without importing polars or pyspark (by the class's module), so
pandas users never pay for the other engines; :func:`require` imports an engine's package and says
how to install it when missing; :func:`schemas_for` reads each frame with its own engine's schema
reader (bounded cost, cached per frame object).
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import Any

from ..errors import CompileError
from ..schema import FrameSchema

ENGINES: tuple[str, ...] = ("pandas", "polars", "spark")
#: the package each engine needs, and the extra that installs it
PACKAGES: dict[str, tuple[str, str]] = {
    "pandas": ("pandas", "pandas"),
    "polars": ("polars", "pandascribe[polars]"),
    "spark": ("pyspark", "pandascribe[spark]"),
}
#: names the emitted code of each engine uses besides the frames' own names
NAMESPACE_NAMES: dict[str, frozenset[str]] = {
    "pandas": frozenset({"pd", "np"}),
    "polars": frozenset({"pl"}),
    "spark": frozenset({"F", "T", "Window"}),
}


_PACKAGE_ENGINES = {"pandas": "pandas", "polars": "polars", "pyspark": "spark"}


def engine_of(frame: object) -> str | None:
    """``"pandas"``, ``"polars"`` or ``"spark"`` for an eager frame of that engine, else None (a
    polars LazyFrame, a Series, a list …)."""
    for cls in type(frame).__mro__:
        mod, name = cls.__module__.split(".")[0], cls.__name__
        if name == "DataFrame" and mod in _PACKAGE_ENGINES:
            return _PACKAGE_ENGINES[mod]
    return None


def require(engine: str) -> Any:
    """Import the engine's package, or raise a :class:`CompileError` naming the install command."""
    if engine not in PACKAGES:
        raise CompileError(f"unknown engine {engine!r}; use one of {', '.join(ENGINES)}", suggestions=())
    package, extra = PACKAGES[engine]
    try:
        return importlib.import_module(package)
    except ImportError as exc:
        raise CompileError(f'engine {engine!r} needs {package}: pip install "{extra}"') from exc


def namespace(engine: str) -> dict[str, Any]:
    """The names emitted code of ``engine`` runs with (besides the frames)."""
    if engine == "polars":
        return {"pl": require("polars")}
    if engine == "spark":
        require("spark")
        from pyspark.sql import Window
        from pyspark.sql import functions as F
        from pyspark.sql import types as T

        return {"F": F, "T": T, "Window": Window}
    import numpy as np
    import pandas as pd

    return {"pd": pd, "np": np}


def schemas_for(frames: Mapping[str, Any], engine: str) -> dict[str, FrameSchema]:
    """Each frame's schema, read by its engine's reader."""
    if engine == "polars":
        from .polars_schema import frame_schema as polars_schema

        return {n: polars_schema(n, df) for n, df in frames.items()}
    if engine == "spark":
        from .spark_schema import frame_schema as spark_schema

        return {n: spark_schema(n, df) for n, df in frames.items()}
    from ..schema import schemas_for as pandas_schemas

    return pandas_schemas(frames)
