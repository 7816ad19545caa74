"""Suggested next questions, built from what an answer cited: the reply's commitments and contact,
the same agency's other replies, and the same topic in other years. Each is a standalone question
with a link that asks it in the same conversation."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import quote

from pydantic import BaseModel

from service.followup import Resolution, plain_agency, reply_label

if TYPE_CHECKING:
    from service.answer import Answer
    from service.engine import Engine

MAX_SUGGESTIONS = 4


class Suggestion(BaseModel):
    text: str
    url: str


def ask_url(text: str, conversation_id: str | None) -> str:
    return f"/chat/{conversation_id}?q={quote(text)}" if conversation_id else f"/?q={quote(text)}"


def next_questions(answer: "Answer", resolution: Resolution, engine: "Engine") -> list[Suggestion]:
    quoted = [c for c in answer.citations if c.in_answer]
    if answer.abstained or not quoted:
        return []
    replies = engine.index.replies
    reply = replies.get(quoted[0].reply_id)
    if reply is None:
        return []
    # The document number names one reply exactly (retrieval ranks a named reply first), and unlike
    # the agency's name it is not itself a line of the reply that could be quoted as the answer.
    label = reply.meta.doc_number or reply_label(reply)
    texts: list[str] = []
    if any(c.reply_id == reply.reply_id and c.kind == "commitment" for c in engine.index.commitments):
        texts.append(f"{label}承诺的事项什么时候完成？")
    if reply.meta.contact.phone or reply.meta.contact.name:
        texts.append(f"{label}的联系电话是多少？")
    cited = {c.reply_id for c in answer.citations}
    same_agency = sorted((r for r in replies.values() if r.meta.agency == reply.meta.agency and r.reply_id not in cited),
                         key=lambda r: r.meta.date or "", reverse=True)
    if same_agency:
        other = same_agency[0]
        subject = f"《{other.meta.proposal_title}》" if other.meta.proposal_title else reply_label(other).split("对", 1)[-1]
        texts.append(f"{plain_agency(other.meta.agency)}对{subject}是怎么答复的？")
    years = {replies[c.reply_id].meta.year for c in quoted if c.reply_id in replies}
    other_years = sorted({r.meta.year for r in replies.values() if r.meta.year and r.meta.year not in years}, reverse=True)
    topic = resolution.topic.rstrip("？?。 ")
    if other_years and resolution.kind in ("first", "switch") and topic:
        # Only years in which some reply of the topic was retrieved at all: a suggestion must be answerable.
        cited_years = {replies[c.reply_id].meta.year for c in answer.citations if c.reply_id in replies}
        for year in other_years:
            if year in cited_years:
                texts.append(f"{year}年的答复中，{topic}？")
                break
    seen = {answer.question, resolution.understood_as}
    unique = [t for t in dict.fromkeys(texts) if t not in seen]
    return [Suggestion(text=t, url=ask_url(t, getattr(answer, "conversation_id", None))) for t in unique[:MAX_SUGGESTIONS]]
