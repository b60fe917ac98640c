"""When the notebooks run under pytest (nbval), keep their history away from the real user data
directory: each test session gets its own file unless PANDASCRIBE_HISTORY_PATH is set."""

from __future__ import annotations

import os
import tempfile


def pytest_configure(config):
    if "PANDASCRIBE_HISTORY_PATH" not in os.environ:
        folder = tempfile.mkdtemp(prefix="pandascribe-nbval-")
        os.environ["PANDASCRIBE_HISTORY_PATH"] = os.path.join(folder, "history.sqlite3")
