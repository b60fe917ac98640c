"""``pandascribe.compile`` across engines: the engine is inferred from the frames, checked when
asked for, refused with the install command when its package is missing; a single frame is
accepted; anything that is not frames is a CompileError saying what was expected; frame and
target names that would shadow, not parse or change under NFKC are refused, naming the rule."""

from __future__ import annotations

import re
import sys
from typing import Any

import pandas as pd
import polars as pl
import pytest

import pandascribe
from pandascribe import CompileError
from pandascribe.engines import engine_of, namespace
from pandascribe.engines.convert import to_engine, to_pandas
from pandascribe.names import name_problem


@pytest.fixture
def tiny() -> pd.DataFrame:
    return pd.DataFrame(
        {"city": ["Oslo", "Lima", None, "Oslo"], "temp": [3.5, 19.0, None, -1.0], "n": [1, 2, 3, 4]}
    )


def _run(t: Any, frames: dict[str, Any]) -> Any:
    ns = {**namespace(t.engine), **frames}
    exec(compile(t.code, "<test>", "exec"), ns)
    return ns[t.target]


def test_engine_is_inferred_from_polars_frames(tiny: pd.DataFrame) -> None:
    frame = to_engine(tiny, "polars")
    t = pandascribe.compile("mean temp by city", {"w": frame})
    assert t.engine == "polars"
    assert "pl.col(" in t.code and ".group_by(" in t.code
    out = _run(t, {"w": frame})
    assert isinstance(out, pl.DataFrame)
    assert out.to_dict(as_series=False) == {"city": ["Lima", "Oslo"], "mean_temp": [19.0, 1.25]}


def test_pandas_stays_the_default(tiny: pd.DataFrame) -> None:
    assert pandascribe.compile("mean temp by city", {"w": tiny}).engine == "pandas"


def test_engine_asked_for_must_match_the_frames(tiny: pd.DataFrame) -> None:
    with pytest.raises(CompileError, match="engine 'polars' asked for, but the frames are pandas"):
        pandascribe.compile("number of rows", {"w": tiny}, engine="polars")
    with pytest.raises(CompileError, match="unknown engine 'dask'"):
        pandascribe.compile("number of rows", {"w": tiny}, engine="dask")


def test_mixed_engines_are_refused(tiny: pd.DataFrame) -> None:
    with pytest.raises(CompileError, match="different engines"):
        pandascribe.compile("number of rows", {"a": tiny, "b": to_engine(tiny, "polars")}, source="a")


def test_missing_package_names_the_extra(tiny: pd.DataFrame, monkeypatch: pytest.MonkeyPatch) -> None:
    frame = to_engine(tiny, "polars")
    monkeypatch.setitem(sys.modules, "polars", None)  # makes `import polars` fail, as when not installed
    with pytest.raises(CompileError, match=r'pip install "pandascribe\[polars\]"'):
        pandascribe.compile("number of rows", {"w": frame})


@pytest.mark.parametrize("engine", ["pandas", "polars"])
def test_a_single_frame_is_accepted(tiny: pd.DataFrame, engine: str) -> None:
    frame = to_engine(tiny, engine)
    t = pandascribe.compile("number of rows", frame)
    assert t.source == "df" and to_pandas(_run(t, {"df": frame})) == 4
    named = pandascribe.compile("number of rows", frame, source="weather")
    rhs = named.code.split("=", 1)[1]
    assert named.source == "weather" and re.search(r"\bweather\b", rhs) and "df" not in rhs


@pytest.mark.parametrize(
    ("frames", "said"),
    [
        ([pd.DataFrame({"a": [1]})], "got a list"),
        (None, "got a NoneType"),
        ({"a": [1, 2]}, "frame 'a' is a list, not a DataFrame"),
        ({}, "no frames given"),
        (pd.Series([1, 2]), "got a Series"),
    ],
)
def test_anything_but_frames_says_what_was_expected(frames: Any, said: str) -> None:
    with pytest.raises(CompileError, match="mapping of names to DataFrames") as err:
        pandascribe.compile("number of rows", frames)
    assert said in str(err.value)


@pytest.mark.parametrize(
    ("name", "rule"),
    [
        ("lambda", "keyword"),
        ("match", "keyword"),  # a soft keyword
        ("pd", "library names"),
        ("pl", "library names"),
        ("Window", "library names"),
        ("len", "builtin"),
        ("__builtins__", "dunder"),
        ("os", "module name"),
        ("ﬁle", "NFKC"),
        ("my frame", "identifier"),
    ],
)
def test_unusable_names_are_refused_naming_the_rule(tiny: pd.DataFrame, name: str, rule: str) -> None:
    with pytest.raises(CompileError, match=rule):
        pandascribe.compile("number of rows", {name: tiny})
    with pytest.raises(CompileError, match=rule):
        pandascribe.compile("number of rows", {"w": tiny}, target=name)


def test_usable_names_pass() -> None:
    assert name_problem("flights_2013") is None
    assert name_problem("größe") is None  # NFKC-stable non-ASCII is fine


def test_engine_of_tells_frames_apart(tiny: pd.DataFrame) -> None:
    assert engine_of(tiny) == "pandas"
    assert engine_of(to_engine(tiny, "polars")) == "polars"
    assert engine_of(to_engine(tiny, "polars").lazy()) is None
    assert engine_of([tiny]) is None


def test_polars_schema_is_cached_per_frame_object(tiny: pd.DataFrame) -> None:
    from pandascribe.engines.polars_schema import frame_schema

    frame = to_engine(tiny, "polars")
    first = frame_schema("w", frame)
    assert frame_schema("w", frame) is first
    assert frame_schema("w", to_engine(tiny, "polars")) is not first  # another object: read again
    assert first.get("city").values == ("Oslo", "Lima") and first.get("temp").nullable
    assert not first.get("n").nullable


def test_spark_frames_compile_and_run(spark: Any, tiny: pd.DataFrame) -> None:
    frame = to_engine(tiny, "spark", spark)
    t = pandascribe.compile("mean temp by city", {"w": frame})
    assert t.engine == "spark" and ".groupBy(" in t.code and "F.avg(" in t.code
    out = to_pandas(_run(t, {"w": frame}))
    assert out.to_dict("list") == {"city": ["Lima", "Oslo"], "mean_temp": [19.0, 1.25]}
    scalar = pandascribe.compile("number of rows", frame)
    assert _run(scalar, {"df": frame}) == 4


def test_spark_schema_reads_a_bounded_sample_once(spark: Any, tiny: pd.DataFrame) -> None:
    from pandascribe.engines import spark_schema

    frame = to_engine(tiny, "spark", spark)
    first = spark_schema.frame_schema("w", frame)
    assert spark_schema.frame_schema("w", frame) is first
    assert first.get("city").values == ("Oslo", "Lima")
    assert first.get("temp").nullable and not first.get("n").nullable  # the sample was the whole frame
    assert [c.kind for c in first.columns] == ["text", "float", "integer"]
