"""What the magics show: a code block (highlighted HTML in a notebook, plain text in a terminal)
and small tables. Each is a MIME bundle with both ``text/html`` and ``text/plain`` so every
frontend picks what it can render; headless runs (nbval, nbconvert) keep the text as output."""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any


def highlight_html(code: str) -> str:
    """Python code as self-contained HTML (inline styles: no stylesheet needed)."""
    try:
        from pygments import highlight
        from pygments.formatters import HtmlFormatter
        from pygments.lexers import PythonLexer
    except ImportError:  # pragma: no cover - pygments comes with IPython
        return f"<pre>{html.escape(code)}</pre>"
    return highlight(code, PythonLexer(), HtmlFormatter(noclasses=True, nowrap=False))


def code_bundle(explanation: str, code: str, notes: Sequence[str] = ()) -> dict[str, str]:
    """The explanation, any notes (e.g. a name about to be overwritten) and the code."""
    text = "\n".join([*(f"note: {n}" for n in notes), explanation, "", code])
    parts = [f'<div style="color:#b35900">note: {html.escape(n)}</div>' for n in notes]
    parts.append(f"<div><em>{html.escape(explanation)}</em></div>")
    parts.append(highlight_html(code))
    return {"text/plain": text, "text/html": "\n".join(parts)}


def choices_bundle(headline: str, choices: Sequence[Any], rerun: str) -> dict[str, str]:
    """The numbered readings of an ambiguous request — each a paraphrase and the request that says
    it explicitly — and how to pick one (``rerun``: the magic line with ``--choose 1``)."""
    how = f"To use reading N, rerun with --choose N, e.g. {rerun} — or write one of the 'say:' requests."
    lines = [headline]
    for n, c in enumerate(choices, 1):
        lines += [f"  {n}. {c.paraphrase}", f"     say: {c.request}"]
    items = "".join(
        f"<li>{html.escape(c.paraphrase)}<br><span style='color:#555'>say: <code>{html.escape(c.request)}"
        "</code></span></li>"
        for c in choices
    )
    parts = [
        f"<div><strong>{html.escape(headline)}</strong></div>",
        f"<ol>{items}</ol>",
        f"<div>{html.escape(how.split(' e.g. ')[0])}, e.g. <code>{html.escape(rerun)}</code> — or write one "
        "of the <em>say:</em> requests.</div>",
    ]
    return {"text/plain": "\n".join([*lines, how]), "text/html": "\n".join(parts)}


@dataclass
class Table:
    """Rows shown as an HTML table in a notebook and aligned text in a terminal."""

    headers: tuple[str, ...]
    rows: Sequence[tuple[str, ...]]
    title: str = ""
    empty: str = "(nothing to show)"
    footer: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.rows)

    def _repr_html_(self) -> str:
        out = [f"<p><strong>{html.escape(self.title)}</strong></p>"] if self.title else []
        if not self.rows:
            out.append(f"<p>{html.escape(self.empty)}</p>")
        else:
            head = "".join(f"<th style='text-align:left'>{html.escape(h)}</th>" for h in self.headers)
            body = "".join(
                "<tr>"
                + "".join(
                    f"<td style='text-align:left;white-space:pre-wrap'>{html.escape(c)}</td>" for c in row
                )
                + "</tr>"
                for row in self.rows
            )
            out.append(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
        out += [f"<p>{html.escape(f)}</p>" for f in self.footer]
        return "\n".join(out)

    def __repr__(self) -> str:
        out = [self.title] if self.title else []
        if not self.rows:
            out.append(self.empty)
        else:
            cells = [tuple(c.replace("\n", " ") for c in r) for r in self.rows]
            widths = [max(len(h), *(len(r[i]) for r in cells)) for i, h in enumerate(self.headers)]
            fmt = "  ".join(f"{{:<{w}}}" for w in widths)
            out.append(fmt.format(*self.headers).rstrip())
            out.append(fmt.format(*("-" * w for w in widths)).rstrip())
            out += [fmt.format(*r).rstrip() for r in cells]
        out += self.footer
        return "\n".join(out)
