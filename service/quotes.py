"""Sentence choice inside one passage: the sentence a quoted answer copies, and where its quote starts
and ends.

A passage's sentences are scored for the question's own words (a citizen's one-character verb held by
the reply's compound, 赔 by 赔偿; an act the question negates, 不去看病, only by a sentence negating
something), the asked shape and figure, and against the genre's empty formulas; the winner is then
made readable: a short lead-in runs on until it says something, a report of what was done runs on into the quantity it came to, and a sentence
that leans on the one before it (其中, 另一方面) starts there. `service/selection.py` decides which
passages are quoted; the abstention decision (`service/answer.py`) reads none of this.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

from indexer.commitments import DEADLINE_PROBE_YEAR, classify, find_deadline, find_targets
from indexer.models import Chunk
from indexer.sentences import split_sentences
from service.charges import CHARGE, CHARGE_CONCESSION
from service.compose import RELATIVE_YEAR, RELATIVE_YEARS
from service.tables import HEADER_UNIT, TABLE_ROW, table_header, table_header_above
from service.postag import dictionary_verb
from service.synonyms import lexicon

if TYPE_CHECKING:
    from indexer.docstore import PassageTokens
    from service.answer import AnswerConfig

# A sentence opening with one of these leans on the sentence before it; the quote starts there.
LEANS_BACK = re.compile(r"^(?:其中|另一方面|同时|与此同时|此外|另外|对此|为此|因此|这些|上述|该|在此基础上|此前|而且|并且|但|但是)")
# The receipt formula opening every reply ("…收悉，经研究，现将办理情况答复如下：", or "…收悉。" then
# "…现提出会办意见如下：") says nothing.
RECEIPT = re.compile(r"收悉.*(?:答复如下|函复如下|报告如下)|(?:答复|函复|报告|意见|说明)如下[：:]?$")
# Courtesies of the genre say nothing either: thanks, "我委高度重视…认真研究", agreement with the
# proposal ("…，我厅高度认同"), praise of it ("具有重要参考价值", "具有很强的针对性"), its receipt
# acknowledged on its own ("…的提案收悉。"). Quoted only when a passage has nothing else.
COURTESY = re.compile(r"感谢[^。]{0,30}关心|高度(?:重视|认同|赞同|肯定)|(?:完全|十分|非常|深表)(?:赞同|认同)|"
                      r"(?:具有|很强的)[^。]{0,12}(?:参考价值|针对性|借鉴意义|指导意义)|希望[^。]{0,12}继续|收悉[。！]?$")
COURTESY_PENALTY = 1.0
# An attachment listed by its title alone ("附件：1. 安吉县2022年农村公路提档升级项目清单") names a document
# the reply does not quote: a line of no clause, quoted only when a passage has nothing else.
ATTACHMENT_TITLE = re.compile(r"^(?:附件\s*[:：]?\s*)?(?:\d+\s*[.．、]\s*)?[^，。；！？、：:]+$")
# The problem a reply restates before its measures ("受…影响，…出行不便", "存在…的问题", "问题较为突出") is
# no answer to a question asking how it is dealt with; a sentence that names the problem in order to
# answer it ("针对…的问题，我委要求…") is a measure.
PROBLEM = re.compile(r"存在[^。；]{0,30}(?:问题|困难|不足|短板|缺口|瓶颈|隐患|差距)|"
                     r"(?:问题|矛盾|困难|现象)[^。；，]{0,4}(?:突出|明显|严重|普遍)|出现[^。；]{0,30}(?:问题|困难|现象)|"
                     r"面临[^。；]{0,20}(?:困难|压力|挑战)|^受[^。；]{1,40}(?:影响|制约|限制)|"
                     # an activity named as a hardship: 出行不便, 看病难, 停车难问题 (not 较难, 很难 of a degree)
                     r"[\u4e00-\u9fff]{2}(?<![较很太更最])(?:不便|难)(?=[、，,。；;”」]|问题|现象|等)|"
                     # a burden grown (家长接送负担加重, 资金压力较大)
                     r"(?:负担|压力)(?:加重|较重|过重|较大|增大|加大)|"
                     r"难以|有待|亟待|亟需|不够(?:完善|健全|充分)")
# A sentence dated to the present where it opens: its time adverb (目前, 现在, 截至目前), not a 当前 inside a clause that
# modifies another noun (在当前财力条件下).
NOW_SAID = re.compile(r"\s*(?:截至|截止)?(?:目前|现在|当前|如今|现阶段)")
# A sentence negating something: 不, 未, 没, 无 (无故爽约), 拒 (拒不), 否.
NEGATION_SAID = re.compile(r"[不未没无拒否]")
RESPONSE = re.compile(r"针对|为(?:解决|缓解|破解|此)|对此")
# The proposal restated to its proposer, as the language marks it: the proposer addressed ("您在建议中指出的…问题，
# 切中了…短板", "你们提出的…等建议，对做好相关工作具有重要参考价值", "贵委建议…"), or the proposal named as where it was
# said ("委员在提案中提出，…"). The proposer's words, which say neither what was done nor how much. (A deputy or member
# named as the subject of any verb, "代表关注的…", is not enough: replies report with it, "代表关注的…已建成…".)
_RESTATING = r"[^，。；]{0,4}(?:所提|提出|指出|建议|反映|提到|谈到)"
_IN_PROPOSAL = r"[^，。；]{0,12}(?:提案|建议|议案)中"
PROPOSAL_RESTATED = re.compile(rf"^(?:[^，。；]{{0,6}}[，,])?(?:(?:您|你们|贵(?:委|会|单位|党派|组|院|校)?)(?:{_IN_PROPOSAL})?"
                               rf"|(?:委员|代表){_IN_PROPOSAL}){_RESTATING}")
# ...unless a later clause opens with the office itself answering ("代表建议增设站点，我局已会同…").
ANSWERING_CLAUSE = re.compile(r"[，,；;]\s*(?:我|本)(?:局|委|厅|部|办|署|院|会|们|单位)")
# A reply's verdict on what a proposal asked for, as the genre words it: declined or put off (暂不将其纳入正式统计,
# 另设专项补助的条件尚不具备, 不宜公开排名, 暂无建设计划, 难以实施), or taken up (予以采纳, 已纳入…规划; a promise, 我局将…,
# is read by classify). The proposal restated says neither; a yes/no question on it is answered by the verdict.
# (a cost the office cannot bear, 区财政难以承担, declines a sum proposed; 不符合现行事权划分 declines by the rules)
DECLINED = re.compile(r"暂(?:不|无|未|缓)|暂时(?:不|无法|难以|没有)|不(?:具备|成熟)|不宜|不予|未予|无法|不符合|"
                      r"难以(?:实施|实行|推行|推广|采纳|满足|实现|落实|纳入|列入|安排|支持|承担|负担)|不能|不再")
TAKEN_UP = re.compile(r"采纳|同意|(?:已|将|拟)[^，。；]{0,8}(?:纳入|列入)")
# A figure said to be changed, in the clause that changes it: 今年补贴比例提高到60%, 标准调整为每人每月800元, 票价由80元调整为60元.
REVISED = re.compile(r"(?:提高|提升|上调|下调|降低|调整|增加|减少|降)(?:到|至|为)\s*(?:每[^\d，。；]{0,8})?"
                     r"(?P<number>\d+(?:\.\d+)?)\s*(?P<unit>%|％|万元|亿元|元|倍)")
# Where a list item starts: 一是, 其一, 第一，, 首先, （一）, 1.
LIST_ITEM = re.compile(r"(?:[一二三四五六七八九十]+是|其[一二三四五六七八九十]|第[一二三四五六七八九十]+[，、,]|首先|其次|再次|最后|"
                       r"[（(][一二三四五六七八九十\d]+[）)]|\d+[.．、](?!\d))")


HAN = re.compile(r"[\u4e00-\u9fff]+")


def abbreviated(words: Iterable[str], tokens: set[str]) -> set[str]:
    """The two-character words among `words` that the sentence with `tokens` writes in full: a 简称
    keeps the first character of a four-character compound and one of its second half (高校 for
    高等学校, 社保 for 社会保障, 公交 for 公共交通)."""
    compounds = [t for t in tokens if len(t) == 4 and HAN.fullmatch(t)]
    if not compounds:
        return set()
    return {w for w in words if len(w) == 2 and w not in tokens and HAN.fullmatch(w)
            and any(c[0] == w[0] and w[1] in c[2:] for c in compounds)}


def spelled_out(verbs: Iterable[str], tokens: set[str]) -> set[str]:
    """The one-character verbs among `verbs` that the sentence with `tokens` writes as a two-character verb opening
    with them: a citizen asks with the monosyllable (找谁赔, 能不能查, 补多少), a reply writes the compound (由开办方先行赔偿,
    查阅档案, 补助). (Only a verb: 建 is not held by 建议, nor 去 by 去年.)"""
    return {v for v in verbs if v not in tokens
            and any(len(t) == 2 and t[0] == v and dictionary_verb(t) for t in tokens)}


def idf_weights(idf: Callable[[str], float], tokens: Iterable[str]) -> dict[str, float]:
    return {t: idf(t) for t in tokens}


def coverage(weights: dict[str, float], text_tokens: set[str]) -> float:
    """IDF-weighted share of the weighted words found among `text_tokens`, each itself or as a synonym
    (the reply's 老年人 for a question's 老人: service/synonyms.py)."""
    return Covering(weights).share(text_tokens)


class Covering:
    """`coverage` of one set of weighted words, each word's synonyms looked up once for every text it
    is measured against (a passage's sentences, one by one)."""

    def __init__(self, weights: dict[str, float]) -> None:
        synonyms = lexicon()
        self.total = sum(weights.values())
        self.words = [(t, w, frozenset((t, *synonyms.of(t)))) for t, w in weights.items()]

    def share(self, text_tokens: set[str], unheld: frozenset[str] = frozenset()) -> float:
        """`unheld`: words that count as missing whatever the text holds."""
        held = sum(w for word, w, spellings in self.words if word not in unheld and not spellings.isdisjoint(text_tokens))
        return held / self.total if self.total else 0.0


@dataclass(frozen=True)
class SentenceAsk:
    """What a question asks of a sentence."""

    weights: dict[str, float]                  # its words, IDF-weighted
    shape: re.Pattern[str] | None = None       # the asked shape (a figure for 多少, a place for 在哪里)
    figure: re.Pattern[str] | None = None      # a number with the asked unit (20个工作日 for 多久)
    deeds: bool = False                        # asks what was done: reports before promises
    how: bool = False                          # asks how a problem is dealt with: measures before the problem
    plans: bool = False                        # asks when something will be done: promises before reports
    answer: str = ""                           # the sentence the focus check found to say what is asked (Focus.evidence)
    # Each candidate sentence's closeness in meaning to the question (cosine of the stored sentence vectors):
    # it chooses among the sentences of one passage, never between passages (see best_quote).
    closeness: Mapping[str, float] = field(default_factory=dict)
    # A year said relative to the reply's own (明年, 今年, 去年: compose.RELATIVE_YEARS): its offset, and the
    # year it comes to in the reply a passage belongs to (set per reply: QuoteSelector.citations); or the
    # year the question names (2024年).
    year_offset: int | None = None
    year: int | None = None
    # What the quote must hold to answer (service/figures.py carried: the number to call, the figure in the asked
    # unit, a count, a date; or the act a how-question asks about, 投诉 of "怎么投诉"): a quote without it runs on
    # into the next sentence of its paragraph when that one holds it (with_what_it_lacks).
    needs: re.Pattern[str] | None = None
    # A count of the noun a count is asked of, no unit asked (service/figures.py counted_pattern: 托位1500个 for
    # 新增了多少托位): it is the asked figure, and the only quantity that reports what was asked done.
    counted: re.Pattern[str] | None = None
    stock: bool = False                        # asks how much there is (有多长): what is, before what is planned
    # The asked span beside the act it bounds (service/figures.py bound_span: 48小时内上门 for 多久上门): a sentence holding
    # it is preferred, and a quote without it runs on into the next sentence that holds it (as with `needs`).
    bound: re.Pattern[str] | None = None
    now: bool = False                          # asks of now (现在, 目前): a sentence dated to the present answers
    # The acts the question negates (看病 of 了不去看病会怎么样): a sentence stating the act (患者就诊时核验…) says nothing of
    # its not being done; only one that negates something (无故爽约的, 未按时) may hold them.
    negated: frozenset[str] = frozenset()
    # The question's one-character verbs (赔 of 找谁赔): held by a sentence writing them as a compound (赔偿: spelled_out).
    monosyllables: tuple[str, ...] = ()
    # The question's noun compounds, each as (modifier, head) (口袋公园: 口袋, 公园): kinds_of_noun.
    kinds: tuple[tuple[str, str], ...] = ()
    polar: bool = False                        # asks yes or no (会不会, 吗): the reply's verdict answers (with_its_verdict)


class Quote(NamedTuple):
    score: float
    start: int   # offsets in the chunk's text
    end: int
    text: str


def best_quote(chunk: Chunk, stored: PassageTokens, ask: SentenceAsk, config: AnswerConfig) -> Quote:
    """The sentence of the passage that best answers: the words of its context line (agency, title,
    section path) count for every sentence, so a sentence is chosen for what it adds."""
    context_tokens = set(stored.context)
    covering = Covering(ask.weights)
    short = [w for w in ask.weights if len(w) == 2 and HAN.fullmatch(w)]  # what a 简称 may be
    best = Quote(-1.0, 0, len(chunk.text), chunk.text)
    best_key = best.score
    scored: list[Quote] = []
    for start, end, sentence, tokens in stored.sentences:
        receipt, courtesy = formulas(sentence)
        if receipt:
            continue
        own_tokens = set(tokens)
        # A table row says what its figures are only under its header ("2024年 45 18600" under "年度 除险加固水库（座）
        # 计划投资（万元）"): the header's words, and the units it names, are the row's own.
        header = row_header(chunk.text, start, sentence, stored.sentences)
        if header is not None:
            own_tokens |= set(header[1])
        if short:
            own_tokens |= abbreviated(short, own_tokens)
        if ask.monosyllables:
            own_tokens |= spelled_out(ask.monosyllables, own_tokens)
        unheld = ask.negated if ask.negated and not NEGATION_SAID.search(sentence) else frozenset()
        if ask.kinds:
            unheld = unheld | other_kinds(sentence, ask.kinds)
        score = covering.share(context_tokens | own_tokens, unheld)
        # The context line covers every sentence alike: among sentences it ties, the one whose
        # own words match the question wins.
        score += config.own_words_weight * covering.share(own_tokens, unheld)
        if ask.shape is not None and ask.shape.search(sentence):
            score += config.shape_bonus
        counts_it = ask.counted is not None and bool(ask.counted.search(sentence))
        if counts_it:
            score += config.figure_bonus
        if ask.figure is not None and (ask.figure.search(sentence) or (header is not None and any(
                ask.figure.search(f"1{unit}") for unit in HEADER_UNIT.findall(header[0])))):
            score += config.figure_bonus
        if ask.bound is not None and ask.bound.search(sentence):
            score += config.figure_bonus  # the span of the act asked, not of another act of the passage
        # (never against the time asked: a report when a deadline is asked, a promise when what was done is)
        if ask.year is not None and says_year(sentence, ask.year, ask.year_offset):
            # "鼓楼区明年托位要增加多少" of a reply written in 2024: the sentence on 2025 (or on 明年) answers;
            # "2024年要加固多少座" is answered by the row or sentence of 2024, not by the plan of 2023年至2025年.
            score += config.year_bonus
        if ask.now and NOW_SAID.match(sentence):
            # "护林员现在一个月拿多少钱": the sentence dated to the present (目前我市护林员报酬…每人每月600元), before one on
            # the same sum proposed or planned (你提出将护林员报酬提高到每月1500元…): the time asked, as a year is.
            score += config.year_bonus
        if ask.answer and ask.answer.strip() == sentence.strip() and (ask.figure is None or ask.figure.search(sentence)) \
                and not (ask.plans and not promises(sentence)) and not ((ask.deeds or ask.stock) and promises(sentence)):
            # Of the asked shape, naming what is asked and most of the focus (service/focus.py): the figure
            # asked for ("建成标准机架7.2万架" for 多少标准机架, "每餐补贴3元至5元" for 每顿补几块钱), where
            # another sentence may share more of the question's other words. (When a unit is asked, only with it.)
            score += config.evidence_bonus
        if courtesy or (chunk.section_id.startswith("attachment") and ATTACHMENT_TITLE.match(sentence)) \
                or table_header(sentence):
            score -= COURTESY_PENALTY
        if (ask.deeds or ask.stock) and promises(sentence):
            score -= config.promise_penalty
        if ask.plans and not promises(sentence):
            score -= config.report_penalty  # "什么时候能完成": a deadline, not last year's figures
        if ask.how and restates_problem(sentence):
            score -= config.problem_penalty
        if (ask.deeds or ask.how or ask.shape is not None) and restates_proposal(sentence):
            score -= COURTESY_PENALTY  # the proposer's own words: quoted only when a passage has nothing else
        if ask.deeds and reports_quantity(sentence) and (ask.counted is None or counts_it):
            # What was done is reported with what it came to (已建成乡镇污水处理设施186座, 累计完成…约486公里): a
            # question asking what a body did is answered by its figures before its words on the matter. (Asked how
            # many of a thing, by its count: 每个托位补助5000元 reports no 托位 added.)
            score += config.report_bonus
        scored.append(Quote(score, start, end, sentence))
        # Words choose; among sentences the words rank alike (the reply says the asked thing in its own words:
        # 人口特别稀少、无法独立办园的村 for 村人太少办不了幼儿园), the one closest in meaning wins. The passage's
        # score stays the words' own, so meaning never ranks one passage over another.
        key = score + config.sentence_meaning_weight * ask.closeness.get(sentence, 0.0)
        if key > best_key:
            best, best_key = scored[-1], key
    best = with_its_equal(chunk.text, best, scored)
    best = complete_quote(chunk.text, best, config.min_quote_chars)
    best = one_table_row(chunk.text, best, ask)
    if ask.deeds:
        best = with_its_figure(chunk.text, best)
        best = with_its_act(chunk.text, best, stored.sentences, config.max_quote_chars)
    best = whole_list_item(chunk.text, best, config.max_quote_chars)
    if not config.run_on_for_fact:
        return best
    if ask.polar:
        best = with_its_verdict(chunk.text, best, stored.sentences, config.max_quote_chars)
    if ask.shape is not None:
        best = with_its_revision(chunk.text, best, stored.sentences, set(ask.weights), config.max_quote_chars)
    # (the span of the act asked first: a quote stating spans of other acts runs on into the one beside it)
    best = with_what_it_lacks(chunk.text, best, stored.sentences, ask.bound, config.max_quote_chars)
    return with_what_it_lacks(chunk.text, best, stored.sentences, ask.needs, config.max_quote_chars)


# What a sentence is, by its own words alone: read once per sentence, however many questions quote from
# its passage (a few thousand sentences: the top passages of the questions of the moment).
@lru_cache(maxsize=16384)
def formulas(sentence: str) -> tuple[bool, bool]:
    """Whether the sentence is the receipt formula, and whether it is a courtesy."""
    return bool(RECEIPT.search(sentence)), bool(COURTESY.search(sentence))


@lru_cache(maxsize=16384)
def promises(sentence: str) -> bool:
    return classify(sentence) == "commitment"


# A noun compound names a kind of its head: 口袋公园 is a kind of 公园. Modifiers are nouns and distinguishing words
# (jieba's n, b: 口袋, 市属), not places (北京的公园 is every park of the place) nor people's names.
KIND_FLAGS = ("n", "b", "vn", "j")


@lru_cache(maxsize=4096)
def kinds_of_noun(question: str) -> tuple[tuple[str, str], ...]:
    """The (modifier, head) of each two-noun compound the question writes (口袋 公园 of "北京的口袋公园晚上关门吗")."""
    from service.postag import tagged

    pairs = [(p.word, p.flag) for p in tagged(question)]
    return tuple((m, h) for (m, mf), (h, hf) in zip(pairs, pairs[1:])
                 if mf in ("n", "b") and hf == "n" and len(m) >= 2 and len(h) >= 2)


@lru_cache(maxsize=16384)
def other_kinds(sentence: str, kinds: tuple[tuple[str, str], ...]) -> frozenset[str]:
    """The words of the question's compounds whose head the sentence writes only as other kinds (城市公园, 市属公园 for
    口袋公园), never with the question's modifier: what it says is said of those kinds, so neither the head nor the
    modifier is held, though the passage's context line (a title on 口袋公园) names it."""
    from service.postag import tagged

    found = set()
    pairs = None
    for modifier, head in kinds:
        if modifier in sentence or head not in sentence:
            continue
        pairs = pairs if pairs is not None else [(p.word, p.flag) for p in tagged(sentence)]
        at = [i for i, (word, _) in enumerate(pairs) if word == head]
        if at and all(i > 0 and pairs[i - 1][1] in KIND_FLAGS for i in at):
            found.update((modifier, head))
    return frozenset(found)


def says_year(sentence: str, year: int, offset: int | None) -> bool:
    """Whether the sentence speaks of `year`: written out (2025年), or said relative to the reply's own year with
    the same offset the question used (明年 for 明年)."""
    if re.search(rf"(?<!\d){year}\s*年", sentence):
        return True
    return offset is not None and any(RELATIVE_YEARS[word] == offset for word in RELATIVE_YEAR.findall(sentence))


@lru_cache(maxsize=16384)
def restates_proposal(sentence: str) -> bool:
    """The sentence restates the proposal and nothing more: no answering clause, no response to it, no figure
    reported ("您提出的…建议已纳入规划，2023年新建…12座" answers in the same sentence)."""
    return bool(PROPOSAL_RESTATED.search(sentence)) and not RESPONSE.search(sentence) \
        and not ANSWERING_CLAUSE.search(sentence) and not find_targets(sentence)


@lru_cache(maxsize=16384)
def says_verdict(sentence: str) -> bool:
    """The sentence says yes or no to what was proposed: it declines or puts it off, takes it up, or promises it."""
    return bool(DECLINED.search(sentence) or TAKEN_UP.search(sentence)) or promises(sentence)


CLAUSE_END = re.compile(r"[，,；;。！？!?：:\n]")
# A verb completing the ruling word, not an object of its own: 暂不|考虑, 暂未|实施, 不|具备 (two characters at most).
COMPLETING_VERB_CHARS = 2


class RulingClause(NamedTuple):
    text: str    # the clause holding the ruling word: what it governs, its topic before it and its object after
    bare: bool   # the ruling word ends its clause (现阶段区财政难以承担): it has no object of its own


@lru_cache(maxsize=16384)
def ruling_clauses(sentence: str, proposition: str = "") -> tuple[RulingClause, ...]:
    """The clauses of `sentence` in which it denies what was proposed or grants it only in part (难以承担, 不符合现行事权
    划分, 减半收取): a no, or a "not all of it", to a yes/no question on it, which need not repeat the question's words for
    what was asked. A part granted (减半, 免费) is a concession on a charge: it rules only on a proposition about paying
    (要交全额费用吗), never on one about receiving or doing (能领取暖补贴吗, 能刷信用卡吗), which a charge halved does not
    answer. A negation governs its own clause: 部分居民无法准确分类投放垃圾 denies sorting, whatever the clause before it
    names; one ending its clause with no object (难以承担, 条件尚不具备) denies what was said of the matter before it."""
    patterns = (DECLINED, CHARGE_CONCESSION) if CHARGE.search(proposition) else (DECLINED,)
    found = []
    for pattern in patterns:
        for match in pattern.finditer(sentence):
            start = max(sentence.rfind(mark, 0, match.start()) for mark in "，,；;。！？!?：:\n") + 1
            end = CLAUSE_END.search(sentence, match.end())
            stop = end.start() if end else len(sentence)
            rest = sentence[match.end():stop].strip(" 了的")
            found.append(RulingClause(sentence[start:stop], len(rest) <= COMPLETING_VERB_CHARS))
    return tuple(found)


def with_proposals(text: str, sentences: Iterable[tuple]) -> Iterator[tuple[tuple, str]]:
    """Each of `sentences` (start, end, sentence, …) of `text`, with the proposal its paragraph last restated up to it
    (the sentence itself when it restates one; "" after a line break): the genre gives its verdict on a proposal later in
    the paragraph that restates it, after its reasons ("您建议…。…。…条件尚不具备。")."""
    proposal, end = "", 0
    for found in sentences:
        start, stop, sentence = found[0], found[1], found[2]
        if "\n" in text[end:start]:
            proposal = ""
        end = stop
        if restates_proposal(sentence):
            proposal = sentence
        yield found, proposal


class PromisedDeadline:
    """The shape of a sentence that says by when something will be done: a promise with its deadline (改造工作计划于
    2012年9月底前完成), not a year a report opens with (2012年，我厅安排…). Read like the other shapes, by `search`."""

    def search(self, sentence: str) -> bool:
        return promises(sentence) and find_deadline(sentence, DEADLINE_PROBE_YEAR) is not None


@lru_cache(maxsize=16384)
def reports_quantity(sentence: str) -> bool:
    """A report counting what was done: a quantity, and no promise."""
    return bool(find_targets(sentence)) and not promises(sentence)


@lru_cache(maxsize=16384)
def restates_problem(sentence: str) -> bool:
    return bool(PROBLEM.search(sentence)) and not RESPONSE.search(sentence)


def with_its_equal(text: str, best: Quote, scored: list[Quote]) -> Quote:
    """The question's words cannot choose between two sentences side by side that score alike ("针对
    老年患者不会使用智能手机…" and "计划…开通“家属代预约”功能" for 怎么方便老年人): the quote runs over both."""
    if best.score <= 0:
        return best
    for other in scored:
        if other is not best and abs(other.score - best.score) < 1e-9 and \
                (other.start == best.end or other.end == best.start or not text[min(other.end, best.end):max(other.start, best.start)].strip()):
            start, end = min(best.start, other.start), max(best.end, other.end)
            return Quote(best.score, start, end, text[start:end])
    return best


def complete_quote(text: str, best: Quote, min_chars: int) -> Quote:
    """A short body sentence is usually a lead-in ("一是出台各项人才政策。", "标准制定方面。"):
    quote on through the following sentences of the passage until the quote says something."""
    score, start, end, sentence = best
    if len(sentence) >= min_chars:
        return best
    for _, next_end, following in split_sentences(text[end:]):
        end_at = end + next_end
        # (a table's header row says nothing: "…项目如下：" runs on into the table's first row)
        if end_at - start >= min_chars and not table_header(following):
            return Quote(score, start, end_at, text[start:end_at])
    return Quote(score, start, len(text), text[start:])


def row_header(text: str, start: int, sentence: str, sentences: list[tuple[int, int, str, list[str]]]
               ) -> tuple[str, list[str]] | None:
    """The header row above `sentence` when it is a table's row (or rows), and the header's stored tokens."""
    if not all(TABLE_ROW.match(line.strip()) for line in sentence.splitlines() if line.strip()):
        return None
    header = table_header_above(text, start)
    if header is None:
        return None
    tokens = next((t for s, e, held, t in sentences if header in held and e <= start), [])
    return header, tokens


def one_table_row(text: str, best: Quote, ask: SentenceAsk) -> Quote:
    """Table rows run together ("2022年 65 40 9800\n2023年 75 45 11200") are one sentence to the splitter: the
    quote is the row holding most of the question's words (its year: 2023年 for a question on 2023), else the
    first."""
    score, start, end, sentence = best
    lines = [(m.start(), m.end(), m.group(0).strip()) for m in re.finditer(r"[^\n]+", sentence) if m.group(0).strip()]
    if len(lines) < 2 or not all(TABLE_ROW.match(line) for *_, line in lines):
        return best
    years = [y for y in ([str(ask.year)] if ask.year else []) + re.findall(r"(?:19|20)\d{2}", "".join(ask.weights))]

    def held(line: str) -> float:
        return sum(w for word, w in ask.weights.items() if word in line) + sum(1.0 for y in years if y in line)

    at, to, line = max(lines, key=lambda item: held(item[2]))  # (max keeps the first of equals)
    offset = at + len(sentence[at:to]) - len(sentence[at:to].lstrip())
    return Quote(score, start + offset, start + offset + len(line), line)


def with_what_it_lacks(text: str, best: Quote, sentences: list[tuple[int, int, str, list[str]]],
                       needs: re.Pattern[str] | None, max_chars: int) -> Quote:
    """A reply names the matter, then says the fact of it in the next sentence ("我局…出台了《…公厕改造提升奖补办法》，
    …" then "对新建公厕，市财政按每座8万元给予奖补；"; "…对屡教不改的依法处罚。" then "市民…可拨打12319城管服务热线"):
    the question's words choose the first, which lacks what is asked. A quote without what the question needs runs on into the next sentence of
    its paragraph when that one holds it, or moves there when both would be longer than `max_chars`."""
    if needs is None or best.score <= 0 or needs.search(best.text):
        return best
    following = next((s for s in sentences if s[0] >= best.end), None)
    if following is None:
        return best
    start, end, sentence, _ = following
    if text[best.end:start].strip() or "\n" in text[best.end:start] or not needs.search(sentence) \
            or any(formulas(sentence)):
        return best
    if end - best.start <= max_chars:
        return Quote(best.score, best.start, end, text[best.start:end])
    return Quote(best.score, start, end, sentence)


def revises(sentence: str) -> re.Match[str] | None:
    """The figure a sentence's own clause changes ("…，今年补贴比例提高到60%，…"), not one the proposal asked for
    ("您建议将补贴比例提高到80%" restates it)."""
    for clause in re.split(r"[，,；;]", sentence):
        if (found := REVISED.search(clause)) and not PROPOSAL_RESTATED.search(clause):
            return found
    return None


def with_its_revision(text: str, best: Quote, sentences: list[tuple[int, int, str, list[str]]], asked: set[str],
                      max_chars: int) -> Quote:
    """A reply states a figure, then later in the paragraph that it was changed ("保费由区财政补贴50%，养殖户自缴50%。"
    … "考虑到区级财力，今年补贴比例提高到60%"): the figure first stated is no longer the one in force, and the words of
    the question choose it (the change is said in fewer of them). A quote stating a figure runs on through its paragraph
    to the first later sentence changing a figure of the same unit of a thing both write (a word of the question), within
    `max_chars`."""
    if best.score <= 0:
        return best
    quoted = {t for s in sentences if s[0] >= best.start and s[1] <= best.end for t in s[3]}
    for start, end, sentence, tokens in sentences:
        if start < best.end:
            continue
        if "\n" in text[best.end:start] or end - best.start > max_chars:
            break
        found = revises(sentence)
        if found and re.search(rf"\d\s*{re.escape(found.group('unit'))}", best.text) \
                and asked & quoted & set(tokens) and found.group("number") not in best.text:
            return Quote(best.score, best.start, end, text[best.start:end])
    return best


# A referral: the office passes the proposal on to the body competent for it (已将您的意见转送财政部研究), which rules on it.
REFERRED = re.compile(r"(?:转送|转交|转报|转请|转给|移送|移交|报送)[^，。；]{0,16}(?:研究|办理|参考|处理|考虑|研处)")


def restated_and_referred(sentence: str) -> bool:
    """The sentence restates the proposal and only says it was passed on to another body ("您建议单独设立…专项基金，…属
    财政部职责范围，我委已将您的意见转送财政部研究"): a referral says neither yes nor no, as the proposal restated does not."""
    return bool(PROPOSAL_RESTATED.search(sentence)) and bool(REFERRED.search(sentence)) \
        and not (DECLINED.search(sentence) or TAKEN_UP.search(sentence)) and not find_targets(sentence)


def with_its_verdict(text: str, best: Quote, sentences: list[tuple[int, int, str, list[str]]], max_chars: int) -> Quote:
    """A yes/no question on what a proposal asked for ("国家会不会专门拿一笔钱补贴煤矿…") shares its words with the
    proposal restated ("你们建议设立中央财政煤矿智能化改造专项补助。"), which says neither yes nor no; the reply gives its
    verdict later in the paragraph, after its reasons ("…另设专项补助的条件尚不具备。"). A quote opening with the proposal
    restated and holding no verdict runs on to the first sentence of its paragraph that says one (says_verdict), or
    moves there when both would be longer than `max_chars`; not past another proposal restated."""
    opening = next((s for s in sentences if s[0] == best.start), None)
    if best.score <= 0 or opening is None or not (restates_proposal(opening[2]) or restated_and_referred(opening[2])) \
            or says_verdict(best.text):
        return best
    answered = None  # the proposal the quote ends under
    for (start, end, sentence, _), proposal in with_proposals(text, sentences):
        if start < best.end:
            answered = proposal
            continue
        if proposal != answered or any(formulas(sentence)):
            break  # a new paragraph, or another proposal restated
        if says_verdict(sentence):
            if end - best.start <= max_chars:
                return Quote(best.score, best.start, end, text[best.start:end])
            return Quote(best.score, start, end, sentence)
    return best


def with_its_figure(text: str, best: Quote) -> Quote:
    """Asked what was done, a reply states the act, then what it came to ("…统筹推进智算中心建设。
    2023年，全区新增数据中心能耗指标1.8万吨标准煤…"): a quote that counts nothing runs on into the
    next sentence of its passage when that one reports a quantity (and promises nothing)."""
    score, start, end, sentence = best
    if find_targets(sentence):
        return best
    following = list(split_sentences(text[end:]))
    if following:
        _, next_end, next_sentence = following[0]
        if find_targets(next_sentence) and classify(next_sentence) != "commitment" \
                and not COURTESY.search(next_sentence):
            return Quote(score, start, end + next_end, text[start:end + next_end])
    return best


def with_its_act(text: str, best: Quote, sentences: list[tuple[int, int, str, list[str]]], max_chars: int) -> Quote:
    """The mirror of with_its_figure: a report of what something came to ("2023年，全区共设立指导站18个…") is
    quoted from the act it counts, the sentence before it in its paragraph that names the same thing without
    a figure ("我局…设立运动健康指导站，为青少年提供…服务。")."""
    score, start, end, sentence = best
    if not reports_quantity(sentence):
        return best
    before = [s for s in sentences if s[1] <= start and not text[s[1]:start].strip() and "\n" not in text[s[1]:start]]
    if not before:
        return best
    act_start, _, act, act_tokens = before[-1]
    own = {t for s in sentences if s[0] >= start and s[1] <= end for t in s[3]}
    shared = {t for t in act_tokens if len(t) > 1 and HAN.fullmatch(t)} & own
    if not shared or find_targets(act) or promises(act) or any(formulas(act)) or end - act_start > max_chars:
        return best
    return Quote(score, act_start, end, text[act_start:end])


def _clause_before(text: str, start: int) -> int:
    """Where the clause ending right before `start` begins (after the previous 。！？； or line break)."""
    before = text[:start].rstrip()
    at = max(before.rfind(mark, 0, len(before) - 1) for mark in "。！？；\n") + 1
    return at + len(before[at:]) - len(before[at:].lstrip())


def whole_list_item(text: str, best: Quote, max_chars: int) -> Quote:
    """A sentence cut at "；" is half of what it says: "对A，补助X；对B，补助Y。" is quoted whole, and a
    list of measures ("一是…；二是…；") item by item, each with its label ("一是积极争取上级补助。" before
    "2022年已争取…；"), up to `max_chars`."""
    score, start, end, _ = best
    # Back over clauses joined by "；" until one opens a list item.
    while text[:start].rstrip().endswith("；") and not LIST_ITEM.match(text, start):
        previous = _clause_before(text, len(text[:start].rstrip()))
        if end - previous > max_chars:
            break
        start = previous
    # On while the quote ends at "；" and the next clause is no new list item.
    while text[:end].rstrip().endswith("；"):
        following = next(split_sentences(text[end:], min_chars=1), None)
        if following is None or LIST_ITEM.match(following[2]) or end + following[1] - start > max_chars:
            break
        end += following[1]
    # A list item's label is its own short sentence ("二是落实县级配套。"): the item starts there.
    if not LIST_ITEM.match(text, start) and text[:start].rstrip().endswith("。"):
        label = _clause_before(text, len(text[:start].rstrip()))
        if LIST_ITEM.match(text, label) and start - label < LABEL_CHARS and end - label <= max_chars:
            start = label
    if (start, end) == (best.start, best.end):
        return best
    return Quote(score, start, end, text[start:end])


LABEL_CHARS = 20


def readable_start(text: str, start: int) -> int:
    """Where a reader can follow from: a sentence opening with 其中/另一方面/同时 starts at the
    sentence before it (in the same section)."""
    if not LEANS_BACK.match(text[start:]):
        return start
    before = [s for s in split_sentences(text[:start], min_chars=2)]
    return before[-1][0] if before else start
