"""Promise questions ("区科经委承诺过哪些AI相关的事？", "有哪些到2025年要完成的目标？") answered from
the commitments extracted at index time, before the ordinary retrieval path (see Engine.ask).

The answer has the same shape as any other: its sentences are commitment spans, each cited to its
reply section with start/end = the span, so the reply page highlights exactly the promise. When the
question does not ask about promises, or no commitment matches it, `answer_promise` returns None
and the normal retrieval answer is given.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlencode

import numpy as np

from indexer import grammar
from indexer.docstore import CommitmentTokens
from indexer.lexical import Tokenizer
from indexer.models import Commitment
from indexer.store import LoadedIndex
from service.about import place_names
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


@dataclass(frozen=True)
class PromiseQuery:
    topic: list[str]                # question tokens that name the subject (AI, 算力, 幸福河湖…)
    agency: str | None = None       # an agency name or alias found in the question
    deadline_year: int | None = None
    reply_year: int | None = None
    wants_list: bool = False
    wants_progress: bool = False
    contrast: bool = False          # promised against done: the answer quotes one of each


def is_contrast_question(question: str) -> bool:
    promised = PROMISED_SIDE.search(question)
    done = DONE_SIDE.search(question)
    return bool(promised and done and promised.start() != done.start())


def is_promise_question(question: str) -> bool:
    return bool(PROMISE_QUESTION.search(question)) or is_contrast_question(question)


def parse_query(question: str, tokenizer: Tokenizer, place_words: frozenset[str] = frozenset()) -> PromiseQuery:
    """`place_words`: the places the archive's agencies sit in (上海市, 浦东新区, 浦东…): a place names
    the scope every reply shares, not the subject of a promise."""
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
    topic_text = FILLER_PHRASES.sub(" ", YEAR.sub(" ", question))
    tokens = tokenizer.tokenize(topic_text, expand=False)
    topic = [t for t in dict.fromkeys(tokens)
             if t not in FILLER and t not in agency_words and t not in place_words and not t.startswith(("doc:", "要")) and not t.isdigit()]
    contrast = is_contrast_question(question)
    return PromiseQuery(topic=topic, agency=agency, deadline_year=deadline_year, reply_year=reply_year,
                        wants_list=bool(LIST_QUESTION.search(question)),
                        wants_progress=contrast or bool(PROGRESS_QUESTION.search(question)), contrast=contrast)


class PromiseFinder:
    """Ranks an index's commitments against a promise question (lexical overlap plus hints).

    Commitment tokens are cut at index time and looked up through the index's term table, so a
    question reads only the commitments that mention its heaviest topic words.
    """

    def __init__(self, index: LoadedIndex, tokenizer: Tokenizer) -> None:
        self.index = index
        self.tokenizer = tokenizer
        self._tokens: dict[int, CommitmentTokens] = {}
        self.filter = ReplyFilter(index.documents.columns, tokenizer, index.documents.position)
        self.place_words = frozenset(p.lower() for p in place_names(index.documents.columns.agencies))

    def _commitment_tokens(self, commitment: Commitment) -> tuple[set[str], set[str]]:
        """(tokens of the span and its section path, tokens of the reply title), as stored at index time."""
        cid = commitment.commitment_id
        if cid not in self._tokens:
            self._tokens.update(self.index.documents.commitment_tokens([cid]))
        stored = self._tokens[cid]
        return set(stored.own), set(stored.title)

    def _equivalents(self, token: str) -> set[str]:
        """A topic word and its aliases: AI ↔ 人工智能 ↔ AIGC ↔ 大模型."""
        found = {token}
        for group in self.tokenizer.alias_groups:
            if any(token == name.lower() for name in group):
                # Whole names only: the search tokenizer's pieces (智能, 模型) would match 智能工厂.
                found.update(name.lower() for name in group)
        return found

    def _weight(self, token: str) -> float:
        return max(self.index.lexical.idf(token), 0.1)

    def coverage(self, query: PromiseQuery, commitment: Commitment) -> float:
        """IDF-weighted share of the topic words the promise mentions; its reply's title counts half."""
        if not query.topic:
            return 1.0
        own, title = self._commitment_tokens(commitment)
        total = found = 0.0
        for token in query.topic:
            weight = self._weight(token)
            total += weight
            equivalents = self._equivalents(token)
            if equivalents & own:
                found += weight
            elif equivalents & title:
                found += weight / 2
        return found / total if total else 0.0

    def allowed(self, query: PromiseQuery, commitment: Commitment, replies: np.ndarray | None) -> bool:
        if commitment.kind != "commitment" and not query.wants_progress:
            return False
        if replies is not None and not replies[self.index.documents.position[commitment.reply_id]]:
            return False
        if query.agency and not agency_matches(query.agency, commitment.agency, self.tokenizer):
            return False
        if query.deadline_year is not None and commitment.kind == "commitment" and (
                not commitment.deadline or int(commitment.deadline[:4]) != query.deadline_year):
            return False
        if query.reply_year is not None and commitment.year != query.reply_year:
            return False
        return True

    def candidates(self, query: PromiseQuery) -> list[int]:
        """Ids of the commitments that can reach MIN_COVERAGE: any such promise mentions one of the
        heaviest topic words, those without which the remaining words weigh less than MIN_COVERAGE."""
        weights = {t: self._weight(t) for t in query.topic}
        total = sum(weights.values())
        needed, rest = [], total
        for token in sorted(weights, key=lambda t: -weights[t]):
            if rest < MIN_COVERAGE * total * (1 - 1e-9):
                break
            needed.append(token)
            rest -= weights[token]
        terms = sorted({e for t in needed for e in self._equivalents(t)})
        ids = self.index.documents.commitments_with_terms(terms)
        if len(self._tokens) > 100_000:  # a cache, not a copy of the archive
            self._tokens.clear()
        self._tokens.update(self.index.documents.commitment_tokens([i for i in ids if i not in self._tokens]))
        return ids

    def find(self, question: str, filters: Filters | None = None, k: int = 5) -> list[tuple[float, Commitment]]:
        query = parse_query(question, self.tokenizer, self.place_words)
        allowed = self.filter.mask(filters)
        replies = None if allowed is None else allowed[0]
        limit = min(k, MAX_LIST if query.wants_list or query.wants_progress or not query.topic else MAX_SPECIFIC)
        if not query.topic:
            # Every promise covers an empty topic: the sooner deadlines first, read until the page is full.
            found = []
            for commitment in self.index.documents.iter_commitments(order="COALESCE(deadline, '9999'), commitment_id"):
                if self.allowed(query, commitment, replies):
                    found.append((1.0, commitment))
                    if len(found) == limit:
                        break
            return found
        scored = []
        for cid in self.candidates(query):
            commitment = self.index.documents.commitment(cid)
            if not self.allowed(query, commitment, replies):
                continue
            score = self.coverage(query, commitment)
            if score >= MIN_COVERAGE:
                # Ties go to the sooner deadline, then archive order.
                scored.append((score, commitment))
        if not scored:
            return []
        scored.sort(key=lambda pair: (-pair[0], pair[1].deadline or "9999", pair[1].commitment_id))
        if query.contrast:
            return promise_and_report(scored)
        best = scored[0][0]
        return [pair for pair in scored if pair[0] >= best * RELATIVE_CUTOFF][:limit]


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
    """The commitments view filtered to the agency asked about (or the one all found promises share)."""
    agencies = {c.agency for c in found if c.agency}
    agency = query.agency or (agencies.pop() if len(agencies) == 1 else None)
    return "/commitments" + (f"?{urlencode({'agency': agency})}" if agency else "")


def answer_promise(question: str, finder: PromiseFinder, filters: Filters | None = None, k: int = 5) -> Answer | None:
    """An answer quoting the matching commitments, or None when the question is not about promises
    or nothing in the archive matches it (the caller then answers the ordinary way).

    A citation's `score` and the answer's `evidence` are the promise's coverage of the question's
    topic words: the IDF-weighted share found, as `evidence` is for quoted answers."""
    if not is_promise_question(question):
        return None
    found = finder.find(question, filters, k)
    if not found:
        return None
    citations = [cite(finder.index.replies[c.reply_id], c.section_id, c.start, c.end, score=score, rank=rank)
                 for rank, (score, c) in enumerate(found, 1)]
    query = parse_query(question, finder.tokenizer, finder.place_words)
    replies = {c.reply_id: finder.index.replies[c.reply_id] for c in citations}
    return compose(question, citations, [], replies, finder.tokenizer, kind="promise",
                   evidence=round(found[0][0], 4), commitments_url=commitments_link(query, [c for _, c in found]))
