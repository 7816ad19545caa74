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
    conversation_id = getattr(answer, "conversation_id", None)
    if resolution.ask_back:  # "您指的是A还是B？": each choice, asked
        return [Suggestion(text=t, url=ask_url(t, conversation_id)) for t in resolution.choices[:MAX_SUGGESTIONS]]
    quoted = [c for c in answer.citations if c.in_answer]
    replies, documents = engine.index.replies, engine.index.documents
    if answer.abstained or not quoted or quoted[0].reply_id not in replies:
        return []
    reply = replies[quoted[0].reply_id]
    # The document number names one reply exactly (retrieval ranks a named reply first), and unlike
    # the agency's name it is not itself a line of the reply that could be quoted as the answer.
    label = reply.meta.doc_number or reply_label(reply)
    texts: list[str] = []
    if documents.commitment_counts([reply.reply_id]).get(reply.reply_id):
        texts.append(f"{label}承诺的事项什么时候完成？")
    if reply.meta.contact.phone or reply.meta.contact.name:
        texts.append(f"{label}的联系电话是多少？")
    cited = sorted({c.reply_id for c in answer.citations})
    # The agency's newest other reply, asked of the document store (newest first), not found by visiting every reply.
    same_agency = documents.reply_ids_where(
        f"agency = ? AND reply_id NOT IN ({','.join('?' * len(cited))})", (reply.meta.agency, *cited),
        order="year DESC, date DESC, reply_id", limit=1) if reply.meta.agency else []
    if same_agency:
        other = replies[same_agency[0]]
        subject = f"《{other.meta.proposal_title}》" if other.meta.proposal_title else reply_label(other).split("对", 1)[-1]
        texts.append(f"{plain_agency(other.meta.agency)}对{subject}是怎么答复的？")
    topic = resolution.topic.rstrip("？?。 ")
    if resolution.kind in ("first", "switch") and topic:
        # Another year in which the topic was retrieved at all: a suggestion must be answerable.
        years = {replies[c.reply_id].meta.year for c in quoted if c.reply_id in replies}
        cited_years = sorted({replies[c.reply_id].meta.year for c in answer.citations if c.reply_id in replies}
                             - years - {None}, reverse=True)
        if cited_years:
            texts.append(f"{cited_years[0]}年的答复中，{topic}？")
    seen = {answer.question, resolution.understood_as}
    unique = [t for t in dict.fromkeys(texts) if t not in seen]
    return [Suggestion(text=t, url=ask_url(t, conversation_id)) for t in unique[:MAX_SUGGESTIONS]]
