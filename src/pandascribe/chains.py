"""A chain of requests, each a follow-up of the one before ("total units by region", then "now sort
that by units", then "plot it"): compiled in turn with ``previous=``, run in turn in one namespace,
and the chart the last one draws saved to a file. The CLI's ``--then`` and ``--plot-out`` use it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import PandascribeError

if TYPE_CHECKING:
    import pandas as pd

    from .compiler import Transform

#: file types matplotlib writes without extra packages
CHART_TYPES = (".png", ".svg", ".pdf", ".jpg", ".jpeg")


class ChainError(PandascribeError):
    """Running a chain's code, or saving its chart, failed (one line, the step named)."""


def compile_chain(
    requests: Sequence[str],
    frames: Mapping[str, pd.DataFrame],
    *,
    source: str | None = None,
    target: str | None = None,
    backend: str = "rules",
    previous: Transform | None = None,
) -> list[Transform]:
    """Each request compiled with the one before as ``previous`` (the first with ``previous``);
    ``target`` names the last result. A step that does not refer back stands alone (about
    ``source``)."""
    from .compiler import compile as compile_request

    out: list[Transform] = []
    for i, request in enumerate(requests):
        last = i == len(requests) - 1
        prev = out[-1] if out else previous
        out.append(
            compile_request(
                request,
                frames,
                source=source,
                target=target if last else None,
                backend=backend,
                previous=prev,
            )
        )
    return out


def run_chain(transforms: Sequence[Transform], frames: Mapping[str, pd.DataFrame]) -> dict[str, Any]:
    """The namespace after running every step's code in order (the frames, ``pd``, ``np`` and each
    result by its name). Charts are drawn with matplotlib's non-interactive Agg backend."""
    import numpy as np
    import pandas as pd

    if any(t.plan.steps[-1].op == "plot" for t in transforms):
        import matplotlib

        matplotlib.use("Agg")
    ns: dict[str, Any] = {"pd": pd, "np": np, **frames}
    for n, t in enumerate(transforms, start=1):
        try:
            exec(compile(t.code, f"<pandascribe step {n}>", "exec"), ns)  # noqa: S102 - the user asked to run it
        except Exception as exc:
            step = f"step {n} ({t.request!r})" if len(transforms) > 1 else "the code"
            raise ChainError(f"{step} raised {type(exc).__name__}: {exc}".splitlines()[0]) from exc
    return ns


def save_chart(value: Any, path: str | Path) -> Path:
    """Save the figure of the Axes ``value`` to ``path`` (its type from the extension)."""
    out = Path(path).expanduser()
    if out.suffix.lower() not in CHART_TYPES:
        raise ChainError(
            f"cannot save a chart as {out.suffix or '(no extension)'!r}: use {', '.join(CHART_TYPES)}"
        )
    figure = getattr(value, "figure", None)
    if figure is None or not hasattr(figure, "savefig"):
        raise ChainError(
            f"the last request gives a {type(value).__name__}, not a chart: ask for one ('bar chart of …')"
        )
    try:
        figure.savefig(out, bbox_inches="tight")
    except OSError as exc:
        raise ChainError(f"cannot write {out}: {exc.strerror or exc}") from None
    return out


__all__ = ["ChainError", "compile_chain", "run_chain", "save_chart"]
