"""Generated cells tied to the cell that made them — the kernel's half.

A ``%%transform`` cell (or a panel) *makes* a code cell. With the bundled JupyterLab / Notebook 7
extension the made cell carries ``metadata["pandascribe"]``: the maker's cell id, a *slot* (empty for
the magic, the request's fingerprint for the panel, which makes one cell per request), fingerprints
of the request, the frames' schema and the code, and of the cell text as inserted. When the maker
runs again the extension finds its cell by that tie and leaves it alone, replaces it in place, or —
when its text no longer matches ``cell_hash``, i.e. someone edited it — inserts a fresh cell and
never touches the edited one (``js/src/ties.ts`` holds the same rules).

The kernel keeps, per maker and slot, the latest code and result name it produced, for two things:

* **no drift**: a re-run does not see its own previous result as a taken name (no ``_2``);
* **Run All**: the notebook sends every cell's source before the first reply comes back, so a
  generated cell below a maker whose request changed would run its *old* text. :func:`refresh`
  (an IPython input transformer) notices a tied, unedited cell whose code is older than what its
  maker just produced, and runs the new text instead — the text the extension puts in that cell.

The fingerprint is 64-bit FNV-1a over UTF-8, because the extension must compute the very same value
without ``crypto.subtle`` (absent on plain-http pages).
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

#: The execute-reply payload entry the extension acts on (next to the plain ``set_next_input``).
PAYLOAD_SOURCE = "pandascribe.cell"
#: Cell metadata key of a generated cell.
META_KEY = "pandascribe"
#: Version of the tie metadata and payload; the extension checks it.
PROTOCOL = 1

_FNV_OFFSET = 0xCBF29CE484222325
_FNV_PRIME = 0x100000001B3
_MASK = (1 << 64) - 1


def fingerprint(text: str) -> str:
    """64-bit FNV-1a of ``text``'s UTF-8 bytes as 16 hex digits (``js/src/ties.ts`` agrees). A lone
    surrogate (which UTF-8 cannot encode) counts as U+FFFD, as the browser's TextEncoder does."""
    h = _FNV_OFFSET
    for byte in re.sub("[\ud800-\udfff]", "\ufffd", text).encode("utf-8"):
        h = ((h ^ byte) * _FNV_PRIME) & _MASK
    return f"{h:016x}"


def schema_fingerprint(frames: Mapping[str, pd.DataFrame]) -> str:
    """What the code was compiled against: each frame's name, column names and dtypes."""
    parts = [f"{name}:" + ",".join(f"{c}={df[c].dtype}" for c in df.columns) for name, df in frames.items()]
    return fingerprint("\n".join(parts))


@dataclass(frozen=True)
class Tie:
    """What ties a generated cell to its maker; ``metadata()`` is what the cell stores."""

    source_cell: str
    slot: str
    request_hash: str
    schema_hash: str
    code_hash: str
    target: str

    def metadata(self) -> dict[str, Any]:
        return {"protocol": PROTOCOL, **asdict(self)}


def make_tie(
    source_cell: str,
    request: str,
    options: Sequence[str],
    frames: Mapping[str, pd.DataFrame],
    text: str,
    target: str,
    *,
    slot: str = "",
) -> Tie:
    """The tie of ``text`` (the generated cell) made by ``source_cell`` for this request."""
    return Tie(
        source_cell=source_cell,
        slot=slot,
        request_hash=fingerprint("\n".join([*options, " ".join(request.split())])),
        schema_hash=schema_fingerprint(frames),
        code_hash=fingerprint(text),
        target=target,
    )


def _parent(shell: Any) -> dict[str, Any]:
    kernel = getattr(shell, "kernel", None)
    get_parent = getattr(kernel, "get_parent", None)
    if get_parent is None:
        return {}
    try:
        parent = get_parent("shell")
    except Exception:  # an unusual kernel: no tie, plain behaviour
        return {}
    return parent if isinstance(parent, dict) else {}


def request_metadata(shell: Any) -> dict[str, Any]:
    """The metadata of the execute request being run (JupyterLab sends ``cellId`` and the cell's
    own metadata there); empty outside a kernel."""
    meta = _parent(shell).get("metadata")
    return meta if isinstance(meta, dict) else {}


def current_cell_id(shell: Any) -> str | None:
    cell_id = request_metadata(shell).get("cellId")
    return cell_id if isinstance(cell_id, str) and cell_id else None


class Without(Mapping[str, Any]):
    """``namespace`` minus some names — a maker's own previous result is not a taken name."""

    def __init__(self, namespace: Mapping[str, Any], hidden: set[str]) -> None:
        self._ns, self._hidden = namespace, hidden

    def __getitem__(self, key: str) -> Any:
        if key in self._hidden:
            raise KeyError(key)
        return self._ns[key]

    def __contains__(self, key: object) -> bool:
        return key not in self._hidden and key in self._ns

    def __iter__(self) -> Iterator[str]:
        return (k for k in self._ns if k not in self._hidden)

    def __len__(self) -> int:
        return sum(1 for _ in self)


@dataclass(frozen=True)
class Made:
    """The latest cell a maker produced in this kernel."""

    tie: Tie
    text: str


class Registry:
    """Per kernel: (maker cell, slot) → the latest :class:`Made`."""

    def __init__(self) -> None:
        self._made: dict[tuple[str, str], Made] = {}

    def previous_target(self, key: str, slot: str = "") -> str | None:
        made = self._made.get((key, slot))
        return made.tie.target if made else None

    def namespace_for(self, namespace: Mapping[str, Any], key: str, slot: str = "") -> Mapping[str, Any]:
        """``namespace`` as the maker should see it when naming its result."""
        previous = self.previous_target(key, slot)
        return Without(namespace, {previous}) if previous else namespace

    def remember(self, key: str, tie: Tie | None, target: str, text: str, slot: str = "") -> None:
        if tie is None:  # no cell id: remember the name only (no-drift still holds)
            tie = Tie(key, slot, "", "", fingerprint(text), target)
        self._made[(key, slot)] = Made(tie, text)

    def forget(self, key: str, slot: str = "") -> None:
        self._made.pop((key, slot), None)

    def adopt(self, meta: Mapping[str, Any], raw: str) -> None:
        """A tied cell ran before its maker did in this kernel (e.g. after a restart): learn its
        result name, so that the maker's next run keeps that name."""
        tie = meta.get(META_KEY)
        if not isinstance(tie, dict) or tie.get("protocol") != PROTOCOL:
            return
        key = (str(tie.get("source_cell")), str(tie.get("slot") or ""))
        if key not in self._made and isinstance(tie.get("target"), str):
            fields = {f: str(tie.get(f) or "") for f in Tie.__dataclass_fields__}
            self._made[key] = Made(Tie(**fields), raw)

    def fresher(self, raw: str, meta: Mapping[str, Any]) -> str | None:
        """The maker's newer text when ``raw`` is an unedited tied cell whose code is stale."""
        tie = meta.get(META_KEY)
        if not isinstance(tie, dict) or tie.get("protocol") != PROTOCOL:
            return None
        made = self._made.get((str(tie.get("source_cell")), str(tie.get("slot") or "")))
        if made is None or not made.tie.request_hash or made.tie.code_hash == tie.get("code_hash"):
            return None
        if fingerprint(raw) != tie.get("cell_hash"):
            return None  # edited by hand (or not the tied cell's text): run what the user wrote
        return made.text


_REGISTRIES: weakref.WeakKeyDictionary[Any, Registry] = weakref.WeakKeyDictionary()


def registry(shell: Any) -> Registry:
    """The shell's registry; the first call also installs :func:`refresh` as an input transformer."""
    reg = _REGISTRIES.get(shell)
    if reg is None:
        reg = _REGISTRIES[shell] = Registry()
        transformers = getattr(shell, "input_transformers_post", None)
        if isinstance(transformers, list):
            transformers.append(_Refresh(shell, reg))
    return reg


def current_shell() -> tuple[Registry, str | None]:
    """The running IPython's registry and the id of the cell being executed (for the panel, which
    is created by a cell but acts later, from widget callbacks); a private registry outside IPython."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython is in the jupyter extra
        return Registry(), None
    shell = get_ipython()
    if shell is None:
        return Registry(), None
    return registry(shell), current_cell_id(shell)


def panel_slot(source: str, request: str) -> str:
    """The panel keeps one generated cell per request (and source frame)."""
    return fingerprint(f"{source}\n{' '.join(request.split())}")


def uninstall(shell: Any) -> None:
    transformers = getattr(shell, "input_transformers_post", None)
    if isinstance(transformers, list):
        transformers[:] = [t for t in transformers if not isinstance(t, _Refresh)]
    _REGISTRIES.pop(shell, None)


class _Refresh:
    """Input transformer: a stale tied cell runs its maker's newer text (see the module doc)."""

    def __init__(self, shell: Any, reg: Registry) -> None:
        self._shell = weakref.ref(shell)
        self._reg = reg

    def __call__(self, lines: list[str]) -> list[str]:
        shell = self._shell()
        if shell is None:
            return lines
        parent = _parent(shell)
        meta = parent.get("metadata")
        content = parent.get("content")
        if not isinstance(meta, dict) or META_KEY not in meta or not isinstance(content, dict):
            return lines
        raw = content.get("code")
        if not isinstance(raw, str) or "".join(lines).rstrip("\n") != raw.rstrip("\n"):
            return lines  # transforming something other than the cell being executed
        newer = self._reg.fresher(raw, meta)
        self._reg.adopt(meta, raw)
        if newer is None:
            return lines
        note = "print('pandascribe: ran the regenerated code now shown in this cell (its maker changed)')\n"
        return [note, *newer.rstrip("\n").splitlines(keepends=True), "\n"]
