"""Frames for the outside-language corpus, half B (``cases_b.py``): deterministic, offline loaders.

Three kinds of data, none of them used elsewhere in the project's tests:

* Spider tables (Yu et al. 2018, CC BY-SA 4.0): the databases' own ``schema.sql`` dumps (CREATE
  TABLE + INSERT statements) kept under ``data/spider/`` (each file's header says where it differs
  from Spider's file) and loaded through an in-memory SQLite database, so each column keeps the type
  SQLite gives it (a ``text`` year stays text, as a real user would find it). Each table is small
  (at most 20 rows).
* plotnine's bundled data (ggplot2's data sets: mpg, diamonds, msleep, mtcars, midwest, economics,
  txhousing, presidential, faithful) - shipped as files inside the plotnine wheel (MIT).
* bokeh-sampledata's bundled tables (titanic, sample_superstore, periodic_table, sprint) - shipped
  as files inside the bokeh-sampledata wheel (BSD-3-Clause code; each data set's own licence is
  listed in README.md (half B)).

The harness loads ``cases_b.py`` by path, so this module is imported by path too (see cases_b.py).
"""

from __future__ import annotations

import sqlite3
from functools import cache
from pathlib import Path

import pandas as pd

_SPIDER = Path(__file__).resolve().parent / "data" / "spider"


@cache
def _spider_db(db: str) -> sqlite3.Connection:
    con = sqlite3.connect(":memory:", check_same_thread=False)
    con.executescript((_SPIDER / f"{db}.sql").read_text(encoding="utf-8"))
    return con


def _spider(db: str, table: str):
    def load() -> pd.DataFrame:
        return pd.read_sql_query(f'SELECT * FROM "{table}"', _spider_db(db))

    return load


def _plotnine(name: str):
    def load() -> pd.DataFrame:
        import plotnine.data

        return getattr(plotnine.data, name).copy()

    return load


def _bokeh(module: str, attr: str = "data"):
    def load() -> pd.DataFrame:
        import importlib

        return getattr(importlib.import_module(f"bokeh_sampledata.{module}"), attr).copy()

    return load


LOADERS = {
    # Spider (dev databases): frame name = table name; the second 'singer' table is 'singers'
    "singer": _spider("concert_singer", "singer"),
    "stadium": _spider("concert_singer", "stadium"),
    "concert": _spider("concert_singer", "concert"),
    "employee": _spider("employee_hire_evaluation", "employee"),
    "shop": _spider("employee_hire_evaluation", "shop"),
    "hiring": _spider("employee_hire_evaluation", "hiring"),
    "evaluation": _spider("employee_hire_evaluation", "evaluation"),
    "museum": _spider("museum_visit", "museum"),
    "visitor": _spider("museum_visit", "visitor"),
    "visit": _spider("museum_visit", "visit"),
    "poker_player": _spider("poker_player", "poker_player"),
    "people": _spider("poker_player", "people"),
    "conductor": _spider("orchestra", "conductor"),
    "orchestra": _spider("orchestra", "orchestra"),
    "show": _spider("orchestra", "show"),
    "singers": _spider("singer", "singer"),
    "pets": _spider("pets_1", "Pets"),
    "teacher": _spider("course_teach", "teacher"),
    "battle": _spider("battle_death", "battle"),
    "ship": _spider("battle_death", "ship"),
    "death": _spider("battle_death", "death"),
    "highschooler": _spider("network_1", "Highschooler"),
    "ref_template_types": _spider("cre_Doc_Template_Mgt", "Ref_Template_Types"),
    "templates": _spider("cre_Doc_Template_Mgt", "Templates"),
    "documents": _spider("cre_Doc_Template_Mgt", "Documents"),
    "paragraphs": _spider("cre_Doc_Template_Mgt", "Paragraphs"),
    "tv_channel": _spider("tvshow", "TV_Channel"),
    "tv_series": _spider("tvshow", "TV_series"),
    "cartoon": _spider("tvshow", "Cartoon"),
    # plotnine
    "mpg": _plotnine("mpg"),
    "diamonds": _plotnine("diamonds"),
    "msleep": _plotnine("msleep"),
    "mtcars": _plotnine("mtcars"),
    "midwest": _plotnine("midwest"),
    "economics": _plotnine("economics"),
    "txhousing": _plotnine("txhousing"),
    "presidential": _plotnine("presidential"),
    "faithful": _plotnine("faithful"),
    # bokeh-sampledata
    "titanic": _bokeh("titanic"),
    "superstore": _bokeh("sample_superstore"),
    "elements": _bokeh("periodic_table", "elements"),
    "sprint": _bokeh("sprint", "sprint"),
}
