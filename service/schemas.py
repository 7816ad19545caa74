"""HTTP and CLI shapes: request models and the JSON views of a reply shared by `dafu … --json` and /api.

The answer itself is `service.answer.Answer` and commitments are `indexer.models.Commitment`; this
module only adds what the edges need on top of those models.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, BaseModel, Field

from indexer.models import Reply, ReplyMeta
from service.answer import Answer, is_clean_text
from service.retrieve import Filters

# API schemas carry a role suffix; the answer is the same object `dafu ask --json` prints.
AskResponse = Answer


def _clean(value: str | None) -> str | None:
    if value is not None and not is_clean_text(value):
        raise ValueError("含有无法识别的字符 (lone surrogate or control character)")
    return value


# The same limits as the query parameters of GET /api/replies (service/routes/api.py).
FilterText = Annotated[str | None, AfterValidator(_clean)]


class AskFilters(Filters):
    """Filters as a POST body sends them: lengths and years bounded like the GET query parameters."""

    agency: FilterText = Field(None, max_length=100, description="part of the agency's name, or an alias such as 区科经委")
    year: int | None = Field(None, ge=1900, le=2100)
    category: FilterText = Field(None, max_length=50, description="办理结果, e.g. 解决或采纳")
    session: FilterText = Field(None, max_length=50, description="part of the session, e.g. 七届四次")
    reply_ids: list[Annotated[str, Field(max_length=120)]] | None = Field(None, max_length=100, description="only these replies")
    exclude_agencies: list[Annotated[str, Field(max_length=100)]] | None = Field(
        None, max_length=20, description="leave out replies of these agencies")


class AskRequest(BaseModel):
    """Body of POST /api/ask. Length and k limits are checked in one place: Engine.ask."""

    question: str = Field(description="问题 (question in Chinese)", examples=["GID链主企业的培育目标是多少？"])
    k: int | None = Field(None, description="number of sources; default and maximum come from Settings")
    filters: AskFilters | None = None


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
