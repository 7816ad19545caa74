"""Answering: retrieve, decide whether the archive holds an answer, then state it.

Three kinds of answer share one composition (service/compose.py): a *field* answer states a value
the parser read from a reply's header or closing (service/fields.py), a *quoted* answer copies the
best sentences of the reply the question is about (service/about.py), and a *promise* answer quotes
extracted commitments (service/promises.py). Every statement is cited through service/citations.py.
When the evidence is weak, or does not hold what the question asks about (service/focus.py), the
answer abstains and suggests the closest replies instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from indexer.commitments import classify, find_targets
from indexer.models import CLOSING_ID, HEADER_ID
from indexer.sentences import split_sentences
from service.about import About, ArchiveNames, find_about
from service.citations import Citation, cite, reply_page_url, reply_url
from service.compose import ABSTAIN_TEXT, Answer, AnswerSentence, Suggestion, abstention, compose
from service.fields import FieldAsk, asked_field, field_span, field_value, label_for
from service.figures import figure_pattern
from service.focus import Focus, asked_shape, judge_focus
from service.retrieve import Filters, Hit, Retriever, SearchResult

__all__ = ["ABSTAIN_TEXT", "Answer", "AnswerConfig", "AnswerSentence", "Answerer", "Citation", "QuestionError",
           "Suggestion", "reply_url", "validate_question"]


class QuestionError(ValueError):
    """A question the service will not run (empty, too long, bad k); the message says why."""


@dataclass(frozen=True)
class AnswerConfig:
    evidence_passages: int = 3       # top passages whose terms count as evidence
    # Abstain when evidence + agreement_weight × agreement < min_evidence. Tuned on the dev split of
    # eval/data/questions.jsonl, reported on test (eval/RESULTS.md).
    min_evidence: float = 0.45
    agreement_depth: int = 3         # top sections of each ranking compared for agreement
    agreement_weight: float = 0.1    # added per section both rankings put in their top agreement_depth
    focus_passages: int = 5          # top passages that must hold the question's focus
    check_focus: bool = True         # abstain when the focus (地铁票价, 在哪里) has no support
    focus_max_missing: float = 0.6   # abstain when the focus words missing carry more of its weight (dev: eval/RESULTS.md)
    field_max_missing: float = 0.5   # a field question's words about its reply, against that reply's text
    prefer_named: bool = True        # rank the reply the question names (agency, session) first
    answer_passages: int = 3         # passages the quoted sentences may come from
    max_sentences: int = 3
    multi_replies: int = 4           # "分别": one quote from each of up to this many replies
    relative_cutoff: float = 0.6     # a further sentence must score this share of the best one
    rank_bonus: float = 0.15
    shape_bonus: float = 0.25        # for a sentence of the asked shape (a figure for 多少, a place for 在哪里)
    figure_bonus: float = 0.25       # for a number with the asked unit (20个工作日 for 多久, 2个 for 几个)
    promise_penalty: float = 0.15    # for a promise, when the question asks what was done
    own_words_weight: float = 0.1    # tie-break: the sentence's own share of the question's words
    min_quote_chars: int = 30        # a shorter body sentence ("一是出台各项人才政策。") runs on into the next
    suggestions: int = 3             # closest replies offered with an abstention


# A question asking each of several replies ("各部门分别是怎么说的", "两个部门各做了什么").
MULTI_QUESTION = re.compile(r"分别|各自|各个|各部门|各单位|哪些部门|哪几个部门|都(?:是)?怎么|各[做说采提有投出安开给补]")
# "都做了哪些工作", "都有什么措施": a question gathering what several replies did (composition only: the
# abstention decision reads MULTI_QUESTION alone).
GATHERING = re.compile(r"都[^，。？?]{0,6}(?:哪些|什么)")
# A sentence opening with one of these leans on the sentence before it; the quote starts there.
LEANS_BACK = re.compile(r"^(?:其中|另一方面|同时|与此同时|此外|另外|对此|为此|因此|这些|上述|该|在此基础上|此前|而且|并且|但|但是)")
# The receipt formula opening every reply ("…收悉，经研究，现将办理情况答复如下：") says nothing.
RECEIPT = re.compile(r"收悉.*(?:答复如下|函复如下|报告如下)")
# Courtesies of the genre say nothing either: thanks, "我委高度重视…认真研究", praise of the proposal
# ("具有重要参考价值", "具有很强的针对性"). Quoted only when a passage has nothing else.
COURTESY = re.compile(r"感谢[^。]{0,30}关心|高度重视|(?:具有|很强的)[^。]{0,12}(?:参考价值|针对性|借鉴意义|指导意义)|"
                      r"希望[^。]{0,12}继续")
COURTESY_PENALTY = 1.0
# A question about what was done ("各做了什么", "采取了哪些措施") is answered by what a reply reports,
# before what it promises ("到2025年建成…", "下一步，我局将…").
DEEDS_QUESTION = re.compile(r"(?:做|采取|开展|推出|出台|落实|推进|取得|实施)了|做过|怎么做的|是怎么做|成效|进展")
# Sections that hold a reply's metadata lines: cited for field questions only.
METADATA_SECTIONS = (HEADER_ID, CLOSING_ID)


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


@dataclass
class Decision:
    """Whether one ordering of the hits answers the question, and why."""

    hits: list[Hit]
    evidence: float
    agreement: int
    focus: Focus
    answers: bool


class Answerer:
    def __init__(self, retriever: Retriever, config: AnswerConfig = AnswerConfig()) -> None:
        self.retriever = retriever
        self.config = config

    @property
    def tokenizer(self):
        return self.retriever.tokenizer

    @cached_property
    def names(self) -> ArchiveNames:
        """The archive's agency and place names, found once for every question."""
        return ArchiveNames(self.retriever.index.documents.columns, self.tokenizer)

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

    def passage_text(self, hit: Hit) -> str:
        """A passage as the focus check reads it: its indexed text (title, section path, text) and its
        reply's header, so a question may name the reply by its proposer or session."""
        header = self.retriever.index.replies[hit.chunk.reply_id].section(HEADER_ID)
        return f"{header.text}\n{hit.chunk.embed_text}" if header else hit.chunk.embed_text

    def judge(self, question: str, passages: list[str], agencies: list[str], **options) -> Focus:
        options.setdefault("max_missing", self.config.focus_max_missing)
        return judge_focus(question, passages, self.tokenizer, self.retriever.index.lexical.idf, ignore=agencies,
                           **options)

    def decide(self, question: str, hits: list[Hit], agencies: list[str], named: bool) -> Decision:
        base_tokens = list(dict.fromkeys(self.tokenizer.tokenize(question, expand=False)))
        evidence = self.evidence(base_tokens, hits)
        agreement = self.agreement(hits)
        passages = [self.passage_text(h) for h in hits[: self.config.focus_passages]]
        if MULTI_QUESTION.search(question):
            passages = ["\n".join(passages)]  # "各…分别": the focus is spread over several replies by design
        focus = self.judge(question, passages, agencies)
        if not focus.supported and agreement >= self.config.agreement_depth and focus.shaped \
                and not focus.years_missing and not focus.compound_missing:
            # Both rankings put the same sections on top: the focus is there in other words
            # (养老服务 for a reply on 长者食堂), so missing focus words alone do not decide.
            focus.supported = True
        weak = self.should_abstain(evidence, agreement) or (self.config.check_focus and not focus.supported)
        # A question that names a reply of the archive by number ("0318号建议") is about that reply.
        return Decision(hits=hits, evidence=evidence, agreement=agreement, focus=focus,
                        answers=bool(hits) and (named or not weak))

    def best_sentence(self, hit: Hit, weights: dict[str, float], shape: re.Pattern[str] | None = None,
                      figure: re.Pattern[str] | None = None, deeds: bool = False) -> tuple[float, int, int, str]:
        """The sentence of the passage that best answers: the words of its context line (agency,
        title, section path) count for every sentence, so a sentence is chosen for what it adds."""
        chunk = hit.chunk
        stored = self.retriever.passage_tokens(chunk)  # context line and sentences, cut at index time
        context_tokens = set(stored.context)
        best = (-1.0, 0, len(chunk.text), chunk.text)
        for start, end, sentence, tokens in stored.sentences:
            if RECEIPT.search(sentence):
                continue
            own_tokens = set(tokens)
            score = self.coverage(weights, context_tokens | own_tokens)
            # The context line covers every sentence alike: among sentences it ties, the one whose
            # own words match the question wins.
            score += self.config.own_words_weight * self.coverage(weights, own_tokens)
            if shape is not None and shape.search(sentence):
                score += self.config.shape_bonus
            if figure is not None and figure.search(sentence):
                score += self.config.figure_bonus
            if COURTESY.search(sentence):
                score -= COURTESY_PENALTY
            if deeds and classify(sentence) == "commitment":
                score -= self.config.promise_penalty
            if score > best[0]:
                best = (score, start, end, sentence)
        best = self.complete_quote(chunk, best)
        return self.with_its_figure(chunk, best) if deeds else best

    def complete_quote(self, chunk, best: tuple[float, int, int, str]) -> tuple[float, int, int, str]:
        """A short body sentence is usually a lead-in ("一是出台各项人才政策。", "标准制定方面。"):
        quote on through the following sentences of the passage until the quote says something."""
        score, start, end, sentence = best
        if len(sentence) >= self.config.min_quote_chars:
            return best
        for _, next_end, _ in split_sentences(chunk.text[end:]):
            end_at = end + next_end
            if end_at - start >= self.config.min_quote_chars:
                return score, start, end_at, chunk.text[start:end_at]
        return score, start, len(chunk.text), chunk.text[start:]

    def with_its_figure(self, chunk, best: tuple[float, int, int, str]) -> tuple[float, int, int, str]:
        """Asked what was done, a reply states the act, then what it came to ("…统筹推进智算中心建设。
        2023年，全区新增数据中心能耗指标1.8万吨标准煤…"): a quote that counts nothing runs on into the
        next sentence of its passage when that one reports a quantity (and promises nothing)."""
        score, start, end, sentence = best
        if find_targets(sentence):
            return best
        following = list(split_sentences(chunk.text[end:]))
        if following:
            _, next_end, next_sentence = following[0]
            if find_targets(next_sentence) and classify(next_sentence) != "commitment" \
                    and not COURTESY.search(next_sentence):
                return score, start, end + next_end, chunk.text[start:end + next_end]
        return best

    def readable_start(self, text: str, start: int) -> int:
        """Where a reader can follow from: a sentence opening with 其中/另一方面/同时 starts at the
        sentence before it (in the same section)."""
        if not LEANS_BACK.match(text[start:]):
            return start
        before = [s for s in split_sentences(text[:start], min_chars=2)]
        return before[-1][0] if before else start

    def ask(self, question: str, k: int = 5, filters: Filters | None = None) -> Answer:
        result: SearchResult = self.retriever.search(question, k=k, filters=filters)
        return self.respond(question, result, k)

    def respond(self, question: str, result: SearchResult, k: int = 5, allow_abstain: bool = True) -> Answer:
        """The answer to `question` from an earlier search. With allow_abstain=False the citations
        are built even when the evidence is weak (the evaluation ranks them either way)."""
        index = self.retriever.index
        about = find_about(question, index.documents.columns, self.tokenizer, result.named_replies, self.names) \
            if self.config.prefer_named else About(named_replies=set(result.named_replies))
        named = bool(result.named_replies)
        asked = asked_field(question)
        if asked is not None:
            stated = self.field_answer(question, asked, about.rank(result.hits), k, about)
            if stated is not None:
                return stated
        content = [h for h in result.hits if h.chunk.section_id not in METADATA_SECTIONS]
        decision = self.decide(question, about.rank(content), about.scope_words, named)
        if not decision.answers and about.agency and not named:
            # Soft preference: the agency named has nothing on this, so answer from the others.
            others = [h for h in content if h.chunk.reply_id not in about.agency_replies]
            fallback = self.decide(question, others, about.scope_words, named)
            decision = fallback if fallback.answers else decision
        extra = {"evidence": round(decision.evidence, 4), "agreement": decision.agreement,
                 "focus": decision.focus.as_json()}
        if not decision.hits or (allow_abstain and not decision.answers):
            return abstention(question, self.suggestions(result.hits), **extra)
        answer = self.quoted_answer(question, decision.hits, k, about, **extra)
        if about.agency and not any(c.reply_id in about.agency_replies for c in answer.citations if c.in_answer):
            answer.agency_note = f"没有找到{'、'.join(about.agencies)}关于这个问题的答复，以下是其他单位的答复。"
        return answer

    def suggestions(self, hits: list[Hit]) -> list[Suggestion]:
        replies = self.retriever.index.replies
        found = []
        for reply_id in dict.fromkeys(h.chunk.reply_id for h in hits):
            reply = replies[reply_id]
            found.append(Suggestion(reply_id=reply_id, title=reply.title, agency=reply.meta.agency,
                                    url=reply_page_url(reply_id)))
            if len(found) >= self.config.suggestions:
                break
        return found

    def citations(self, hits: list[Hit], k: int, weights: dict[str, float], shape: re.Pattern[str] | None,
                  figure: re.Pattern[str] | None = None, deeds: bool = False) -> list[tuple[float, Citation]]:
        """The top k distinct sections as citations, each quoting its best sentence, with its score."""
        replies = self.retriever.index.replies
        found: list[tuple[float, Citation]] = []
        seen: set[tuple[str, str]] = set()
        for hit in hits:
            key = (hit.chunk.reply_id, hit.chunk.section_id)
            if key in seen:
                continue
            if len(found) >= k:
                break
            seen.add(key)
            score, start, end, _ = self.best_sentence(hit, weights, shape, figure, deeds)
            reply = replies[hit.chunk.reply_id]
            section_text = reply.section(hit.chunk.section_id).text
            start = self.readable_start(section_text, hit.chunk.start + start)
            citation = cite(reply, hit.chunk.section_id, start, hit.chunk.start + end, score=hit.score,
                            rank=len(found) + 1)
            found.append((score + self.config.rank_bonus / (len(found) + 1), citation))
        return found

    def choose(self, question: str, scored: list[tuple[float, Citation]], about: About) -> list[Citation]:
        """The citations whose sentences the answer quotes, best first."""
        top = sorted(scored[: self.config.answer_passages], key=lambda pair: -pair[0])
        if not top:
            return []
        best = top[0][0]
        cutoff = self.config.relative_cutoff
        chosen = [c for s, c in top if s >= best * cutoff][: self.config.max_sentences]
        ranked = sorted(scored, key=lambda pair: -pair[0])
        if len(about.agency_sets) > 1:
            # "区人社局和区民政局分别…": the question says whom it asks. Each office's best passages (two
            # each for two offices), each office against its own best, and nobody else's.
            each = max(1, self.config.multi_replies // len(about.agency_sets))
            picks: list[Citation] = []
            in_question_order = sorted(zip(about.agencies, about.agency_sets), key=lambda pair: question.find(pair[0]))
            for _, name_replies in in_question_order:
                own = [(s, c) for s, c in ranked if c.reply_id in name_replies and c not in picks]
                picks += [c for s, c in own[:each] if s >= own[0][0] * cutoff]
            if len({c.reply_id for c in picks}) > 1:
                return picks
        if len(about.agencies) > 1 or MULTI_QUESTION.search(question) or GATHERING.search(question):
            # "分别是怎么说的", "都做了哪些": the best passage of each reply among the top ones, and of
            # every agency named.
            by_reply: dict[str, Citation] = {}
            for name_replies in (about.agency_sets or []):
                pick = next((c for _, c in ranked if c.reply_id in name_replies), None)
                if pick is not None:
                    by_reply.setdefault(pick.reply_id, pick)
            for s, c in ranked[: self.config.answer_passages * 2]:
                if s >= best * cutoff:
                    by_reply.setdefault(c.reply_id, c)
            if len(by_reply) > 1:
                chosen = list(by_reply.values())[: self.config.multi_replies]
        return chosen

    def sentence_weights(self, question: str, about: About) -> dict[str, float]:
        """The question's words a quote is chosen by. The agencies and places it names chose the reply
        (About.rank); inside it they must not pull towards a sentence that mentions another office
        ("我局将会同区科经委…" for a question naming both)."""
        scope = {t for word in about.scope_words for t in self.tokenizer.tokenize(word, expand=False)}
        tokens = [t for t in dict.fromkeys(self.tokenizer.tokenize(question, expand=False)) if t not in scope]
        return self._weights(tokens)

    def quoted_answer(self, question: str, hits: list[Hit], k: int, about: About, **extra) -> Answer:
        scored = self.citations(hits, k, self.sentence_weights(question, about), asked_shape(question)[1],
                                figure_pattern(question), bool(DEEDS_QUESTION.search(question)))
        chosen = self.choose(question, scored, about)
        others = [c for _, c in scored if c not in chosen]
        return compose(question, chosen, others, self.retriever.index.replies, self.tokenizer, **extra)

    def field_reply(self, hits: list[Hit], about: About, phrase: str, agencies: list[str]) -> str | None:
        """The reply a field question is about: among the top replies, the one the question names
        (number, agency, session), then the one whose own words (title, header, proposal title in the
        intro) hold most of the question's other words."""
        replies = self.retriever.index.replies
        candidates = list(dict.fromkeys(h.chunk.reply_id for h in hits))[:5]
        if not candidates:
            return None

        def identity(reply_id: str) -> str:
            reply = replies[reply_id]
            parts = [reply.title, reply.meta.agency or ""]
            parts += [s.text for s in reply.sections if s.section_id in (HEADER_ID, "intro")]
            return "\n".join(parts)

        words = self._weights([t for t in dict.fromkeys(self.tokenizer.tokenize(phrase, expand=False))])

        def score(item: tuple[int, str]) -> tuple:
            position, reply_id = item
            own = identity(reply_id)
            focus = self.judge(phrase, [own], agencies, shaped=False, text=phrase)
            # Aliases make AIGC match any reply on 人工智能; the reply that writes the word itself wins a tie.
            literal = self.coverage(words, {t for t in words if t in own.lower()})
            return (about.preference(reply_id), focus.missing_share, -literal, position)

        return min(enumerate(candidates), key=score)[1]

    def field_answer(self, question: str, asked: FieldAsk, hits: list[Hit], k: int, about: About) -> Answer | None:
        """The value of the asked field in the reply the question is about, citing its line. When that
        reply does not write the field: say so if the question named the reply, else None (the
        question is then answered from the text)."""
        replies = self.retriever.index.replies
        spec = asked.spec
        # What names the reply is the question without its field words ("AIGC产业提案的答复…").
        phrase = question[: asked.start] + " " + question[asked.end:]
        reply_id = self.field_reply(hits, about, phrase, about.scope_words)
        if reply_id is None:
            return None
        reply = replies[reply_id]
        value = field_value(reply, spec)
        span = field_span(reply, spec, value) if value else None
        if span is None:
            if about.preference(reply_id) == 0 and (about.named_replies or about.agency or about.session):
                return abstention(question, self.suggestions(hits[:1]), kind="field",
                                  text=f"{reply.title}中没有写明{label_for(spec, reply.meta)}。")
            return None
        whole = "\n".join([reply.title, *(s.text for s in reply.sections)])
        focus = self.judge(phrase, [whole], about.scope_words, shaped=False, text=phrase,
                           max_missing=self.config.field_max_missing)
        if self.config.check_focus and not focus.supported:
            return None  # "地铁票价提案的办理结果" names something this reply is not about
        section_id, start, end = span
        stated = cite(reply, section_id, start, end, rank=0)
        content = [h for h in hits if h.chunk.section_id not in METADATA_SECTIONS]
        others = [c for _, c in self.citations(content, k - 1, {}, None)]
        text = value if "：" in value else f"{label_for(spec, reply.meta)}：{value}"
        focus_json = {**focus.as_json(), "kind": "field", "field": spec.key}
        return compose(question, [stated], others, replies, self.tokenizer, kind="field",
                       texts={0: text}, fields={0: spec.key}, focus=focus_json, evidence=1.0)
