"""Promise questions ("区科经委承诺过哪些AI相关的事？", "有哪些到2025年要完成的目标？") answered from
the commitments extracted at index time, before the ordinary retrieval path (see Engine.ask).

The answer has the same shape as any other: its sentences are commitment spans, each cited to its
reply section with start/end = the span, so the reply page highlights exactly the promise. When the
question does not ask about promises, or no commitment matches it, `answer_promise` returns None
and the normal retrieval answer is given.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from urllib.parse import urlencode

import numpy as np

from indexer import grammar
from indexer.lexical import Tokenizer
from indexer.models import Commitment
from indexer.store import LoadedIndex
from service.about import ArchiveNames, find_about, own_words
from service.citations import cite
from service.compose import Answer, compose
from service.retrieve import Filters, ReplyFilter, agency_matches

# What makes a question ask about promises rather than facts.
PROMISE_QUESTION = re.compile(
    r"承诺|许诺|答应|保证过|目标|打算|准备|下一步|接下来|今后|将来|要完成|将要|原计划|计划(?:要|到|在|于|什么|哪|做)|"
    r"时间表|什么时候(?:完成|建成|建好|上线|开通|推出|开班|能|[\u4e00-\u9fff]{1,3}[完好])|何时|(?:到|在)\s*\d{4}\s*年|"
    r"\d{4}\s*年(?:底|前|年底|\s*\d{1,2}\s*月(?:底|前))|"
    r"要(?:新建|建成|建|培育|新增|达到|完成|打通|开通|推出|上线)"
)
# A question that also asks how far a promise got ("目标是多少家，进展怎么样？") gets the reports too.
PROGRESS_QUESTION = re.compile(r"进展|进度|完成了|落实|现在|目前|已经|兑现|实际|如今|截至")
# A question setting what was promised against what was done ("目标是多少，现在达到多少", "计划形成多少个，
# 实际形成了多少个", "当初说建几个，现在建成了几个"): its answer needs a promise *and* a report. 计划 counts
# as the promise only as a verb or a subject on its own, not inside a programme's name (明珠计划).
PROMISED_SIDE = re.compile(r"目标|原计划|(?<![\u4e00-\u9fff])计划|当初|当时|起初|原来|承诺|打算|预计|规划(?=[要到是])")
DONE_SIDE = re.compile(r"实际|现在|目前|如今|截至|已经|进展|进度|兑现|落实|(?:建成|形成|完成|达到|实现|培育|引进|开通)了")
LIST_QUESTION = re.compile(r"哪些|什么事|有什么|都有|都做|分别|列出|清单")
# Question words that carry the promise, not the topic: they must not decide which promise matches.
FILLER = frozenset(
    "承诺 承诺过 许诺 答应 保证 目标 打算 准备 下一步 接下来 今后 将来 要 完成 将 将要 计划 原计划 时间表 时候 "
    "什么时候 何时 到 年 底 年底 前 之前 以前 哪些 什么 事 事情 相关 有 过 做 说 提出 提到 政府 "
    "区 市 县 省 新区 多少 几 几个 几家 多久 能 会 还 准备 现在 当初 原来 关于 方面 工作 哪 年内 内 的 了 吗 呢 建 新 个 家 "
    # words that ask how far it got, or ask several replies: no part of the promise's subject
    "实际 目前 如今 截至 进展 进度 达到 分别 各自 两份 答复 怎么 怎么样".split()
)
FILLER_PHRASES = re.compile(
    r"承诺过?|许诺过?|答应过?|打算|准备|原计划|计划|将要|(?<![需重主摘])要(?![素求点])|说过?|什么时候|何时|多少|"
    rf"有哪些|哪些|几(?:{grammar.unit_pattern(grammar.QUESTION_CLASSIFIERS)})?|相关的?|的事情?|什么"
)
YEAR = re.compile(r"(\d{4})\s*年\s*(底|末|前|年底)?")
MAX_LIST = 5
MAX_SPECIFIC = 2
MIN_COVERAGE = 0.5      # share of the question's topic (IDF-weighted) a promise must mention
RELATIVE_CUTOFF = 0.8   # a further promise must score this share of the best one
PARTY_REPLIES = 50      # a party with more replies than this (全国: every ministry's) is searched through the postings
BATCH = 256             # most commitments whose tokens are read in one query


@dataclass(frozen=True)
class PromiseQuery:
    topic: list[str]                # question tokens that name the subject (AI, 算力, 幸福河湖…)
    agency: str | None = None       # an agency name or alias found in the question
    deadline_year: int | None = None
    reply_year: int | None = None
    wants_list: bool = False
    wants_progress: bool = False
    contrast: bool = False          # promised against done: the answer quotes one of each
    places: tuple[str, ...] = ()    # places named (洛阳, 武侯区): the promiser is a body of one of them


def is_contrast_question(question: str) -> bool:
    promised = PROMISED_SIDE.search(question)
    done = DONE_SIDE.search(question)
    return bool(promised and done and promised.start() != done.start())


def is_promise_question(question: str) -> bool:
    return bool(PROMISE_QUESTION.search(question)) or is_contrast_question(question)


def parse_query(question: str, tokenizer: Tokenizer, place_words: frozenset[str] = frozenset(),
                agencies_in: Callable[[str], list[str]] | None = None,
                places_in: Callable[[str], list[str]] | None = None) -> PromiseQuery | None:
    """The question read as a promise question, or None when it asks about no promise.

    `place_words`: the places the archive's agencies sit in (上海市, 浦东新区, 浦东…): a place names
    the scope of the promise, not its subject. `agencies_in`: the archive's agency names a text contains,
    longest first (ArchiveNames.agencies_in); `places_in`: its place names (ArchiveNames.places_in), which
    scope the promise to the bodies of the places named ("洛阳打算怎么解决大班额": 洛阳's, not a ministry's)."""
    contrast = is_contrast_question(question)
    if not contrast and not PROMISE_QUESTION.search(question):
        return None
    agency = None
    agency_words: set[str] = set()
    for group in tokenizer.alias_groups:
        # Only agency groups: names that end like a body (委/局/办/部/中心…).
        names = [n for n in group if grammar.is_agency_name(n)]
        level = grammar.alias_group_level(group)
        hit = next((n for n in sorted(names, key=len, reverse=True) if grammar.mentions(question, n, level)), None)
        if hit:
            agency = hit
            for name in group:
                agency_words.update(t for t in tokenizer.words(name.lower()))
            break
    topic_source = question
    if agency is None and agencies_in is not None:
        # A body named as the archive names it, with no alias group (农业农村局, 哈尔滨市水利局): who made
        # the promise, as an alias is, and its name no words of what was promised (农业, 农村 of
        # 农业农村局; 数据资源管理局承诺过哪些数据相关的事 still asks about 数据).
        agency = next((name for name in agencies_in(question) if grammar.is_agency_name(name)), None)
        if agency is not None:
            topic_source = question.replace(agency, " ")
    # (a place inside the agency named, 哈尔滨 of 哈尔滨市水利局, is that agency's; the agency scopes already)
    places = tuple(places_in(topic_source if agency is None else topic_source.replace(agency, " "))) if places_in else ()
    deadline_year = reply_year = None
    for match in YEAR.finditer(question):
        year = int(match.group(1))
        before = question[max(0, match.start() - 1) : match.start()]
        after = question[match.end() : match.end() + 2]
        if match.group(2) or before in ("到", "在") or after.startswith(("要", "完成", "建", "实现", "达到")):
            deadline_year = deadline_year or year
        elif after.startswith(("说", "承诺", "提出", "答复", "的答复", "时")):
            reply_year = reply_year or year
        else:
            deadline_year = deadline_year or year
    # Cut the promise wording out before tokenising: jieba would glue it to the topic (率要, 家链).
    topic_text = FILLER_PHRASES.sub(" ", YEAR.sub(" ", topic_source))
    tokens = tokenizer.tokenize(topic_text, expand=False)
    topic = [t for t in dict.fromkeys(tokens)
             if t not in FILLER and t not in agency_words and t not in place_words and not t.startswith(("doc:", "要")) and not t.isdigit()]
    return PromiseQuery(topic=topic, agency=agency, deadline_year=deadline_year, reply_year=reply_year,
                        wants_list=bool(LIST_QUESTION.search(question)),
                        wants_progress=contrast or bool(PROGRESS_QUESTION.search(question)), contrast=contrast,
                        places=places)


def answer_order(item: tuple[float, str, int]) -> tuple[float, str, int]:
    """(score, deadline, id) → its place in an answer: best first, ties to the sooner deadline, then archive order."""
    score, deadline, cid = item
    return -score, deadline, cid


@dataclass(frozen=True)
class TopicWord:
    token: str
    weight: float               # IDF, at least 0.1
    equivalents: frozenset[str]  # the word and its aliases


class PromiseFinder:
    """Ranks an index's commitments against a promise question (lexical overlap plus hints).

    Commitment tokens are cut at index time and looked up through the index's term table: a
    question reads the postings of its heaviest topic words, and the tokens of a commitment only
    while its best possible score can still reach the answer (the work grows with the commitments
    that share those words, never with the archive).
    """

    def __init__(self, index: LoadedIndex, tokenizer: Tokenizer, names: ArchiveNames | None = None) -> None:
        self.index = index
        self.tokenizer = tokenizer
        self.filter = ReplyFilter(index.documents.columns, tokenizer, index.documents.position)
        self.names = names or ArchiveNames(index.documents.columns, tokenizer)
        self.place_words = frozenset(p.lower() for p in self.names.places)

    def parse(self, question: str) -> PromiseQuery | None:
        return parse_query(question, self.tokenizer, self.place_words, self.names.agencies_in, self.names.places_in)

    def _equivalents(self, token: str) -> set[str]:
        """A topic word and its aliases, whole names only: the search tokenizer's pieces (智能, 模型)
        would match 智能工厂."""
        return set(self.tokenizer.equivalents(token))

    def _weight(self, token: str) -> float:
        return max(self.index.lexical.idf(token), 0.1)

    def topic_words(self, query: PromiseQuery) -> list[TopicWord]:
        return [TopicWord(t, self._weight(t), frozenset(self._equivalents(t))) for t in query.topic]

    @staticmethod
    def score(words: list[TopicWord], own: set[str], title: set[str]) -> float:
        """IDF-weighted share of the topic words a promise mentions; its reply's title counts half."""
        if not words:
            return 1.0
        total = found = 0.0
        for word in words:
            total += word.weight
            if word.equivalents & own:
                found += word.weight
            elif word.equivalents & title:
                found += word.weight / 2
        return found / total if total else 0.0

    def replies(self, query: PromiseQuery, filters: Filters | None) -> np.ndarray | None:
        """Mask over reply positions: the filters, and the agency the question names (a commitment's
        agency is its reply's)."""
        named = Filters(reply_ids=sorted(set().union(*(self.names.place_replies(p) for p in query.places)))) \
            if query.places else None
        masks = [m[0] for m in (self.filter.mask(filters), self.filter.mask(Filters(agency=query.agency)),
                                self.filter.mask(named)) if m is not None]
        return np.logical_and.reduce(masks) if masks else None

    def passes(self, query: PromiseQuery, kind: str, deadline: str | None, year: int | None, position: int,
               replies: np.ndarray | None) -> bool:
        if kind != "commitment" and not query.wants_progress:
            return False
        if replies is not None and not replies[position]:
            return False
        if query.deadline_year is not None and kind == "commitment" and (
                not deadline or int(deadline[:4]) != query.deadline_year):
            return False
        if query.reply_year is not None and year != query.reply_year:
            return False
        return True

    def allowed(self, query: PromiseQuery, commitment: Commitment, replies: np.ndarray | None) -> bool:
        """One commitment against the question's hints and a mask of the filters' replies (None: all)."""
        if query.agency and not agency_matches(query.agency, commitment.agency, self.tokenizer):
            return False
        return self.passes(query, commitment.kind, commitment.deadline, commitment.year,
                           self.index.documents.position[commitment.reply_id], replies)

    @staticmethod
    def conditions(query: PromiseQuery) -> tuple[list[str], tuple]:
        """What `passes` checks on the commitment's own columns, as SQL, for a scan to skip early."""
        where, params = [], []
        if not query.wants_progress:
            where.append("kind = 'commitment'")
        if query.deadline_year is not None:
            # A range on the text (deadlines are ISO: 2025, 2025-06…) so the deadline index can seek.
            year_range = "deadline >= ? AND deadline < ?"
            where.append(year_range if not query.wants_progress else f"(kind != 'commitment' OR ({year_range}))")
            params.extend([f"{query.deadline_year:04d}", f"{query.deadline_year + 1:04d}"])
        if query.reply_year is not None:
            where.append("year = ?")
            params.append(query.reply_year)
        return where, tuple(params)

    def bounds(self, query: PromiseQuery, words: list[TopicWord], replies: np.ndarray | None
               ) -> list[tuple[float, str, int]]:
        """(highest score it can reach, deadline, id) of every commitment that passes the question's
        hints and can reach MIN_COVERAGE, in the order the answer ranks them. Such a promise mentions
        one of the heaviest topic words, those without which the remaining words weigh less than
        MIN_COVERAGE; only their postings are read, and the lighter words count as if mentioned."""
        total = sum(w.weight for w in words)
        needed, rest = [], total
        for word in sorted(words, key=lambda w: -w.weight):
            if rest < MIN_COVERAGE * total * (1 - 1e-9):
                break
            needed.append(word)
            rest -= word.weight
        owner = {term: i for i, word in enumerate(needed) for term in word.equivalents}
        where, params = self.conditions(query)
        position = self.index.documents.position
        mentioned: dict[int, set[int]] = {}
        deadlines: dict[int, str] = {}
        for term, cid, reply_id, kind, deadline, year in self.index.documents.commitment_postings(sorted(owner), where, params):
            if cid not in deadlines:
                if not self.passes(query, kind, deadline, year, position[reply_id], replies):
                    continue
                deadlines[cid] = deadline or "9999"
            mentioned.setdefault(cid, set()).add(owner[term])
        bounds = [((rest + sum(needed[i].weight for i in found)) / total, deadlines[cid], cid) for cid, found in mentioned.items()]
        return sorted(bounds, key=answer_order)

    def find_query(self, query: PromiseQuery, filters: Filters | None = None, k: int = 5) -> list[tuple[float, Commitment]]:
        replies = self.replies(query, filters)
        documents = self.index.documents
        limit = min(k, MAX_LIST if query.wants_list or query.wants_progress or not query.topic else MAX_SPECIFIC)
        if not query.topic:
            # Every promise covers an empty topic: the sooner deadlines first, read until the page is full.
            found = []
            where, params = self.conditions(query)
            for commitment in documents.commitments_by_deadline(None if replies is None else np.flatnonzero(replies),
                                                                where, params):
                if self.passes(query, commitment.kind, commitment.deadline, commitment.year,
                               documents.position[commitment.reply_id], replies):
                    found.append((1.0, commitment))
                    if len(found) == limit:
                        break
            return found
        words = self.topic_words(query)
        scored: list[tuple[float, str, int]] = []
        bounds = self.bounds(query, words, replies)
        start, size = 0, 32
        # A contrast picks the best promise and the best report each against its own kind: every
        # candidate that can reach MIN_COVERAGE is scored.
        limit_of = None if query.contrast else limit
        while start < len(bounds) and not self._settled(scored, limit_of, bounds[start]):
            batch = bounds[start : start + size]
            start, size = start + size, min(size * 2, BATCH)
            tokens = documents.commitment_tokens([cid for _, _, cid in batch])
            for bound, deadline, cid in batch:
                if self._settled(scored, limit_of, (bound, deadline, cid)):
                    break
                score = self.score(words, set(tokens[cid].own), set(tokens[cid].title))
                if score >= MIN_COVERAGE:
                    scored.append((score, deadline, cid))
        if not scored:
            return []
        scored.sort(key=answer_order)
        if query.contrast:
            return promise_and_report([(score, documents.commitment(cid)) for score, _, cid in scored])
        best = scored[0][0]
        return [(score, documents.commitment(cid)) for score, _, cid in scored[:limit] if score >= best * RELATIVE_CUTOFF]

    @staticmethod
    def _settled(scored: list[tuple[float, str, int]], limit: int | None, candidate: tuple[float, str, int]) -> bool:
        """Whether no candidate from this one on can enter the answer. Candidates come in the answer's
        order with their bound in place of their score, and a score never exceeds its bound: once
        `limit` promises rank before this bound, or it falls below what the answer admits, no later
        candidate can enter. Without a limit, only MIN_COVERAGE settles it."""
        bound, deadline, cid = candidate
        if limit is None:
            return bound < MIN_COVERAGE * (1 - 1e-9)
        best = max((score for score, _, _ in scored), default=0.0)
        if bound < max(MIN_COVERAGE, best * RELATIVE_CUTOFF) * (1 - 1e-9):
            return True
        if len(scored) < limit:
            return False
        score, kth_deadline, kth_id = heapq.nsmallest(limit, scored, key=answer_order)[-1]
        # Within rounding of the bound, only the tie-break (sooner deadline, then id) may settle it.
        return score > bound + 1e-9 or (score >= bound - 1e-9 and (kth_deadline, kth_id) < (deadline, cid))

    def find_in(self, query: PromiseQuery, replies: set[str]) -> list[tuple[float, Commitment]]:
        """The best promises of a few replies (one party of a question asking several: each_party), each read
        whole: its text, not its stored tokens, holds the topic words, which jieba may have cut otherwise in
        the sentence (快检室 as 快/检室 in "乡镇的快检室将在…"). A party of many replies is searched as any question is."""
        if len(replies) > PARTY_REPLIES:
            return self.find_query(query, Filters(reply_ids=sorted(replies)))[:MAX_SPECIFIC]
        words = self.topic_words(query)
        total = sum(w.weight for w in words)
        position = self.index.documents.position
        where, params = self.conditions(query)
        scored = []
        commitments = list(self.index.documents.commitments_by_deadline(
            np.array(sorted(position[r] for r in replies)), where, params))
        stored = self.index.documents.commitment_tokens([c.commitment_id for c in commitments])
        for commitment in commitments:
            text = commitment.text.lower()
            tokens = set(stored[commitment.commitment_id].own)
            # (a word of one character, 定 or 建, is found as a word: inside 制定, 确定 it is another)
            held = sum(w.weight for w in words
                       if w.equivalents & tokens or any(len(e) > 1 and e in text for e in w.equivalents))
            score = held / total if total else 1.0
            if score >= MIN_COVERAGE and self.passes(query, commitment.kind, commitment.deadline, commitment.year,
                                                     position[commitment.reply_id], None):
                scored.append((score, commitment))
        scored.sort(key=lambda pair: -pair[0])  # (stable: sooner deadlines first among equals)
        return [pair for pair in scored[:MAX_SPECIFIC] if pair[0] >= scored[0][0] * RELATIVE_CUTOFF]

    def find(self, question: str, filters: Filters | None = None, k: int = 5) -> list[tuple[float, Commitment]]:
        query = self.parse(question)
        return [] if query is None else self.find_query(query, filters, k)


def promise_and_report(scored: list[tuple[float, Commitment]]) -> list[tuple[float, Commitment]]:
    """For a question setting a promise against what was done: one promise, then one report, each
    among the best of its own kind (a report sharing more words must not crowd out the promise).
    Among those, a pair that belongs together wins: the report follows through on the promise (a
    later reply of the same agency on the same target) or counts the same thing (大模型应用企业)."""
    def close(kind_pairs: list[tuple[float, Commitment]]) -> list[tuple[float, Commitment]]:
        return [pair for pair in kind_pairs if pair[0] >= kind_pairs[0][0] * RELATIVE_CUTOFF] if kind_pairs else []

    promises = close([pair for pair in scored if pair[1].kind == "commitment"])
    reports = close([pair for pair in scored if pair[1].kind != "commitment"])
    if not promises or not reports:
        return (promises or reports)[:1]

    def together(promise: Commitment, report: Commitment) -> bool:
        linked = report.commitment_id in promise.follows or promise.commitment_id in report.reports_on
        return linked or bool(set(promise.objects) & set(report.objects))

    # Pairs in order of belonging together, then of their scores; ties keep the finder's order.
    candidates = [(p, r) for p in promises for r in reports]
    best = max(candidates, key=lambda pr: (together(pr[0][1], pr[1][1]), pr[0][0] + pr[1][0]))
    return list(best)


def commitments_link(query: PromiseQuery, found: list[Commitment]) -> str:
    """The commitments view filtered to the agency asked about (or the one all found promises share).

    A place named with the agency's short form (洪山区民政局: 洪山 + the alias 区民政局, which every district's
    bureau shares) narrows it to the body the promises found come from: the alias alone would list them all."""
    agencies = {c.agency for c in found if c.agency}
    shared = agencies.pop() if len(agencies) == 1 else None
    agency = (shared if query.places and shared else query.agency) or shared
    return "/commitments" + (f"?{urlencode({'agency': agency})}" if agency else "")


# A question distributing what it asks over the parties it names ("信阳…和安溪…，分别计划什么时候完成").
DISTRIBUTED = re.compile(r"分别|各自|各[做说定有打]")


def each_party(question: str, query: PromiseQuery, finder: PromiseFinder, k: int) -> list[tuple[float, Commitment]]:
    """"信阳的低产茶园改造和安溪的乡镇快检室，分别计划什么时候完成": the promises of each party named (a place, a body,
    a level: service/about.py), each found among its own replies with the words asked of it alone and of all, never
    those asked of another party (乡镇快检室 is no word of 信阳's promise). Empty unless every party has one: the
    question is then read as one."""
    if not DISTRIBUTED.search(question):
        return []
    about = find_about(question, finder.index.documents.columns, finder.tokenizer, None, finder.names)
    if len(about.parties) < 2:
        return []
    names = [name for name, _ in about.parties]
    others_words = [{t for j, words in enumerate(own_words(question, names)) if j != i
                     for t in finder.tokenizer.tokenize(words, expand=False)} for i in range(len(names))]
    found: list[tuple[float, Commitment]] = []
    for (_, replies), others in zip(about.parties, others_words):
        party = replace(query, agency=None, places=(), topic=[t for t in query.topic if t not in others])
        own = finder.find_in(party, replies) if replies else []
        if not own:
            return []
        found += own
    return found


def answer_promise(question: str, finder: PromiseFinder, filters: Filters | None = None, k: int = 5) -> Answer | None:
    """An answer quoting the matching commitments, or None when the question is not about promises
    or nothing in the archive matches it (the caller then answers the ordinary way).

    A citation's `score` and the answer's `evidence` are the promise's coverage of the question's
    topic words: the IDF-weighted share found, as `evidence` is for quoted answers."""
    query = finder.parse(question)
    if query is None:
        return None
    found = each_party(question, query, finder, k) if filters is None else []
    found = found or finder.find_query(query, filters, k)
    if not found:
        return None
    citations = [cite(finder.index.replies[c.reply_id], c.section_id, c.start, c.end, score=score, rank=rank)
                 for rank, (score, c) in enumerate(found, 1)]
    replies = {c.reply_id: finder.index.replies[c.reply_id] for c in citations}
    return compose(question, citations, [], replies, finder.tokenizer, kind="promise",
                   evidence=round(found[0][0], 4), commitments_url=commitments_link(query, [c for _, c in found]))
