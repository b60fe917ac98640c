"""One aggregate (``Agg``) and the aggregate functions: shared by the steps that aggregate
(:class:`~pandascribe.plan.Aggregate`, :class:`~pandascribe.plan.Resample`), so both step modules
can use it without importing each other."""

from __future__ import annotations

from typing import Literal

from pydantic import model_validator

from .expr import Node

AggFunc = Literal[
    "size",
    "count",
    "sum",
    "mean",
    "median",
    "min",
    "max",
    "std",
    "var",
    "sem",
    "nunique",
    "first",
    "last",
]


class Agg(Node):
    """One aggregate: ``func`` over ``column`` (``size`` needs none), output column ``name``."""

    func: AggFunc
    column: str | None = None
    name: str

    @model_validator(mode="after")
    def _check(self) -> Agg:
        if self.func != "size" and self.column is None:
            raise ValueError(f"aggregate {self.func!r} needs a column")
        return self
