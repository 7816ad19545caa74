"""Deciding that a turn cannot be resolved from the thread, and asking back."""

from __future__ import annotations

import re

from service.followup.form import Cues
from service.followup.language import (
    _AGENCY_AFTER_PLACE, _EACH, _PLACE_CONTRAST, _REPLY_CONTRAST, _YEAR_CONTRAST, _strip_end,
)
from service.followup.state import Resolution, TurnState
from service.followup.wording import reply_label
from service.gazetteer import gazetteer
from service.places import places_asked
from service.retrieve import agency_matches


class AskingBack:
    """Deciding that a turn cannot be resolved from the thread, and asking back."""

    def _nothing_to_shift(self, cues: Cues, previous: TurnState, shifting: bool = False) -> Resolution | None:
        """"那去年的呢？" after a question the archive had nothing on: there is no answer to narrow or to
        set against another agency or year, and the message brings no subject of its own. A shift of what
        the question itself named is still a question ("西湖区住建局…？" then "那市场监管局呢？", "别的地方呢？"),
        and so is a narrowing that names where to look ("只要广州的")."""
        if cues.content or self._referents(previous) or previous.items:
            return None
        if shifting and self._names_what_shifts(cues, previous.topic):
            return None
        if not shifting and (cues.agencies or cues.places) and previous.topic:
            return None  # "只要广州的": the question before, asked again where the message says
        return self._ask_back(cues, "上一轮没有找到相关答复，无从缩小范围或换个部门、年份比较。")

    def _names_what_shifts(self, cues: Cues, topic: str) -> bool:
        """Whether the question before names the agency, place or year the message puts another in place of."""
        agencies, places, _ = self.scope_in(topic)
        # "西湖区住建局": an agency by a name the archive does not write, after its place
        agencies += [m.group(0) for place in places if (m := _AGENCY_AFTER_PLACE.match(topic, topic.index(place) + len(place)))]
        noun = cues.contrast.group("noun") if cues.contrast else None
        if cues.year is not None or (noun and re.fullmatch(_YEAR_CONTRAST, noun)):
            return self.year_in(topic) is not None
        if cues.places or cues.level or (noun and re.fullmatch(_PLACE_CONTRAST, noun)):  # 那姑苏区呢 / 别的地方呢
            return bool(agencies or places)
        if cues.agencies and places and not any(self._lies_in(a, places) for a in cues.agencies):
            # "四川买烘干机补贴多少？" then "国家粮储局呢？": a body named in place of the place the question named
            # asks the same of that body (who answers and where are one slot of the question); a body inside that
            # place ("今天成都天气怎么样？" then "那武侯区民政局呢？") would narrow what found nothing
            return True
        return bool(agencies) and not (noun and re.fullmatch(_REPLY_CONTRAST, noun))  # 那民政局呢 / 其他部门呢

    @staticmethod
    def _leans_on_context(cues: Cues) -> bool:
        if cues.proposer_ref:
            return True
        if cues.plural_ref or cues.singular_ref:
            return not cues.described  # "卫健委预约挂号那份答复" describes its reply: no context needed
        if cues.ordinal or cues.person_ref:
            return True
        if cues.narrowing or cues.contrast:
            return not cues.content
        return cues.elliptical and not cues.content

    def _ask_back(self, cues: Cues, why: str, choices: list[tuple[str, str]] | None = None) -> Resolution:
        """Ask the user to be specific. `choices`: what the thread offers the pointer (a name, and the message
        asked of it as a question of its own), named in the question asked back ("您指的是A还是B？")."""
        text = cues.text or "这个问题"
        options = list(dict.fromkeys(choices or []))
        if len(options) > 1:
            names = [name for name, _ in options]
            which = f"{'、'.join(names[:-1])}还是{names[-1]}"
            return Resolution(kind="unresolvable", understood_as=text, query=text, topic=text,
                              ask_back=f"我不确定“{text}”具体指什么。{why}您指的是{which}？",
                              choices=[question for _, question in options])
        return Resolution(
            kind="unresolvable", understood_as=text, query=text, topic=text,
            ask_back=f"我不确定“{text}”具体指什么。{why}请把问题说完整，例如写明答复单位、提案编号或要问的事项。",
        )

    def _ambiguous(self, previous: TurnState, targets: list[str]) -> list[str]:
        """What a singular "它/那份答复/那…呢" could equally mean: the agencies the previous question named
        side by side ("民政局和卫健委分别…") whose replies the answer quoted, or, when the previous question
        asked about each of several things ("A和B分别什么时候上线？"), the replies the answer quoted for them."""
        named, _ = self.agencies_in(previous.topic)
        quoted_agencies = [self.agency(r) or "" for r in targets]
        matched = [form for form in named if any(agency_matches(form, a, self.tokenizer) for a in quoted_agencies)]
        if len(matched) > 1:
            return matched
        if _EACH.search(previous.topic):
            # "A和B分别什么时候上线？" asked about several things, even when the answer found only one of them.
            return [reply_label(self.replies[r]) for r in targets[:3]] if len(targets) > 1 else [f"“{_strip_end(previous.topic)}”问到的几项"]
        return []

    def _answered_across(self, previous: TurnState) -> list[str]:
        """"充电设施建设的补助标准是多少？" names no place, body or reply: it is asked of the whole archive, and when the
        sources the answer listed hold the replies of several bodies speaking of it as fully as the one quoted (龙岗区's
        200元 quoted, 临洮县's 3000元 listed), "这份答复" has more than one antecedent. Those replies, quoted one first;
        none when the question before named where it asks, or the turn before was already about one reply."""
        referents = self._referents(previous)
        agencies, places, _ = self.scope_in(previous.topic)
        if not referents or previous.scope.reply_ids or previous.scope.agency or agencies or places:
            return []
        words = set(self.content_words(previous.topic))
        listed = list(dict.fromkeys([referents[0], *(i.reply_id for i in previous.items if i.reply_id in self.replies)]))
        fully = len(words & self._reply_words(referents[0], previous))
        speaking = [r for r in listed if fully and len(words & self._reply_words(r, previous)) >= fully]
        bodies = {self.agency(r) or r for r in speaking}
        if len(bodies) > 1:
            return speaking
        if self.answered_by is None or not fully:
            return []
        # One reply's sections may fill every source listed ("旅游景区周边的交通问题是怎么解决的？": five of 敦煌's, 蚌埠's
        # 夜游专线 sixth): the question asked again of the archive without that body's replies says whether another
        # body answers it too.
        agency = self.agency(referents[0])
        others = self.answered_by(previous.topic, self._replies_of([agency]) if agency else [referents[0]])
        return [referents[0], others[0]] if others else []

    def _side_by_side(self, topic: str) -> list[str]:
        """Agencies or places a question names joined by a conjunction ("渝中和岳麓…各补多少"): a later "第二点"
        or "它" cannot tell which one's reply is meant. (上海市浦东新区 is one place written whole, not two.)"""
        agencies, places, _ = self.scope_in(topic)
        names = agencies + places
        return [a for a in names for b in names if a != b
                and re.search(f"{re.escape(a)}(?:和|与|及|以及|跟|同|、){re.escape(b)}|{re.escape(b)}(?:和|与|及|以及|跟|同|、){re.escape(a)}",
                              topic)][:2]

    def _bodies_quoted(self, previous: TurnState, referents: list[str]) -> list[str]:
        """The first quoted reply of each body the last answer quoted, when the question before named none of them
        alone (a question naming one, "安定区卫健局…", is about that one); one reply when one body answered."""
        first_of: dict[str, str] = {}
        for reply_id in referents:
            first_of.setdefault(self.agency(reply_id) or reply_id, reply_id)
        named, _ = self.agencies_in(previous.topic)
        singled = [a for a in first_of if any(agency_matches(form, a, self.tokenizer) for form in named)]
        if len(singled) == 1:
            return [first_of[singled[0]]]
        return list(first_of.values())

    def _answered_elsewhere(self, previous: TurnState, referents: list[str]) -> str | None:
        """Why the thread offers nothing for a pointer when the question before named a place the replies quoted
        are neither of nor speak of ("海淀区垃圾分类做得怎么样？" answered from another district's reply): the
        answer was about somewhere else, so "那联系人呢？" has no antecedent of the place asked. None otherwise."""
        if self.agencies_in(previous.topic)[0]:
            return None
        table = gazetteer()
        # the places the answer reads in a question (service/places.py), the innermost of those written one inside
        # the other ("北京海淀区垃圾分类…" asks of 海淀区: another district of Beijing is not of the place asked)
        named = [place.division for place in places_asked(previous.topic)]
        asked = [d for d in named if not any(other != d and other.within(d) for other in named)]
        if not asked:
            return None
        for reply_id in referents[:3]:
            division = table.locate(self.agency(reply_id))
            # a reply of the place, of a place around it (a city's reply speaks for its districts), or speaking of it
            if division is not None and any(division.overlaps(d) for d in asked):
                return None
            texts = self._texts_of_reply(reply_id)
            if any(name in text for d in asked for name in (d.name, table.stem(d.name)) for text in texts):
                return None
        said = "、".join(dict.fromkeys(d.name for d in asked))
        return f"上一轮问的是{said}，但引用的{self._labels(referents[:1])}不是{said}的，档案中可能没有{said}的相关答复。"
