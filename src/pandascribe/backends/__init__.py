"""Backends turn request text + schemas into a Plan. A registry maps names to factories, imported
lazily so the model client is never loaded unless asked for."""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from ..errors import CompileError
from ..plan import Plan
from ..schema import FrameSchema


@dataclass(frozen=True)
class BackendResult:
    """A plan and where it came from (backend name, model, token usage)."""

    plan: Plan
    backend: str
    model: str | None = None
    usage: Mapping[str, Any] = field(default_factory=dict)
    notes: tuple[str, ...] = ()  # guesses the reading rests on ("'scored' read as about Goals")


class Backend(Protocol):
    """Anything that can plan a request."""

    name: str

    def plan(self, request: str, schemas: Mapping[str, FrameSchema], source: str) -> BackendResult: ...


#: name → "module:factory"; factories take no arguments (settings are read inside).
REGISTRY: dict[str, str] = {
    "rules": "pandascribe.backends.rules:RulesBackend",
    "openai": "pandascribe.backends.openai_backend:OpenAIBackend",
    "auto": "pandascribe.backends.auto:AutoBackend",
}


def get_backend(name: str) -> Backend:
    """The backend called ``name``; unknown names raise CompileError with the choices."""
    if name not in REGISTRY:
        raise CompileError(f"unknown backend {name!r}", suggestions=sorted(REGISTRY))
    module, attr = REGISTRY[name].split(":")
    factory = getattr(importlib.import_module(module), attr)
    backend: Backend = factory()
    return backend
