"""The reply a question is about: an agency, session or proposal number it names.

"科经委对AI人才有什么举措？" is about the 科经委's replies even when another bureau's reply shares
the words. The preference is soft: the named replies' sections are ranked first, but when the named
agency has nothing on the question the answer comes from the others, and says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from indexer import grammar
from indexer.docstore import ReplyColumns
from indexer.lexical import Tokenizer
from service.retrieve import Hit, agency_matches

SESSION_IN_QUESTION = re.compile(r"[一二三四五六七八九十\d]+届[一二三四五六七八九十\d]+次")

# How people name the answering government without naming a body: 政府, 有关部门, 主管部门, 官方, and
# a level's or a body's colloquial 区里/市里/县里/部里/局里 or 咱们区/本市. Every reply in the archive is
# such an authority's, so these words scope a question as an agency does and are never the thing it asks about.
_AUTHORITY_WORDS = frozenset("政府 部门 政府部门 当地政府 地方政府 各级政府 主管部门 职能部门 上级部门 有关部门 相关部门 "
                             "官方 有关方面 相关方面 有关单位 相关单位".split())
_AUTHORITY_QUALIFIERS = frozenset("有关 相关 当地 地方 各级 主管 职能 上级".split())
_LEVEL_COLLOQUIAL = re.compile(r"[省市州县区镇乡部厅局委办]里")
# The level each colloquial word names (部里: a ministry; 厅里: a provincial department; 县里/区里: a county's
# or district's bodies). 局里, 委里 name a body of any level.
_COLLOQUIAL_LEVEL = {"部": "national", "省": "province", "厅": "province", "市": "city", "州": "city",
                     "县": "district", "区": "district"}
_OUR_LEVEL = re.compile(r"(?:咱们|我们|本)[省市州县区镇乡]")


def authority_words(question: str) -> list[str]:
    """The words of `question` that name the answering government in general ("有关部门怎么解决…",
    "区里打算…", "政府做了什么"), by jieba's words, so 政府 inside 区政府常务会议 or 单位 inside
    用人单位 is left alone."""
    return list(_authority_words(question))


@lru_cache(maxsize=1024)
def _authority_words(question: str) -> tuple[str, ...]:
    # (remembered: finding the reply asked about and the abstention decision both read them)
    import jieba  # loaded by the tokenizer already

    words = [w for w in jieba.lcut(question) if w.strip()]
    found: list[str] = []
    for i, word in enumerate(words):
        pair = words[i - 1] + word if i and words[i - 1] in _AUTHORITY_QUALIFIERS else None
        if pair and pair in _AUTHORITY_WORDS:
            found.append(pair)
        elif word in _AUTHORITY_WORDS or _LEVEL_COLLOQUIAL.fullmatch(word):
            found.append(word)
    found += _OUR_LEVEL.findall(question)
    return tuple(dict.fromkeys(found))


# A sub-district's office or a township's government is called by the name of its 街道, 镇 or 乡 ("新海街道加梯的补助",
# "找巴公镇"): the place and the body that governs it are one name in speech.
_LOCAL_GOVERNMENT = re.compile(r"(?:(?<=街道)|(?<=[镇乡]))(?:办事处|人民政府|政府)$")


def agency_names(agencies: list[str | None], tokenizer: Tokenizer) -> list[str]:
    """Every name a question may use for an agency of the archive (its distinct agencies), longest first."""
    names: set[str] = set()
    for agency in agencies:
        if not agency:
            continue
        names.add(agency)
        short = grammar.without_places(agency)
        if len(short) >= 2:
            names.add(short)
        names.add(grammar.without_nation(short))  # 气象局 for 中国气象局, 移民管理局 for 国家移民管理局
        if len(local := _LOCAL_GOVERNMENT.sub("", short)) > 2:
            names.add(local)  # 新海街道 for 新海街道办事处, 巴公镇 for 巴公镇人民政府
    for group in tokenizer.alias_groups:
        names.update(n for n in group if grammar.is_agency_name(n) and len(n) >= 2)
    return longest_first(names)


def longest_first(names: set[str]) -> list[str]:
    """Longest first, so a name is found before the shorter names inside it; ties in a fixed order
    (a set's order changes from one process to the next)."""
    return sorted(names, key=lambda name: (-len(name), name))


def place_names(agencies: list[str | None]) -> list[str]:
    """The places the archive's agencies belong to (成都市, 武侯区, and 武侯 as people say it), longest
    first: a place in a question scopes it, as an agency does, and names no topic."""
    return longest_first({place for agency in agencies if agency for place in grammar.place_names(agency)})


def _is_short_form(name: str, level_word: str, level: str | None) -> bool:
    """区科经委 is a district body's short form: its place's level word, the body, and no place."""
    short = grammar.parse_agency(name)
    return name.startswith(level_word) and grammar.is_agency_name(name) and not short.places and short.level == level


def short_agency(agency: str | None, tokenizer: Tokenizer) -> str | None:
    """The name people use for an agency: 区科经委 for 上海市浦东新区科技和经济委员会, 市科委 for
    上海市科学技术委员会 (the short form of its alias group led by its own place's level word), else the
    name without its places (科学技术委员会)."""
    if not agency:
        return None
    parsed = grammar.parse_agency(agency)
    level_word = parsed.places[-1][-1] if parsed.places else None  # 区 of 浦东新区, 市 of 上海市
    for group in tokenizer.alias_groups:
        if level_word and any(name in agency for name in group if len(name) >= 4):
            local = [n for n in group if _is_short_form(n, level_word, parsed.level)]
            if local:
                return min(local, key=len)
    return grammar.without_places(agency) or agency


@dataclass
class About:
    """What the question names, and the replies of the archive that match it."""

    agency: str | None = None              # the first agency named, as written in the question
    agencies: list[str] = field(default_factory=list)
    agency_sets: list[set[str]] = field(default_factory=list)  # the replies of each agency named, in order
    places: list[str] = field(default_factory=list)  # places of the archive's agencies the question names
    authorities: list[str] = field(default_factory=list)  # the government named in general: 政府, 有关部门, 区里

    @property
    def scope_words(self) -> list[str]:
        """Agencies, places and the government in general as the question names them: they scope it,
        and are not what it asks about."""
        return [*self.agencies, *self.places, *self.authorities]
    agency_replies: set[str] = field(default_factory=set)
    session: str | None = None
    session_replies: set[str] = field(default_factory=set)
    named_replies: set[str] = field(default_factory=set)  # by proposal or document number
    place_replies: set[str] = field(default_factory=set)  # the replies of agencies of the places named
    # Whom the question asks, in its order: each agency or place it names ("长沙水务局和遵义环保局分别…",
    # "武侯区和浦东新区分别…"), a place and the agency right after it being one ("长沙水务局"), with its replies.
    parties: list[tuple[str, set[str]]] = field(default_factory=list)

    def preference(self, reply_id: str) -> int:
        """0 for a reply the question names in every way it names one, higher for weaker matches. A place
        named ("广东卫健委那个建议", "湄潭乡村医生那个提案") names its own agencies' replies, as an agency does."""
        misses = 0
        if self.named_replies:
            misses += reply_id not in self.named_replies
        if len(self.parties) > 1:
            # "长沙水务局和遵义环保局分别…": each party named is asked alike, the second as much as the first.
            misses += not any(reply_id in replies for _, replies in self.parties)
        else:
            if self.agency:
                misses += reply_id not in self.agency_replies
            if self.places:
                misses += reply_id not in self.place_replies
        if self.session:
            misses += reply_id not in self.session_replies
        return misses

    def rank(self, hits: list[Hit], k: int | None = None) -> list[Hit]:
        """Hits of the replies the question names first, the rest in their order (a stable sort). With
        `k`, the sections an answer reads: a party asked ("A和B分别…") with none of its passages among the
        first k sections has its best one moved in just before the k-th, so every party asked is read."""
        if not (self.agency or self.session or self.named_replies or self.places):
            return hits
        ranked = sorted(hits, key=lambda h: self.preference(h.chunk.reply_id))
        if len(self.parties) < 2 or k is None:
            return ranked
        read = list(dict.fromkeys((h.chunk.reply_id, h.chunk.section_id) for h in ranked))[:k]
        late = {}
        for _, replies in self.parties:
            if not any(reply_id in replies for reply_id, _ in read):
                hit = next((h for h in ranked if h.chunk.reply_id in replies), None)
                if hit is not None:
                    late.setdefault(id(hit), hit)
        if not late:
            return ranked
        rest = [h for h in ranked if id(h) not in late]
        keep = set(list(dict.fromkeys((h.chunk.reply_id, h.chunk.section_id) for h in rest))[:max(0, k - len(late))])
        at = next((i for i, h in enumerate(rest) if (h.chunk.reply_id, h.chunk.section_id) not in keep), len(rest))
        return [*rest[:at], *late.values(), *rest[at:]]

    def missing_agency(self, hits: list[Hit]) -> bool:
        """The question names an agency, but none of the retrieved passages is that agency's."""
        return bool(self.agency) and not any(h.chunk.reply_id in self.agency_replies for h in hits)


def _replies_where(columns: ReplyColumns, codes: np.ndarray, values: list[str | None], test) -> set[str]:
    """Ids of the replies whose column value passes `test`, testing each distinct value once."""
    ok = np.array([bool(v) and test(v) for v in values], dtype=bool)
    return {columns.reply_ids[i] for i in np.flatnonzero(ok[codes])}


class ArchiveNames:
    """The agency and place names of one loaded archive, found once, not per question: a question
    is matched by looking its substrings up, so the work grows with the question, not the archive."""

    def __init__(self, columns: ReplyColumns, tokenizer: Tokenizer) -> None:
        self.columns, self.tokenizer = columns, tokenizer
        self.agencies = agency_names(columns.agencies, tokenizer)
        self.places = place_names(columns.agencies)
        self._agency_order = {name: i for i, name in enumerate(self.agencies)}
        # Bodies by the first and last character a short form of their name keeps (经济和信息化委员会 under
        # 经…委), for the short forms the genre derives from a full name that no alias group lists (经信委).
        self._by_ends: dict[tuple[str, str], list[str]] = {}
        for name in self.agencies:
            core = grammar.parse_agency(name).core
            for full in {core, core[2:] if core.startswith(("国家", "中国")) else core}:
                end = grammar.short_form_ending(full)
                if end and len(full) > 3:
                    self._by_ends.setdefault((full[0], end), []).append(full)
        self._place_order = {name: i for i, name in enumerate(self.places)}
        self._replies: dict[str, set[str]] = {}

    @staticmethod
    def _in(text: str, order: dict[str, int]) -> list[str]:
        lengths = {len(name) for name in order}
        found = {text[i : i + n] for n in lengths for i in range(len(text) - n + 1)}
        return sorted(found & order.keys(), key=order.__getitem__)

    def agencies_in(self, text: str) -> list[str]:
        """The agency names `text` contains, in the order of `agencies` (longest first), then the short
        forms of the archive's bodies it writes that no alias group lists (经信委 for 经济和信息化委员会:
        grammar.abbreviates) outside the names found (规划局 inside 自然资源和规划局 is that body), longest first."""
        found = self._in(text, self._agency_order)
        derived: set[str] = set()
        if not self._by_ends:
            return found
        import jieba  # loaded by the tokenizer already

        for end_at, ch in enumerate(text):
            # (not where its last character opens a word: 人社部 inside 人社部门 names no ministry)
            if jieba.get_FREQ(text[end_at : end_at + 2]) is not None:
                continue
            for length in range(3, min(8, end_at + 1) + 1):
                short = text[end_at - length + 1 : end_at + 1]
                fulls = self._by_ends.get((short[0], ch))
                if fulls and not any(short in name for name in found) \
                        and any(grammar.abbreviates(short, full) for full in fulls):
                    derived.add(short)
        return [*found, *longest_first(derived)]

    def places_in(self, text: str) -> list[str]:
        """The place names `text` contains, in the order of `places` (longest first)."""
        return self._in(text, self._place_order)

    def agency_replies(self, name: str) -> set[str]:
        """Ids of the replies of the agency `name` means (an alias or a full name), kept per name."""
        if name not in self._replies:
            columns, tokenizer = self.columns, self.tokenizer
            if len(self._replies) > 1024:  # a cache, not a copy of the archive
                self._replies.clear()
            self._replies[name] = _replies_where(columns, columns.agency, columns.agencies,
                                                 lambda agency: agency_matches(name, agency, tokenizer))
        return set(self._replies[name])

    def level_replies(self, level: str) -> set[str]:
        """Ids of the replies of bodies of one level (national, province, city, district)."""
        key = f"level:{level}"
        if key not in self._replies:
            columns = self.columns
            self._replies[key] = _replies_where(columns, columns.agency, columns.agencies,
                                                lambda agency: grammar.parse_agency(agency).level == level)
        return set(self._replies[key])

    def place_replies(self, place: str) -> set[str]:
        """Ids of the replies of the agencies that belong to `place` (成都, 武侯区, 浦东)."""
        key = f"place:{place}"
        if key not in self._replies:
            columns = self.columns
            if len(self._replies) > 1024:
                self._replies.clear()
            self._replies[key] = _replies_where(columns, columns.agency, columns.agencies,
                                                lambda agency: place in grammar.place_names(agency))
        return set(self._replies[key])


# "扬州和全国的农贸市场分别…": the nation set beside a place or body by a conjunction is a party of its own, its
# replies those of the national bodies. (Alone, 全国 is a scope of the matter asked: 全国首创, 全国有多少.)
NATION_BESIDE = re.compile(r"(?<=[和与及跟同、])全国|全国(?=[和与及跟同、])")


def parties(question: str, about: About, names: ArchiveNames) -> list[tuple[str, set[str]]]:
    """Each agency or place the question names, in its order, with its replies. A place written right
    before an agency ("长沙水务局", "广东卫健委") qualifies it: the two are one party, the replies of both
    (or the place's alone when the agency's short name only matches other places' bodies)."""
    named: list[tuple[int, str, set[str]]] = []
    for name, replies in zip(about.agencies, about.agency_sets):
        named.append((question.find(name), name, replies))
    for word in about.authorities:  # "部里和县里各做了哪些": the bodies of each level named
        level = _COLLOQUIAL_LEVEL.get(word[0]) if _LEVEL_COLLOQUIAL.fullmatch(word) else None
        if level is not None and question.find(word) >= 0:
            named.append((question.find(word), word, names.level_replies(level)))
    for nation in NATION_BESIDE.finditer(question):
        named.append((nation.start(), nation.group(), names.level_replies("national")))
    for place in about.places:  # longest first: 浦东 inside 浦东新区 is the same place
        at = question.find(place)
        if at >= 0 and not any(start <= at < start + len(name) for start, name, _ in named):
            named.append((at, place, names.place_replies(place)))
    found: list[tuple[int, str, set[str]]] = []
    for start, name, replies in sorted(named, key=lambda item: item[0]):
        if found and start == found[-1][0] + len(found[-1][1]) and found[-1][1] in about.places:
            place_start, place, place_replies = found.pop()
            both = place_replies & replies
            found.append((place_start, place + name, both or place_replies))
        else:
            found.append((start, name, replies))
    return [(name, replies) for _, name, replies in found]


# Where a party's own words end: the words the question asks of every party ("，分别计划什么时候完成").
SHARED_PART = re.compile(r"[，,；;？?]|分别|各自|各[做说采提有投出安开给补打花定怎是]|都(?:是)?怎么")
CONJUNCTION = re.compile(r"^[的之]?|[和与及跟同、以]+$")


def own_words(question: str, names: list[str]) -> list[str]:
    """What each party named asks of it alone, in the order named: "信阳的低产茶园改造和安溪的乡镇快检室，分别…"
    asks 低产茶园改造 of 信阳 and 乡镇快检室 of 安溪 (the text from each name to the next, to where the question
    turns to what it asks of all: SHARED_PART). All empty when any party has no words of its own: in "嘉兴和河南对
    残疾人分别…", 对残疾人 is asked of both."""
    at = [question.find(name) for name in names]
    if len(names) < 2 or min(at) < 0 or at != sorted(at):
        return ["" for _ in names]
    found = []
    for i, (start, name) in enumerate(zip(at, names)):
        end = at[i + 1] if i + 1 < len(at) else len(question)
        text = question[start + len(name) : end]
        shared = SHARED_PART.search(text)
        text = text[: shared.start()] if shared else text
        found.append(CONJUNCTION.sub("", text).strip())
    return found if all(found) else ["" for _ in names]


def find_about(question: str, columns: ReplyColumns, tokenizer: Tokenizer, named_replies: set[str] | None = None,
               names: ArchiveNames | None = None) -> About:
    """`names`: the archive's names found at load (built here when not given)."""
    names = names or ArchiveNames(columns, tokenizer)
    about = About(named_replies=set(named_replies or ()))
    rest = question
    for name in names.agencies_in(question):
        if name in rest:
            # 国家 before a body's short name makes it the national body's (国家医保局, 国家发改委), not a
            # province's of the same name.
            if f"国家{name}" in rest and grammar.parse_agency(name).level is None:
                name = f"国家{name}"
            # Every agency the question names ("区科经委和区数据局分别…"); a name is taken once, longest first.
            rest = rest.replace(name, " ")
            about.agencies.append(name)
            matching = names.agency_replies(name)
            about.agency_sets.append(matching)
            about.agency_replies |= matching
    # In the order the question names them: "发改委和建交委分别…" quotes 发改委 first.
    named = sorted(zip(about.agencies, about.agency_sets), key=lambda pair: question.find(pair[0]))
    about.agencies, about.agency_sets = [n for n, _ in named], [s for _, s in named]
    about.agency = about.agencies[0] if about.agencies else None
    about.places = names.places_in(rest)
    for place in about.places:
        about.place_replies |= names.place_replies(place)
    about.authorities = [w for w in authority_words(rest) if w not in about.places]
    about.parties = parties(question, about, names)
    session = SESSION_IN_QUESTION.search(question)
    if session:
        about.session = session.group(0)
        about.session_replies = _replies_where(columns, columns.session, columns.sessions,
                                               lambda value: about.session in value)
    return about
