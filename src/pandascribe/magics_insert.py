"""How ``%%transform`` inserts its code as a new cell: two entries in the execute reply's payload.

The classic ``set_next_input`` (VS Code, Colab, a Lab without our extension insert a new cell
below, every run) and a ``pandascribe.cell`` entry with the maker's cell id and the tie
(:mod:`.ties`). The bundled JupyterLab / Notebook 7 extension removes the ``set_next_input`` entry
before the notebook sees it and keeps one tied cell below instead: left alone, replaced in place,
or — when edited by hand — kept, with a fresh cell inserted above it. Kept apart from
:mod:`.magics` because this is the wire protocol with the extension (``js/``), not the magic's logic.
"""

from __future__ import annotations

from typing import Any

from . import ties


def insert_cell(shell: Any, text: str, cell_id: str | None, tie: ties.Tie | None) -> None:
    """The classic payload for every frontend, plus the tied one for our extension (only with a
    tie, a payload manager and a kernel: a plain terminal IPython has neither)."""
    shell.set_next_input(text, replace=False)
    payloads = getattr(shell, "payload_manager", None)
    if tie is None or payloads is None or getattr(shell, "kernel", None) is None:
        return
    payloads.write_payload(
        {
            "source": ties.PAYLOAD_SOURCE,
            "protocol": ties.PROTOCOL,
            "cell_id": cell_id,
            "text": text,
            "tie": tie.metadata(),
        },
        single=False,
    )
