"""Part 2: the code pandascribe emits vs hand-written idiomatic pandas, on a large synthetic
flights frame.

Each request is compiled once with ``pandascribe.compile``; its code is executed in a namespace
holding ``flights``, ``airlines``, ``pd`` and ``np``, and timed against a hand-written equivalent
(what an expert would type for the same answer). Best of k runs, the order alternating between the
two so that neither always runs with warm caches. Both answers are checked to be the same before
a ratio is reported; a refused request is reported as refused, never timed against anything.
"""

from __future__ import annotations

import builtins
import gc
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .common import (
    Skip,
    _equal,
    _norm,
    airlines_frame,
    flights_frame,
    require,
    same_answer,
    section,
    table,
)

Hand = Callable[[pd.DataFrame, pd.DataFrame], Any]


@dataclass(frozen=True)
class Req:
    """One benchmark request: plain explicit English, and the hand-written answer.

    ``check``: ``ordered`` (rows in the same order), ``unordered`` (any order), ``sorted:K1,K2``
    (the key columns in the same order and the same rows), ``topn:K`` (the key column in the same
    order; rows tied on it may differ)."""

    id: str
    kind: str
    request: str
    hand: Hand
    check: str = "ordered"


REQUESTS: list[Req] = [
    Req("filter-num", "filter", "rows where dep_delay > 60", lambda f, a: f[f["dep_delay"] > 60]),
    Req("filter-text", "filter", "rows where origin is JFK", lambda f, a: f[f["origin"] == "JFK"]),
    Req(
        "filter-and",
        "filter",
        "rows where dep_delay > 60 and origin is JFK",
        lambda f, a: f[(f["dep_delay"] > 60) & (f["origin"] == "JFK")],
    ),
    Req(
        "filter-in", "filter", "rows where dest is BOS or ORD", lambda f, a: f[f["dest"].isin(["BOS", "ORD"])]
    ),
    Req(
        "filter-between",
        "filter",
        "rows where air_time is between 60 and 90",
        lambda f, a: f[f["air_time"].between(60, 90)],
    ),
    Req("filter-ne", "filter", "rows where carrier is not UA", lambda f, a: f[f["carrier"] != "UA"]),
    Req(
        "filter-prefix",
        "filter",
        "rows where tailnum starts with N1",
        lambda f, a: f[f["tailnum"].str.startswith(("N1", "n1"), na=False)],
    ),
    Req(
        "sort-desc",
        "sort",
        "sort by dep_delay descending",
        lambda f, a: f.sort_values("dep_delay", ascending=False),
        "sorted:dep_delay",
    ),
    Req(
        "sort-two",
        "sort",
        "sort by month and day",
        lambda f, a: f.sort_values(["month", "day"]),
        "sorted:month,day",
    ),
    Req("top-n", "top-n", "top 10 by distance", lambda f, a: f.nlargest(10, "distance"), "topn:distance"),
    Req(
        "bottom-n",
        "top-n",
        "the 5 rows with the smallest air_time",
        lambda f, a: f.nsmallest(5, "air_time"),
        "topn:air_time",
    ),
    Req(
        "group-mean",
        "group",
        "mean arr_delay by carrier",
        lambda f, a: f.groupby("carrier", as_index=False)["arr_delay"].mean(),
        "unordered",
    ),
    Req(
        "group-count2",
        "group",
        "count rows by origin and dest",
        lambda f, a: f.groupby(["origin", "dest"], as_index=False).size(),
        "unordered",
    ),
    Req(
        "group-sum",
        "group",
        "total distance by month",
        lambda f, a: f.groupby("month", as_index=False)["distance"].sum(),
        "unordered",
    ),
    Req(
        "group-multi",
        "group",
        "mean dep_delay and max arr_delay by origin",
        lambda f, a: f.groupby("origin", as_index=False).agg(
            mean_dep_delay=("dep_delay", "mean"), max_arr_delay=("arr_delay", "max")
        ),
        "unordered",
    ),
    Req(
        "group-median",
        "group",
        "median air_time by origin",
        lambda f, a: f.groupby("origin", as_index=False)["air_time"].median(),
        "unordered",
    ),
    Req(
        "group-nunique",
        "group",
        "number of distinct tailnum by carrier",
        lambda f, a: f.groupby("carrier", as_index=False)["tailnum"].nunique(),
        "unordered",
    ),
    Req("value-counts", "group", "value counts of dest", lambda f, a: f["dest"].value_counts(), "unordered"),
    Req("scalar-mean", "group", "mean of arr_delay", lambda f, a: f["arr_delay"].mean()),
    Req(
        "filter-then-group",
        "group",
        "rows where origin is JFK, then mean arr_delay by carrier",
        lambda f, a: f[f["origin"] == "JFK"].groupby("carrier", as_index=False)["arr_delay"].mean(),
        "unordered",
    ),
    Req(
        "derive-ratio",
        "derive",
        "add a column speed = distance / air_time * 60",
        lambda f, a: f.assign(speed=f["distance"] / f["air_time"] * 60),
    ),
    Req(
        "derive-diff",
        "derive",
        "add a column gain = dep_delay - arr_delay",
        lambda f, a: f.assign(gain=f["dep_delay"] - f["arr_delay"]),
    ),
    Req(
        "select",
        "select",
        "keep only the columns carrier, origin and dest",
        lambda f, a: f[["carrier", "origin", "dest"]],
    ),
    Req("join", "join", "join airlines on carrier", lambda f, a: f.merge(a, on="carrier", how="left")),
    Req(
        "pivot",
        "pivot",
        "pivot table of mean dep_delay with origin as rows and month as columns",
        lambda f, a: f.pivot_table(index="origin", columns="month", values="dep_delay", aggfunc="mean"),
        "unordered",
    ),
    Req(
        "crosstab",
        "pivot",
        "crosstab of origin and carrier",
        lambda f, a: pd.crosstab(f["origin"], f["carrier"]),
        "unordered",
    ),
    Req("dedupe", "dedupe", "drop duplicate rows", lambda f, a: f.drop_duplicates()),
    Req(
        "dedupe-subset",
        "dedupe",
        "drop duplicate rows based on tailnum",
        lambda f, a: f.drop_duplicates(subset=["tailnum"]),
    ),
    Req(
        "dropna-col",
        "missing",
        "drop rows where arr_delay is missing",
        lambda f, a: f.dropna(subset=["arr_delay"]),
    ),
    Req("dropna-any", "missing", "drop rows with any missing values", lambda f, a: f.dropna()),
    Req(
        "fillna",
        "missing",
        "fill missing dep_delay with 0",
        lambda f, a: f.assign(dep_delay=f["dep_delay"].fillna(0)),
    ),
    Req("filter-missing", "missing", "rows where dep_time is missing", lambda f, a: f[f["dep_time"].isna()]),
]


def _row_fingerprint(df: pd.DataFrame) -> int:
    """An order-independent fingerprint of a frame's rows (sum of row hashes, wrapping)."""
    h = pd.util.hash_pandas_object(df[sorted(df.columns)], index=False).to_numpy()
    return int(h.sum(dtype=np.uint64))


def check_answer(got: Any, want: Any, how: str) -> tuple[bool, str]:
    """Whether the emitted code's answer equals the hand-written one, as ``how`` says."""
    if how in ("ordered", "unordered"):
        return same_answer(got, want, ordered=how == "ordered")
    mode, _, keys_text = how.partition(":")
    keys = keys_text.split(",")
    if not isinstance(got, pd.DataFrame) or not isinstance(want, pd.DataFrame):
        return False, f"expected a frame, got {type(got).__name__}"
    if len(got) != len(want):
        return False, f"{len(got)} rows, expected {len(want)}"
    for k in keys:
        if k not in got.columns or not _equal(_norm(got[k]), _norm(want[k])):
            return False, f"column {k!r} is not in the expected order"
    if mode == "topn":
        return True, ""
    if set(got.columns) != set(want.columns):
        return False, "different columns"
    if _row_fingerprint(got) != _row_fingerprint(want):
        return False, "different rows"
    return True, ""


def _run_generated(code_obj: Any, target: str, env: dict[str, Any]) -> Any:
    ns = dict(env)
    exec(code_obj, ns)
    return ns[target]


@dataclass
class Outcome:
    """One request's result. Times are the best of ``runs`` runs, in seconds: CPU time of this
    process (the headline: other work on a shared machine barely moves it) and wall time."""

    req: Req
    status: str  # ok | refused | crash | error | WRONG
    note: str = ""
    code: str = ""
    gen_cpu: float = float("nan")
    hand_cpu: float = float("nan")
    gen_wall: float = float("nan")
    hand_wall: float = float("nan")
    runs: int = 0

    @property
    def ratio(self) -> float:
        return self.gen_cpu / self.hand_cpu if self.hand_cpu > 0 else float("nan")

    @property
    def ratio_wall(self) -> float:
        return self.gen_wall / self.hand_wall if self.hand_wall > 0 else float("nan")


def _timed(fn: Callable[[], Any]) -> tuple[float, float, Any]:
    """(CPU seconds, wall seconds, result) of one call, after a garbage collection."""
    gc.collect()
    c0, t0 = time.process_time(), time.perf_counter()
    out = fn()
    return time.process_time() - c0, time.perf_counter() - t0, out


def runs_for(first_s: float, quick: bool) -> int:
    """How many runs of each side, from the CPU seconds of a first run: more for quick operations
    (noise matters most there), fewer for slow ones (so the full run stays within minutes)."""
    limits = ((0.02, 3),) if quick else ((0.5, 7), (3.0, 5))
    return next((k for limit, k in limits if first_s < limit), 2)


def race(
    a: Callable[[], Any], b: Callable[[], Any], k: int
) -> tuple[list[float], list[float], list[float], list[float]]:
    """Run ``a`` and ``b`` k times each, alternating which goes first; CPU and wall times of each."""
    ac, aw, bc, bw = [], [], [], []
    for i in range(k):
        order = ((b, bc, bw), (a, ac, aw)) if i % 2 else ((a, ac, aw), (b, bc, bw))
        for fn, cpu, wall in order:
            c, w, res = _timed(fn)
            del res
            cpu.append(c)
            wall.append(w)
    return ac, aw, bc, bw


def measure(req: Req, ps: Any, flights: pd.DataFrame, airlines: pd.DataFrame, quick: bool) -> Outcome:
    """Compile, check and time one request: best of k runs of each side, alternating which goes
    first (k from :func:`runs_for`)."""
    try:
        t = ps.compile(req.request, {"flights": flights, "airlines": airlines}, source="flights")
    except ps.CompileError as exc:
        return Outcome(req, "refused", str(exc).splitlines()[0][:100])
    except Exception as exc:  # a defect in the compiler (or a part of it still being written)
        return Outcome(req, "crash", f"{type(exc).__name__}: {str(exc)[:100]}")
    out = Outcome(req, "ok", code=t.code)
    env = {"flights": flights, "airlines": airlines, "pd": pd, "np": np}
    code_obj = builtins.compile(t.code, f"<pandascribe {req.id}>", "exec")
    gen = lambda: _run_generated(code_obj, t.target, env)  # noqa: E731
    hand = lambda: req.hand(flights, airlines)  # noqa: E731
    try:
        gc0, gw0, got = _timed(gen)
    except Exception as exc:
        out.status, out.note = "error", f"emitted code raised {type(exc).__name__}: {str(exc)[:100]}"
        return out
    hc0, hw0, want = _timed(hand)
    same, why = check_answer(got, want, req.check)
    del got, want
    if not same:
        out.status, out.note = "WRONG", why
    k = runs_for(min(gc0, hc0), quick)  # CPU time (page faults of a first run count): not wall time
    gc_, gw, hc, hw = race(gen, hand, k - 1)
    out.gen_cpu, out.gen_wall = min([gc0, *gc_]), min([gw0, *gw])
    out.hand_cpu, out.hand_wall = min([hc0, *hc]), min([hw0, *hw])
    out.runs = k
    return out


def noise_floor(flights: pd.DataFrame, airlines: pd.DataFrame, quick: bool) -> list[tuple[str, float, float]]:
    """A/A control: hand-written code raced against itself with the same protocol. The spread of
    these ratios around 1.0 is how much of any emitted/hand ratio is measurement noise."""
    out = []
    for req in [r for r in REQUESTS if r.id in ("filter-text", "group-mean", "join")]:
        fn = lambda req=req: req.hand(flights, airlines)  # noqa: E731
        c0, _, res = _timed(fn)
        del res
        ac, aw, bc, bw = race(fn, fn, runs_for(c0, quick))
        out.append((req.id, min(ac) / min(bc), min(aw) / min(bw)))
    return out


def _probe(ps: Any) -> None:
    try:
        ps.compile("rows where a > 1", {"df": pd.DataFrame({"a": [1, 2]})})
    except ps.CompileError:
        pass
    except ImportError as exc:
        raise Skip(f"pandascribe.compile cannot run yet: {type(exc).__name__}: {exc}") from None


def run(quick: bool, ctx: dict[str, Any]) -> None:
    section("2. Emitted code vs hand-written pandas")
    ps = require("pandascribe")
    _probe(ps)
    n = 50_000 if quick else 10_000_000
    flights = ctx.get("big_flights")
    if flights is None or len(flights) != n:
        t0 = time.perf_counter()
        flights = flights_frame(n)
        ctx["big_flights"] = flights
        print(f"(built a {n:,}-row synthetic flights frame in {time.perf_counter() - t0:.1f} s)")
    airlines = airlines_frame()
    mb = flights.memory_usage(deep=False).sum() / 2**20
    ks = (
        "3 or 2 as one run takes < 20 ms or longer"
        if quick
        else "7, 5 or 2 as one run takes < 0.5 s, < 3 s or more"
    )
    print(
        f"frame: {n:,} rows × {flights.shape[1]} columns, {mb:,.0f} MiB (plus the strings it points to); "
        f"best of k runs of each side, which one goes first alternating; k = "
        f"{ks}\n"
    )
    outcomes = []
    for req in REQUESTS:
        o = measure(req, ps, flights, airlines, quick)
        outcomes.append(o)
        print(
            f"  {req.id:18s} {o.status:8s} "
            + (
                f"cpu: emitted {o.gen_cpu * 1e3:9.1f} ms, hand {o.hand_cpu * 1e3:9.1f} ms, "
                f"ratio {o.ratio:5.2f}; wall ratio {o.ratio_wall:5.2f}; k={o.runs}"
                if o.runs
                else o.note
            ),
            flush=True,
        )
    rows = [
        [
            o.req.id,
            o.req.kind,
            o.req.request,
            o.status,
            o.gen_cpu * 1e3 if o.runs else float("nan"),
            o.hand_cpu * 1e3 if o.runs else float("nan"),
            o.ratio if o.runs else float("nan"),
            o.ratio_wall if o.runs else float("nan"),
            o.note,
        ]
        for o in outcomes
    ]
    print()
    print(
        table(
            [
                "id",
                "kind",
                "request",
                "status",
                "emitted cpu ms",
                "hand cpu ms",
                "ratio",
                "wall ratio",
                "note",
            ],
            rows,
        )
    )
    good = [o for o in outcomes if o.status == "ok" and o.runs]
    counts = {s: sum(o.status == s for o in outcomes) for s in ("ok", "refused", "crash", "error", "WRONG")}
    print("\n" + ", ".join(f"{v} {s}" for s, v in counts.items()) + f" of {len(outcomes)} requests")
    result: dict[str, Any] = {"n": n, "counts": counts, "outcomes": outcomes}
    if good:
        ratios = [o.ratio for o in good]
        worst = max(good, key=lambda o: o.ratio)
        med = statistics.median(ratios)
        med_wall = statistics.median(o.ratio_wall for o in good)
        worst_wall = max(o.ratio_wall for o in good)
        result.update(
            median=med, worst=worst.ratio, worst_id=worst.req.id, median_wall=med_wall, worst_wall=worst_wall
        )
        floor = noise_floor(flights, airlines, quick)
        result["noise"] = floor
        print(
            "noise floor (hand-written code against itself, same protocol): "
            + ", ".join(f"{i} cpu {c:.2f} / wall {w:.2f}" for i, c, w in floor)
        )
        print(
            f"wall-time ratio: median {med_wall:.2f}, worst {worst_wall:.2f}\n"
            f"CPU-time ratio emitted/hand over {len(good)} answered requests: median {med:.2f}, "
            f"worst {worst.ratio:.2f} ({worst.req.id}); goal median ≤ 1.1: "
            f"{'met' if med <= 1.1 else 'MISSED'}, worst ≤ 1.5: {'met' if worst.ratio <= 1.5 else 'MISSED'}"
        )
        slow = [o for o in good if o.ratio > 1.5]
        for o in slow:
            print(f"\nslow ({o.ratio:.2f}×) {o.req.id}: {o.req.request!r}\n--- emitted:\n{o.code}\n")
    for o in outcomes:
        if o.status in ("WRONG", "error"):
            print(f"\n{o.status} {o.req.id}: {o.note}\n--- emitted:\n{o.code}")
    ctx["emitted"] = result
