"""Settings from ``PANDASCRIBE_*`` environment variables, validated once, with clear errors.

Nothing is read at import time: :func:`get_settings` builds (and caches) the object on first use,
and :func:`reset_settings` lets tests and ``%transform_config`` pick up a changed environment.
No ``.env`` file is read from the working directory (a notebook's cwd is not a trust boundary).
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from .errors import SettingsError

BackendName = Literal["rules", "openai", "auto"]


def _default_history_path() -> Path:
    try:
        from platformdirs import user_data_dir

        base = Path(user_data_dir("pandascribe", appauthor=False))
    except ImportError:  # pragma: no cover - platformdirs is a dependency
        base = Path.home() / ".local" / "share" / "pandascribe"
    return base / "history.sqlite3"


class Settings(BaseSettings):
    """Every knob pandascribe has. Environment variable = ``PANDASCRIBE_`` + field name."""

    model_config = SettingsConfigDict(env_prefix="PANDASCRIBE_", extra="ignore", case_sensitive=False)

    backend: BackendName | None = Field(
        default=None,
        description="rules | openai | auto; default: auto when a model is configured, else rules",
    )
    history: Literal["on", "off"] = Field(default="on", description="turn the SQLite history on or off")
    history_path: Path = Field(default_factory=_default_history_path, description="the SQLite history file")
    history_retention_days: int = Field(
        default=365, ge=0, le=36500, description="delete entries older than this, at most 36500 (0: keep)"
    )

    openai_base_url: str | None = Field(
        default=None, description="OpenAI-compatible server, e.g. http://127.0.0.1:11434/v1"
    )
    openai_api_key: SecretStr | None = Field(
        default=None, description="API key (falls back to OPENAI_API_KEY)"
    )
    model: str | None = Field(default=None, description="model name the server knows")
    timeout_s: float = Field(default=30.0, gt=0, description="seconds to wait for one model reply")
    max_retries: int = Field(default=2, ge=0, le=10, description="retries on timeouts, 429 and 5xx")
    send_values: bool = Field(
        default=False, description="also send a few distinct values of low-cardinality text columns"
    )
    daily_token_budget: int | None = Field(
        default=None, ge=0, description="refuse model calls once this many tokens were used today"
    )
    price_per_1k_input: float = Field(
        default=0.0, ge=0, description="currency per 1,000 prompt tokens (cost estimate)"
    )
    price_per_1k_output: float = Field(
        default=0.0, ge=0, description="currency per 1,000 completion tokens (cost estimate)"
    )

    @field_validator("history", mode="before")
    @classmethod
    def _onoff(cls, v: object) -> object:
        if isinstance(v, str):
            low = v.strip().lower()
            if low in ("1", "true", "yes", "on"):
                return "on"
            if low in ("0", "false", "no", "off"):
                return "off"
        return v

    @model_validator(mode="after")
    def _key_fallback(self) -> Settings:
        if self.openai_api_key is None and os.environ.get("OPENAI_API_KEY"):
            object.__setattr__(self, "openai_api_key", SecretStr(os.environ["OPENAI_API_KEY"]))
        return self

    @property
    def model_configured(self) -> bool:
        return bool(self.openai_base_url or self.model)

    @property
    def effective_backend(self) -> str:
        if self.backend:
            return self.backend
        return "auto" if self.model_configured else "rules"

    def masked(self) -> dict[str, str]:
        """Effective settings for display, secrets masked."""
        out: dict[str, str] = {}
        for name in type(self).model_fields:
            value = getattr(self, name)
            if isinstance(value, SecretStr):
                shown = "****" + value.get_secret_value()[-2:] if value.get_secret_value() else "(empty)"
            else:
                shown = "(not set)" if value is None else str(value)
            out[f"PANDASCRIBE_{name.upper()}"] = shown
        return out


def _explain(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors():
        field = str(err["loc"][0]) if err["loc"] else "?"
        var = f"PANDASCRIBE_{field.upper()}"
        ctx = err.get("ctx") or {}
        accepted = f" (accepted: {ctx['expected']})" if "expected" in ctx else ""
        parts.append(f"{var}={err.get('input')!r}: {err['msg']}{accepted}")
    return "invalid settings: " + "; ".join(parts)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings; raises :class:`SettingsError` naming the bad variable."""
    try:
        return Settings()
    except ValidationError as exc:
        raise SettingsError(_explain(exc)) from None


def reset_settings() -> None:
    """Forget cached settings (the next :func:`get_settings` reads the environment again)."""
    get_settings.cache_clear()
