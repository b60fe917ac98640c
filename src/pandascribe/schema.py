"""Cheap, cached, bounded descriptions of frames: what the compiler may know about the data.

Grounding needs column names, dtype kinds and, for text columns, the values that occur (to read
"Adelie" as ``species == "Adelie"``). Reading every row of a 10M-row frame per request would make
compiling slow, so distinct values come from a deterministic stride sample of at most
``SAMPLE_ROWS`` rows, and the summary is cached per frame object until its shape, columns or
dtypes change.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

import pandas as pd

from .safe_values import text_value_counts

Kind = Literal["integer", "float", "bool", "text", "datetime", "category", "other"]

SAMPLE_ROWS = 50_000
MAX_VALUES = 1_000
MAX_VALUE_LEN = 80


@dataclass(frozen=True)
class ColumnInfo:
    """One column: exact name, kind of values, whether values can be missing (for text columns:
    seen missing in the sample), and (text and category columns only) the distinct values seen in
    the sample, most common first, at most ``MAX_VALUES``."""

    name: str
    kind: Kind
    dtype: str
    nullable: bool
    values: tuple[str, ...] = ()
    n_distinct: int | None = None
    #: for a yes/no column (bool, 0/1 integers, Yes/No text): its (true, false) values, so that
    #: "survivors" or "smokers" can be read as a test on it
    binary: tuple[bool | int | str, bool | int | str] | None = None

    @property
    def numeric(self) -> bool:
        return self.kind in ("integer", "float", "bool")

    @property
    def textual(self) -> bool:
        return self.kind in ("text", "category")


@dataclass(frozen=True)
class FrameSchema:
    """A frame's columns in order, and its row count."""

    name: str
    n_rows: int
    columns: tuple[ColumnInfo, ...]
    _by_name: dict[str, ColumnInfo] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._by_name.update({c.name: c for c in self.columns})

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def get(self, name: str) -> ColumnInfo | None:
        return self._by_name.get(name)

    def __contains__(self, name: object) -> bool:
        return name in self._by_name

    def fingerprint(self) -> str:
        """A short stable hash of names and dtypes (recorded in history)."""
        import hashlib

        text = "\x1f".join(f"{c.name}\x1e{c.dtype}" for c in self.columns)
        return hashlib.sha256(text.encode()).hexdigest()[:16]


def _kind(s: pd.Series) -> Kind:
    t = s.dtype
    api = pd.api.types
    if isinstance(t, pd.CategoricalDtype):
        return "category"
    if api.is_bool_dtype(t):
        return "bool"
    if api.is_integer_dtype(t):
        return "integer"
    if api.is_float_dtype(t):
        return "float"
    if api.is_datetime64_any_dtype(t):
        return "datetime"
    if api.is_string_dtype(t) or api.is_object_dtype(t):
        return "text"
    return "other"


def _sample(df: pd.DataFrame) -> pd.DataFrame:
    n = len(df)
    if n <= SAMPLE_ROWS:
        return df
    step = -(-n // SAMPLE_ROWS)
    return df.iloc[::step]


def _column_info(name: str, full: pd.Series, sample: pd.Series) -> ColumnInfo:
    kind = _kind(full)
    # numeric missing-checks are cheap on the whole column; text ones are not, so those use the sample
    nullable = bool((full if kind in ("integer", "float", "bool", "datetime") else sample).isna().any())
    values: tuple[str, ...] = ()
    n_distinct = None
    if kind in ("text", "category"):
        counts = text_value_counts(sample)  # skips surrogates and undecodable bytes
        n_distinct = len(counts)
        vals = [v for v in counts.index[:MAX_VALUES] if len(v) <= MAX_VALUE_LEN]
        values = tuple(vals)
    if kind == "text" and values and not all(isinstance(v, str) for v in sample.dropna().head(50)):
        kind = "other"  # mixed objects: no string methods
    return ColumnInfo(
        str(name), kind, str(full.dtype), nullable, values, n_distinct, _binary(kind, sample, values)
    )


_YES = ("yes", "y", "true", "t")
_NO = ("no", "n", "false", "f")


def _binary(
    kind: str, sample: pd.Series, values: tuple[str, ...]
) -> tuple[bool | int | str, bool | int | str] | None:
    """The (true, false) values of a yes/no column, read from the sample; None for any other column."""
    if kind == "bool":
        return (True, False)
    if kind == "integer":
        seen = set(sample.dropna().unique()[:3].tolist())
        return (1, 0) if seen == {0, 1} else None
    if kind in ("text", "category") and len(values) == 2:
        low = {v.lower(): v for v in values}
        yes = [low[w] for w in _YES if w in low]
        no = [low[w] for w in _NO if w in low]
        if len(yes) == 1 and len(no) == 1:
            return (yes[0], no[0])
    return None


_CACHE: OrderedDict[tuple, FrameSchema] = OrderedDict()
_CACHE_SIZE = 64
_PROBE_ROWS = 64


def _key(name: str, df: pd.DataFrame) -> tuple:
    """Identity of a frame for caching: shape, names, dtypes and a hash of rows from its start,
    middle and end. Copies of a frame share a key (so notebooks and evaluations that copy frames stay
    fast); a frame edited only outside the probed rows keeps its summary until its shape changes,
    which can only make value grounding miss a new value, never invent one. The probe is three
    contiguous slices, not evenly spaced rows: slicing is free for Arrow-backed text, gathering
    spaced rows copies them (it was a third of a warm compile on a 300,000-row frame)."""
    n = len(df)
    third = _PROBE_ROWS // 3
    blocks = (
        [df] if n <= _PROBE_ROWS else [df.iloc[:third], df.iloc[n // 2 : n // 2 + third], df.iloc[-third:]]
    )
    digest = hashlib.blake2b(digest_size=16)
    try:
        for block in blocks:  # the cells' reprs: equal for equal values, defined for lists and odd text
            digest.update(repr(block.to_numpy(dtype=object).tolist()).encode("utf-8", "surrogatepass"))
    except Exception:  # a cell whose repr fails: the frame object's identity instead
        digest.update(str(id(df)).encode())
    return (name, df.shape, tuple(map(str, df.columns)), tuple(map(str, df.dtypes)), digest.digest())


def frame_schema(name: str, df: pd.DataFrame) -> FrameSchema:
    """The schema of one frame, from the cache when an equal-looking frame was seen before."""
    key = _key(name, df)
    hit = _CACHE.get(key)
    if hit is not None:
        _CACHE.move_to_end(key)
        return hit
    sample = _sample(df)
    cols = tuple(_column_info(str(c), df.iloc[:, i], sample.iloc[:, i]) for i, c in enumerate(df.columns))
    schema = FrameSchema(name, len(df), cols)
    _CACHE[key] = schema
    while len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return schema


def schemas_for(frames: Mapping[str, pd.DataFrame]) -> dict[str, FrameSchema]:
    """Schemas of every frame given, by name."""
    return {name: frame_schema(name, df) for name, df in frames.items()}
