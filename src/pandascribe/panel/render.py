"""The panel's HTML pieces: highlighted code, an error with its suggestions, a result's head.

Everything uses inline styles, because the panel must look the same where our JupyterLab extension
(and so any stylesheet of ours) is absent: VS Code, Colab, Notebook 7 without the extension.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

import pandas as pd

#: Rows of a result shown in the panel (preview and Run).
HEAD_ROWS = 10

_BOX = "border:1px solid {border};border-radius:4px;padding:6px 10px;margin:4px 0;background:{bg};color:{fg}"
_ERROR_BOX = _BOX.format(border="#d9534f", bg="#fdf2f2", fg="#7a1c1c")
_NOTE_BOX = _BOX.format(border="#c9b458", bg="#fffbe6", fg="#5c4b00")
_INFO_BOX = _BOX.format(border="#9fc3e7", bg="#f2f8fd", fg="#123b61")


def code_html(code: str) -> str:
    """Python code, syntax-highlighted by pygments with inline styles, on a light card so it stays
    readable under dark themes too."""
    from ..magics_display import highlight_html

    inner = highlight_html(code)
    return (
        "<div style='border:1px solid #ddd;border-radius:4px;background:#f8f8f8;color:#000;"
        f"padding:2px 8px;overflow-x:auto;font-size:13px'>{inner}</div>"
    )


def explanation_html(text: str) -> str:
    return f"<div style='{_INFO_BOX}'><b>Understood as:</b> {html.escape(text)}</div>"


def error_html(
    title: str, message: str, *, words: Sequence[str] = (), suggestions: Sequence[str] = ()
) -> str:
    """An inline error: what went wrong, the words not understood and close matches."""
    parts = [
        f"<b>{html.escape(title)}</b>",
        f"<div style='white-space:pre-wrap'>{html.escape(message)}</div>",
    ]
    if words:
        parts.append(
            "<div>Not understood: " + ", ".join(f"<code>{html.escape(w)}</code>" for w in words) + "</div>"
        )
    if suggestions and "did you mean" not in message.lower():
        parts.append(
            "<div>Did you mean: "
            + ", ".join(f"<code>{html.escape(s)}</code>" for s in suggestions)
            + "?</div>"
        )
    return f"<div style='{_ERROR_BOX}'>{''.join(parts)}</div>"


def choices_html(headline: str, count: int) -> str:
    """Above the choice buttons: what is ambiguous, and that one reading must be picked."""
    return (
        f"<div style='{_NOTE_BOX}'><b>{html.escape(headline)}</b><div>Pick one of the {count} readings "
        "below (numbered as <code>%%transform --choose N</code> numbers them); the request box then says "
        "it in words that compile to it.</div></div>"
    )


def note_html(message: str) -> str:
    return f"<div style='{_NOTE_BOX}'>{html.escape(message)}</div>"


def info_html(message: str) -> str:
    return f"<div style='{_INFO_BOX}'>{html.escape(message)}</div>"


def shape_text(value: Any) -> str:
    """``3 rows × 2 columns`` / ``7 values`` / the type name: a result's size in words."""
    if isinstance(value, pd.DataFrame):
        return f"{value.shape[0]:,} rows × {value.shape[1]:,} columns"
    if isinstance(value, pd.Series):
        return f"{len(value):,} values"
    return type(value).__name__


def value_html(value: Any, caption: str) -> str:
    """``caption`` (escaped) over the head of a DataFrame / Series, or the repr of anything else."""
    if isinstance(value, pd.Series):
        value = value.to_frame()
    more = ""
    chart = chart_html(value)
    if chart is not None:
        body = chart
    elif isinstance(value, pd.DataFrame):
        body = value.head(HEAD_ROWS).to_html(max_cols=30, border=0, escape=True)
        hidden = len(value) - min(len(value), HEAD_ROWS)
        if hidden > 0:
            more = f"<div style='color:#666'>… and {hidden:,} more row{'s' if hidden != 1 else ''}</div>"
    else:
        body = f"<pre>{html.escape(repr(value))}</pre>"
    return (
        f"<div style='margin:4px 0'><div style='font-weight:600'>{html.escape(caption)}</div>"
        f"<div style='max-height:420px;overflow:auto'>{body}</div>{more}</div>"
    )


def chart_html(value: Any) -> str | None:
    """A matplotlib Axes as an inline PNG (its figure closed, so it is not shown again below the
    cell); None for anything else."""
    figure = getattr(value, "figure", None)
    if figure is None or not hasattr(figure, "savefig") or not hasattr(value, "patches"):
        return None
    import base64
    import io

    import matplotlib.pyplot as plt

    buf = io.BytesIO()
    figure.savefig(buf, format="png", bbox_inches="tight", dpi=80)
    plt.close(figure)
    data = base64.b64encode(buf.getvalue()).decode("ascii")
    return f"<img class='pandascribe-chart' alt='chart' src='data:image/png;base64,{data}'/>"


def copy_box_html(text: str) -> str:
    """The copy fallback: the code in a read-only text area that selects itself when clicked."""
    rows = min(max(text.count("\n") + 1, 3), 20)
    return (
        "<div style='margin:4px 0'><div>Copy the code: click in the box (it selects all), then press "
        "<kbd>Ctrl</kbd>+<kbd>C</kbd> (<kbd>⌘</kbd>+<kbd>C</kbd> on a Mac).</div>"
        f"<textarea class='pandascribe-copy' readonly rows='{rows}' "
        "style='width:100%;font-family:monospace;font-size:12px' "
        "onclick='this.select()' onfocus='this.select()'>"
        f"{html.escape(text)}</textarea></div>"
    )
