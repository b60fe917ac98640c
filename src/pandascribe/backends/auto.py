"""``backend="auto"``: the offline rules first, the model only when the rules refuse.

Rules are instant, free, deterministic and private, so they answer whenever they can; the model is
a fallback for requests that need world knowledge or phrasing the rules do not cover. When both
fail, the error gives the rules' reason first (it usually says which word was not understood, with
did-you-mean suggestions) and then the model's.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..errors import BackendError, CompileError
from ..schema import FrameSchema
from ..settings import Settings, get_settings
from . import BackendResult


class AutoBackend:
    """Rules, then the model; ``BackendResult.backend`` says which one answered."""

    name = "auto"

    def __init__(self, settings: Settings | None = None):
        self.settings = settings or get_settings()

    def plan(self, request: str, schemas: Mapping[str, FrameSchema], source: str) -> BackendResult:
        from .openai_backend import OpenAIBackend
        from .rules import RulesBackend

        try:
            return RulesBackend().plan(request, schemas, source)
        except CompileError as rules_error:
            if not self.settings.model_configured:
                raise  # no model to ask: the rules' refusal is the whole answer
            try:
                return OpenAIBackend(self.settings).plan(request, schemas, source)
            except CompileError as model_error:
                err = BackendError(
                    f"rules: {rules_error}; model: {model_error}",
                    words=rules_error.words,
                    suggestions=rules_error.suggestions,
                )
                err.usage = dict(getattr(model_error, "usage", {}) or {})  # type: ignore[attr-defined]
                err.backend = self.name  # type: ignore[attr-defined]
                err.model = getattr(model_error, "model", None)  # type: ignore[attr-defined]
                raise err from model_error
