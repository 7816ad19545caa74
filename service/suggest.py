"""Suggested next questions, built from what an answer cited: the reply's commitments and contact,
the same agency's other replies, and the same topic in other years. Each is a standalone question
with a link that asks it in the same conversation."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import quote

from pydantic import BaseModel

from service.followup import ReplyFacts, Resolution, plain_agency, reply_label

if TYPE_CHECKING:
    from service.answer import Answer
    from service.engine import Engine

MAX_SUGGESTIONS = 4


class Suggestion(BaseModel):
    text: str
    url: str


def ask_url(text: str, conversation_id: str | None) -> str:
    return f"/chat/{conversation_id}?q={quote(text)}" if conversation_id else f"/?q={quote(text)}"


def next_questions(answer: "Answer", resolution: Resolution, engine: "Engine",
                   facts: dict[str, ReplyFacts]) -> list[Suggestion]:
    quoted = [c for c in answer.citations if c.in_answer]
    if answer.abstained or not quoted or quoted[0].reply_id not in facts:
        return []
    reply = engine.index.replies[quoted[0].reply_id]
    # The document number names one reply exactly (retrieval ranks a named reply first), and unlike
    # the agency's name it is not itself a line of the reply that could be quoted as the answer.
    label = reply.meta.doc_number or reply_label(reply)
    texts: list[str] = []
    if engine.index.documents.commitment_counts([reply.reply_id]).get(reply.reply_id):
        texts.append(f"{label}承诺的事项什么时候完成？")
    if reply.meta.contact.phone or reply.meta.contact.name:
        texts.append(f"{label}的联系电话是多少？")
    cited = {c.reply_id for c in answer.citations}
    same_agency = sorted((f for f in facts.values() if f.agency == reply.meta.agency and f.reply_id not in cited),
                         key=lambda f: f.date or "", reverse=True)
    if same_agency:
        other = same_agency[0]
        subject = f"《{other.proposal_title}》" if other.proposal_title else reply_label(engine.index.replies[other.reply_id]).split("对", 1)[-1]
        texts.append(f"{plain_agency(other.agency)}对{subject}是怎么答复的？")
    topic = resolution.topic.rstrip("？?。 ")
    if resolution.kind in ("first", "switch") and topic:
        # Another year in which the topic was retrieved at all: a suggestion must be answerable.
        years = {facts[c.reply_id].year for c in quoted if c.reply_id in facts}
        cited_years = sorted({facts[c.reply_id].year for c in answer.citations if c.reply_id in facts} - years - {None},
                             reverse=True)
        if cited_years:
            texts.append(f"{cited_years[0]}年的答复中，{topic}？")
    seen = {answer.question, resolution.understood_as}
    unique = [t for t in dict.fromkeys(texts) if t not in seen]
    return [Suggestion(text=t, url=ask_url(t, getattr(answer, "conversation_id", None))) for t in unique[:MAX_SUGGESTIONS]]
