"""Part 4: what ``%load_ext pandascribe`` costs in a fresh process.

Each trial is a new Python process running a real IPython ``InteractiveShell``: it times
``import pandas`` alone, then ``%load_ext pandascribe`` after it, and reports which modules the
extension pulled in. The goal is lazy loading: no model client (openai), no widgets, no parser or
code generator until the first request.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from .common import Skip, section, table

PROBE = r"""
import json, sys, time
c0, t0 = time.process_time(), time.perf_counter()
from IPython.core.interactiveshell import InteractiveShell
shell = InteractiveShell.instance()
c1, t1 = time.process_time(), time.perf_counter()
import pandas
c2, t2 = time.process_time(), time.perf_counter()
before = set(sys.modules)
print("MARK", file=sys.stderr, flush=True)
err = None
try:
    shell.run_line_magic("load_ext", "pandascribe")
except BaseException as exc:
    err = f"{type(exc).__name__}: {exc}"
c3, t3 = time.process_time(), time.perf_counter()
new = sorted(set(sys.modules) - before)
print(json.dumps({"shell_s": t1 - t0, "pandas_s": t2 - t1, "load_ext_s": t3 - t2, "error": err,
                  "shell_cpu": c1 - c0, "pandas_cpu": c2 - c1, "load_ext_cpu": c3 - c2,
                  "new": new, "loaded": {m: m in sys.modules for m in sys.argv[1:]}}))
"""

#: modules that must stay out until they are used
MUST_BE_LAZY = ["openai", "ipywidgets", "pandascribe.understand", "pandascribe.codegen"]
#: modules worth knowing about (heavy-ish, or only needed on first use); reported, not judged
WATCH = [
    "httpx",
    "lark",
    "pydantic",
    "pydantic_settings",
    "sqlite3",
    "pandascribe.compiler",
    "pandascribe.backends",
    "pandascribe.panel",
    "pandascribe.history",
    "pandascribe.plan",
]


def _env() -> dict[str, str]:
    """The environment for a probe: the history goes to a scratch file, never the user's own
    (opening it is part of what ``%load_ext`` costs, so it stays on)."""
    scratch = Path(tempfile.gettempdir()) / f"pandascribe-bench-startup-{os.getpid()}.sqlite3"
    return {**os.environ, "PANDASCRIBE_HISTORY_PATH": str(scratch)}


def _trial() -> dict[str, Any]:
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, *MUST_BE_LAZY, *WATCH],
        env=_env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"start-up probe failed: {proc.stderr[-800:]}")
    out: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return out


def import_costs(top: int = 6) -> list[tuple[str, float]]:
    """The most expensive imports ``%load_ext`` triggers (``python -X importtime``), outermost
    first: (module, cumulative ms). Timings under -X importtime are inflated; use for ranking."""
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", PROBE],
        env=_env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    lines = proc.stderr.split("MARK", 1)[-1].splitlines()
    rows = []
    for line in lines:
        if not line.startswith("import time:") or "|" not in line:
            continue
        _, cum, name = line.split("|")
        if cum.strip().isdigit():
            depth = len(name) - len(name.lstrip())
            rows.append((depth, name.strip(), int(cum) / 1e3))
    if not rows:
        return []
    outer = min(d for d, _, _ in rows)
    ranked = sorted(((n, ms) for d, n, ms in rows if d <= outer + 2), key=lambda x: -x[1])
    return ranked[:top]


def _top_level(mods: list[str]) -> list[str]:
    """New top-level packages (and pandascribe's own submodules), for a readable list."""
    tops = sorted({m.split(".")[0] for m in mods if not m.startswith("pandascribe")})
    ours = sorted(m for m in mods if m.startswith("pandascribe."))
    return tops + ours


def run(quick: bool, ctx: dict[str, Any]) -> None:
    section("4. Start-up: %load_ext pandascribe")
    try:
        import IPython  # noqa: F401
    except ImportError:
        raise Skip("IPython is not installed (the 'jupyter' extra)") from None
    trials = 2 if quick else 7
    try:
        results = [_trial() for _ in range(trials)]
    finally:
        scratch = Path(_env()["PANDASCRIBE_HISTORY_PATH"])
        for f in scratch.parent.glob(scratch.name + "*"):
            f.unlink(missing_ok=True)
    if results[0]["error"]:
        err = results[0]["error"]
        if "No module named 'pandascribe" in err:
            raise Skip(f"%load_ext pandascribe fails for now: {err}")
        raise RuntimeError(f"%load_ext pandascribe raised {err}")
    keys = ("shell_s", "pandas_s", "load_ext_s", "shell_cpu", "pandas_cpu", "load_ext_cpu")
    med = {k: statistics.median(r[k] for r in results) for k in keys}
    best = {k: min(r[k] for r in results) for k in keys}
    steps = (
        ("IPython InteractiveShell()", "shell"),
        ("import pandas", "pandas"),
        ("%load_ext pandascribe (after pandas)", "load_ext"),
    )
    rows = [[label, med[f"{k}_s"] * 1e3, best[f"{k}_s"] * 1e3, med[f"{k}_cpu"] * 1e3] for label, k in steps]
    print(f"{trials} fresh processes\n")
    print(table(["step", "wall median ms", "wall best ms", "cpu median ms"], rows))
    loaded = [m for m in MUST_BE_LAZY if results[0]["loaded"][m]]
    watched = [m for m in WATCH if m in results[0]["new"]]
    new = _top_level(results[0]["new"])
    print(
        "\nloaded by %load_ext (new top-level packages and pandascribe modules): "
        + (", ".join(new) or "(none)")
    )
    print(
        f"must-be-lazy modules loaded: {', '.join(loaded) if loaded else 'none'} "
        f"(checked: {', '.join(MUST_BE_LAZY)})"
    )
    print(f"also pulled in by %load_ext (reported, not judged): {', '.join(watched) or 'none'}")
    ok, ok_cpu = med["load_ext_s"] <= 0.3, med["load_ext_cpu"] <= 0.3
    print(
        f"goal ≤ 0.3 s beyond pandas: wall {'met' if ok else 'MISSED'} ({med['load_ext_s'] * 1e3:.0f} ms), "
        f"CPU {'met' if ok_cpu else 'MISSED'} ({med['load_ext_cpu'] * 1e3:.0f} ms); "
        f"lazy imports: {'met' if not loaded else 'MISSED'}"
    )
    if not quick:
        costs = import_costs()
        print(
            "largest imports under %load_ext (python -X importtime, cumulative ms, inflated by the "
            "tracing): " + ", ".join(f"{n} {ms:.0f}" for n, ms in costs)
        )
    ctx["startup"] = {"median": med, "loaded_lazy": loaded, "watched": watched, "new": new}
