"""The Plan: the typed intermediate representation between understanding and code generation.

Both backends (rules, model) produce a :class:`Plan`; every code generator consumes one. It is
versioned, immutable and round-trips exactly through JSON (``Plan.model_validate_json(
plan.model_dump_json()) == plan``); :func:`plan_json_schema` is what the model backend is given.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, model_validator

from .expr import (
    EXPR_TYPES,
    Arith,
    Between,
    BoolOp,
    Col,
    Compare,
    Cond,
    DateLit,
    DatePart,
    Expr,
    GroupStat,
    IsIn,
    IsNull,
    Lit,
    MathCall,
    Node,
    Not,
    Scalar,
    StrCall,
    StrMatch,
    Window,
    columns_of,
)
from .limits import MAX_EXPR_DEPTH, MAX_NODES, MAX_STEPS, PlanTooLarge, check_plan_size
from .missing import CountMissing, DropMissingColumns
from .nodes import (
    STEP_TYPES,
    TERMINAL,
    Agg,
    Aggregate,
    ArgBest,
    Correlation,
    Crosstab,
    Derive,
    Distinct,
    Drop,
    DropDuplicates,
    DropMissing,
    FillMissing,
    Filter,
    Head,
    Join,
    Melt,
    Pivot,
    Rename,
    RenamePair,
    ScalarAgg,
    Select,
    Sort,
    SortKey,
    Step,
    Tail,
    TopN,
    ValueCounts,
)
from .ops import (
    Cast,
    Check,
    ColumnSlice,
    Concat,
    EachNumeric,
    FrameInfo,
    GroupShare,
    Period,
    Plot,
    Replace,
    ReplacePair,
    Resample,
    Share,
)
from .rows import GroupHead, RowLabels, RowSlice, RowSpan

PLAN_VERSION: Literal[1] = 1


class Plan(Node):
    """A request understood: start from frame ``source`` and apply ``steps`` in order."""

    version: Literal[1] = PLAN_VERSION
    source: str
    steps: tuple[Step, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _terminal_last(self) -> Plan:
        check_plan_size(self.steps)  # raises PlanTooLarge (a CompileError), see plan/limits.py
        for step in self.steps[:-1]:
            if isinstance(step, TERMINAL):
                raise ValueError(f"step {step.op!r} gives a single value and must be the last step")
        return self


def plan_json_schema() -> dict[str, Any]:
    """The JSON Schema of a Plan (what a model must produce)."""
    return Plan.model_json_schema()


__all__ = [
    "EXPR_TYPES",
    "MAX_EXPR_DEPTH",
    "MAX_NODES",
    "MAX_STEPS",
    "PLAN_VERSION",
    "STEP_TYPES",
    "TERMINAL",
    "Agg",
    "Aggregate",
    "ArgBest",
    "Arith",
    "Between",
    "BoolOp",
    "Cast",
    "Check",
    "Col",
    "ColumnSlice",
    "Compare",
    "Concat",
    "Cond",
    "Correlation",
    "CountMissing",
    "Crosstab",
    "DateLit",
    "DatePart",
    "Derive",
    "Distinct",
    "Drop",
    "DropDuplicates",
    "DropMissing",
    "DropMissingColumns",
    "EachNumeric",
    "Expr",
    "FillMissing",
    "Filter",
    "FrameInfo",
    "GroupHead",
    "GroupShare",
    "GroupStat",
    "Head",
    "IsIn",
    "IsNull",
    "Join",
    "Lit",
    "MathCall",
    "Melt",
    "Node",
    "Not",
    "Period",
    "Pivot",
    "Plan",
    "PlanTooLarge",
    "Plot",
    "Rename",
    "RenamePair",
    "Replace",
    "ReplacePair",
    "Resample",
    "RowLabels",
    "RowSlice",
    "RowSpan",
    "Scalar",
    "ScalarAgg",
    "Select",
    "Share",
    "Sort",
    "SortKey",
    "Step",
    "StrCall",
    "StrMatch",
    "Tail",
    "TopN",
    "ValueCounts",
    "Window",
    "columns_of",
    "plan_json_schema",
]
