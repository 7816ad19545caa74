"""Answering: retrieve, decide whether the archive holds an answer, then state it.

Three kinds of answer share one composition (service/compose.py): a *field* answer states a value
the parser read from a reply's header or closing (service/field_answer.py), a *quoted* answer copies
the best sentences of the reply the question is about (passages chosen in service/selection.py,
sentences in service/quotes.py), and a *promise* answer quotes extracted commitments
(service/promises.py). Every statement is cited through service/citations.py. This module decides:
when the evidence is weak, or does not hold what the question asks about (service/focus.py), the
answer abstains and suggests the closest replies instead.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property

import numpy as np

from indexer.models import HEADER_ID
from service.about import About, ArchiveNames, authority_words, find_about
from service.asked import asks_twice, asks_who_manages, focus_text
from service.bodies import names_another_body
from service.citations import Citation, reply_page_url, reply_url
from service.compose import ABSTAIN_TEXT, Answer, AnswerSentence, Suggestion, abstention
from service.field_answer import METADATA_SECTIONS, FieldAnswerer
from service.fields import SERVICE_ACT, asked_field
from service.unsaid import every_quote_unsaid
from service.focus import (Focus, Passage, candidate_sentences, judge_focus, names_asked_relation, names_thing_asked,
                           names_what_is_asked, states_what_is_asked)
from service.meaning import Closeness, closest
from service.mentions import everyday_spellings
from service.paraphrase import held_otherwise
from service.phrase import asking_words, coordinated, frame_words
from service.places import ArchivePlaces
from service.quotes import coverage, idf_weights
from service.retrieve import Filters, Hit, Retriever, SearchResult
from service.selection import MULTI_QUESTION, QuoteSelector
from service.synonyms import lexicon

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
    sentence_max_missing: float = 0.55  # ...or the best answering sentence (with its context) misses more
    field_max_missing: float = 0.5   # a field question's words about its reply, against that reply's text
    prefer_named: bool = True        # rank the reply the question names (agency, session) first
    answer_passages: int = 3         # passages the quoted sentences may come from
    max_sentences: int = 3
    multi_replies: int = 4           # "分别": one quote from each of up to this many replies
    party_sections: int = 20         # "A和B分别…": each named office's passages are sought among this many sections
    multi_quote_chars: int = 200     # ...running on through its paragraph up to this many characters
    relative_cutoff: float = 0.6     # a further sentence must score this share of the best one
    rank_bonus: float = 0.15
    shape_bonus: float = 0.25        # for a sentence of the asked shape (a figure for 多少, a place for 在哪里)
    figure_bonus: float = 0.25       # for a number with the asked unit (20个工作日 for 多久, 2个 for 几个)
    evidence_bonus: float = 0.25     # for the sentence the focus check found of the asked shape naming what is asked
    promise_penalty: float = 0.15    # for a promise, when the question asks what was done
    report_bonus: float = 0.25       # for a report with its figure, when the question asks what was done
    year_bonus: float = 0.25         # for a sentence on the year the question says relative to the reply's (明年)
    own_words_weight: float = 0.1    # tie-break: the sentence's own share of the question's words
    sentence_meaning_weight: float = 1.0  # within a passage: the sentence's cosine with the question (quotes.best_quote)
    min_quote_chars: int = 30        # a shorter body sentence ("一是出台各项人才政策。") runs on into the next
    max_quote_chars: int = 180       # a sentence cut at "；" runs on to its end, or its list item, within this
    run_on_for_fact: bool = True     # a quote lacking what is asked runs on into the next sentence holding it
    problem_penalty: float = 0.5     # for the problem restated, when the question asks how it is dealt with
    report_penalty: float = 0.5      # for a report, when the question asks when something will be done (as problem_penalty)
    suggestions: int = 3             # closest replies offered with an abstention
    # Meaning beside words (service/meaning.py): the cosine of the question with the closest of a few
    # candidate sentences of the asked shape. A focus whose words are missing is held when that
    # sentence is this close and names the relation asked; an answer is abstained on when no candidate
    # comes within meaning_floor. Both chosen on the dev split (eval/RESULTS.md).
    check_meaning: bool = True
    meaning_candidates: int = 3      # sentences compared per question (vectors stored at build time)
    meaning_rescue: float = 0.81
    meaning_floor: float = 0.70


def spread(question: str) -> bool:
    """"各…分别", "计划多少，实际多少", "A和B有哪些…": a question whose answer is spread over several replies or
    sentences by design."""
    return bool(MULTI_QUESTION.search(question)) or asks_twice(question) or coordinated(focus_text(question))


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
    meaning: Closeness | None = None


class Answerer:
    def __init__(self, retriever: Retriever, config: AnswerConfig = AnswerConfig()) -> None:
        self.retriever = retriever
        self.config = config
        self.quotes = QuoteSelector(retriever, config)
        self.fields = FieldAnswerer(retriever, config, self.quotes, self.judge)
        lexicon()  # read the synonym lexicon now, not on the first question

    @property
    def tokenizer(self):
        return self.retriever.tokenizer

    @cached_property
    def names(self) -> ArchiveNames:
        """The archive's agency and place names, found once for every question."""
        return ArchiveNames(self.retriever.index.documents.columns, self.tokenizer)

    @cached_property
    def places(self) -> ArchivePlaces:
        """Where the archive's replies come from, found once for every question."""
        return ArchivePlaces(self.retriever.index.documents.columns.agencies)

    def _weights(self, tokens: list[str]) -> dict[str, float]:
        return idf_weights(self.retriever.index.lexical.idf, tokens)

    def coverage(self, weights: dict[str, float], text_tokens: set[str]) -> float:
        return coverage(weights, text_tokens)

    def evidence(self, base_tokens: list[str], hits: list[Hit], parties: list[set[str]] = (),
                 found: set[str] = frozenset(), everyday: dict[str, tuple[frozenset[str], ...]] | None = None) -> float:
        """IDF-weighted share of the question's own words that occur in the top passages.

        Cosine scores of m3e bunch together (an off-topic question can outscore a real one), so the
        decision rests on lexical evidence; aliases count, since passages are indexed with them. A question
        asking several parties ("长沙水务局和遵义环保局分别…", `parties`: their replies) is read in the best
        passage of each, which is where the words naming each party and what it did are.
        """
        firsts = [h for replies in parties if (h := next((h for h in hits if h.chunk.reply_id in replies), None))]
        top = list({id(h): h for h in [*firsts, *hits]}.values())[: self.config.evidence_passages]
        if not top or not base_tokens:
            return 0.0
        tokens: set[str] = set(found)  # (words found by other means: the names of bodies whose replies are on top)
        for hit in top:
            tokens.update(self.retriever.chunk_tokens(hit.chunk))  # cut at index time
        # A question may name its reply by the proposer or session its header writes ("九三学社提算力
        # 提案时…"), as the focus check reads it (passage()).
        for reply_id in dict.fromkeys(h.chunk.reply_id for h in top):
            tokens.update(self.retriever.header_tokens(reply_id))
        # The question's everyday words (住校, 装电梯) are held where the passages write an official term for them
        # (寄宿, 加装电梯: service/synonyms.py), every token of it.
        tokens.update(t for t, spellings in (everyday or {}).items() if any(s <= tokens for s in spellings))
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

    def passage(self, hit: Hit) -> Passage:
        """A passage as the focus check reads it: its text, with its reply's header and its context line
        (agency, title, section path) as context, so a question may name the reply by its proposer or
        session."""
        chunk = hit.chunk
        reply = self.retriever.index.replies[chunk.reply_id]
        header, section = reply.section(HEADER_ID), reply.section(chunk.section_id)
        context = chunk.embed_text[: len(chunk.embed_text) - len(chunk.text)] if chunk.embed_text.endswith(chunk.text) else ""
        return Passage(context=f"{header.text}\n{context}" if header else context, text=chunk.text,
                       heading=section.heading if section else "", topic=reply.meta.proposal_title or "",
                       year=reply.meta.year)

    def judge(self, question: str, passages: list[Passage | str], agencies: list[str], **options) -> Focus:
        options.setdefault("max_missing", self.config.focus_max_missing)
        return judge_focus(question, passages, self.tokenizer, self.retriever.index.lexical.idf, ignore=agencies,
                           **options)

    def meaning(self, question: str, hits: list[Hit], focus: Focus, vector: np.ndarray | None = None) -> Closeness:
        """The candidate sentence of the top passages closest to the question in meaning."""
        passages = [self.passage(h) for h in hits[: self.config.focus_passages]]
        sentences = candidate_sentences(question, passages, focus.terms, self.tokenizer, self.retriever.index.lexical.idf,
                                        self.config.meaning_candidates)
        return closest(self.retriever.text_vectors, question, sentences, vector)

    def focus_of(self, question: str, hits: list[Hit], agencies: list[str]) -> Focus:
        """Whether the top passages hold the question's focus, before the rankings' agreement is weighed."""
        passages = [self.passage(h) for h in hits[: self.config.focus_passages]]
        multi = spread(question)
        if multi:  # "各…分别", "A和B有哪些…": the focus is spread over several replies by design
            passages = [Passage("\n".join(p.context for p in passages), "\n".join(p.text for p in passages),
                                "\n".join(p.heading for p in passages), "\n".join(p.topic for p in passages))]
        return self.judge(question, passages, agencies, by_sentence=not multi,
                          sentence_max_missing=self.config.sentence_max_missing)

    def decide(self, question: str, hits: list[Hit], agencies: list[str], named: bool,
               vector: np.ndarray | None = None, pointed: bool = False,
               parties: list[tuple[str, set[str]]] = ()) -> Decision:
        # The government named in general (有关部门, 区里) is who every reply is from, not evidence to find.
        # Nor is what frames the question (明年, 分别, 各区: frame_words), nor what asks rather than names (定了什么目标:
        # asking_words) where the passages do not write it (a reply states its target as 力争到2027年…; one on 补贴
        # that writes the word holds the question as before).
        said = "\n".join(h.chunk.text for h in hits[: self.config.evidence_passages])
        asking = [w for w in asking_words(question) if w not in said]
        general = {t for word in (*authority_words(question), *asking)
                   for t in self.tokenizer.tokenize(word, expand=False)} | frame_words(question, self.tokenizer)
        base_tokens = [t for t in dict.fromkeys(self.tokenizer.tokenize(question, expand=False)) if t not in general]
        # A body or place named whose reply is among the top passages is found there, though its reply writes
        # its name in full (重庆市经济和信息化委员会 for 重庆经信委).
        top = {h.chunk.reply_id for h in hits[: self.config.focus_passages]}
        found = {t for name, replies in parties if replies & top for t in self.tokenizer.tokenize(name, expand=False)}
        # A word the passages say in other words of its class (修路 by 通组路, 钱 by 资金: service/paraphrase.py).
        found |= {t for t in base_tokens if held_otherwise(said, t)}
        evidence = self.evidence(base_tokens, hits, [replies for _, replies in parties] if len(parties) > 1 else (), found,
                                 everyday_spellings(question, self.tokenizer))
        agreement = self.agreement(hits)
        focus = self.focus_of(question, hits, agencies)
        if not focus.supported and agreement >= self.config.agreement_depth \
                and (focus.shaped or (focus.kind is None and not focus.thing and not focus.body)) and not focus.years_missing \
                and not focus.compound_missing and not focus.ranked_missing:
            # Both rankings put the same sections on top: the focus is there in other words
            # (养老服务 for a reply on 长者食堂), so missing focus words alone do not decide, nor does a
            # sentence that repeats them when no particular kind of answer is asked for.
            focus.supported = True
        # A sentence of the asked shape (a count, a place, a date) naming what is asked and every word
        # of the focus is evidence on its own, however few of the question's other words the passages
        # share. ("这份答复是哪天发的？" names nothing: its focus is no evidence.)
        answered = focus.supported and focus.kind not in (None, "yesno") and bool(focus.evidence) \
            and bool(focus.heads) and focus.sentence_missing_share == 0.0
        words_weak = self.should_abstain(evidence, agreement) and not answered
        meaning = None
        # Read by meaning only what it could change: an answer the words would give (the floor), or a focus
        # whose words are missing when the evidence rule alone would answer (the rescue). A year asked and
        # not said is no matter of meaning, and a sentence of the asked kind holding every focus word is
        # not read again.
        if self.config.check_meaning and hits and not answered and not focus.years_missing and not focus.ranked_missing \
                and not focus.owner_missing and not words_weak \
                and (not focus.supported or not pointed):
            meaning = self.meaning(question, hits, focus, vector)
            if not focus.supported and meaning.score >= self.config.meaning_rescue \
                    and names_asked_relation(question, meaning.sentence, self.tokenizer) \
                    and names_what_is_asked(focus, meaning.sentence, self.tokenizer) \
                    and not names_another_body(question, meaning.sentence, self.tokenizer):
                # The words are missing but the meaning is there: a sentence of the asked shape, close
                # to the question, naming the relation asked (爽约 for 不去看病, 30% for 多少比例).
                focus.supported = True
        # A day the question names that no top passage names (星期天 where the reply speaks of 周六), or a group of people
        # a yes/no question asks of (学生 where it speaks of 老年人), or the kind of thing a figure is asked of (成年 of
        # 成年橡胶树 where it speaks of 橡胶幼树), is not there in other words, whatever the rankings'
        # agreement or the meaning says (service/unsaid.py); so is a qualifier the evidence does not meet (初中 where it
        # speaks of 小学, 30吨以上 where its figure is for 10吨以下, 哈尔滨市 where it gives 黑龙江's whole).
        if focus.days or focus.people or focus.kinds or focus.qualifiers:
            focus.supported = False
        # (a question spread over several replies by design is said by no one sentence: the floor is not read;
        # nor is it when one sentence holds every word of the focus and names what is asked: m3e's cosines bunch,
        # and a literal statement of the asked thing ("时间银行…低龄健康老人为高龄老人提供服务") is no weaker for it)
        literal = focus.supported and bool(focus.evidence) and bool(focus.heads) and focus.sentence_missing_share == 0.0
        weak = words_weak \
            or (self.config.check_focus and not focus.supported) \
            or (meaning is not None and meaning.score < self.config.meaning_floor and not pointed and not spread(question)
                and not literal)
        # A question that names a reply of the archive by number ("0318号建议") is about that reply; one
        # kept to replies the user pointed at ("第2处出处说了什么？") is about them however its words read.
        return Decision(hits=hits, evidence=evidence, agreement=agreement, focus=focus,
                        answers=bool(hits) and (named or not weak), meaning=meaning)

    def ask(self, question: str, k: int = 5, filters: Filters | None = None) -> Answer:
        result: SearchResult = self.retriever.search(question, k=k, filters=filters)
        # Agencies left out ("其他部门呢？") ask what each of the others says.
        return self.respond(question, result, k, each_reply=bool(filters and filters.exclude_agencies))

    def respond(self, question: str, result: SearchResult, k: int = 5, allow_abstain: bool = True,
                each_reply: bool = False) -> Answer:
        """The answer to `question` from an earlier search. With allow_abstain=False the citations
        are built even when the evidence is weak (the evaluation ranks them either way)."""
        index = self.retriever.index
        about = find_about(question, index.documents.columns, self.tokenizer, result.named_replies, self.names) \
            if self.config.prefer_named else About(named_replies=set(result.named_replies))
        named = bool(result.named_replies)
        elsewhere = [] if named or result.pointed else [p.written for p in self.places.elsewhere(question)]
        place_note, abstain_text = None, ABSTAIN_TEXT
        if elsewhere:
            # A reply of another place is no answer to a question about this one, unless its passage writes the
            # place; a ministry's reply covers every place.
            ministries = self.names.level_replies("national")
            kept = [h for h in result.hits
                    if h.chunk.reply_id in ministries or any(place in h.chunk.text for place in elsewhere)]
            said = "、".join(elsewhere)
            abstain_text = f"档案中没有{said}的答复。" + ABSTAIN_TEXT.split("。", 1)[1]
            if not kept:
                return abstention(question, self.suggestions(result.hits), text=abstain_text,
                                  focus={"places_elsewhere": elsewhere})
            result = replace(result, hits=kept)
            place_note = f"档案中没有{said}的答复，以下是国家部委或写到{said}的答复。"
        result = self.with_every_party(question, result, about, k)
        asked = asked_field(question)
        if asked is not None and not self.asks_service_line(question, asked.spec.key):
            stated = self.fields.answer(question, asked, about.rank(result.hits), k, about)
            if stated is not None:
                stated.agency_note = place_note or stated.agency_note
                return stated
        content = [h for h in result.hits if h.chunk.section_id not in METADATA_SECTIONS]
        decision = self.decide(question, about.rank(content, k), about.scope_words, named, result.vector, result.pointed,
                               about.parties)
        if not decision.answers and about.agency and not named and len(about.parties) < 2:
            # Soft preference: the agency named has nothing on this, so answer from the others.
            others = [h for h in content if h.chunk.reply_id not in about.agency_replies]
            fallback = self.decide(question, others, about.scope_words, named, result.vector, result.pointed)
            # ...when they hold all of what it asks about: the named agency's reply is the one on its topic
            # (退捕渔民 for 农业农村部), and another's sentence of the asked kind on another topic is no answer.
            decision = fallback if fallback.answers and not fallback.focus.missing else decision
        focus = decision.focus.as_json()
        if elsewhere:
            focus["places_elsewhere"] = elsewhere
        if decision.meaning is not None:
            focus["meaning"] = decision.meaning.as_json()
        extra = {"evidence": round(decision.evidence, 4), "agreement": decision.agreement, "focus": focus}
        if not decision.hits or (allow_abstain and not decision.answers):
            return abstention(question, self.suggestions(result.hits), text=abstain_text, **extra)
        # The sentence the focus check found of the asked shape (a count, a sum, a date) naming what is asked, or
        # writing what a yes/no question asks of in its own words (states_what_is_asked).
        # (Not for 谁/哪个单位: any sentence naming an office has that shape; but one putting a party in charge answers 谁来管.)
        shaped = decision.focus.evidence if decision.focus.supported and (
            decision.focus.kind not in (None, "yesno", "agent") or asks_who_manages(question)
            or states_what_is_asked(decision.focus, question) or names_thing_asked(decision.focus)) else ""
        answer = self.quotes.quoted_answer(question, decision.hits, k, about, each_reply, decision.focus.terms, shaped,
                                           vector=result.vector, **extra)
        if allow_abstain and not answer.abstained and every_quote_unsaid(question, [s.text for s in answer.sentences]):
            # Each quote answers another question: a sum of another item, or paid the other way (service/unsaid.py).
            return abstention(question, self.suggestions(result.hits), text=abstain_text, **extra)
        if about.agency and not any(c.reply_id in about.agency_replies for c in answer.citations if c.in_answer):
            answer.agency_note = f"没有找到{'、'.join(about.agencies)}关于这个问题的答复，以下是其他单位的答复。"
        if place_note:
            answer.agency_note = place_note
        return answer

    @staticmethod
    def asks_service_line(question: str, key: str) -> bool:
        """A number asked for a citizen's act ("投诉打什么电话", "投诉电话是多少": fields.SERVICE_ACT) asks the service line
        that takes that act, which only a reply's text can write ("开通12319城建服务热线受理供热投诉"): the reply's
        contact handled the proposal, for its proposer, and takes no complaints. The text answers, or nothing does."""
        return key == "contact" and SERVICE_ACT.search(question) is not None

    def with_every_party(self, question: str, result: SearchResult, about: About, k: int) -> SearchResult:
        """"长沙水务局和遵义环保局分别…": a party named that no retrieved passage belongs to is searched for
        within its own replies, and its passages join the others (ranked after them, and outside the
        agreement of the two rankings, which they did not come from)."""
        if len(about.parties) < 2 or result.pointed:
            return result
        found = {h.chunk.reply_id for h in result.hits}
        extra = []
        for _, replies in about.parties:
            if replies and not replies & found:
                own = self.retriever.search(question, k, Filters(reply_ids=sorted(replies)))
                extra += [replace(h, score=0.0, dense_rank=None, lexical_rank=None) for h in own.hits[:k]]
        return replace(result, hits=[*result.hits, *extra]) if extra else result

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
