"""Reading a message's form: the cues it gives before the conversation is looked at."""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexer import grammar
from service.followup.language import (
    ASPECT_WORDS, _ALSO, _COMPARED, _COMPARED_LEAD, _CONDITIONAL, _CONTRAST, _CONTRAST_WHERE, _DEIXIS,
    _EARLIER_YEARS, _EXCEPT, _INTERROGATIVE, _LEAD_NA, _LEAVE_OUT, _LEVEL_WORD, _NARROW, _NATIONWIDE, _ORDINAL,
    _PARTY_SIDE, _PERSON_REF, _PLURAL_REF, _PROPOSER_REF, _QUANTITY_QUESTION, _RELATIVE_YEAR, _RELATIVE_YEARS,
    _SAME_AS_TOPIC, _SAME_KIND, _SAYS, _SHIFT_LEAD, _SINGULAR_REF, _TOPIC_ANAPHOR, _TRAIL_PARTICLE, _WITHIN,
    _WITHIN_LEVEL, _YEAR, _strip_end, _without_modal, is_predicate, narrows,
)
from service.gazetteer import gazetteer


@dataclass
class Cues:
    """What the message itself says, before looking at the conversation."""

    text: str                  # without trailing punctuation
    body: str                  # without the ellipsis markers 那… / …呢
    elliptical: bool           # 那…呢, …呢, 还有…吗
    narrowing: bool
    contrast: re.Match | None
    ordinal: re.Match | None
    plural_ref: re.Match | None
    singular_ref: re.Match | None
    person_ref: bool
    proposer_ref: re.Match | None  # "那位代表": who proposed what the reply answers
    agencies: list[str]        # archive agencies the message names
    places: list[str]          # places it names on their own (姑苏区, not the 武侯区 of 武侯区民政局)
    excepted: str              # what "除了X，…" sets off, as written ("" when nothing is)
    year: int | None
    level: str | None          # a level of government named without a body (省里, 国家层面, 地方上)
    within: str | None         # "省内/本市其他…": others inside the reply's province or city (a level)
    names_reply: bool          # 第057号提案, 浦科经委办理（2025）61号
    content: list[str]         # words of its own beyond interrogatives and reply fields
    described: list[str]       # agencies or words before a demonstrative: "卫健委那份答复" picks one


def _predicate_only(cues: "Cues") -> bool:
    """"具体怎么申请？", "什么时候开始的？", "要到什么时候全覆盖？": a question with a predicate and no subject
    of its own continues the one the conversation is about (Chinese drops a subject both sides know)."""
    return bool(cues.content) and not (cues.agencies or cues.places or cues.names_reply or cues.year is not None) \
        and all(is_predicate(word) for word in cues.content)


class TurnReading:
    """Reading a message's form: the cues it gives before the conversation is looked at."""

    def year_in(self, text: str) -> int | None:
        match = _YEAR.search(text)
        if match:
            return int(match.group(1))
        for word, delta in _RELATIVE_YEAR.items():
            if word in text:
                return self.today.year + delta
        return None

    def content_words(self, text: str) -> list[str]:
        # Single characters ("发", "钱") rarely name a subject; the words that do are longer. A piece the
        # tokenizer cut out of an aspect word ("责人" of 负责人) is no word of its own either.
        covering = [w for w in ASPECT_WORDS if len(w) > 2 and w in text]
        words = (_without_modal(t) for t in self.tokenizer.tokenize(text, expand=False))
        return [t for t in words if len(t) > 1 and t not in ASPECT_WORDS and not t.isdigit()
                and not any(t in w for w in covering)]

    def cues(self, message: str) -> Cues:
        # "那教育局对这个问题怎么说？": "this question" is the topic itself, neither a reply nor a subject.
        text = _strip_end(_TOPIC_ANAPHOR.sub("", message)) or _strip_end(message)
        text = _CONDITIONAL.sub("", text)
        if lead := _COMPARED_LEAD.match(text):
            text = lead.group("rest")
            text = text if text.startswith("那") or text.endswith("呢") else f"那{text}"
        if _EARLIER_YEARS.match(text):
            text = "其他年份的呢"
        if compared := next(filter(None, (form.match(text) for form in _COMPARED)), None):
            text = f"那{compared.group('other')}呢"  # "跟岳麓区比呢？" asks as "那岳麓区呢？" does
        if _SAME_KIND.match(text):
            text = "类似的答复还有吗"  # "同类的还有吗？": the noun left out is the replies'
        # "广东那边投了多少？": a party and its side is the party, and naming it shifts the question to it
        side = _PARTY_SIDE.search(text)
        spaced = _PARTY_SIDE.sub(" ", text)  # (where the side was said, the party's name ends: 甘肃 of 甘肃那边投了)
        text = _PARTY_SIDE.sub("", text)
        body, elliptical = text, bool(side)
        lead = _LEAD_NA.match(body)
        if lead:
            body, elliptical = body[lead.end():], True
        shift = _SHIFT_LEAD.match(body)
        if shift:
            body, elliptical = body[shift.end():], True
        if _TRAIL_PARTICLE.search(body):
            body, elliptical = _TRAIL_PARTICLE.sub("", body), True
        also = _ALSO.match(body)
        if also:
            body, elliptical = also.group("body"), True
        agencies, places, without_agencies = self.scope_in(spaced)
        places = [place for place in places if not any(place in agency for agency in agencies)]
        # the first said of "other" + a noun and a place-word ("外地有没有类似的答复": other places, not other replies)
        contrast = min(filter(None, (_CONTRAST.search(text), _CONTRAST_WHERE.search(text))), key=lambda m: m.start(),
                       default=None)
        excepted = _EXCEPT.search(text) if contrast else None
        if contrast is None and (leave_out := _LEAVE_OUT.search(text)) and (agencies or places):
            contrast = excepted = leave_out  # "不看民政局的": the others, as "除了民政局" says
        level = _LEVEL_WORD.search(without_agencies)
        rest = _RELATIVE_YEARS.sub(" ", _YEAR.sub(" ", _LEVEL_WORD.sub(" ", without_agencies)))
        for pattern in (_PROPOSER_REF, _NATIONWIDE, _WITHIN, _PLURAL_REF, _SINGULAR_REF, _ORDINAL, _CONTRAST, _CONTRAST_WHERE, _NARROW, _PERSON_REF,
                        _QUANTITY_QUESTION):
            rest = pattern.sub(" ", rest)
        rest = _SHIFT_LEAD.sub(" ", _LEAD_NA.sub("", rest.strip()).strip())
        if contrast is not None and contrast.re is _LEAVE_OUT:
            rest = _LEAVE_OUT.sub(" ", rest)
        elif contrast:  # "除了X，其他部门有类似的做法吗？": the exception and "the same" are no subject of its own
            rest = _SAME_AS_TOPIC.sub(" ", re.sub(r"除(?:了|去|开)?|以外|之外", " ", rest))
        content = self.content_words(rest)
        # (an archive name inside it, 民政局 of 锦江区民政局, leaves the rest of the name as if it were a subject)
        narrowed = _strip_end(_NARROW.sub("", body)).strip("的 ") if _NARROW.search(body) else ""
        unknown = self._named_alone(narrowed or _strip_end(body)) \
            if (not agencies or content) and (elliptical or narrowed or _SAYS.search(body)) else None
        if unknown:  # "那历下区卫健局呢？", "那南京市呢？": a name the archive does not write still names one
            name, is_place = unknown
            agencies, places = ([], [name]) if is_place else ([name], [])
            content = [w for w in content if w not in name]
        reference = _PLURAL_REF.search(text) or _SINGULAR_REF.search(text)
        described: list[str] = []
        if reference:
            before = re.sub(r"^(?:我是说|我问的是|我说的是|是说|就是)", "", text[: reference.start()])
            before = re.sub(rf"(?:{_DEIXIS})$", "", before)  # "刚才说的那个": where it was said, not what it is
            before_agencies, before_places, before_rest = self.scope_in(before)
            described = before_agencies + before_places + self.content_words(before_rest)
        return Cues(described=described, 
            text=text, body=_strip_end(body), elliptical=elliptical,
            narrowing=narrows(text), contrast=contrast, ordinal=_ORDINAL.search(text),
            plural_ref=_PLURAL_REF.search(text), singular_ref=_SINGULAR_REF.search(text),
            person_ref=bool(_PERSON_REF.search(text)), proposer_ref=_PROPOSER_REF.search(text),
            agencies=agencies, places=places,
            excepted=excepted.group("what").strip() if excepted else "", year=self.year_in(text),
            level=level.lastgroup if level and not agencies and not places else None,
            within=_WITHIN_LEVEL[within.group("within")] if contrast and (within := _WITHIN.search(text)) else None,
            names_reply=any(grammar.referenced_numbers(text)), content=content,
        )

    @staticmethod
    def _named_alone(body: str) -> tuple[str, bool] | None:
        """The agency or place a message names and does nothing else with ("历下区卫健局", "交通运输厅怎么说",
        "南京市"), told by the form of its name (grammar), when the archive's names do not know it; and
        whether it is a place."""
        head = _SAYS.sub("", body).strip("，,的 ")
        if not 2 <= len(head) <= 16 or _INTERROGATIVE.search(head):
            return None
        if gazetteer().named_alone(head):  # "那福建呢？", "河北那边呢？": a place said without its kind
            return head, True
        if len(head) == 2:
            return None
        if grammar.is_agency_name(head):
            return head, False
        parsed = grammar.parse_agency(head)
        # 惠南地区, 周康航地区: an area a reply speaks of, not a place whose bodies answer proposals.
        return (head, True) if parsed.places and not parsed.core and not head.endswith("地区") else None
