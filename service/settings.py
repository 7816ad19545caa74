"""One settings object for the whole service, read from DAFU_* environment variables.

Created at the edge (CLI entry, create_app) and passed down; nothing reads the environment at import.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="DAFU_", extra="ignore")

    index: Path = Field(Path(".dafu/index"), description="index folder (DAFU_INDEX)")
    corpus: Path = Field(PROJECT_ROOT / "corpus", description="archive indexed by default (DAFU_CORPUS)")
    model: str = Field("m3e-small", description="embedding model: m3e-small, all-MiniLM-L6-v2, a path or a hub name")
    aliases: Path | None = Field(None, description="extra alias groups (JSON) added to the built-in ones")
    store: Literal["embedded", "milvus"] = Field(
        "embedded", description="search store of a new index: embedded (FAISS + bm25s files) or milvus (DAFU_STORE)")
    milvus_uri: str | None = Field(
        None, description="Milvus to use (DAFU_MILVUS_URI): http://host:19530 for a server; default a Milvus Lite "
                          "file inside the index folder")

    # Build parameters: they are recorded in the index manifest, and the service reads them from there.
    chunk_size: int = 300
    chunk_overlap: int = 60
    context_header: bool = True
    tokenizer: str = "search"

    # Reading files (dafu index).
    max_file_mb: float = Field(20, gt=0, description="a larger file is skipped with a message (DAFU_MAX_FILE_MB)")
    follow_outside_links: bool = Field(False, description="follow symlinks leading out of the indexed folder")
    ocr: bool = Field(True, description="OCR scanned PDFs and pictures when the ocr extra is installed (DAFU_OCR)")

    # Threads of torch and FAISS in a process that answers questions. One question at a time gains
    # nothing from two, and two threads contending with any other process for two cores made a
    # query embedding ~9x slower (benchmarks/RESULTS.md). 0 keeps the libraries' own default.
    query_threads: int = Field(1, ge=0, description="torch/FAISS threads when serving (DAFU_QUERY_THREADS)")

    # Query limits, enforced in one place (service.answer.validate_question).
    max_question_chars: int = Field(200, ge=1)
    default_k: int = Field(5, ge=1)
    max_k: int = Field(20, ge=1)

    # Conversations and feedback (service/conversations.py): an application database of its own, so
    # the index folder stays read-only. Default: app.sqlite beside the index folder.
    app_db: Path | None = Field(None, description="application database (DAFU_APP_DB)")
    app_db_timeout: float = Field(1.0, ge=0, description="seconds to wait for a locked application database")
    chat_retention_days: int = Field(30, ge=1, description="conversations idle longer than this are deleted")
    chat_max_conversations: int = Field(10_000, ge=1, description="the oldest conversations beyond this are deleted")
    chat_max_turns: int = Field(50, ge=1, description="turns kept per conversation (the latest)")
    app_db_max_mb: float = Field(512, gt=0, description="the application database never grows beyond this; when "
                                 "full, answers go on without being saved, as on a full disk")

    # Request bodies over this size are answered 413 before parsing (a question is at most a few KB).
    max_body_bytes: int = Field(64 * 1024, ge=1024)

    host: str = "127.0.0.1"
    port: int = 8000

    def app_db_path(self) -> Path:
        return self.app_db or self.index.parent / "app.sqlite"
