"""Settings come from PANDASCRIBE_* variables, are validated once with messages that name the
variable and the accepted values, and never show secrets."""

from __future__ import annotations

from pathlib import Path

import pytest

from pandascribe.errors import SettingsError
from pandascribe.settings import Settings, get_settings, reset_settings


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch):
    import os

    for var in list(os.environ):
        if var.startswith("PANDASCRIBE_") or var == "OPENAI_API_KEY":
            monkeypatch.delenv(var)
    reset_settings()
    yield
    reset_settings()


def test_defaults():
    s = get_settings()
    assert s.effective_backend == "rules"
    assert s.history == "on"
    assert s.history_path.name == "history.sqlite3" and "pandascribe" in str(s.history_path)
    assert s.history_retention_days == 365


def test_environment_is_read_and_cached_until_reset(monkeypatch, tmp_path):
    monkeypatch.setenv("PANDASCRIBE_HISTORY_PATH", str(tmp_path / "h.db"))
    monkeypatch.setenv("PANDASCRIBE_HISTORY_RETENTION_DAYS", "7")
    monkeypatch.setenv("PANDASCRIBE_BACKEND", "openai")
    s = get_settings()
    assert (s.history_path, s.history_retention_days, s.effective_backend) == (tmp_path / "h.db", 7, "openai")
    monkeypatch.setenv("PANDASCRIBE_BACKEND", "auto")
    assert get_settings() is s
    reset_settings()
    assert get_settings().effective_backend == "auto"


@pytest.mark.parametrize(
    ("value", "expected"),
    [("off", "off"), ("0", "off"), ("FALSE", "off"), ("on", "on"), ("yes", "on"), ("1", "on")],
)
def test_history_switch_words(monkeypatch, value, expected):
    monkeypatch.setenv("PANDASCRIBE_HISTORY", value)
    assert get_settings().history == expected


@pytest.mark.parametrize(
    ("var", "value", "fragment"),
    [
        ("PANDASCRIBE_BACKEND", "telepathy", "'rules', 'openai' or 'auto'"),
        ("PANDASCRIBE_HISTORY", "sometimes", "'on' or 'off'"),
        ("PANDASCRIBE_HISTORY_RETENTION_DAYS", "-3", "greater than or equal to 0"),
        ("PANDASCRIBE_TIMEOUT_S", "soon", "valid number"),
    ],
)
def test_bad_values_name_the_variable(monkeypatch, var, value, fragment):
    monkeypatch.setenv(var, value)
    with pytest.raises(SettingsError) as info:
        get_settings()
    message = str(info.value)
    assert f"{var}={value!r}" in message and fragment in message


def test_model_configured_means_auto(monkeypatch):
    monkeypatch.setenv("PANDASCRIBE_OPENAI_BASE_URL", "http://127.0.0.1:9/v1")
    assert get_settings().effective_backend == "auto"


def test_masked_hides_secrets(monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-from-the-standard-variable-9z")
    shown = get_settings().masked()
    assert shown["PANDASCRIBE_OPENAI_API_KEY"] == "****9z"
    assert "sk-from" not in " ".join(shown.values())
    assert shown["PANDASCRIBE_MODEL"] == "(not set)"
    assert set(shown) == {f"PANDASCRIBE_{n.upper()}" for n in Settings.model_fields}


def test_no_dotenv_from_the_working_directory(monkeypatch, tmp_path):
    (tmp_path / ".env").write_text("PANDASCRIBE_BACKEND=openai\n")
    monkeypatch.chdir(tmp_path)
    assert get_settings().effective_backend == "rules"
    assert Path.cwd() == tmp_path


def test_every_setting_is_documented():
    usage = (Path(__file__).parent.parent / "docs" / "usage.md").read_text()
    missing = [n for n in Settings.model_fields if f"`PANDASCRIBE_{n.upper()}`" not in usage]
    assert missing == []
