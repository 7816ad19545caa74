"""Writing the standalone question (`understood_as`) and the query a turn is asked with."""

from __future__ import annotations

import re

from indexer import grammar
from indexer.models import Reply
from service.asked import asked as asked_quantity
from service.followup.form import Cues
from service.followup.language import (
    _AGENCY_AFTER_PLACE, _BARE_HOW_MANY, _CONTRAST, _CONTRAST_WHERE, _EXCEPT, _LEAD_NA,
    _NATIONAL_PREFIXES, _NATIONWIDE, _RELATIVE_YEARS, _SAME_AS_TOPIC, _STATED_FIGURE, _TRAIL_PARTICLE, _WITHIN,
    _YEAR, _strip_end, asks_something,
)
from service.followup.state import TurnState


def plain_agency(agency: str | None) -> str:
    """The agency with its innermost place only: 上海市浦东新区民政局 → 浦东新区民政局, 成都市武侯区民政局 →
    武侯区民政局, 上海市教育委员会 stays (two 民政局 of one archive stay apart)."""
    if not agency:
        return ""
    parsed = grammar.parse_agency(agency)
    return (parsed.places[-1] + parsed.core) if parsed.places and parsed.core else agency


def reply_label(reply: Reply) -> str:
    """A readable name for a reply: 科技和经济委员会对第057号提案的答复."""
    meta = reply.meta
    agency = plain_agency(meta.agency)
    if meta.proposal_number:
        return f"{agency}对第{meta.proposal_number}号{meta.proposal_kind or '提案'}的答复"
    if meta.doc_number:
        return f"{agency}{meta.doc_number}答复"
    return reply.title


def with_stated_unit(question: str, said: list[str]) -> str:
    """"收费标准是多少" asked again of other agencies asks for the same quantity the answer stated: a bare
    多少/几 takes the unit of the answer's first figure (0.5元 → 多少元, 2600个 → 多少个), so each other
    reply is quoted by its sentence stating such a figure, in whatever words it names the thing."""
    bare = _BARE_HOW_MANY.search(question)
    figures = [(m, sentence) for sentence in said[:1] for m in _STATED_FIGURE.finditer(sentence)]
    # The figure said right after a word of the question is its answer ("选聘护林员486名…劳务报酬8000元" asked
    # "报酬多少": 8000元, not the first figure); else the first.
    asked = question[: bare.start()] if bare else question
    pairs = {asked[i: i + 2] for i in range(len(asked) - 1) if re.fullmatch(r"[\u4e00-\u9fff]{2}", asked[i: i + 2])}
    # (the question's head is its last word before 多少: 报酬 of 护林员一年报酬, so a later word of it weighs more)
    said_after = [(max(asked.rfind(pair) for pair in near), -n, m) for n, (m, sentence) in enumerate(figures)
                  if (near := [pair for pair in pairs if pair in sentence[max(m.start() - 6, 0): m.start()]])]
    figure = max(said_after, key=lambda t: t[:2])[2] if said_after else next((m for m, _ in figures), None)
    if bare is None or figure is None:
        return question
    # The noun asked about may say the quantity itself (保育费多少: money; 每台补多少, 补贴标准: a rate): the
    # answer's first figure (86所 of a count of kindergartens) is then no unit of it.
    kind = asked_quantity(question).kind
    if kind not in ("count", "money", None):
        return question
    unit = figure.group("unit")
    unit = "元" if unit in grammar.MONEY_UNITS or kind == "money" else unit
    return f"{question[: bare.end()]}{unit}{question[bare.end():]}"


def without_guessed_count(question: str, asked: str) -> str | None:
    """The question to ask other replies again in their own words when `asked` (with_stated_unit's) added a
    classifier of a count: each reply counts a thing its own way (烟感 by 5万个 here, by 1.2万户 there), while
    money is 元 everywhere. None when nothing, or a money unit, was added."""
    if asked == question or asked.replace("多少元", "多少") == question:
        return None
    return question


class Wording:
    """Writing the standalone question (`understood_as`) and the query a turn is asked with."""

    @staticmethod
    def _asked_of(text: str, phrase: str, name: str) -> str:
        """The message asked of one candidate: the pointer replaced by its name ("这个部门的电话" → "水务局的电话")."""
        asked = text.replace(phrase, name, 1) if phrase and phrase in text else f"{name}{text}"
        return _strip_end(asked).replace("的的", "的") + "？"

    def _labels(self, reply_ids: list[str]) -> str:
        labels = [reply_label(self.replies[r]) for r in reply_ids if r in self.replies]
        if not labels:
            return "上文的答复"
        return labels[0] if len(labels) == 1 else f"{labels[0]}等{len(labels)}份答复"

    def _aspect_question(self, label: str, body: str) -> str:
        """"联系电话" → "{label}的联系电话是什么？"; a question already ("什么时候完成") is kept."""
        body = body.strip("，,的 ")
        if not body:
            return f"{label}的主要内容是什么？"
        if asks_something(body):  # "补贴以后还涨不" asks, it names no field
            return f"{label}中，{body}？"
        return f"{label}的{body}是什么？"

    @staticmethod
    def _scoped_query(text: str) -> str:
        """What retrieval needs once the scope filter holds the replies: the words of the message
        itself. The reply's name would only add words every passage of that reply shares."""
        query = _strip_end(text).strip("，,的 ")
        return query or "主要内容"

    def _about(self, reply_ids: list[str]) -> list[str]:
        """What the replies are about, in their proposals' words (关于增加普惠托育服务供给的建议 → 普惠托育, 服务,
        供给): the user's question named one slice of it, in one reply's words; another reply on the same
        subject shares the subject's words more often than the slice's."""
        titles = [self.replies[r].meta.proposal_title or self.replies[r].title for r in reply_ids[:3] if r in self.replies]
        _, _, rest = self.scope_in(" ".join(titles))
        return list(dict.fromkeys(self.content_words(re.sub(r"关于|的建议|的提案|建议|提案", " ", rest))))

    def _cited_words(self, previous: TurnState) -> list[str]:
        """The words of what the last answer quoted first (乘客通过手机小程序预约 → 乘客, 手机, 小程序, 预约), without
        its agencies and places: what the user was shown, which another reply on it may say in the same words when
        the user's own words (约车公交) are not theirs."""
        _, _, rest = self.scope_in(" ".join(previous.said[:1]))
        return list(dict.fromkeys(self.content_words(_RELATIVE_YEARS.sub(" ", _YEAR.sub(" ", rest)))))

    def _topic_without_agencies(self, topic: str) -> str:
        _, places, _ = self.scope_in(topic)
        for place in places:  # "西湖区住建局": an agency by a name the archive does not write, after its place
            if place in topic and (body := _AGENCY_AFTER_PLACE.match(topic, topic.index(place) + len(place))):
                topic = topic.replace(place + body.group(0), " ", 1)
        agencies, stripped = self.agencies_in(topic)
        for agency in agencies:  # "国家发改委在算力上…": the nation written before it goes with it
            for nation in _NATIONAL_PREFIXES:
                if f"{nation}{agency}" in topic:
                    stripped = re.sub(rf"{nation}\s+", " ", stripped, count=1)
        return _strip_end(stripped).strip().lstrip("，,的对在") or topic

    def _topic_without_years(self, topic: str) -> str:
        """"2024年科经委说…" asked again for 2025: the year the contrast replaces leaves the topic."""
        stripped = _RELATIVE_YEARS.sub("", _YEAR.sub("", topic))
        return _strip_end(stripped).lstrip("，,的对在说") or topic

    def _with_subject(self, topic: str, subject: str, lead: str = "") -> str:
        """The topic asked again of another subject, as a question of its own: the agency it named, else
        the place, replaced ("发改委在算力上做了什么？" → "其他部门在算力上做了什么？"), else the subject said
        as where the answer comes from ("数据局的答复中，…？")."""
        topic = _strip_end(topic)
        agencies, named_places, _ = self.scope_in(topic)
        written = next((w for w in agencies + named_places if w in topic), None)
        while written and (before := next((p for p in named_places if p + written in topic), None)):
            written = before + written  # "西安雁塔区": every place written before it goes too
        while written and (after := next((p for p in named_places if written + p in topic), None)):
            written += after  # "成都市武侯区" asked of other provinces: the district goes with its city
        if written in named_places and (body := _AGENCY_AFTER_PLACE.match(topic, topic.index(written) + len(written))):
            written += body.group(0)  # "西湖区住建局": an agency by a name the archive does not write
        if written and (nation := next((p for p in _NATIONAL_PREFIXES if topic[: topic.index(written)].endswith(p)), "")):
            written = nation + written
        if written:
            return f"{lead}{topic.replace(written, subject, 1)}？"
        return f"{lead}{subject}的答复中，{topic.lstrip('，,的对在')}？"

    @staticmethod
    def _with_year(topic: str, year: str, lead: str = "") -> str:
        """The topic asked of another year: "2024年科经委说…" → "2025年科经委说…"; a topic without a year
        → "2025年的答复中，…"."""
        topic = _strip_end(topic)
        written = _YEAR.search(topic) or _RELATIVE_YEARS.search(topic)
        if written:
            return f"{lead}{topic[: written.start()]}{year}{topic[written.end():]}？".replace("年年", "年")
        return f"{lead}{year}的答复中，{topic}？"

    def _own_words(self, cues: Cues) -> str:
        """The message without its contrast ("其他部门", "除了X，", "类似的做法", "全国", "省内"): what it asks of its own."""
        text = _EXCEPT.sub("", cues.text)
        text = _SAME_AS_TOPIC.sub("", _CONTRAST_WHERE.sub("", _CONTRAST.sub("", _WITHIN.sub("", _NATIONWIDE.sub("", text)))))
        # "还有哪些部门有助餐措施？": the verb after the contrasted subject is no word to search for.
        # (not the 有 of 有没有 or the 是 of 是不是/是否: they ask whether, "其他县有没有抢修水毁的？")
        text = re.sub(r"^[，,\s]*(?:也|还|都)?(?:有(?!没有)|在|对|是(?!不是|否))?", "", _LEAD_NA.sub("", text))
        return _strip_end(_TRAIL_PARTICLE.sub("", text).strip("，,的 "))
