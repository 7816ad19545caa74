"""Citations: the one place a quoted span of a reply becomes a `Citation` (quote, offsets, link, context).

Every kind of answer (quoted, field, promise) cites through `cite`, so a citation means the same
thing everywhere: `quote` is `section.text[start:end]`, `url` opens the reply at that section with
the span highlighted, and `context_before`/`context_after` are the text around it that a source card
shows instead of repeating the quote.
"""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import quote as url_quote

from pydantic import BaseModel, Field

from indexer.models import Reply
from indexer.sentences import split_sentences

CONTEXT_CHARS = 80  # at most this much text either side of a quote on a source card


class Citation(BaseModel):
    n: int
    reply_id: str
    title: str
    agency: str | None
    date: str | None
    section_id: str
    section_path: list[str]
    quote: str
    score: float
    # Extensions beyond the original contract (never rename or drop the fields above).
    doc_number: str | None = None
    category: str | None = None
    start: int = Field(description="offset of the quote in the section's text")
    end: int
    url: str = Field(description="reply page at the section, quote highlighted")
    in_answer: bool = False
    rank: int = Field(0, description="position in the retrieval ranking (1 = best); n is the reading order")
    context_before: str = Field("", description="the section's text just before the quote (a sentence or so)")
    context_after: str = Field("", description="the section's text just after the quote")


# Quoted once per id (urllib's quote is pure Python; an answer links ten sections of a few replies).
_quoted = lru_cache(maxsize=8192)(url_quote)


def reply_page_url(reply_id: str) -> str:
    return f"/replies/{_quoted(reply_id)}"


def reply_url(reply_id: str, section_id: str, start: int, end: int) -> str:
    return f"/replies/{_quoted(reply_id)}?sec={_quoted(section_id)}&hl={start}-{end}#sec-{section_id}"


def surrounding(text: str, start: int, end: int, limit: int = CONTEXT_CHARS) -> tuple[str, str]:
    """The sentence before and the sentence after [start, end), each cut to `limit` characters."""
    before = [s for s in split_sentences(text[:start], min_chars=1)]
    after = [s for s in split_sentences(text[end:], min_chars=1)]
    left = before[-1][2] if before else ""
    right = after[0][2] if after else ""
    if len(left) > limit:
        left = "…" + left[-limit:]
    if len(right) > limit:
        right = right[:limit] + "…"
    return left, right


def cite(reply: Reply, section_id: str, start: int, end: int, *, n: int = 0, score: float = 0.0,
         rank: int = 0, in_answer: bool = False) -> Citation:
    """A citation of `reply`'s section `section_id`, characters [start, end) of its text."""
    section = reply.section(section_id)
    if section is None:
        raise ValueError(f"reply {reply.reply_id} has no section {section_id!r}")
    before, after = surrounding(section.text, start, end)
    return Citation(
        n=n, reply_id=reply.reply_id, title=reply.title, agency=reply.meta.agency, date=reply.meta.date,
        section_id=section_id, section_path=section.path, quote=section.text[start:end], score=round(score, 6),
        doc_number=reply.meta.doc_number, category=reply.meta.category, start=start, end=end,
        url=reply_url(reply.reply_id, section_id, start, end), in_answer=in_answer, rank=rank,
        context_before=before, context_after=after,
    )
