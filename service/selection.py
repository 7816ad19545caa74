"""Which passages a quoted answer quotes, and the answer they make.

Each of the top sections becomes a citation of its best sentence (`service/quotes.py`); the answer
states the best few, or, when the question asks several replies ("分别是怎么说的", "都做了哪些") or
names several offices ("区人社局和区民政局分别…"), each reply's or each office's own best passage.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

import numpy as np

from indexer.commitments import find_targets
from indexer.sentences import split_sentences
from service.about import About
from service.asked import LIGHT_VERBS, PLACE_OF_ACT, WHERE_TO_GO, asked, with_spoken
from service.citations import Citation, cite
from service.compose import RELATIVE_YEAR, RELATIVE_YEARS, Answer, compose
from service.figures import bound_span, carried, counted_pattern, figure_pattern
from service.mentions import missing_share
from service.phrase import predicates
from service.postag import tagged
from service.quotes import (COURTESY, RECEIPT, PromisedDeadline, SentenceAsk, best_quote, idf_weights, kinds_of_noun,
                            readable_start, reports_quantity, restates_problem,
                            restates_proposal)
from service.retrieve import Hit, Retriever

if TYPE_CHECKING:
    from service.answer import AnswerConfig

# A question asking each of several replies ("各部门分别是怎么说的", "两个部门各做了什么").
MULTI_QUESTION = re.compile(r"分别|各自|各个|各部门|各单位|哪些部门|哪几个部门|都(?:是)?怎么|各[做说采提有投出安开给补]")
# "都做了哪些工作", "都有什么措施": a question gathering what several replies did (composition only: the
# abstention decision reads MULTI_QUESTION alone).
GATHERING = re.compile(r"都[^，。？?]{0,6}(?:哪些|什么)")
# A question about what was done ("各做了什么", "采取了哪些措施") is answered by what a reply reports,
# before what it promises ("到2025年建成…", "下一步，我局将…").
# A verb with the perfective 了 before the quantity asked ("新增了多少学位", "建了几个") asks what was done too.
DEEDS_QUESTION = re.compile(r"(?:做|采取|开展|推出|出台|落实|推进|取得|实施)了|做过|怎么做的|是怎么做|成效|进展|"
                            r"[\u4e00-\u9fff](?<![为除到])了(?:多少|几)")

# A question asking when something will be done ("这些措施什么时候完成", "什么时候能建成", "预计哪年开通") is
# answered by a promise with its deadline, not by what was done so far.
PLANS_QUESTION = re.compile(with_spoken(
    r"(?:什么时候|何时|哪一?年|几月|哪个月|多久)[^，。？?]{0,4}?(?:能|会|可以|才|将|要|可)?"
    r"(?:完成|建成|建好|办完|做完|到位|实现|落地|开通|上线|投用|投入使用|完工|竣工|出台|印发|解决|落实|启用|开工)|"
    r"(?:完成|建成|到位|实现|落地|开通|上线|投用|完工|竣工|出台)[^，。？?]{0,3}(?:什么时候|何时|哪一?年|的时间)|"
    r"预计(?:什么时候|何时|哪一?年)"))
# A question asking how much of a thing there is ("农村公路有多长", "现在一共有多少公里") asks what is, not what is planned:
# answered by the total a reply states (总里程1836.4公里), before a plan's figure (计划实施…210公里). (Not when it asks
# about the future: "明年有多少".)
STOCK_QUESTION = re.compile(r"(?:一共|总共|共|现在|目前|现有|如今)?有多(?:少|长|大|宽|高|深)")
FUTURE = re.compile(r"明年|后年|今后|将来|以后|计划|打算|预计|规划|要建|会有|能有|将有|到\d{4}年|\d{4}年(?:底|末)?前")
# A question asking of now ("护林员现在一个月拿多少钱", "目前有几家"): the time asked is the reply's present.
NOW_QUESTION = re.compile(r"现在|目前|当前|如今|眼下|现阶段")
# A question asking how something is dealt with ("怎么解决", "如何处理", "采取了哪些措施", "有没有…办法") is
# answered by what is done, not by the problem restated.
HOW_QUESTION = re.compile(r"怎么|如何|怎样|(?:哪些|什么|有没有|没有)[^，。？?]{0,6}(?:措施|举措|办法|做法|手段|对策|招|工作|安排)")
# 怎样/怎么样/如何 as the predicate of a noun ("通客车情况分别是怎样的", "进展如何", "爽约会怎样") asks what the thing is
# like, which its situation may answer: no how-question. Before a verb (怎么发到手, 如何解决) it asks by what means, and as
# the complement of a verb (办得怎么样, 改善得如何) how the act went: both are answered by what is done.
DESCRIBED = re.compile(r"(?<!得)是?(?:怎么样|怎样|如何)[的了呢啊]*(?=[，,。？?！!；;]|$)")
# Sections of a reply that set out the situation before its measures ("一、基本情况", "二、存在的主要困难").
BACKGROUND = re.compile(r"基本情况|总体情况|现状|存在(?:的)?(?:主要)?(?:问题|困难|不足)|面临的")


def asks_how(question: str) -> bool:
    """The question asks how something is dealt with (HOW_QUESTION), not what a thing is like (DESCRIBED)."""
    return bool(HOW_QUESTION.search(DESCRIBED.sub("，", question)))


def says_only_the_proposal(quote: str) -> bool:
    """Every sentence of the quote is a courtesy, the receipt, the proposal restated or its problem restated."""
    sentences = [sentence for _, _, sentence in split_sentences(quote, 1)]
    return bool(sentences) and all(RECEIPT.search(sentence) or COURTESY.search(sentence) or restates_proposal(sentence)
                                   or restates_problem(sentence) for sentence in sentences)


def answering_first(scored: list[tuple[float, Citation]], ask: SentenceAsk, window: int) -> list[tuple[float, Citation]]:
    """The citation quoting the sentence the focus check found to answer, moved into the first `window` an
    answer is chosen from when it ranks below them ("每餐补贴3元至5元" in the fifth section for 每顿补几块钱)."""
    if not ask.answer or any(ask.answer in c.quote for _, c in scored[:window]):
        return scored
    at = next((i for i, (_, c) in enumerate(scored) if ask.answer in c.quote), None)
    if at is None:
        return scored
    return [*scored[: window - 1], scored[at], *(pair for i, pair in enumerate(scored) if i >= window - 1 and i != at)]


def stock_first(scored: list[tuple[float, Citation]], ask: SentenceAsk, window: int) -> list[tuple[float, Citation]]:
    """Asked how much there is (有多长), the passage stating the total (总里程1836.4公里) may rank below one planning more
    of it (计划实施…210公里), which shares the question's words as well: the best-scored citation holding the asked figure
    outside the first `window` is moved in when it outscores every citation there."""
    if not ask.stock or ask.needs is None or len(scored) <= window:
        return scored
    best_in = max(score for score, _ in scored[:window])
    outside = [(score, i) for i, (score, c) in enumerate(scored) if i >= window and score > best_in and ask.needs.search(c.quote)]
    if not outside:
        return scored
    at = max(outside)[1]
    return [*scored[: window - 1], scored[at], *(pair for i, pair in enumerate(scored) if i >= window - 1 and i != at)]


def relative_year(question: str) -> int | None:
    """The offset of a year the question says relative to now (明年 +1, 去年 -1), read against each reply's own
    year: the reply's "now"."""
    found = RELATIVE_YEAR.search(question)
    return RELATIVE_YEARS[found.group(0)] if found else None


def asked_year(question: str) -> int | None:
    """The one year a question names (2024年底前, 2024年要加固多少): a sentence on that year answers it. (A
    question naming two years asks them apart: asks_twice.)"""
    years = set(re.findall(r"((?:19|20)\d{2})\s*年", question))
    return int(years.pop()) if len(years) == 1 else None


def monosyllabic_verbs(question: str) -> tuple[str, ...]:
    """The question's one-character verbs that say an act of their own (赔 of 找谁赔, 查 of 能不能查), not a light one
    (去, 看, 办: LIGHT_VERBS)."""
    return tuple(dict.fromkeys(p.word for p in tagged(question)
                               if len(p.word) == 1 and p.flag.startswith("v") and p.word not in LIGHT_VERBS))


# Words that negate the act after them (不去看病, 没去看病, 未缴费); 没去 is one word to jieba.
NEGATIONS = frozenset("不 没 没有 未 没去 不去 没来".split())


def negated_acts(question: str) -> frozenset[str]:
    """The verbs the question negates ("预约挂号了不去看病会怎么样": 看病), a going or coming between them (不去看病) passed
    over; only a verb right after the negation (不在…修围栏 negates no act: 在 is a preposition)."""
    words = [(p.word, p.flag) for p in tagged(question)]
    found = set()
    for i, (word, _) in enumerate(words):
        if word not in NEGATIONS:
            continue
        after = words[i + 1:i + 3]
        while after and after[0][0] in ("去", "来"):
            after = after[1:]
        if after and after[0][1] in ("v", "vn") and len(after[0][0]) >= 2:
            found.add(after[0][0])
    return frozenset(found)


class QuoteSelector:
    def __init__(self, retriever: Retriever, config: AnswerConfig) -> None:
        self.retriever = retriever
        self.config = config

    def sentence_ask(self, question: str, about: About, answer: str = "",
                     closeness: dict[str, float] | None = None) -> SentenceAsk:
        """What the question asks of a sentence. The agencies and places it names chose the reply
        (About.rank); inside it they must not pull towards a sentence that mentions another office
        ("我局将会同区科经委…" for a question naming both)."""
        tokenizer = self.retriever.tokenizer
        scope = {t for word in about.scope_words for t in tokenizer.tokenize(word, expand=False)}
        tokens = [t for t in dict.fromkeys(tokenizer.tokenize(question, expand=False)) if t not in scope]
        found = asked(question)
        figure = figure_pattern(question)
        needs = carried(question, found.kind, found.answers, figure)
        bound = bound_span(question, figure)
        plans = bool(PLANS_QUESTION.search(question))
        if plans and found.kind in ("date", None):
            # "改造什么时候完工": a deadline promised, not any date (2012年，我厅安排… opens a report); a quote on the work
            # runs on into the sentence saying by when it is done (改造工作计划于2012年9月底前完成).
            needs = PromisedDeadline()
        if needs is None and found.act:
            needs = re.compile("|".join(map(re.escape, found.act)))  # "怎么投诉": a sentence that says how to 投诉
        shape = found.answers
        if shape is None and WHERE_TO_GO.search(question):
            shape = PLACE_OF_ACT  # "能不能查…？去哪里申请？": the yes/no first, the place asked after it
        return SentenceAsk(idf_weights(self.retriever.index.lexical.idf, tokens), shape,
                           figure, bool(DEEDS_QUESTION.search(question)),
                           asks_how(question), plans, answer,
                           closeness or {}, relative_year(question), asked_year(question), needs,
                           counted_pattern(question, predicates(question)) if found.kind == "count" else None,
                           bool(STOCK_QUESTION.search(question)) and not FUTURE.search(question)
                           and not PLANS_QUESTION.search(question), bound,
                           bool(NOW_QUESTION.search(question)) and not FUTURE.search(question),
                           monosyllables=monosyllabic_verbs(question), negated=negated_acts(question),
                           kinds=kinds_of_noun(question), polar=found.kind == "yesno")

    def citations(self, hits: list[Hit], k: int, ask: SentenceAsk) -> list[tuple[float, Citation]]:
        """The top k distinct sections as citations, each quoting its best sentence, with its score. A section
        cut into several passages is quoted from the best of those retrieved (its figure may sit in a passage
        ranked below the one that shares the question's words), ranked where its first passage is."""
        replies = self.retriever.index.replies
        sections: dict[tuple[str, str], list[Hit]] = {}
        for hit in self.in_reach(hits, k):
            sections.setdefault((hit.chunk.reply_id, hit.chunk.section_id), []).append(hit)
        found: list[tuple[float, Citation]] = []
        for passages in sections.values():
            first = passages[0]
            reply = replies[first.chunk.reply_id]
            asked = ask if ask.year_offset is None or not reply.meta.year \
                else replace(ask, year=reply.meta.year + ask.year_offset)
            quotes = [(best_quote(h.chunk, self.retriever.passage_tokens(h.chunk), asked, self.config), h) for h in passages]
            (score, start, end, _), hit = max(quotes, key=lambda pair: pair[0].score)
            section = reply.section(hit.chunk.section_id)
            start = readable_start(section.text, hit.chunk.start + start)
            citation = cite(reply, hit.chunk.section_id, start, hit.chunk.start + end, score=first.score,
                            rank=len(found) + 1)
            if ask.how and BACKGROUND.search(section.heading or ""):
                score -= self.config.problem_penalty  # the situation, not what is done about it
            found.append((score + self.config.rank_bonus / (len(found) + 1), citation))
        return self.measures_before_restatement(found) if ask.how else found

    def measures_before_restatement(self, found: list[tuple[float, Citation]]) -> list[tuple[float, Citation]]:
        """A reply restates the proposal, then reports, then promises. Asked what is done (怎么解决, 有什么安排), a
        section whose best quote only restates the proposal or its problem (您反映…建议…, …上学距离增加，家长接送负担加重)
        shares the question's words yet answers nothing: it is cited after the sections of the same reply that say
        what is done. (Another reply's sections keep their places: a restating section still shows which reply
        speaks of the question, which one on another matter does not.)"""
        restating = [says_only_the_proposal(c.quote) for _, c in found]
        if not any(restating) or all(restating):
            return found
        order = list(found)
        for reply_id in dict.fromkeys(c.reply_id for _, c in found):
            places = [i for i, (_, c) in enumerate(found) if c.reply_id == reply_id]
            mine = [i for i in places if not restating[i]] + [i for i in places if restating[i]]
            for place, i in zip(places, mine):
                order[place] = found[i]
        reranked = []
        for rank, (score, citation) in enumerate(order, 1):
            old_bonus = self.config.rank_bonus / citation.rank
            reranked.append((score - old_bonus + self.config.rank_bonus / rank, citation.model_copy(update={"rank": rank})))
        return reranked

    def closeness(self, hits: list[Hit], vector: np.ndarray | None) -> dict[str, float]:
        """Each sentence of the passages' closeness in meaning to the question (the vectors stored at build
        time; none when the search ran without the question's vector)."""
        if vector is None:
            return {}
        sentences = list(dict.fromkeys(sentence for hit in hits
                                       for _, _, sentence, _ in self.retriever.passage_tokens(hit.chunk).sentences))
        if not sentences:
            return {}
        scores = self.retriever.text_vectors(sentences) @ np.asarray(vector, dtype=np.float32)
        return dict(zip(sentences, scores.tolist()))

    @staticmethod
    def in_reach(hits: list[Hit], k: int) -> list[Hit]:
        """The hits whose passages the top k sections are quoted from (citations)."""
        keys: set[tuple[str, str]] = set()
        reach = []
        for hit in hits:
            key = (hit.chunk.reply_id, hit.chunk.section_id)
            if key in keys or len(keys) < k:
                keys.add(key)
                reach.append(hit)
        return reach

    def on_topic(self, citation: Citation, terms: list[str]) -> bool:
        """The citation's section, with its reply's title and its heading, holds the focus words (at most
        focus_max_missing of their weight missing, as the focus check reads the top passages)."""
        if not terms:
            return True
        reply = self.retriever.index.replies[citation.reply_id]
        section = reply.section(citation.section_id)
        text = f"{reply.title}\n{reply.meta.proposal_title or ''}\n{section.heading}\n{section.text}".lower()
        weights = idf_weights(self.retriever.index.lexical.idf, terms)
        return missing_share(text, terms, weights, self.retriever.tokenizer) <= self.config.focus_max_missing

    def choose(self, question: str, scored: list[tuple[float, Citation]], about: About,
               each_reply: bool = False, terms: list[str] | None = None,
               parties_pool: list[tuple[float, Citation]] | None = None) -> list[Citation]:
        """The citations whose sentences the answer quotes, best first. `each_reply`: the search left some
        agencies out ("其他部门呢？" in a conversation): after the best passages, every other reply among
        the top ones is quoted too, each by its own best passage."""
        top = sorted(scored[: self.config.answer_passages], key=lambda pair: -pair[0])
        if not top:
            return []
        if top[0][0] <= 0:
            # The first passages say nothing of their own (the receipt, courtesies, the situation before the
            # measures: "…的问题政府是怎么答复的" shares most words with them): the best of all is quoted.
            top = sorted(scored, key=lambda pair: -pair[0])[: self.config.answer_passages]
        best = top[0][0]
        cutoff = self.config.relative_cutoff
        chosen = [c for s, c in top if s >= best * cutoff][: self.config.max_sentences] or [top[0][1]]
        ranked = sorted(scored, key=lambda pair: -pair[0])
        if len(about.parties) > 1:
            # "区人社局和区民政局分别…", "武侯区和浦东新区分别…": the question says whom it asks. Each office's
            # or place's best passages (two each for two), each against its own best, and nobody else's.
            each = max(1, self.config.multi_replies // len(about.parties))
            picks: list[Citation] = []
            pool = sorted(parties_pool or [], key=lambda pair: -pair[0])
            deeds = bool(DEEDS_QUESTION.search(question))
            for _, name_replies in about.parties:
                own = [(s, c) for s, c in ranked if c.reply_id in name_replies and c not in picks]
                pooled = [(s, c) for s, c in pool if c.reply_id in name_replies and c not in picks]
                if not own or own[0][0] <= 0 or (pooled and own[0][0] < pooled[0][0] * cutoff):
                    # Its passages among the top k say nothing of their own (its proposal restated, a courtesy), or
                    # nothing next to one of its passages further down (its target, 力争到2025年…, for "定了什么目标",
                    # below its activities sharing the question's words): its best among every passage of its
                    # replies retrieved.
                    own = pooled or own
                elif deeds:
                    # Asked what each did: its passages stating a quantity (a deed and its count, or a plan's figure)
                    # among the top k, and its reports among every passage of its replies retrieved, come before
                    # its passages that count nothing (the matter's importance stated, "农村客运是…重要支撑", shares
                    # the words a report does not).
                    among = {(c.reply_id, c.section_id) for _, c in own}
                    reports = [pair for pair in pool if pair[1].reply_id in name_replies
                               and (pair[1].reply_id, pair[1].section_id) not in among and reports_quantity(pair[1].quote)]
                    counting = [(s, c) for s, c in own if find_targets(c.quote)]
                    counted = {id(c) for _, c in counting}
                    own = [*sorted([*counting, *reports], key=lambda pair: -pair[0]),
                           *((s, c) for s, c in own if id(c) not in counted)]
                picks += [c for s, c in own[:each] if s >= own[0][0] * cutoff]
            if len({c.reply_id for c in picks}) > 1:
                return [self.run_on(c) for c in picks]
        if each_reply:
            # After the best passages, each other reply among the top ones by its own best passage.
            quoted = {c.reply_id for c in chosen}
            for s, c in ranked[: self.config.answer_passages * 2]:
                if c.reply_id not in quoted and s >= best * cutoff and len(quoted) < self.config.multi_replies:
                    chosen.append(c)
                    quoted.add(c.reply_id)
            return chosen
        if len(about.parties) > 1 or MULTI_QUESTION.search(question) or GATHERING.search(question):
            # "分别是怎么说的", "都做了哪些": the best passage of each reply among the top ones, and of
            # every agency named.
            by_reply: dict[str, Citation] = {}
            for _, name_replies in about.parties:
                pick = next((c for _, c in ranked if c.reply_id in name_replies), None)
                if pick is not None:
                    by_reply.setdefault(pick.reply_id, pick)
            for s, c in ranked[: self.config.answer_passages * 2]:
                # "各地…分别": a reply joins the others only when its passage is on what is asked.
                if s >= best * cutoff and c.reply_id not in by_reply and (not by_reply or self.on_topic(c, terms or [])):
                    by_reply[c.reply_id] = c
            if len(by_reply) > 1:
                chosen = [self.run_on(c) for c in list(by_reply.values())[: self.config.multi_replies]]
        return chosen

    def run_on(self, citation: Citation) -> Citation:
        """One reply's say in an answer gathering several: its best sentence and the sentences after it in
        the same paragraph, up to `multi_quote_chars` (a reply reports a measure, then what it came to or the
        next measure on the same matter), then, within what is left of that length, the sentences before it
        in the paragraph (which opens with what was done and its count, "建成集中供水工程1.8万处。", before what
        it came to: the best sentence is often the second)."""
        reply = self.retriever.index.replies[citation.reply_id]
        text = reply.section(citation.section_id).text
        paragraph_end = text.find("\n", citation.end)
        end = citation.end
        for _, next_end, sentence in split_sentences(text[end:len(text) if paragraph_end < 0 else paragraph_end], 1):
            # A sentence ending in a colon introduces what the paragraph does not hold (a table, a list).
            if citation.end + next_end - citation.start > self.config.multi_quote_chars \
                    or COURTESY.search(sentence) or RECEIPT.search(sentence) or sentence.endswith(("：", ":")):
                break
            end = citation.end + next_end
        start = self.paragraph_lead(text, citation.start, end)
        if end == citation.end and start == citation.start:
            return citation
        return cite(reply, citation.section_id, start, end, score=citation.score, rank=citation.rank)

    def paragraph_lead(self, text: str, start: int, end: int) -> int:
        """Where a gathered quote starts: at the earliest sentence of its paragraph before `start` from which
        the quote still fits in `multi_quote_chars`, the sentences between taken whole (not across a receipt,
        a courtesy, the proposal restated, or a line ending in a colon)."""
        paragraph_start = text.rfind("\n", 0, start) + 1
        lead = start
        for sentence_start, _, sentence in reversed(list(split_sentences(text[paragraph_start:start], 1))):
            at = paragraph_start + sentence_start
            if end - at > self.config.multi_quote_chars or COURTESY.search(sentence) or RECEIPT.search(sentence) \
                    or sentence.endswith(("：", ":")) or restates_proposal(sentence):
                break
            lead = at
        return lead

    def quoted_answer(self, question: str, hits: list[Hit], k: int, about: About, each_reply: bool = False,
                      terms: list[str] | None = None, answer: str = "", vector: np.ndarray | None = None,
                      **extra) -> Answer:
        """`terms`: the question's focus words (service/focus.py), which each reply gathered must hold;
        `answer`: the sentence the focus check found to say what is asked, preferred; `vector`: the question's,
        for the sentences' closeness in meaning."""
        ask = self.sentence_ask(question, about, answer, self.closeness(self.in_reach(hits, k), vector))
        scored = self.citations(hits, k, ask)
        # An office the question names whose passages among the top k say nothing is read in every passage of
        # its replies retrieved: its report may rank below the other's passages and its own proposal restated.
        pool = self.citations(hits, self.config.party_sections, ask) if len(about.parties) > 1 else None
        window = self.config.answer_passages
        chosen = self.choose(question, answering_first(stock_first(scored, ask, window), ask, window), about, each_reply,
                             terms, pool)
        quoted = {(c.reply_id, c.section_id) for c in chosen}  # a run-on quote is a new citation of its section
        others = [c for _, c in scored if (c.reply_id, c.section_id) not in quoted]
        return compose(question, chosen, others, self.retriever.index.replies, self.retriever.tokenizer, **extra)
