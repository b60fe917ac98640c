"""Part 5: peers, for context. LLM-based assistants for notebooks answer in seconds and at a cost
per request; these figures come from their published material (cited), not from runs here — this
machine has no network. The ratio printed uses this run's measured compile latency."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .common import section, table


@dataclass(frozen=True)
class Fact:
    who: str
    figure: str
    url: str


FACTS = [
    Fact(
        "PandasAI (maintainer, 2023)",
        "model inference is the bottleneck, 'in general up to 10 seconds' per query; a failed first "
        "attempt costs a second inference of about the same length; users report 10–20 s with OpenAI",
        "https://github.com/sinaptik-ai/pandas-ai/issues/716",
    ),
    Fact(
        "PandasAI (user report)",
        "one plotting prompt on the Titanic CSV: about 14 s in Jupyter",
        "https://github.com/sinaptik-ai/pandas-ai/issues/280",
    ),
    Fact(
        "PandasAI vs peers (user report, 2024)",
        "same question on the same database: LangChain 7 s, Vanna 8 s, PandasAI slower",
        "https://github.com/sinaptik-ai/pandas-ai/issues/1184",
    ),
    Fact(
        "PandasAI token tracking example",
        "one query: 375 tokens (210 prompt + 165 completion), USD 0.00075 with the model of the day",
        "https://github.com/sinaptik-ai/pandas-ai/pull/349",
    ),
    Fact(
        "OpenAI API speed test (community, 2025)",
        "gpt-4o-mini ≈ 59 output tokens/s (500 tokens in 8.7 s); gpt-4.1-nano 500 tokens in 5.3 s",
        "https://community.openai.com/t/inference-speed-of-different-models/1307310",
    ),
    Fact(
        "OpenAI prices (third-party summary of OpenAI's pricing page)",
        "GPT-4o mini USD 0.15 / 0.60 per 1M input / output tokens; GPT-4o USD 2.50 / 10.00",
        "https://aimodelcalc.pages.dev/guides/openai-api-pricing.html",
    ),
    Fact(
        "OpenAI latency guide",
        "principle 7 of 7: 'Don't default to an LLM'",
        "https://developers.openai.com/api/docs/guides/latency-optimization",
    ),
    Fact(
        "jupyter-ai (%%ai magic)",
        "no published latency figures found; it sends each prompt to the chosen provider, so that "
        "provider's latency and price apply",
        "https://github.com/jupyterlab/jupyter-ai",
    ),
]

#: our estimate of one LLM round trip for a Plan-sized answer, from the facts above (not measured)
LLM_SECONDS_LOW, LLM_SECONDS_HIGH = 2.0, 10.0
#: ~1,500 prompt tokens (schema + instructions) and ~150 completion tokens at GPT-4o mini prices
LLM_COST_USD = 1500 * 0.15 / 1e6 + 150 * 0.60 / 1e6


def run(quick: bool, ctx: dict[str, Any]) -> None:
    section("5. Peers, for context (published figures, cited)")
    print(table(["source", "published figure", "where"], [[f.who, f.figure, f.url] for f in FACTS]))
    comp = ctx.get("compile") or {}
    p50 = (comp.get("warm_small") or {}).get("p50_ms")
    print(
        f"\nestimate (not measured here): an LLM round trip for a request of this size takes about "
        f"{LLM_SECONDS_LOW:.0f}–{LLM_SECONDS_HIGH:.0f} s and costs about USD {LLM_COST_USD:.5f} with GPT-4o "
        f"mini (≈1,500 prompt + 150 completion tokens), more with larger models or a retry."
    )
    if p50 and p50 == p50:
        lo, hi = LLM_SECONDS_LOW * 1e3 / p50, LLM_SECONDS_HIGH * 1e3 / p50
        print(
            f"pandascribe rules backend, measured in this run: p50 {p50:.2f} ms per compile, offline, USD 0 "
            f"→ roughly {lo:,.0f}–{hi:,.0f}× less waiting per request than one LLM round trip "
            "(the ratio compares a local measurement with published figures: an order of magnitude, no more)."
        )
        ctx["peers"] = {"ratio_low": lo, "ratio_high": hi, "p50_ms": p50}
    else:
        print("pandascribe compile latency was not measured in this run (part 1 skipped), so no ratio.")
    print(
        "Note: speed is not the whole story. An LLM understands far more phrasings; the rules backend "
        "refuses what it cannot read (the 'auto' backend falls back to a model only then)."
    )
