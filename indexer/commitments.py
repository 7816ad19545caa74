"""Commitments: sentences in which an agency promises something (将, 下一步, 力争, 目标到…) and
sentences reporting progress on such a promise (已遴选出…, 截至目前已建成…). Runs at index time
(indexer/build.py) on every reply; rules only, because the cues are precise and measurable
(eval/commitments.py reports span precision/recall and field accuracy on a hand-labelled set).

A span is one sentence: from after the previous 。！？； (or line start) to its closing punctuation,
with offsets into its section's text, so a citation can highlight it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexer import grammar
from indexer.models import Commitment, Reply
from indexer.sentences import split_sentences

# Parts of a reply that hold promises; the header, intro ("现将办理情况答复如下") and closing do not.
BODY_KINDS = ("body", "conclusion")

# --- cues -----------------------------------------------------------------------------------------
# A cue marks a clause as future (a promise) or past (a report). Each pattern is written against the
# false positives seen in replies: 将近/将军/现将, 把-like 将 after 已 (已将…列为), 计划 as part of a
# programme name (明珠计划, 全球引才计划, 按计划推进), 拟 in 模拟/虚拟.
FUTURE_CUES = re.compile(
    r"下一步|今后|即将|(?<![已现即])将(?![近军士来其之要]|(?:保持|呈现|面临|出现|迎来))|"
    r"(?<![按照原列入的划])计划(?=于|在|到|将|用|年内|\d{1,2}\s*月|\d{4}\s*年|今年|明年|年底|上半年|下半年|新建|建设|开展|推出|出台|实施|启动|完成|新增|打造)|"
    r"(?<![模虚草])拟(?=在|于|将|出台|建|开展|推出|对|新|完成|实施|启动|制定|修订|上线)|"
    r"力争|争取(?!超长期|专项|资金|国家|中央|市级)|目标(?:到|是|为|至)|预计(?=\d{4}|今年|明年|年内|年底|\d{1,2}月|下半年|上半年|第|将|于|在|\s)|"
    r"确保(?=[^，。；]{0,14}(?:前|底|年内|如期|按期|按时))|年底前|年内|"
    r"(?<![\d年至到])到\s*\d{4}\s*年(?:底|末)?(?:前)?[，,]?\s*(?=(?!的\s*\d)[\u4e00-\u9fff])"
)
# (a year followed by 的 and a figure is the year of a value, "由2015年的67.2%提高到2020年的86.8%": a
# statistic reached, not a deadline)
# 将 used like 把 ("将灵活就业人员纳入…补贴范围", "将…数据产品进场挂牌交易") describes current practice.
BA_JIANG = re.compile(r"将[^，。；]{1,40}?(?:纳入|列入|列为|进场)")
# A report carries an explicit marker: 已…, 截至…, …累计 (statistics of a year without 已 are description).
PAST_CUES = re.compile(r"已(?!将|经?接近)|累计")
# "已有16家高等学校" states what exists; "已有15家区属医院开通互联网医院" reports what was achieved.
POSSESSION_ONLY = re.compile(r"已有(?![^，。；]*(?:开通|实现|接入|完成|建成|通过|获批|取得|签约|入驻|参与|覆盖))")
# In a sentence that also promises, these make it a report ("…将在…发力，截至目前平台已累计发布…").
REPORT_CLAUSE = re.compile(r"截至|已累计")
# Without a count, a report names what was completed: 《…细则》已于2024年9月正式印发.
COMPLETED_PROGRAMME = re.compile(r"《[^》]+》[^，。；]{0,6}已[^，。；]{0,12}(?:印发|出台|发布|实施|施行|上线|建成)")

# --- quantities -----------------------------------------------------------------------------------
# A number with a unit that counts things, not a year or a date (2025年, 3月, 第三批 are not targets).
UNITS = grammar.unit_pattern(grammar.COUNT_UNITS)
# 30家, 2300余家, 1.62万个, 13 亿元; 年 only as a duration after 满 (成立不满3年), never a year.
QUANTITY = re.compile(
    r"(?<![\d.A-Za-z])(\d+(?:\.\d+)?)\s*([余多]?\s*[万亿]?)\s*(" + UNITS + r")|(?<=满)(\d{1,2})(年)"
)
NOT_A_COUNT_AFTER = "年月日号季"

# --- deadlines ------------------------------------------------------------------------------------
DEADLINE = re.compile(
    r"(?:(?<![\d\-])(\d{4})\s*年|(今|明)年)\s*"
    r"(年底|年末|底|末|上半年|下半年|第?\s*([一二三四1-4])\s*季度|(\d{1,2})\s*月)?"
)
MONTH_ONLY = re.compile(r"(?<![\d年])(\d{1,2})\s*月(?:底|末)?\s*前")
QUARTERS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
# Text around a year that makes it a deadline (到2025年, 2025年底前, 预计2026年上半年) rather than a
# date in the past (2024年3月，我委印发…) or a starting point (自2024年起).
DEADLINE_BEFORE = re.compile(r"(到|至|于|在|力争|目标|计划|预计|确保|争取|截止|前)\s*$")
DEADLINE_AFTER = re.compile(r"^\s*(前|底|末|以前|之前|内|完成|实现|建成|全面|基本|将|，)")
NOT_DEADLINE_AFTER = re.compile(r"^\s*(起|以来|开始|至今|同期|的\s*\d)")
YEAR_END = re.compile(r"(今年|年)(底|末)前?")

# --- what a quantity counts, and programme names (for follow-through) ---------------------------------
OBJECT_RUN = re.compile(r"(?:以上|左右)?[\u4e00-\u9fffA-Za-z“”\"+]{2,20}")
OBJECT_RUN_BEFORE = re.compile(r"[\u4e00-\u9fffA-Za-z“”\"+]{2,20}$")
VERB = re.compile(r"已|累计|共计|共|培育|建成|新建|新增|完成|形成|建设|打造|汇聚|带动|发放|发布|培训|开通|接入|遴选出|有")
VERB_AT_END = re.compile(r"(达到|突破|提高到|提高至|提升至|增至|为|至)$")
SUBJECT_PREFIX = re.compile(r"^(全区|区内|全市|其中|目前|截至目前)+")
PROGRAMME = re.compile(r"《([^》]{4,60})》|“([^”]{2,20})”\s*(?=行动|计划|工程|专项|平台|培养计划)")
GENERIC_WORDS = ("企业", "项目", "工作", "服务", "建设", "发展", "产业", "全区", "新区", "浦东", "浦东新区")


# --- what is not a promise although it holds a future cue ------------------------------------------
# A sentence that ends in a colon announces the items after it ("我们将从以下几个方面发力："): the
# promises are those items, each extracted on its own.
LEAD_IN_END = re.compile(r"[：:]\s*$")
# A sentence opened by a past date narrates what was done then ("2024年3月，我委印发《方案》，提出到2025年
# 建成…"): its future cues belong to that past act or document, not to what the reply promises.
OPENING_DATE = re.compile(r"^(?:截至)?\s*(\d{4})\s*年\s*(\d{1,2})\s*月(?:\s*\d{1,2}\s*日)?(?:以来|起|[，,])")


def is_lead_in(sentence: str) -> bool:
    return bool(LEAD_IN_END.search(sentence))


def opens_with_past_date(sentence: str, reply_date: str | None, reply_year: int | None) -> bool:
    """True when the sentence begins with a year and month before the reply was written."""
    match = OPENING_DATE.match(sentence)
    if not match:
        return False
    when = (int(match.group(1)), int(match.group(2)))
    if reply_date and re.match(r"\d{4}-\d{2}", reply_date):
        return when < (int(reply_date[:4]), int(reply_date[5:7]))
    return reply_year is not None and when[0] < reply_year


@dataclass(frozen=True)
class _Cue:
    kind: str  # "future" or "past"
    start: int


def _cues(sentence: str) -> list[_Cue]:
    ba = [m.start() for m in BA_JIANG.finditer(sentence)]
    cues = [_Cue("future", m.start()) for m in FUTURE_CUES.finditer(sentence) if m.start() not in ba]
    cues += [_Cue("past", m.start()) for m in PAST_CUES.finditer(sentence)]
    return sorted(cues, key=lambda c: c.start)


def find_targets(sentence: str) -> list[str]:
    """Every quantity with its unit, in order, as written without spaces: 30家, 2300余家, 1.5亿元, 60%.
    Dates (2025年, 3月), ordinals (第5个) and names (16号线, 1+4+6+N) are not quantities."""
    targets = []
    for match in QUANTITY.finditer(sentence):
        after = sentence[match.end() : match.end() + 1]
        if after and after in NOT_A_COUNT_AFTER:
            continue
        before = sentence[max(0, match.start() - 1) : match.start()]
        if before in ("第", "+", "-", "—", "（", "("):
            continue
        targets.append(re.sub(r"\s+", "", match.group(0)))
    return targets


def _quoted_ranges(sentence: str) -> list[tuple[int, int]]:
    """Titles in 《》 and bracketed notes: years inside them (…方案（2023-2025年）) are not deadlines."""
    return [(m.start(), m.end()) for m in re.finditer(r"《[^》]*》|（[^）]*）|\([^)]*\)", sentence)]


def find_deadline(sentence: str, reply_year: int | None) -> str | None:
    """The first deadline stated in a sentence, normalised: 2025, 2025-Q3, 2025-H1, 2025-12, 2025-06.

    年底/年末 → YYYY-12, N月前 → YYYY-NN, 第N季度 → YYYY-QN, 上/下半年 → YYYY-H1/H2; 年内 and
    今年 → the reply's year, 明年 → the year after.
    """
    quoted = _quoted_ranges(sentence)
    for match in DEADLINE.finditer(sentence):
        if any(a <= match.start() < b for a, b in quoted):
            continue
        before = sentence[max(0, match.start() - 4) : match.start()]
        after = sentence[match.end() : match.end() + 4]
        if NOT_DEADLINE_AFTER.match(after):
            continue
        part = match.group(3) or ""
        if not (DEADLINE_BEFORE.search(before) or DEADLINE_AFTER.match(after) or part in ("年底", "年末", "底", "末")):
            continue
        if part.endswith("月") and not (DEADLINE_BEFORE.search(before) or re.match(r"^\s*(前|底|末|以前|之前)", after)):
            continue  # 2024年3月，我委印发… is a date, not a deadline
        if match.group(1):
            year = int(match.group(1))
        elif reply_year:
            year = reply_year + (1 if match.group(2) == "明" else 0)
        else:
            continue
        if part in ("底", "末", "年底", "年末"):
            return f"{year}-12"
        if part == "上半年":
            return f"{year}-H1"
        if part == "下半年":
            return f"{year}-H2"
        if match.group(4):
            return f"{year}-Q{QUARTERS[match.group(4)]}"
        if match.group(5):
            return f"{year}-{int(match.group(5)):02d}"
        return str(year)
    if reply_year is None:
        return None
    if YEAR_END.search(sentence) and re.search(r"(?<!\d)(今年|年)(底|末)前|今年(底|末)", sentence):
        return f"{reply_year}-12"
    month = MONTH_ONLY.search(sentence)
    if month:
        return f"{reply_year}-{int(month.group(1)):02d}"
    if "年内" in sentence:
        return str(reply_year)
    return None


# find_deadline needs a reply year to read 10月底前 or 年内; whether a clause states a deadline at all
# does not depend on which year it is.
DEADLINE_PROBE_YEAR = 2000


def promise_clause(sentence: str, cues: list[_Cue]) -> str | None:
    """The clause promising the rest by a date in a sentence that reports first ("…目前已完成选址，
    其中…各8处，计划10月底前全部建成开放"): the last cue is a promise after a report, and its clause
    states a deadline. Such a sentence is a commitment (when the work will be done is what it
    answers), and its deadline is that clause's, not the year the sentence opens with."""
    if len(cues) < 2 or cues[-1].kind != "future" or not any(c.kind == "past" for c in cues):
        return None
    clause_start = max(sentence.rfind(mark, 0, cues[-1].start) for mark in "，；：") + 1
    clause = sentence[clause_start:]
    return clause if find_deadline(clause, DEADLINE_PROBE_YEAR) is not None else None


def deadline_of(sentence: str, reply_year: int | None) -> str | None:
    """A commitment's deadline: its promise clause's when it reports first, else the sentence's first."""
    clause = promise_clause(sentence, _cues(sentence))
    return (clause and find_deadline(clause, reply_year)) or find_deadline(sentence, reply_year)


def classify(sentence: str) -> str | None:
    """commitment, progress, or None for ordinary description.

    A report (已…, …累计…) that comes first, or a 截至/已累计 clause after a promise, makes the
    sentence progress (目前，已遴选出两批共17家…，浦东将… ; …将在…发力，截至目前平台已累计发布…),
    provided it counts something from the report on, or names a completed programme, and does not end
    by promising the rest by a date (promise_clause); otherwise a future cue makes it a
    commitment (…已完成主体设备招标，预计2025年第三季度建成投用).
    """
    cues = _cues(sentence)
    future = [c for c in cues if c.kind == "future"]
    past = [c for c in cues if c.kind == "past" and not POSSESSION_ONLY.match(sentence, c.start)]
    if past and (not future or past[0].start < future[0].start or REPORT_CLAUSE.search(sentence, future[0].start)) \
            and promise_clause(sentence, sorted(future + past, key=lambda c: c.start)) is None:
        # The count may open the reporting clause (区内4个公共算力服务平台已全部接入…).
        clause_start = max(sentence.rfind(mark, 0, past[0].start) for mark in "，；：") + 1
        if find_targets(sentence[clause_start:]) or COMPLETED_PROGRAMME.search(sentence):
            return "progress"
    if future:
        return "commitment"
    return None


def _clean(name: str) -> str:
    return re.sub(r"[“”\"「」\s]", "", name)


def target_objects(text: str) -> set[str]:
    """What the quantities count: 培育30家“GID链主”企业 → GID链主企业; 已培育大模型应用企业38家 →
    大模型应用企业; 全区智能算力规模达到6800PFLOPS → 智能算力规模."""
    objects = set()
    for match in QUANTITY.finditer(text):
        after = OBJECT_RUN.match(text, match.end())
        if after and after.group(0):
            objects.add(after.group(0).rsplit("的", 1)[-1])
        before = OBJECT_RUN_BEFORE.search(text, 0, match.start())
        if before:
            run = re.sub(r"(约|近|超过|不少于|不低于)$", "", before.group(0))
            stripped = VERB_AT_END.sub("", run)
            if stripped != run:  # 智能算力规模达到 → the subject counts
                objects.add(SUBJECT_PREFIX.sub("", stripped))
            else:  # 已培育大模型应用企业 → the object after the last verb
                objects.add(VERB.split(run)[-1])
    return {c for c in (_clean(o) for o in objects) if len(c) >= 3 and c not in GENERIC_WORDS}


def programmes(text: str) -> set[str]:
    """Named programmes and documents: 《…实施细则》, “算力浦东”行动 → 算力浦东."""
    found = set()
    for match in PROGRAMME.finditer(text):
        name = match.group(1) or match.group(2)
        found.add(re.sub(r"（[^）]*）|\([^)]*\)", "", _clean(name)))
    return {p for p in found if len(p) >= 2}


def extract_commitments(reply: Reply) -> list[Commitment]:
    """Every commitment and progress sentence of a reply's body, with targets, deadline and agency."""
    found: list[Commitment] = []
    seen: set[str] = set()
    for section in reply.sections:
        if section.kind not in BODY_KINDS:
            continue
        for start, end, sentence in split_sentences(section.text, min_chars=6):
            # A sentence a reply repeats word for word is one statement, listed once (the first).
            if sentence in seen:
                continue
            kind = classify(sentence)
            if kind is None:
                continue
            if kind == "commitment" and (
                is_lead_in(sentence) or opens_with_past_date(sentence, reply.meta.date, reply.meta.year)
            ):
                continue
            seen.add(sentence)
            found.append(
                Commitment(
                    reply_id=reply.reply_id,
                    section_id=section.section_id,
                    path=section.path,
                    agency=reply.meta.agency,
                    kind=kind,
                    text=sentence,
                    start=start,
                    end=end,
                    targets=find_targets(sentence),
                    deadline=deadline_of(sentence, reply.meta.year) if kind == "commitment" else None,
                    year=reply.meta.year,
                    objects=sorted(target_objects(sentence)),
                    programmes=sorted(programmes(sentence)),
                )
            )
    return found


def _shares(a: set[str], b: set[str], minimum: int = 5) -> bool:  # minimum: SHARED_RUN
    """Two object names share a run of `minimum` characters (大模型应用企业 ~ 培育大模型应用企业);
    shorter runs (中小企业, 算力规模) linked unrelated targets."""
    for x in a:
        for y in b:
            shorter, longer = (x, y) if len(x) <= len(y) else (y, x)
            if len(shorter) < minimum:
                if shorter == longer:
                    return True
                continue
            for i in range(len(shorter) - minimum + 1):
                if shorter[i : i + minimum] in longer:
                    return True
    return False


# --- follow-through -----------------------------------------------------------------------------------
def agency_key(agency: str | None, alias_groups: list[list[str]] | None = None) -> str:
    """One key per agency however it is written (grammar.agency_key): 上海市浦东新区科技和经济委员会,
    区科经委 and 浦东新区科经委 share one; a city's 市科委 does not."""
    return grammar.agency_key(agency, alias_groups)


LinkKey = tuple[str, str | None]  # (agency key, place): the statements that can follow one another


def reply_place(agency: str | None, session: str | None) -> str | None:
    """The place whose body wrote a reply: the most specific place its agency names (上海市浦东新区科经委
    → 浦东新区); for a short form (区科经委), the place of the session it answers when that is of the
    agency's level (浦东新区政协七届四次会议 → 浦东新区); else None."""
    named = grammar.parse_agency(agency) if agency else None
    if named and named.places:
        return named.places[-1]
    meeting = grammar.parse_agency(session) if session else None
    if meeting and meeting.places and (named is None or named.level in (None, meeting.level)):
        return meeting.places[-1]
    return None


def link_keys(replies: list[tuple[str, str | None, str | None]],
              alias_groups: list[list[str]] | None = None) -> dict[str, LinkKey]:
    """Reply id → link key, for (reply_id, agency, session) rows. grammar.agency_key merges the same
    body of every place (区科经委 is every district's); a promise is followed through by a later reply
    of the same body of the same place, so the key adds the place (reply_place). A reply whose place
    cannot be told belongs to the body's only place when the replies name just one (an archive of one
    district), and otherwise links only with the other replies of that body whose place is unknown."""
    keys = {reply_id: (agency_key(agency, alias_groups), reply_place(agency, session))
            for reply_id, agency, session in replies}
    places: dict[str, set[str]] = {}
    for body, place in keys.values():
        if place is not None:
            places.setdefault(body, set()).add(place)
    for reply_id, (body, place) in keys.items():
        if place is None and len(places.get(body, ())) == 1:
            keys[reply_id] = (body, next(iter(places[body])))
    return keys


def link_follow_through(commitments: list[Commitment], alias_groups: list[list[str]] | None = None,
                        keys: dict[str, LinkKey] | None = None) -> None:
    """Link a promise to what a later reply of the same agency says about the same target or
    programme ("promised in 2024 → reported in 2025"); links go into `follows`, both directions.
    Within one reply, a progress sentence records the promises it reports on in `reports_on`.
    `keys`: each reply's link key (link_keys); without them, taken from the commitments' agencies."""
    if alias_groups is None:
        from indexer.lexical import load_alias_groups

        alias_groups = load_alias_groups()
    if keys is None:
        keys = link_keys(list({c.reply_id: (c.reply_id, c.agency, None) for c in commitments}.values()), alias_groups)
    by_id = {c.commitment_id: c for c in commitments}
    # Only the same agency's statements about the same subject can follow through: candidates come
    # from an index on (agency and place, subject key), so the work grows with the pairs that share
    # a subject, not with every pair of an agency's statements.
    programmes = _contained_programmes({name for c in commitments for name in c.programmes})
    buckets: dict[tuple[LinkKey, str], list[Commitment]] = {}
    for c in commitments:
        for key in _subject_keys(c, programmes):
            buckets.setdefault((keys[c.reply_id], key), []).append(c)
    pairs: set[tuple[int, int]] = set()
    for group in buckets.values():
        promises = [c for c in group if c.kind == "commitment"]
        for promise in promises:
            for other in group:
                if other.commitment_id != promise.commitment_id:
                    pairs.add((promise.commitment_id, other.commitment_id))
    for promise_id, other_id in sorted(pairs):
        follow_through(by_id[promise_id], by_id[other_id])
    for c in commitments:
        c.follows.sort(key=lambda i: ((by_id[i].year or 0), i))


SHARED_RUN = 5        # _shares: object names match on a run of this many characters
PROGRAMME_RUN = 4     # _programme_overlap: one programme name inside another of at least this length


def _contained_programmes(names: set[str]) -> dict[str, set[str]]:
    """Each programme name → the names among `names` it is or holds whole (of PROGRAMME_RUN characters
    or more): two names overlap (_programme_overlap) exactly when one is among the other's."""
    long_names = [x for x in names if len(x) >= PROGRAMME_RUN]
    return {name: {name, *(x for x in long_names if x in name)} for name in names}


def _subject_keys(c: Commitment, programmes: dict[str, set[str]]) -> set[str]:
    """Keys two statements about the same subject always share (a superset test of _same_subject):
    every SHARED_RUN-character run of an object name and a short name whole (a shared run is a shared
    subject); for programmes, the names of the archive each of its programme names holds
    (`_contained_programmes`). Keyed by every 4-character run instead, 《关于完善…的实施意见》 shared a
    key (实施意见) with every other 实施意见 of its body: nine in ten candidate pairs at 10k, none a link."""
    keys = set()
    for name in c.objects:
        keys.add(f"o={name}")
        keys.update(f"o:{name[i : i + SHARED_RUN]}" for i in range(len(name) - SHARED_RUN + 1))
    for name in c.programmes:
        keys.update(f"p={held}" for held in programmes[name])
    return keys


def follow_through(promise: Commitment, other: Commitment) -> None:
    """Record what `other` (same agency) says about `promise`: a report in the same reply, or a
    later reply's statement on the same subject."""
    if not _same_subject(promise, other):
        return
    if other.reply_id == promise.reply_id:
        if other.kind == "progress" and promise.commitment_id not in other.reports_on:
            other.reports_on.append(promise.commitment_id)
    elif (other.year or 0) > (promise.year or 0):
        _link(promise, other)


def _same_subject(a: Commitment, b: Commitment) -> bool:
    return _shares(set(a.objects), set(b.objects)) or bool(_programme_overlap(a.programmes, b.programmes))


def _programme_overlap(a: list[str], b: list[str]) -> set[str]:
    return {x for x in a for y in b if x == y or (min(len(x), len(y)) >= 4 and (x in y or y in x))}


def _link(a: Commitment, b: Commitment) -> None:
    if b.commitment_id not in a.follows:
        a.follows.append(b.commitment_id)
    if a.commitment_id not in b.follows:
        b.follows.append(a.commitment_id)


def extract_archive_commitments(replies: list[Reply]) -> list[Commitment]:
    """Every commitment of an archive, numbered in order and linked across replies."""
    from indexer.lexical import load_alias_groups

    commitments: list[Commitment] = []
    for reply in replies:
        for commitment in extract_commitments(reply):
            commitment.commitment_id = len(commitments)
            commitments.append(commitment)
    alias_groups = load_alias_groups()
    keys = link_keys([(r.reply_id, r.meta.agency, r.meta.session) for r in replies], alias_groups)
    link_follow_through(commitments, alias_groups, keys)
    return commitments
