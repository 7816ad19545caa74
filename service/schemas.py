"""HTTP and CLI shapes: request models and the JSON views of a reply shared by `dafu … --json` and /api.

The answer itself is `service.answer.Answer` and commitments are `indexer.models.Commitment`; this
module only adds what the edges need on top of those models.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from indexer.models import Reply, ReplyMeta
from service.answer import Answer
from service.retrieve import Filters

# API schemas carry a role suffix; the answer is the same object `dafu ask --json` prints.
AskResponse = Answer


class AskRequest(BaseModel):
    """Body of POST /api/ask. Length and k limits are checked in one place: Engine.ask."""

    question: str = Field(description="问题 (question in Chinese)", examples=["GID链主企业的培育目标是多少？"])
    k: int | None = Field(None, description="number of sources; default and maximum come from Settings")
    filters: Filters | None = None


class SectionPublic(BaseModel):
    section_id: str
    path: list[str]
    heading: str
    level: int
    kind: str
    text: str


class ReplySummary(BaseModel):
    reply_id: str
    title: str
    source: str
    meta: ReplyMeta


class ReplyPublic(ReplySummary):
    sections: list[SectionPublic]


class Health(BaseModel):
    index_loaded: bool
    model: str | None = None
    replies: int = 0
    chunks: int = 0
    commitments: int = 0
    index: str | None = Field(None, description="folder of the loaded build")
    format_version: int | None = None
    created: str | None = None
    detail: str | None = Field(None, description="why no index is loaded, and what to do")


def reply_json(reply: Reply) -> dict:
    """`dafu show --json` and GET /api/replies/{id}."""
    return {
        "reply_id": reply.reply_id, "title": reply.title, "source": reply.source, "meta": reply.meta.model_dump(),
        "sections": [{"section_id": s.section_id, "path": s.path, "heading": s.heading, "level": s.level,
                      "kind": s.kind, "text": s.text} for s in reply.sections],
    }


def reply_summary(reply: Reply) -> dict:
    """One row of `dafu replies --json` and GET /api/replies."""
    return {"reply_id": reply.reply_id, "title": reply.title, "source": reply.source, "meta": reply.meta.model_dump()}
