"""Frames for the outside-language corpus, half C (``cases_c.py``): deterministic, offline loaders.

Two kinds of data, none of them used elsewhere in the project's tests, all shipped under ``data/``:

* WikiSQL tables (``data/wikisql/<table id>.csv``): the Wikipedia tables that the WikiSQL questions
  (Zhong et al. 2017) are about. WikiSQL's own table files ship only inside a release archive that no
  stored copy holds, so the rows come from TabFact (Chen et al. 2020, github.com/wenhuchen/Table-
  Fact-Checking ``data/all_csv/<table id>.html.csv``), which re-published the same tables under the
  same ids. The files are TabFact's, byte for byte: ``#``-separated, text lowercased and tokenised by
  TabFact (``2012 - present``, ``11 , 12``). The header row is replaced by WikiSQL's own column names
  (``data/wikisql/headers.json``, read from the questions' ``columns:`` line), so a frame carries the
  names the question writers saw; a cell a question names is matched in lower case.
* Data Carpentry teaching data: the SAFI household survey (``data/safi/SAFI_clean.csv`` from
  datacarpentry/r-socialsci, ``data/safi/SAFI_results.csv`` from datacarpentry/python-socialsci)
  and the E. coli variant calls (``data/genomics/combined_tidy_vcf.csv`` from
  datacarpentry/genomics-r-intro). Read as the lessons read them (``NULL`` and ``NA`` are missing).
* tidyr's example data (``data/tidyr/``: ``fish_encounters``, ``relig_income``, ``billboard`` from
  tidyr's ``data-raw/``, the Mexican weather station ``weather.csv`` from its ``vignettes/``).

The harness loads ``cases_c.py`` by path, so this module is imported by path too (see cases_c.py).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pandas as pd

_DATA = Path(__file__).resolve().parent / "data"
_WIKISQL = _DATA / "wikisql"


@cache
def _headers() -> dict[str, list[str]]:
    return json.loads((_WIKISQL / "headers.json").read_text(encoding="utf-8"))


def _wikisql(table_id: str):
    def load() -> pd.DataFrame:
        frame = pd.read_csv(_WIKISQL / f"{table_id}.csv", sep="#")
        frame.columns = _headers()[table_id]
        return frame

    load.__name__ = f"load_wikisql_{table_id}"
    return load


def _csv(relative: str):
    def load() -> pd.DataFrame:
        return pd.read_csv(_DATA / relative)

    return load


def _billboard() -> pd.DataFrame:
    """tidyr's ``billboard``: ``data-raw/billboard.csv`` without its ``year`` and ``time`` columns, as
    tidyr's ``data-raw/billboard.R`` builds it."""
    return pd.read_csv(_DATA / "tidyr" / "billboard.csv").drop(columns=["year", "time"])


def frame_name(table_id: str) -> str:
    """``1-10015132-11`` -> ``ws_10015132_11`` (the leading ``1-`` is the same for every table)."""
    return "ws_" + table_id.split("-", 1)[1].replace("-", "_")


LOADERS = {
    **{frame_name(table_id): _wikisql(table_id) for table_id in _headers()},
    "interviews": _csv("safi/SAFI_clean.csv"),
    "safi_results": _csv("safi/SAFI_results.csv"),
    "variants": _csv("genomics/combined_tidy_vcf.csv"),
    "fish_encounters": _csv("tidyr/fish_encounters.csv"),
    "relig_income": _csv("tidyr/relig_income.csv"),
    "billboard": _billboard,
    "weather_mx": _csv("tidyr/weather.csv"),
}
