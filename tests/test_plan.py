"""The Plan IR: exact JSON round-trip for every node type, the exported JSON Schema, and the
integrity checks nodes make where they are built."""

from __future__ import annotations

import json
from typing import Any

import pydantic
import pytest

from pandascribe.plan import (
    EXPR_TYPES,
    STEP_TYPES,
    Agg,
    Aggregate,
    ArgBest,
    Arith,
    Between,
    BoolOp,
    Cast,
    Check,
    Col,
    ColumnSlice,
    Compare,
    Concat,
    Cond,
    Correlation,
    CountMissing,
    Crosstab,
    DateLit,
    DatePart,
    Derive,
    Distinct,
    Drop,
    DropDuplicates,
    DropMissing,
    DropMissingColumns,
    EachNumeric,
    FillMissing,
    Filter,
    FrameInfo,
    GroupHead,
    GroupShare,
    GroupStat,
    Head,
    IsIn,
    IsNull,
    Join,
    Lit,
    MathCall,
    Melt,
    Not,
    Pivot,
    Plan,
    Plot,
    Rename,
    RenamePair,
    Replace,
    ReplacePair,
    Resample,
    RowLabels,
    RowSlice,
    RowSpan,
    ScalarAgg,
    Select,
    Share,
    Sort,
    SortKey,
    StrCall,
    StrMatch,
    Tail,
    TopN,
    ValueCounts,
    Window,
    plan_json_schema,
)

COND = BoolOp(
    op="or",
    operands=(
        Compare(op="ge", left=Col(name="a"), right=Lit(value=1.5)),
        Not(operand=IsNull(expr=Col(name="b"), negate=True)),
        Between(expr=Col(name="a"), low=Lit(value=-1), high=Lit(value=10**20), inclusive="right"),
        IsIn(expr=Col(name="b"), values=("x", None, 3, 2.5, True), negate=True),
        StrMatch(expr=Col(name="b"), how="endswith", pattern="q'\"\\\n", case_sensitive=True),
        Compare(op="lt", left=DatePart(part="dayofyear", expr=Col(name="t")), right=Lit(value=100)),
        Compare(op="ne", left=Col(name="t"), right=DateLit(value="2005-01-01T12:00")),
        Compare(op="gt", left=Col(name="a"), right=GroupStat(func="median", column="a", by=("b",))),
    ),
)
EXPR = Cond(
    branches=(
        (
            COND,
            Arith(op="pow", left=MathCall(func="round", expr=Col(name="a"), digits=2), right=Lit(value=2)),
        ),
        (
            Compare(op="eq", left=StrCall(func="len", expr=Col(name="b")), right=Lit(value=0)),
            Window(func="shift", column="a", by=("b", "c"), periods=-2, ascending=False),
        ),
    ),
    otherwise=Lit(value=None),
)
STEPS: list[Any] = [
    Filter(condition=COND),
    Select(columns=("a", "b")),
    Drop(columns=("c",)),
    Rename(pairs=(RenamePair(old="a", new="A b"),)),
    Sort(keys=(SortKey(column="a"), SortKey(column="b", ascending=False))),
    Head(n=0),
    Tail(n=3),
    TopN(n=2, column="a", largest=False),
    Distinct(columns=("b",)),
    DropDuplicates(subset=("a",), keep="last"),
    Derive(name="ünï", expr=EXPR),
    FillMissing(columns=("a",), value=0),
    FillMissing(method="ffill"),
    DropMissing(columns=("a",), how="all"),
    Aggregate(by=("b",), aggs=(Agg(func="size", name="n"), Agg(func="nunique", column="a", name="u"))),
    Join(right="other", left_on=("a", "b"), right_on=("x", "y"), how="outer"),
    Pivot(index=("a",), columns="b", func="size"),
    Crosstab(index="a", columns="b", normalize=True),
    Melt(id_vars=("a",), var_name="k", value_name="v"),
    ValueCounts(columns=("a", "b"), normalize=True),
    Correlation(columns=("a", "b")),
    ScalarAgg(func="size"),
    ScalarAgg(func="median", column="a"),
    ArgBest(label="b", column="a", largest=False),
]
# the steps of plan.ops: frame-valued ones first, then the terminal ones
MORE_STEPS: list[Any] = [
    Cast(columns=("a", "b"), to="datetime", errors="raise", format="%d/%m/%Y"),
    Cast(columns=("c",), to="category"),
    ColumnSlice(part="range", start="a", end=None),
    ColumnSlice(part="all_but_last", n=2),
    Concat(frames=("other", "third"), axis="columns"),
    Resample(on="t", every="quarter", by=("b",), aggs=(Agg(func="sum", column="a", name="total"),)),
    EachNumeric(func="round", value=2, exclude=("year",)),
    EachNumeric(func="mul", value=-0.5),
    GroupShare(condition=COND, by=("b",), name="pct", percent=True),
    Replace(
        column="b",
        pairs=(ReplacePair(old="Y", new=True), ReplacePair(old=1.5, new="x'y")),
        unmatched="missing",
    ),
    DropMissingColumns(how="all"),
    RowSlice(spans=(RowSpan(stop=2), RowSpan(start=-1))),
    RowLabels(labels=(1, 2, 8)),
    GroupHead(by=("b",), n=3, last=True),
    FrameInfo(fact="dtypes"),
    CountMissing(unit="rows", columns=("a", "b"), measure="percent"),
    CountMissing(per_column=True),
    Share(condition=COND, percent=True),
    Check(test="any", condition=COND),
    Check(test="duplicates", columns=("a", "b")),
    Plot(kind="hist", y=("a",), by="b", bins=30, title="Ünï 'q'", xlabel="x", ylabel="n"),
    Plot(kind="scatter", x="a", y=("b",)),
]
STEPS += MORE_STEPS
PLANS = [Plan(source="df", steps=(step,)) for step in STEPS] + [Plan(source="df", steps=tuple(STEPS[:20]))]


def test_catalogue_covers_every_node_type() -> None:
    assert {type(s) for s in STEPS} == set(STEP_TYPES)
    text = " ".join(p.model_dump_json() for p in PLANS)
    for t in EXPR_TYPES:
        assert f'"kind":"{t.model_fields["kind"].default}"' in text, t


@pytest.mark.parametrize("plan", PLANS, ids=lambda p: p.steps[0].op if len(p.steps) == 1 else "chain")
def test_json_round_trip_is_exact(plan: Plan) -> None:
    text = plan.model_dump_json()
    again = Plan.model_validate_json(text)
    assert again == plan
    assert again.model_dump_json() == text
    assert Plan.model_validate(json.loads(text)) == plan
    assert hash(again) == hash(plan)  # frozen models are hashable and equal by value


def test_json_schema_names_every_step_and_expression() -> None:
    schema = plan_json_schema()
    text = json.dumps(schema)
    for t in STEP_TYPES:
        assert t.__name__ in schema["$defs"], t
    for t in EXPR_TYPES:
        assert t.__name__ in schema["$defs"], t
    assert '"discriminator"' in text
    assert schema["properties"]["version"]["const"] == 1


@pytest.mark.parametrize(
    "build",
    [
        lambda: Plan(source="df", steps=(ScalarAgg(func="size"), Head(n=1))),
        lambda: Plan(source="df", steps=()),
        lambda: Aggregate(by=("a",), aggs=(Agg(func="size", name="a"),)),
        lambda: Aggregate(aggs=(Agg(func="size", name="n"), Agg(func="size", name="n"))),
        lambda: Agg(func="mean", name="m"),
        lambda: FillMissing(method="value"),
        lambda: FillMissing(method="mean", value=1),
        lambda: Select(columns=("a", "a")),
        lambda: Rename(pairs=(RenamePair(old="a", new="x"), RenamePair(old="b", new="x"))),
        lambda: Join(right="o", left_on=("a", "b"), right_on=("a",)),
        lambda: Pivot(index=("a",), columns="b", func="mean"),
        lambda: Lit(value=float("nan")),
        lambda: DateLit(value="yesterday"),
        lambda: Head(n=-1),
        lambda: TopN(n=0, column="a"),
        lambda: IsIn(expr=Col(name="a"), values=()),
        lambda: BoolOp(op="and", operands=(Col(name="a"),)),
        lambda: Col(name="a", extra=1),
        lambda: Plan.model_validate({"source": "df", "steps": [{"op": "explode", "column": "a"}]}),
        lambda: Plan.model_validate({"version": 2, "source": "df", "steps": [{"op": "head", "n": 1}]}),
        # the steps of plan.ops
        lambda: Plan(source="df", steps=(FrameInfo(fact="shape"), Head(n=1))),
        lambda: Plan(source="df", steps=(Check(test="missing"), Head(n=1))),
        lambda: Plan(source="df", steps=(Plot(kind="bar", y=("a",)), Head(n=1))),
        lambda: FrameInfo(fact="cells"),  # the number of cells is the fact "size"
        lambda: Cast(columns=(), to="text"),
        lambda: Cast(columns=("a", "a"), to="text"),
        lambda: Cast(columns=("a",), to="text", errors="raise"),
        lambda: Cast(columns=("a",), to="number", format="%Y"),
        lambda: Cast(columns=("a",), to="datetime", format="Y-m-d"),
        lambda: Cast(columns=("a",), to="boolean"),
        lambda: ColumnSlice(part="first"),
        lambda: ColumnSlice(part="first", n=0),
        lambda: ColumnSlice(part="last", n=2, start="a"),
        lambda: ColumnSlice(part="range"),
        lambda: ColumnSlice(part="range", n=2, start="a"),
        lambda: Concat(frames=()),
        lambda: Concat(frames=("a", "a")),
        lambda: Concat(frames=("os.system('x')",)),
        lambda: Concat(frames=("class",)),
        lambda: Resample(on="t", every="month", aggs=()),
        lambda: Resample(on="t", every="M", aggs=(Agg(func="size", name="n"),)),
        lambda: Resample(on="t", every="month", by=("t",), aggs=(Agg(func="size", name="n"),)),
        lambda: Resample(on="t", every="month", aggs=(Agg(func="size", name="t"),)),
        lambda: Resample(on="t", every="month", by=("b",), aggs=(Agg(func="size", name="b"),)),
        lambda: EachNumeric(func="mul"),
        lambda: EachNumeric(func="abs", value=1),
        lambda: EachNumeric(func="round", value=1.5),
        lambda: EachNumeric(func="add", value=True),
        lambda: EachNumeric(func="add", value=float("inf")),
        lambda: EachNumeric(func="mul", value=2, exclude=("a", "a")),
        lambda: GroupShare(condition=COND, by=()),
        lambda: GroupShare(condition=COND, by=("share",)),
        lambda: Check(test="any"),
        lambda: Check(test="all", condition=COND, columns=("a",)),
        lambda: Check(test="missing", condition=COND),
        lambda: Replace(column="a", pairs=()),
        lambda: Replace(column="a", pairs=(ReplacePair(old="x", new=1), ReplacePair(old="x", new=2))),
        lambda: Replace(column="a", pairs=(ReplacePair(old=1, new="x"), ReplacePair(old=True, new="y"))),
        lambda: Replace(column="a", pairs=(ReplacePair(old=None, new="x"),)),
        lambda: Replace(column="a", pairs=(ReplacePair(old="x", new=float("nan")),)),
        lambda: Plot(kind="bar", y=()),
        lambda: Plot(kind="pie3d", y=("a",)),
        lambda: Plot(kind="bar", x="a", y=("b",), bins=10),
        lambda: Plot(kind="hist", y=("a",), bins=0),
        lambda: Plot(kind="hist", x="a", y=("b",)),
        lambda: Plot(kind="scatter", y=("b",)),
        lambda: Plot(kind="scatter", x="a", y=("b", "c")),
        lambda: Plot(kind="pie", x="a", y=("b",), by="c"),
        lambda: Plot(kind="line", x="a", y=("b", "c"), by="d"),
        lambda: Plot(kind="line", x="a", y=("b",), by="a"),
        lambda: Plot(kind="line", x="a", y=("a",)),
    ],
)
def test_integrity_checks_where_nodes_are_built(build: Any) -> None:
    with pytest.raises(pydantic.ValidationError):
        build()


def test_nodes_are_immutable() -> None:
    with pytest.raises(pydantic.ValidationError):
        Head(n=1).n = 2  # type: ignore[misc]
