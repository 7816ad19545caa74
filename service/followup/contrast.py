"""Contrast ("其他部门呢？", "那姑苏区呢？", "省里呢？"): the same topic, asked of others."""

from __future__ import annotations

import re

import numpy as np

from indexer import grammar
from service.asked import SUMS, asked as asked_quantity
from service.followup.form import Cues
from service.followup.language import (
    _CONTRAST_WHERE, _HOW_VERB, _INTERROGATIVE, _LEAD_NA, _LEAVE_OUT, _LEVELS_OF, _LEVEL_LABEL, _PLACE_CONTRAST,
    _QUALIFIER_LEVEL, _QUALIFIER_LEVEL_OF, _REPLY_CONTRAST, _YEAR_CONTRAST, _place_noun_level, _strip_end,
    asking_words, is_evaluation, is_predicate,
)
from service.followup.state import Resolution, TurnState
from service.followup.wording import plain_agency, with_stated_unit, without_guessed_count
from service.gazetteer import gazetteer
from service.retrieve import agency_matches

# What a question asks when its answer must state a figure (a sum, a rate, a count, a length of time)
_FIGURES = frozenset((*SUMS, "count", "span"))
# The frame of a yes/no question ("有没有…的", "是否…", "…吗"): asks whether, names nothing
_YES_NO = re.compile(r"有没有|是不是|是否|[吗么]$")


class Contrasts:
    """Contrast ("其他部门呢？", "那姑苏区呢？", "省里呢？"): the same topic, asked of others."""

    def _contrast(self, cues: Cues, previous: TurnState) -> Resolution:
        # 别处/还有哪里/隔壁 are places (省外 says which kind); a bare 其他/别的 ("其他的呢？") sets off agencies,
        # "不看武侯区的" its place.
        said = cues.contrast.group(0)
        where = (cues.contrast.re is _CONTRAST_WHERE and "谁" not in said) or re.search("别处|哪里|哪儿", said)
        bare_place = where or (_LEAVE_OUT.match(said) and cues.places and not cues.agencies)
        noun = cues.contrast.group("noun") or cues.contrast.groupdict().get("outside") or ("地方" if bare_place else "部门")
        noun = "地方" if noun == "地" else noun  # 外地
        # 其他国家部委, 其他省直单位, 其他县级部门: the level the qualifier (or 部委) says
        qualified = _QUALIFIER_LEVEL.search(said)
        level = "national" if noun == "部委" else _QUALIFIER_LEVEL_OF[qualified.group(0)] if qualified else None
        topic = previous.topic
        scope = previous.scope.model_copy(update={"reply_ids": []})
        quoted = self._referents(previous)
        # "其他区补得多吗？" brings only a predicate: the topic stays; "其他部门对老年人有什么便利措施？" brings its own.
        # A verb and its object the topic does not use ("其他县有没有抢修水毁的？") bring a topic too, as a noun does.
        topic_words = set(self.content_words(topic))
        new_words = [w for w in cues.content if w not in topic_words and not is_evaluation(w)]
        own = self._own_words(cues) if self._nominal(cues) or len(new_words) > 1 else ""
        nothing_else = None
        if re.fullmatch(_REPLY_CONTRAST, noun):
            others = [r for r in self.documents.columns.reply_ids if r not in set(quoted)]
            scope = scope.model_copy(update={"reply_ids": others})
            understood = f"除上文引用的答复以外，其他答复中，{_strip_end(topic)}？"
            query = topic
        elif re.fullmatch(_YEAR_CONTRAST, noun):
            # the years of the replies quoted, and the year the question asked (an answer may have come from another)
            asked_year = self.year_in(topic)
            years = sorted({self.year(r) for r in quoted if self.year(r)} | ({asked_year} if asked_year else set()))
            columns = self.documents.columns
            others = [columns.reply_ids[i] for i in np.flatnonzero(~np.isin(columns.year, years))]
            scope = scope.model_copy(update={"reply_ids": others, "year": None})
            query = self._topic_without_years(topic)
            lead = f"除{'、'.join(map(str, years))}年以外，" if years else ""
            understood = f"{lead}其他年份的答复中，{_strip_end(query)}？"
            nothing_else = f"{lead}档案中没有找到其他年份谈到这个问题的答复。"
        else:
            # What "其他" sets off: what the message says ("除了民政局，…"), else the agency or place the last
            # question named, else those of the replies the answer quoted.
            said_agencies, said_places, _ = self.scope_in(cues.excepted) if cues.excepted else ([], [], "")
            said_places = [p for p in said_places if not any(p in a for a in said_agencies)]  # 武侯区 of 武侯区民政局
            named, named_places, _ = self.scope_in(topic)
            # Unless the message says what it sets off, "other" is other than everything the conversation has
            # shown: the place or agency the question named and those of the replies the answer quoted (an
            # answer may come from elsewhere when the one named has nothing), and what an earlier "other" left out.
            quoted_agencies = [a for r in quoted if (a := self.agency(r))
                               and not any(agency_matches(form, a, self.tokenizer) for form in named)]
            if re.fullmatch(_PLACE_CONTRAST, noun):
                in_topic = self._place_to_set_off(named_places[0], noun) if named_places else None
                places = said_places or list(dict.fromkeys(([in_topic] if in_topic else []) + [
                    p for r in quoted if (p := self._place_to_set_off(self.agency(r), noun))]))
                places = [p for p in places if not any(self._wider(q, p) for q in places if q != p)]
                # A ministry or an agency named without its place (教育部, 市教育局) sets off itself.
                agencies = said_agencies if said_places or said_agencies else [
                    a for a in named + quoted_agencies if not self._lies_in(a, places)]
                kind = noun if places else "部门"  # 其他区, 其他城市, 其他地方: as the message says it
            else:
                places = said_places
                agencies = said_agencies or ([] if said_places else named + quoted_agencies)
                agencies += [] if places else ([previous.scope.agency] if previous.scope.agency else [])
                kind = "部门"
            if not (said_agencies or said_places):
                agencies += previous.scope.exclude_agencies
            excluded = list(dict.fromkeys(agencies + self._agencies_in_places(places)))
            if not excluded:
                return self._ask_back(cues, "上文没有引用任何部门的答复，无法确定“其他”指谁之外。")
            scope = scope.model_copy(update={"agency": None, "exclude_agencies": excluded})
            within = ""
            if cues.places and not re.fullmatch(_PLACE_CONTRAST, noun):  # "西湖区其他部门呢？": others of that place
                scope.reply_ids = self._replies_in_places(cues.places)
                within = "".join(cues.places)
            elif kind != "部门":  # 其他城市/省份/县: a place's bodies, never a ministry (it has no place)
                scope.exclude_agencies = list(dict.fromkeys(scope.exclude_agencies + self._national_agencies()))
            # 其他县 are county-level bodies, 其他城市 a city's (its districts' too), 其他国家部委 ministries
            wanted = _LEVELS_OF.get(level) if level else ("district",) if _place_noun_level(kind) == "district" \
                else ("city", "district") if _place_noun_level(kind) == "city" else None
            if wanted:
                scope = self._kept_to(scope, self._replies_where(lambda a: self._level(a) in wanted))
                kind = f"{qualified.group(0)}{noun}" if qualified else kind
            if cues.within and (around := self._around(quoted, cues.within)):
                # "省内其他城市": inside the province (city, county) the replies quoted lie in
                scope = self._kept_to(scope, self._replies_where(lambda a: (d := gazetteer().locate(a)) is not None
                                                                  and any(d.within(e) for e in around)))
                within = "、".join(e.name for e in around)
            query = self._topic_without_agencies(topic)
            names = "、".join(dict.fromkeys(places + [plain_agency(a) for a in agencies if not self._lies_in(a, places)]))
            lead = f"除{names}以外，"
            understood = self._with_subject(topic, f"{within}其他{kind}", lead)
            nothing_else = f"{lead}档案中没有找到{within}其他{'地方' if kind == '部门' and places else kind}谈到这个问题的答复。"
            if own:  # 其他部门对老年人有什么便利措施？ — the message brings its own topic
                said_own = _LEAD_NA.sub("", cues.text)  # "那别的部门对…怎么说的？": 那 opens the turn, not the question
                understood = f"{said_own}？" if cues.excepted else f"{lead}{said_own}？"
        if own:
            # The question word may have been the contrast's ("还有哪些部门有助餐措施？"): ask the topic with it. A
            # question of its own replaces the topic when it names a thing ("对老年人有什么便利措施"), not when its
            # only word is the verb after 怎么 ("别的地方是怎么规定的", "怎么收费": asked of the topic).
            # A single word ("别的地方的标准是多少", "有类似补贴吗") is an aspect of the topic: asked with it.
            how = {m.group(1) for m in _HOW_VERB.finditer(own)}
            names = [w for w in self.content_words(own) if not any(w.startswith(v) or v.startswith(w) for v in how)]
            query = own if _INTERROGATIVE.search(own) and len(names) > 1 else f"{_strip_end(query)} {own}"
            if query == own and asked_quantity(own).kind == "yesno" and asked_quantity(topic).kind in _FIGURES:
                # "河北城市易涝点整治了多少处？" then "其他县有没有抢修水毁的？": whether others did a thing of their
                # own, in a conversation about how much; the figure asked before is still what the answer should
                # state ("全县共处置…水毁险情74处"), so its question word is asked too.
                query = f"{_YES_NO.sub(' ', query).strip()} {' '.join(asking_words(topic))}"
        asked = with_stated_unit(query, previous.said)
        resolution = Resolution(kind="contrast", understood_as=understood, query=asked,
                                relaxed_from=without_guessed_count(query, asked), topic=topic, scope=scope, about=self._about(quoted),
                                cited=self._cited_words(previous),
                                note="同一话题，换成上文之外的答复", nothing_else=nothing_else)
        return self._without_kept_year(resolution)

    @staticmethod
    def _without_kept_year(resolution: Resolution) -> Resolution:
        """"只看2024年的" then "其他地方呢？": the others are asked in the year kept, and when they have nothing that
        year, in any year, saying so; when they have nothing at all, the answer says the year was kept too."""
        year = resolution.scope.year
        if year is None:
            return resolution
        said = f"（按上文只看{year}年的答复）"
        anyyear = resolution.model_copy(update={
            "scope": resolution.scope.model_copy(update={"year": None}),
            "note": f"{resolution.note}；其他答复没有{year}年的，以下不限年份",
            "understood_as": resolution.understood_as.replace(f"{year}年的答复中，", "").replace(f"{year}年", "")})
        return resolution.model_copy(update={
            "alternative": anyyear, "note": f"{resolution.note}{said}",
            "nothing_else": resolution.nothing_else and f"{resolution.nothing_else}（上文只看{year}年的答复；不限年份也没有找到。）"})

    def _switch_dimension(self, cues: Cues, previous: TurnState) -> Resolution:
        """那区教育局呢？ / 那姑苏区呢？ / 那2023年呢？: the same topic, another agency, place or year."""
        scope = previous.scope.model_copy(update={"reply_ids": [], "exclude_agencies": []})
        new_scope = (cues.agencies or cues.places)[:1]
        query = self._topic_without_agencies(previous.topic) if new_scope else previous.topic
        understood = _strip_end(previous.topic)
        if new_scope:
            if cues.agencies:
                scope.agency = new_scope[0]
                if not self.names.agencies_in(new_scope[0]):  # "人社部呢？": a short form the archive never writes
                    meant = self._abbreviated(new_scope[0], [self.agency(r) for r in self._referents(previous)])
                    if len(meant) == 1:
                        scope.agency = meant[0]
                    elif meant:
                        scope.agency, scope.reply_ids = None, self._replies_of(meant)
                # "鼓楼区教育局…" then "那卫健委呢？": an agency named without a place is the one of the place
                # the conversation is in, when that place has one.
                if not grammar.parse_agency(new_scope[0]).places:
                    # the place the question named, else those of the replies quoted (the answer may come from elsewhere)
                    named, named_places, _ = self.scope_in(previous.topic)
                    here = list(dict.fromkeys([p for a in named for p in grammar.parse_agency(a).places[-1:]] + named_places + [
                        p for r in self._referents(previous) if (p := self._place_to_set_off(self.agency(r), "地方"))]))
                    local = [a for a in self._agencies_in_places(here[:1])
                             if agency_matches(new_scope[0], a, self.tokenizer)]
                    if len(local) == 1:
                        scope.agency = local[0]
                        new_scope = [plain_agency(local[0])]
            else:  # a place holds agencies of its own level and below (南京市 holds 鼓楼区卫健委)
                scope.agency, scope.reply_ids = None, self._replies_in_places(new_scope)
                scope.nowhere = not scope.reply_ids  # "那河北呢？" with no reply from Hebei: nothing, not everything
            understood = _strip_end(self._with_subject(understood, new_scope[0]))
        elif cues.level:  # 省里呢？ 国家层面呢？ 地方上呢？: the bodies of that level, other than those just quoted
            new_scope = [_LEVEL_LABEL[cues.level]]
            query = self._topic_without_agencies(previous.topic)
            scope.agency = None
            if cues.level == "local":  # every body but the nation's, as "其他地方" asks
                scope.exclude_agencies = self._national_agencies()
            else:
                scope.reply_ids, label = self._replies_of_level(cues.level, previous)
                scope.nowhere, new_scope = not scope.reply_ids, [label]
            understood = _strip_end(self._with_subject(understood, new_scope[0]))
        if cues.year is not None:
            scope.year = cues.year
            query = self._topic_without_years(query)
            understood = _strip_end(self._with_year(understood, f"{cues.year}年"))
        changed = "".join(new_scope) + (f"{cues.year}年" if cues.year is not None else "")
        topic_words = self.content_words(previous.topic)
        own = [w for w in cues.content if w not in topic_words and not is_predicate(w)
               and not any(w in other and w != other for other in cues.content)]  # 覆盖 of 覆盖率
        said = cues.body
        for name in [*cues.agencies, *cues.places]:
            said = said.replace(name, "")
        said = said.strip("，, ")
        prefix = self._scope_prefix(understood)
        # "龙岗城中村的呢？" after "江汉区老旧小区的充电棚…谁来管？": a headless 的-phrase beside the place takes the place
        # of the topic's modifier before 的 (城中村 where 老旧小区 stood), as "六十出头的呢？" does in an ellipsis.
        put = self._in_place_of_modifier(said, understood[len(prefix):]) if own and said.endswith("的") else None
        # "敦煌的旅游公交专线呢？" after "蚌埠夜游专线的末班车几点？": a thing of the head of one the topic names (专线) is
        # that thing of the other place, asked the same (旅游公交专线 where 夜游专线 stood), not an aspect of it.
        put = put or (self._in_place_of_same_head(said.lstrip("的"), understood[len(prefix):]) if own else None)
        if put:
            query, understood = put, prefix + put
        elif own:  # "广东的覆盖率呢？": the topic asked of Guangdong, and the thing the message names
            query = f"{_strip_end(query)} {' '.join(own)}"
            understood = f"{understood}（问的是{'、'.join(own)}）"
        asked = with_stated_unit(query, previous.said)
        resolution = Resolution(kind="contrast", understood_as=understood + "？", query=asked,
                                relaxed_from=without_guessed_count(query, asked), topic=previous.topic, scope=scope,
                                about=self._about(self._referents(previous)), cited=self._cited_words(previous),
                                note=f"同一话题，换成{changed}", nothing_else=f"档案中没有找到{changed}谈到这个问题的答复。")
        if scope.nowhere and cues.places:
            # "那贵州呢？" when no body of Guizhou answered: a reply from elsewhere (a ministry's) may still speak of
            # the place, asked with its name among the topic's words in the scope before.
            # The replies just quoted are of the place set off (蚌埠's, when 敦煌 is asked): one that does not write
            # the place asked is no reply "谈到" it, however well it answers the topic.
            place = cues.places[0]
            elsewhere = [a for r in self._referents(previous)
                         if (a := self.agency(r)) and not any(place in text for text in self._texts_of_reply(r))]
            resolution.alternative = resolution.model_copy(update={
                "query": f"{place} {asked}", "relaxed_from": None,
                "scope": previous.scope.model_copy(update={"reply_ids": [], "exclude_agencies": list(dict.fromkeys(elsewhere)),
                                                           "agency": None}),
                "note": f"档案中没有{place}的部门的答复，以下是谈到{place}的答复"})
        return resolution
