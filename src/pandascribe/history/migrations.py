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


def migrate(con: sqlite3.Connection) -> list[str]:
    """Apply every pending migration, each in its own ``BEGIN IMMEDIATE`` transaction (so two
    kernels opening a fresh file at once cannot both apply one). Returns the names applied."""
    con.execute("CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    features = {"fts5": fts5_available()}
    applied: list[str] = []
    for migration in MIGRATIONS:
        if migration.needs and not features[migration.needs]:
            continue
        con.execute("BEGIN IMMEDIATE")
        try:
            done = con.execute("SELECT 1 FROM migrations WHERE name = ?", (migration.name,)).fetchone()
            if not done:
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
