"""Value-based comparison of two answers, as ``../shared/eval/evaluate.py`` judges them.

The shared harness's ``same_answer`` is used when the checkout sits beside ``../shared``; the
local fallback below applies the same rules (column names ignored unless asked, columns paired
by their values, rows compared as a multiset unless an order is asked for, floats compared with a
relative tolerance, missing equals missing) so the tests pass without it.
"""

from __future__ import annotations

import functools
import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
import pandas as pd

SHARED_EVAL = Path(__file__).resolve().parents[3] / "shared" / "eval"


@functools.cache
def shared_harness() -> ModuleType | None:
    path = SHARED_EVAL / "evaluate.py"
    if not path.is_file():
        return None
    spec = importlib.util.spec_from_file_location("pandascribe_shared_evaluate", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _frame(x: Any) -> pd.DataFrame:
    if isinstance(x, pd.DataFrame):
        df = x
    elif isinstance(x, pd.Series):
        df = x.to_frame()
    else:
        df = pd.DataFrame({"value": [x]})
    idx = df.index
    if (
        isinstance(idx, pd.MultiIndex)
        or any(n is not None for n in idx.names)
        or not (pd.api.types.is_integer_dtype(idx.dtype))
    ):
        df = df.reset_index()
    df = df.reset_index(drop=True)
    df.columns = [str(c) for c in df.columns]
    return df


def _norm(s: pd.Series) -> np.ndarray:
    if pd.api.types.is_bool_dtype(s.dtype):
        return s.astype("float64").to_numpy()
    if pd.api.types.is_datetime64_any_dtype(s.dtype):
        ns = pd.to_datetime(s).dt.tz_localize(None).astype("datetime64[ns]")
        return np.where(ns.isna(), np.nan, ns.astype("int64").astype("float64"))
    if pd.api.types.is_numeric_dtype(s.dtype):
        return pd.to_numeric(s, errors="coerce").astype("float64").to_numpy()
    obj = s.astype(object)
    return np.where(obj.isna(), "\x00<missing>", obj.astype(str)).astype(str)


def _equal(a: np.ndarray, b: np.ndarray) -> bool:
    if len(a) != len(b) or (a.dtype.kind == "f") != (b.dtype.kind == "f"):
        return False
    if a.dtype.kind == "f":
        return bool(np.all((np.isnan(a) & np.isnan(b)) | np.isclose(a, b, rtol=1e-6, atol=1e-9)))
    return bool(np.array_equal(a, b))


def _key(col: np.ndarray) -> np.ndarray:
    return np.where(np.isnan(col), np.inf, col) if col.dtype.kind == "f" else col


def local_same_answer(
    got: Any, expected: Any, *, order_by: list[str] | None = None, names: bool = False
) -> bool:
    e, g = _frame(expected), _frame(got)
    if e.shape == (1, 1):
        want = _norm(e.iloc[:, 0])
        return len(g) == 1 and any(_equal(_norm(g[c]), want) for c in g.columns)
    if e.shape != g.shape:
        return False
    en = {c: _norm(e[c]) for c in e.columns}
    gn = {c: _norm(g[c]) for c in g.columns}
    pairing: dict[str, str] = {}
    for c in e.columns:
        cands = [c] if names else [c, *[k for k in gn if k != c]]
        target = en[c][np.argsort(_key(en[c]), kind="stable")]
        for k in cands:
            if (
                k in gn
                and k not in pairing.values()
                and _equal(gn[k][np.argsort(_key(gn[k]), kind="stable")], target)
            ):
                pairing[c] = k
                break
        else:
            return False
    cols = list(e.columns)
    ek = np.lexsort([_key(en[c]) for c in reversed(cols)]) if cols else np.arange(len(e))
    gk = np.lexsort([_key(gn[pairing[c]]) for c in reversed(cols)]) if cols else np.arange(len(g))
    if not all(_equal(en[c][ek], gn[pairing[c]][gk]) for c in cols):
        return False
    return all(_equal(en[c], gn[pairing[c]]) for c in order_by or [])


def same_answer(got: Any, expected: Any, *, order_by: list[str] | None = None, names: bool = False) -> bool:
    """Whether ``got`` is the same answer as ``expected`` (the shared harness's rules)."""
    harness = shared_harness()
    if harness is not None:
        return bool(harness.same_answer(got, expected, order_by=order_by, names=names)[0])
    return local_same_answer(got, expected, order_by=order_by, names=names)


_FORBIDDEN_NAMES = frozenset(
    {
        "eval", "exec", "open", "compile", "__import__", "globals", "locals", "vars", "getattr",
        "setattr", "delattr", "os", "sys", "subprocess", "shutil", "builtins", "input",
        "breakpoint", "exit", "quit",
    }
)  # fmt: skip
_IO_ATTRS = frozenset(
    {
        "to_csv", "to_pickle", "to_parquet", "to_sql", "to_excel", "to_json", "system", "popen",
        "remove", "unlink", "rmtree", "write", "writeTo", "save", "saveAsTable", "insertInto",
        "sql", "sparkSession", "udf", "pandas_udf", "rdd", "collect", "toPandas", "expr", "selectExpr",
    }
)  # fmt: skip


def local_unsafe_reason(code: str) -> str | None:
    """The shared harness's safety rules, plus what no engine's emitted code may use: SQL text
    (``expr``, ``selectExpr``, ``sql``), UDFs, the RDD, collecting a frame to the driver."""
    import ast

    try:
        tree = ast.parse(code)
    except SyntaxError as exc:
        return f"syntax error: {exc}"
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            return "import statement"
        if isinstance(node, ast.Name) and node.id in _FORBIDDEN_NAMES:
            return f"uses {node.id}"
        if isinstance(node, ast.Attribute) and node.attr.startswith("__"):
            return f"dunder attribute {node.attr}"
        if isinstance(node, ast.Attribute) and (
            node.attr in _IO_ATTRS or node.attr.startswith(("read_", "scan_", "write_", "sink_"))
        ):
            return f"I/O, SQL text or driver call {node.attr}"
    return None


def unsafe_reason(code: str) -> str | None:
    """Why emitted engine code is unsafe: the shared harness's verdict, then the local rules."""
    harness = shared_harness()
    return (harness.unsafe_reason(code) if harness else None) or local_unsafe_reason(code)
