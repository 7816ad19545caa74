"""Conversations and feedback in the application database (SQLite), kept apart from the read-only index.

Every failure of this database (locked, read-only, full disk, damaged file) surfaces as
`StoreUnavailableError`, so the chat service can still answer without it.
"""

from __future__ import annotations

import json
import logging
import secrets
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field

logger = logging.getLogger(__name__)

SCHEMA = """
CREATE TABLE IF NOT EXISTS conversations (
    id TEXT PRIMARY KEY,
    created TEXT NOT NULL,
    updated TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS turns (
    conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    turn INTEGER NOT NULL,
    message TEXT NOT NULL,
    resolution TEXT NOT NULL,
    answer TEXT NOT NULL,
    created TEXT NOT NULL,
    PRIMARY KEY (conversation_id, turn)
);
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    conversation_id TEXT NOT NULL,
    turn INTEGER NOT NULL,
    rating TEXT NOT NULL CHECK (rating IN ('up', 'down')),
    comment TEXT,
    message TEXT NOT NULL,
    understood_as TEXT NOT NULL,
    answer TEXT NOT NULL,
    created TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS conversations_updated ON conversations(updated);
"""

# Conversation ids are secrets.token_urlsafe: letters, digits, '-' and '_'.
ID_ALPHABET = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


class StoreUnavailableError(RuntimeError):
    """The application database cannot be read or written right now."""


class ConversationNotFoundError(LookupError):
    pass


class StoredTurn(BaseModel):
    conversation_id: str
    turn: int
    message: str
    resolution: dict = Field(description="service.followup.Resolution as JSON")
    answer: dict = Field(description="the answer object as /api/chat returned it")
    created: str


class Feedback(BaseModel):
    """One 👍/👎, stored with a copy of what was asked and answered (it outlives the conversation)."""

    conversation_id: str
    turn: int
    rating: Literal["up", "down"]
    comment: str | None = None
    message: str
    understood_as: str
    answer: dict
    created: str


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def valid_conversation_id(value: str) -> bool:
    return 8 <= len(value) <= 40 and set(value) <= ID_ALPHABET


class ConversationStore:
    def __init__(self, path: Path, retention_days: int = 30, max_conversations: int = 10_000,
                 max_turns: int = 50, timeout: float = 1.0, max_mb: float | None = None) -> None:
        self.path = path
        self.retention_days = retention_days
        self.max_conversations = max_conversations
        self.max_turns = max_turns
        self.timeout = timeout
        self.max_mb = max_mb
        self._ready = False

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(self.path, timeout=self.timeout)
        except (sqlite3.Error, OSError) as error:
            raise StoreUnavailableError(f"application database {self.path} cannot be opened: {error}") from error
        try:
            connection.execute("PRAGMA foreign_keys = ON")
            if self.max_mb is not None:
                # SQLite then fails a write that would grow the file with SQLITE_FULL, as a full disk does.
                page_size = connection.execute("PRAGMA page_size").fetchone()[0]
                connection.execute(f"PRAGMA max_page_count = {max(1, int(self.max_mb * 1024 * 1024 // page_size))}")
            if not self._ready:
                connection.executescript(SCHEMA)
                self._ready = True
            with connection:
                yield connection
        except (sqlite3.Error, OSError) as error:
            raise StoreUnavailableError(f"application database {self.path}: {error}") from error
        finally:
            connection.close()

    def create(self) -> str:
        conversation_id = secrets.token_urlsafe(12)
        stamp = now_iso()
        with self._connect() as db:
            db.execute("INSERT INTO conversations (id, created, updated) VALUES (?, ?, ?)", (conversation_id, stamp, stamp))
        self.prune()
        return conversation_id

    def exists(self, conversation_id: str) -> bool:
        with self._connect() as db:
            return db.execute("SELECT 1 FROM conversations WHERE id = ?", (conversation_id,)).fetchone() is not None

    def turns(self, conversation_id: str) -> list[StoredTurn]:
        with self._connect() as db:
            if db.execute("SELECT 1 FROM conversations WHERE id = ?", (conversation_id,)).fetchone() is None:
                raise ConversationNotFoundError(conversation_id)
            rows = db.execute("SELECT conversation_id, turn, message, resolution, answer, created FROM turns "
                              "WHERE conversation_id = ? ORDER BY turn", (conversation_id,)).fetchall()
        return [StoredTurn(conversation_id=r[0], turn=r[1], message=r[2], resolution=json.loads(r[3]),
                           answer=json.loads(r[4]), created=r[5]) for r in rows]

    def add_turn(self, conversation_id: str, turn: int, message: str, resolution: dict, answer: dict) -> None:
        stamp = now_iso()
        with self._connect() as db:
            db.execute("INSERT INTO turns (conversation_id, turn, message, resolution, answer, created) VALUES (?, ?, ?, ?, ?, ?)",
                       (conversation_id, turn, message, json.dumps(resolution, ensure_ascii=False),
                        json.dumps(answer, ensure_ascii=False), stamp))
            db.execute("UPDATE conversations SET updated = ? WHERE id = ?", (stamp, conversation_id))
            # The size bound per conversation: only the latest turns are kept.
            db.execute("DELETE FROM turns WHERE conversation_id = ? AND turn <= ?", (conversation_id, turn - self.max_turns))

    def add_feedback(self, conversation_id: str, turn: int, rating: str, comment: str | None) -> Feedback:
        stored = next((t for t in self.turns(conversation_id) if t.turn == turn), None)
        if stored is None:
            raise ConversationNotFoundError(f"{conversation_id} turn {turn}")
        feedback = Feedback(conversation_id=conversation_id, turn=turn, rating=rating, comment=comment or None,
                            message=stored.message, understood_as=stored.resolution.get("understood_as", stored.message),
                            answer=stored.answer, created=now_iso())
        with self._connect() as db:
            db.execute("INSERT INTO feedback (conversation_id, turn, rating, comment, message, understood_as, answer, created) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                       (feedback.conversation_id, turn, rating, feedback.comment, feedback.message, feedback.understood_as,
                        json.dumps(feedback.answer, ensure_ascii=False), feedback.created))
        return feedback

    def feedback(self, rating: str | None = None) -> list[Feedback]:
        query = "SELECT conversation_id, turn, rating, comment, message, understood_as, answer, created FROM feedback"
        params: tuple = ()
        if rating:
            query, params = query + " WHERE rating = ?", (rating,)
        with self._connect() as db:
            rows = db.execute(query + " ORDER BY id", params).fetchall()
        return [Feedback(conversation_id=r[0], turn=r[1], rating=r[2], comment=r[3], message=r[4], understood_as=r[5],
                         answer=json.loads(r[6]), created=r[7]) for r in rows]

    def prune(self, now: datetime | None = None) -> int:
        """Drop conversations idle longer than the retention period, then the oldest beyond the bound."""
        cutoff = ((now or datetime.now(timezone.utc)) - timedelta(days=self.retention_days)).isoformat(timespec="seconds")
        with self._connect() as db:
            removed = db.execute("DELETE FROM conversations WHERE updated < ?", (cutoff,)).rowcount
            removed += db.execute(
                "DELETE FROM conversations WHERE id IN (SELECT id FROM conversations ORDER BY updated DESC, rowid DESC "
                "LIMIT -1 OFFSET ?)", (self.max_conversations,)).rowcount
        if removed:
            logger.info("removed %d old conversations from %s", removed, self.path)
        return removed


def eval_question(feedback: Feedback) -> dict:
    """A 👎 turn as a line of the evaluation question file (eval/data/README.md), gold left empty
    for a person to fill: the standalone question Dafu answered, with what it said for reference."""
    citations = feedback.answer.get("citations") or []
    return {
        "id": f"feedback-{feedback.conversation_id}-{feedback.turn}",
        "question": feedback.understood_as, "type": "fact", "answerable": True, "gold": [], "expect": [],
        "split": "dev", "message": feedback.message, "comment": feedback.comment,
        "answered": feedback.answer.get("answer", ""),
        "cited": [{"reply_id": c.get("reply_id"), "section_id": c.get("section_id")} for c in citations],
    }
