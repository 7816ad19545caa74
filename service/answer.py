"""Answering: retrieve, decide whether the archive holds an answer, then quote it.

The answer is extractive: every statement is a sentence copied from a reply, followed by its
citation marker [n]. Citations are the top-k retrieved sections, best first; the ones quoted in the
answer carry in_answer=true. When the evidence is weak the answer abstains instead of quoting.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote as url_quote

from pydantic import BaseModel, Field

from indexer.sentences import split_sentences
from service.retrieve import Filters, Hit, Retriever, SearchResult

ABSTAIN_TEXT = "档案中没有找到与这个问题相关的答复。可以换个说法再问，或浏览全部答复。"


class QuestionError(ValueError):
    """A question the service will not run (empty, too long, bad k); the message says why."""


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


class AnswerSentence(BaseModel):
    text: str
    n: int


class Answer(BaseModel):
    question: str
    answer: str
    abstained: bool
    citations: list[Citation]
    sentences: list[AnswerSentence] = Field(default_factory=list, description="the answer, sentence by sentence")
    evidence: float = Field(0.0, description="share of the question's weighted terms found in the top passages")


@dataclass(frozen=True)
class AnswerConfig:
    evidence_passages: int = 3       # top passages whose terms count as evidence
    min_evidence: float = 0.45       # below this the answer abstains (tuned in eval/, see RESULTS.md)
    answer_passages: int = 3         # passages the quoted sentences may come from
    max_sentences: int = 3
    relative_cutoff: float = 0.6     # a further sentence must score this share of the best one
    rank_bonus: float = 0.15


def validate_question(question: str, k: int, max_chars: int, max_k: int) -> str:
    question = (question or "").strip()
    if not question:
        raise QuestionError("问题不能为空 (the question is empty)")
    if len(question) > max_chars:
        raise QuestionError(f"问题过长：最多 {max_chars} 个字，当前 {len(question)} 个字 (question longer than {max_chars} characters)")
    if not 1 <= k <= max_k:
        raise QuestionError(f"k 必须在 1 到 {max_k} 之间 (k must be between 1 and {max_k})")
    return question


def reply_url(reply_id: str, section_id: str, start: int, end: int) -> str:
    return f"/replies/{url_quote(reply_id)}?sec={url_quote(section_id)}&hl={start}-{end}#sec-{section_id}"


class Answerer:
    def __init__(self, retriever: Retriever, config: AnswerConfig = AnswerConfig()) -> None:
        self.retriever = retriever
        self.config = config

    def _weights(self, tokens: list[str]) -> dict[str, float]:
        lexical = self.retriever.index.lexical
        return {t: lexical.idf(t) for t in tokens}

    def coverage(self, weights: dict[str, float], text_tokens: set[str]) -> float:
        total = sum(weights.values())
        return sum(w for t, w in weights.items() if t in text_tokens) / total if total else 0.0

    def evidence(self, base_tokens: list[str], hits: list[Hit]) -> float:
        """IDF-weighted share of the question's own words that occur in the top passages.

        Cosine scores of m3e bunch together (an off-topic question can outscore a real one), so the
        decision rests on lexical evidence; aliases count, since passages are indexed with them.
        """
        top = hits[: self.config.evidence_passages]
        if not top or not base_tokens:
            return 0.0
        tokens: set[str] = set()
        for hit in top:
            tokens.update(self.retriever.tokenizer.tokenize(hit.chunk.embed_text))
        return self.coverage(self._weights(base_tokens), tokens)

    def best_sentence(self, hit: Hit, weights: dict[str, float]) -> tuple[float, int, int, str]:
        best = (-1.0, 0, len(hit.chunk.text), hit.chunk.text)
        for start, end, sentence in split_sentences(hit.chunk.text):
            score = self.coverage(weights, set(self.retriever.tokenizer.tokenize(sentence)))
            if score > best[0]:
                best = (score, start, end, sentence)
        return best

    def ask(self, question: str, k: int = 5, filters: Filters | None = None) -> Answer:
        result: SearchResult = self.retriever.search(question, k=k, filters=filters)
        base_tokens = list(dict.fromkeys(self.retriever.tokenizer.tokenize(question, expand=False)))
        evidence = self.evidence(base_tokens, result.hits)
        if not result.hits or evidence < self.config.min_evidence:
            return Answer(question=question, answer=ABSTAIN_TEXT, abstained=True, citations=[], evidence=evidence)

        weights = self._weights(base_tokens)
        index = self.retriever.index
        citations: list[Citation] = []
        seen_sections: dict[tuple[str, str], Citation] = {}
        candidates: list[tuple[float, Citation]] = []
        for rank, hit in enumerate(result.hits):
            chunk = hit.chunk
            key = (chunk.reply_id, chunk.section_id)
            if key in seen_sections:
                continue
            if len(citations) >= k:
                break
            score, start, end, sentence = self.best_sentence(hit, weights)
            reply = index.replies[chunk.reply_id]
            start, end = chunk.start + start, chunk.start + end
            citation = Citation(
                n=len(citations) + 1, reply_id=reply.reply_id, title=reply.title, agency=reply.meta.agency,
                date=reply.meta.date, section_id=chunk.section_id, section_path=chunk.path, quote=sentence,
                score=round(hit.score, 6), doc_number=reply.meta.doc_number, category=reply.meta.category,
                start=start, end=end, url=reply_url(reply.reply_id, chunk.section_id, start, end),
            )
            citations.append(citation)
            seen_sections[key] = citation
            if rank < self.config.answer_passages:
                candidates.append((score + self.config.rank_bonus / (len(citations)), citation))

        candidates.sort(key=lambda pair: -pair[0])
        best = candidates[0][0] if candidates else 0.0
        chosen = [c for s, c in candidates if s >= best * self.config.relative_cutoff][: self.config.max_sentences]
        chosen.sort(key=lambda c: c.n)
        for citation in chosen:
            citation.in_answer = True
        sentences = [AnswerSentence(text=c.quote, n=c.n) for c in chosen]
        text = "".join(f"“{s.text}”[{s.n}]" for s in sentences)
        return Answer(question=question, answer=text, abstained=False, citations=citations,
                      sentences=sentences, evidence=round(evidence, 4))
