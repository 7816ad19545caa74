"""Answering: retrieve, decide whether the archive holds an answer, then quote it.

The answer is extractive: every statement is a sentence copied from a reply, followed by its
citation marker [n]. Citations are the top-k retrieved sections, best first; the ones quoted in the
answer carry in_answer=true. When the evidence is weak the answer abstains instead of quoting.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote as url_quote

from pydantic import BaseModel, Field

from indexer import grammar
from indexer.models import CLOSING_ID, HEADER_ID
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
    agreement: int = Field(0, description="sections in the top few of both the dense and the lexical ranking")


@dataclass(frozen=True)
class AnswerConfig:
    evidence_passages: int = 3       # top passages whose terms count as evidence
    # Abstain when evidence + agreement_weight × agreement < min_evidence. Tuned on the dev split of
    # eval/data/questions.jsonl, reported on test (eval/RESULTS.md).
    min_evidence: float = 0.45
    agreement_depth: int = 3         # top sections of each ranking compared for agreement
    agreement_weight: float = 0.1    # added per section both rankings put in their top agreement_depth
    answer_passages: int = 3         # passages the quoted sentences may come from
    max_sentences: int = 3
    relative_cutoff: float = 0.6     # a further sentence must score this share of the best one
    rank_bonus: float = 0.15
    number_bonus: float = 0.25       # for a sentence with a figure, when the question asks how many / how much
    field_bonus: float = 0.5         # for a header/closing line holding the field the question names
    own_words_weight: float = 0.1    # tie-break: the sentence's own share of the question's words
    min_quote_chars: int = 30        # a shorter body sentence ("一是出台各项人才政策。") runs on into the next


# Header and closing lines are bare values ("浦科经委办理（2025）61号", "2025年5月7日"); the field
# they fill is what a question names ("文号是多少", "哪天答复的"), so sentence scoring sees it too.
FIELD_HINTS = (
    (re.compile(grammar.DOC_NUMBER_TAIL + "$"), "文号"),
    (grammar.DATE_LINE, "答复日期"),
    (re.compile(r"^[\u4e00-\u9fff]{2,30}(?:委员会|局|办公室|人民政府|管理委员会|中心)$"), "答复单位"),
)


# "多少个数据集", "几家", "多久", "占比": the answer is a figure, so a sentence holding one is preferred.
QUANTITY_QUESTION = re.compile(
    rf"多少|几(?:{grammar.unit_pattern(grammar.QUESTION_CLASSIFIERS)}|成)|多大|多久|多长|多高|比例|占比|百分之|规模"
)
FIGURE = re.compile(r"\d|[一二两三四五六七八九十百千万]+(?:个|家|所|条|项|批|年|倍|成)")


def field_hint(sentence: str) -> str:
    return next((hint for pattern, hint in FIELD_HINTS if pattern.search(sentence)), "")


def is_clean_text(text: str) -> bool:
    """No lone UTF-16 surrogate (JSON "\\ud800", or undecodable bytes on the command line) and no
    control character other than tab and newlines: such text cannot be tokenised or printed."""
    return not any("\ud800" <= ch <= "\udfff" or (ch < " " and ch not in "\t\n\r") or ch == "\x7f" for ch in text)


def validate_question(question: str, k: int, max_chars: int, max_k: int) -> str:
    question = (question or "").strip()
    if not question:
        raise QuestionError("问题不能为空 (the question is empty)")
    if not is_clean_text(question):
        raise QuestionError("问题含有无法识别的字符，请检查输入法或文本编码 (the question holds a lone surrogate "
                            "or a control character: not valid Unicode text; is the terminal UTF-8?)")
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
            tokens.update(self.retriever.chunk_tokens(hit.chunk))  # cut at index time
        return self.coverage(self._weights(base_tokens), tokens)

    def agreement(self, hits: list[Hit]) -> int:
        """How many sections the dense and the lexical ranking both put in their top few.

        Two rankings that agree are evidence a lexical share alone misses: an in-domain question
        about something the archive lacks shares words with many passages, but the two rankings
        then scatter to different sections.
        """
        depth = self.config.agreement_depth

        def top_sections(rank_of) -> set[tuple[str, str]]:
            ranked = sorted((h for h in hits if rank_of(h) is not None), key=rank_of)
            keys = dict.fromkeys((h.chunk.reply_id, h.chunk.section_id) for h in ranked)
            return set(list(keys)[:depth])

        return len(top_sections(lambda h: h.dense_rank) & top_sections(lambda h: h.lexical_rank))

    def should_abstain(self, evidence: float, agreement: int) -> bool:
        return evidence + self.config.agreement_weight * agreement < self.config.min_evidence

    def best_sentence(self, hit: Hit, weights: dict[str, float], wants_figure: bool = False,
                      question_tokens: frozenset[str] = frozenset()) -> tuple[float, int, int, str]:
        """The sentence of the passage that best answers: the words of its context line (agency,
        title, section path) count for every sentence, so a sentence is chosen for what it adds."""
        tokenize = self.retriever.tokenizer.tokenize
        chunk = hit.chunk
        stored = self.retriever.passage_tokens(chunk)  # context line and sentences, cut at index time
        context_tokens = set(stored.context)
        best = (-1.0, 0, len(chunk.text), chunk.text)
        for start, end, sentence, tokens in stored.sentences:
            hint = field_hint(sentence)
            own_tokens = set(tokens) | (set(tokenize(hint)) if hint else set())
            score = self.coverage(weights, context_tokens | own_tokens)
            # The context line covers every sentence alike (a closing's "联系电话" covers its date line
            # too): among sentences it ties, the one whose own words match the question wins.
            score += self.config.own_words_weight * self.coverage(weights, own_tokens)
            if hint and hint in question_tokens:
                score += self.config.field_bonus  # "文号是多少" is answered by the document-number line
            if wants_figure and FIGURE.search(sentence):
                score += self.config.number_bonus
            if score > best[0]:
                best = (score, start, end, sentence)
        return self.complete_quote(chunk, best)

    def complete_quote(self, chunk, best: tuple[float, int, int, str]) -> tuple[float, int, int, str]:
        """A short body sentence is usually a lead-in ("一是出台各项人才政策。", "标准制定方面。"):
        quote on through the following sentences of the passage until the quote says something."""
        score, start, end, sentence = best
        if chunk.section_id in (HEADER_ID, CLOSING_ID) or len(sentence) >= self.config.min_quote_chars:
            return best
        for _, next_end, _ in split_sentences(chunk.text[end:]):
            end_at = end + next_end
            if end_at - start >= self.config.min_quote_chars:
                return score, start, end_at, chunk.text[start:end_at]
        return score, start, len(chunk.text), chunk.text[start:]

    def ask(self, question: str, k: int = 5, filters: Filters | None = None) -> Answer:
        result: SearchResult = self.retriever.search(question, k=k, filters=filters)
        return self.respond(question, result, k)

    def respond(self, question: str, result: SearchResult, k: int = 5, allow_abstain: bool = True) -> Answer:
        """The answer to `question` from an earlier search. With allow_abstain=False the citations
        are built even when the evidence is weak (the evaluation ranks them either way)."""
        base_tokens = list(dict.fromkeys(self.retriever.tokenizer.tokenize(question, expand=False)))
        evidence = self.evidence(base_tokens, result.hits)
        agreement = self.agreement(result.hits)
        # A question that names a reply of the archive by number ("0318号建议") is about that reply.
        abstain = self.should_abstain(evidence, agreement) and not result.named_replies
        if not result.hits or (allow_abstain and abstain):
            return Answer(question=question, answer=ABSTAIN_TEXT, abstained=True, citations=[],
                          evidence=round(evidence, 4), agreement=agreement)

        weights = self._weights(base_tokens)
        wants_figure = bool(QUANTITY_QUESTION.search(question))
        question_tokens = frozenset(self.retriever.tokenizer.tokenize(question))  # with aliases: 哪天 → 答复日期
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
            score, start, end, sentence = self.best_sentence(hit, weights, wants_figure, question_tokens)
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
                      sentences=sentences, evidence=round(evidence, 4), agreement=agreement)
