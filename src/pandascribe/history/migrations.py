"""Named schema migrations for the history file, applied in order, each recorded in ``migrations``.

A migration is a tuple of single SQL statements (not a script): :mod:`sqlite3`'s ``executescript``
commits on its own, which would break the one-transaction-per-migration rule. A migration whose
``needs`` feature is missing (FTS5 in a minimal SQLite build) is skipped *without* being recorded,
so it is applied on a later open where the feature exists.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class Migration:
    """One named, ordered change to the schema."""

    name: str
    statements: tuple[str, ...]
    needs: Literal["fts5"] | None = None


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        "0001_sessions_and_entries",
        (
            """CREATE TABLE sessions (
                id INTEGER PRIMARY KEY,
                started_at TEXT NOT NULL,
                pid INTEGER NOT NULL,
                python TEXT NOT NULL,
                pandas TEXT,
                pandascribe TEXT NOT NULL
            )""",
            """CREATE TABLE entries (
                id INTEGER PRIMARY KEY,
                session_id INTEGER REFERENCES sessions(id) ON DELETE SET NULL,
                ts TEXT NOT NULL,
                sources TEXT NOT NULL,
                schema_fingerprint TEXT,
                request TEXT NOT NULL,
                backend TEXT,
                model TEXT,
                target TEXT,
                plan_json TEXT,
                code TEXT,
                outcome TEXT NOT NULL CHECK (outcome IN ('compiled', 'refused', 'error', 'ran')),
                error TEXT,
                duration_ms REAL,
                prompt_tokens INTEGER,
                completion_tokens INTEGER,
                cost REAL
            )""",
            "CREATE INDEX entries_ts ON entries (ts)",
            "CREATE INDEX entries_session ON entries (session_id, id)",
        ),
    ),
    Migration(
        "0002_requests_fts",
        (
            "CREATE VIRTUAL TABLE entries_fts USING fts5(request, content='entries', content_rowid='id')",
            """CREATE TRIGGER entries_ai AFTER INSERT ON entries BEGIN
                INSERT INTO entries_fts(rowid, request) VALUES (new.id, new.request);
            END""",
            """CREATE TRIGGER entries_ad AFTER DELETE ON entries BEGIN
                INSERT INTO entries_fts(entries_fts, rowid, request) VALUES ('delete', old.id, old.request);
            END""",
            """CREATE TRIGGER entries_au AFTER UPDATE OF request ON entries BEGIN
                INSERT INTO entries_fts(entries_fts, rowid, request) VALUES ('delete', old.id, old.request);
                INSERT INTO entries_fts(rowid, request) VALUES (new.id, new.request);
            END""",
            "INSERT INTO entries_fts(entries_fts) VALUES ('rebuild')",
        ),
        needs="fts5",
    ),
    Migration(
        "0003_total_tokens",
        # some servers report only a total; the daily budget must still see those tokens
        ("ALTER TABLE entries ADD COLUMN total_tokens INTEGER",),
    ),
    Migration(
        "0004_engine_parent_choice_notebook",
        # engine: which generator wrote the code (an export replays it with that engine's preamble);
        # parent: the entry a follow-up request builds on; choice: which numbered reading of an
        # ambiguous request was picked; notebook: the notebook the kernel served ("this notebook").
        (
            "ALTER TABLE entries ADD COLUMN engine TEXT NOT NULL DEFAULT 'pandas'",
            "ALTER TABLE entries ADD COLUMN parent INTEGER REFERENCES entries(id) ON DELETE SET NULL",
            "ALTER TABLE entries ADD COLUMN choice INTEGER",
            "ALTER TABLE entries ADD COLUMN notebook TEXT",
            "CREATE INDEX entries_notebook ON entries (notebook, id)",
        ),
    ),
)


def fts5_available() -> bool:
    """Whether this SQLite build has the FTS5 extension."""
    con = sqlite3.connect(":memory:")
    try:
        con.execute("CREATE VIRTUAL TABLE t USING fts5(x)")
        return True
    except sqlite3.OperationalError:
        return False
    finally:
        con.close()


def _done(con: sqlite3.Connection) -> set[str] | None:
    """Names already applied (a read, no lock), or None when the table does not exist yet."""
    exists = con.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'migrations'"
    ).fetchone()
    if not exists:
        return None
    return {str(r[0]) for r in con.execute("SELECT name FROM migrations")}


def migrate(con: sqlite3.Connection) -> list[str]:
    """Apply every pending migration, each in its own ``BEGIN IMMEDIATE`` transaction (so two
    kernels opening a fresh file at once cannot both apply one). Returns the names applied.

    An up-to-date file is only read: opening it takes no write lock, so a kernel starts normally
    while another process holds a long write transaction."""
    features = {"fts5": fts5_available()}
    wanted = [m for m in MIGRATIONS if not m.needs or features[m.needs]]
    done = _done(con)
    if done is not None and all(m.name in done for m in wanted):
        return []
    if done is None:
        con.execute("CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    applied: list[str] = []
    for migration in wanted:
        if done is not None and migration.name in done:
            continue
        con.execute("BEGIN IMMEDIATE")
        try:
            row = con.execute("SELECT 1 FROM migrations WHERE name = ?", (migration.name,)).fetchone()
            if not row:  # another kernel may have applied it meanwhile
                for statement in migration.statements:
                    con.execute(statement)
                con.execute(
                    "INSERT INTO migrations (name, applied_at) VALUES (?, strftime('%Y-%m-%dT%H:%M:%fZ'))",
                    (migration.name,),
                )
                applied.append(migration.name)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
    return applied


def has_fts(con: sqlite3.Connection) -> bool:
    """Whether the full-text index exists in this file."""
    row = con.execute("SELECT 1 FROM migrations WHERE name = '0002_requests_fts'").fetchone()
    return row is not None
