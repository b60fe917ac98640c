"""The panel's answer to an ambiguous request: one button per reading, nothing compiled until one
is clicked.

Kept apart from the compile flow (:mod:`.widget`) because a choice is a second round trip with
state of its own: the readings stay on offer after one is picked (the picked one highlighted), and
the request box then holds the picked reading's own words, which compile to the same code — as the
magic's ``--choose N`` does (:mod:`pandascribe.choices`).
"""

from __future__ import annotations

from typing import Any

from .. import ties
from . import actions, offers, render
from .layout import PanelLayout, show


class ChoiceHandling(PanelLayout):
    """Offer the readings of an ambiguous request, and show the one picked."""

    def _offer_choices(self, exc: Any, source: str, frames: dict[str, Any]) -> None:
        """One button per reading (numbered as the magic's --choose N); nothing is compiled until
        one is clicked."""
        from ..choices import headline

        self.compiled = None
        self.suggestion_bar.children = ()
        show(self.results, False)
        self.error.value = render.choices_html(headline(exc), len(exc.choices))
        self.choice_bar.children = offers.choice_buttons(
            exc.choices, lambda n: self.use_choice(exc, n, source, frames)
        )

    def use_choice(self, exc: Any, n: int, source: str, frames: dict[str, Any]) -> None:
        """Show reading ``n`` like any compiled request (explanation, code, bounded preview); the
        request box then holds that reading's own request, which compiles to the same code. The
        other readings stay on offer."""
        choice = exc.choices[n - 1]
        slot = ties.panel_slot(source, choice.request)
        compiled = actions.choose(
            self._ties.namespace_for(self.namespace, self._key(), slot),
            frames,
            source,
            exc,
            n,
            store=self._store,
        )
        offered, note = self.choice_bar.children, self.error.value
        self.request_box.value = choice.request
        self._show_compiled(compiled, frames)
        self.error.value, self.choice_bar.children = note, offered
        for i, button in enumerate(offered, 1):
            button.button_style = "info" if i == n else ""
        self.refresh_history()
