"""Ordinals ("第二条", "最后一份") and proposers ("那位代表"): one item of what the thread cited."""

from __future__ import annotations

import re

from indexer import grammar
from indexer.models import Reply
from service.followup.form import Cues
from service.followup.language import (
    _ASKS_WHO, _DEIXIS, _ITEM_CLASSIFIERS, _ORGANISATION, _REPLY_CLASSIFIERS, _proposers_of, _strip_end,
)
from service.followup.state import CitedItem, Resolution, Scope, TurnState
from service.followup.wording import reply_label


class Ordinals:
    """Ordinals ("第二条", "最后一份") and proposers ("那位代表"): one item of what the thread cited."""

    @staticmethod
    def _numbered_lists(reply: Reply) -> dict[str, list[str]]:
        """The reply's numbered sections, grouped by the section they are numbered under."""
        groups: dict[str, list[str]] = {}
        for section in reply.sections:
            if section.kind == "body" and section.level >= 1:
                groups.setdefault(section.section_id.rpartition(".")[0], []).append(section.section_id)
        return groups

    def _quoted_list(self, reply: Reply, cited: list[str]) -> str | None:
        """The section an ordinal counts from: the first cited of the numbered list the answer cited most items of
        ("第三条" after quotes from 一、基本情况, （三） and （四）: the list of （三） and （四）, the one read as items)."""
        groups = self._numbered_lists(reply)
        listed = [(parent, sid) for sid in cited for parent, members in groups.items() if sid in members]
        if not listed:
            return cited[0] if cited else None
        counts = {parent: sum(p == parent for p, _ in listed) for parent, _ in listed}
        best = max(counts.values())
        return next(sid for parent, sid in listed if counts[parent] == best)

    def _measures(self, reply: Reply, near: str | None) -> list[str]:
        """The numbered list an ordinal counts in when it has no n-th item: the one of the section the
        answer quoted, else the reply's longest."""
        groups = self._numbered_lists(reply)
        if near is not None and near in (siblings := groups.get(near.rpartition(".")[0], [])):
            return siblings
        return max(groups.values(), key=len, default=[])

    def _numbered_item(self, reply: Reply, n: int, near: str | None) -> str | None:
        """The n-th numbered section of a reply: among the siblings of the section the answer quoted
        when there are n of them, else in the reply's longest numbered list (its measures). n = 0 is the last."""
        groups = self._numbered_lists(reply)
        if near is not None:
            siblings = groups.get(near.rpartition(".")[0], [])
            if near in siblings and len(siblings) >= n:
                return siblings[n - 1]
        candidates = [g for g in groups.values() if len(g) >= max(n, 1)]
        if not candidates:
            return None
        return max(candidates, key=lambda g: (len(g), g[0].count(".")))[n - 1]

    @staticmethod
    def _shown(previous: TurnState) -> list[CitedItem]:
        """The cited items the answer's text quoted, in answer order; every cited item when none is marked so (a state
        kept before `in_answer` was)."""
        return [i for i in previous.items if i.in_answer] or previous.items

    def _ordinal_reference(self, cues: Cues, previous: TurnState) -> Resolution:
        n = 0 if cues.ordinal.group("last") or cues.ordinal.group("latter") else \
            1 if cues.ordinal.group("first") else grammar.chinese_number(cues.ordinal.group("n"))
        cls = cues.ordinal.group("cls")
        ordinal = cues.ordinal.group(0)
        rest = _strip_end(cues.text[: cues.ordinal.start()] + cues.text[cues.ordinal.end():])
        rest = re.sub(rf"^(?:{_DEIXIS}|其中|中的)", "", rest.strip("，,的呢那 ")).strip("，,的 ")  # "上面第一条…"
        referents = self._referents(previous)
        if cls in _ITEM_CLASSIFIERS and referents and (both := self._side_by_side(previous.topic)):
            return self._ask_back(cues, f"上文同时问到了{'和'.join(both)}，不确定{ordinal}是哪一份答复的。",
                                  [(f"{name}的{ordinal}", self._asked_of(cues.text, ordinal, f"{name}的{ordinal}"))
                                   for name in both])
        if cls in _ITEM_CLASSIFIERS and referents:
            reply = self.replies[referents[0]]
            # Counted in what the reader saw: the sources listed below the answer but not quoted in it (引言, the
            # other parts ranked after) are no list the user counts in.
            near = self._quoted_list(reply, [i.section_id for i in self._shown(previous) if i.reply_id == reply.reply_id])
            section_id = self._numbered_item(reply, n, near)
            if section_id is None:
                # "第三条" of a reply with two: ask which of those it has (the thread offers no third)
                there = [sec for sid in self._measures(reply, near) if (sec := reply.section(sid))]
                label = reply_label(reply)
                return self._ask_back(cues, f"上文引用的{label}只有{len(there)}条，没有{ordinal}。" if there
                                      else f"上文引用的答复没有{ordinal}。",
                                      [(f"“{sec.heading}”", f"{label}“{sec.heading}”部分说了什么？") for sec in there[:4]])
            section = reply.section(section_id)
            reply_id, heading, note = reply.reply_id, section.heading, f"“{ordinal}”指{reply_label(reply)}的“{section.heading}”"
        else:
            # 第二个/第二句/后一个 count what the reader saw quoted; 第2处 counts the sources and 第二份 the replies,
            # listed ones too.
            if cls in _REPLY_CLASSIFIERS:
                items = list({i.reply_id: i for i in reversed(previous.items)}.values())[::-1]
            elif cls == "处":
                items = previous.items
            else:
                items = self._shown(previous)
            n = n or len(items)  # 最后一份
            if not items:
                return self._ask_back(cues, f"上一轮没有引用任何答复，无法确定{ordinal}指什么。")
            if not 1 <= n <= len(items):
                return self._ask_back(cues, f"上一轮回答只列出了 {len(items)} {'份答复' if cls in _REPLY_CLASSIFIERS else '处出处'}，没有{ordinal}。")
            item = items[n - 1]
            reply_id, heading, note = item.reply_id, item.heading, f"“{ordinal}”指上一轮回答的第 {n} 处出处"
        label = reply_label(self.replies[reply_id]) if reply_id in self.replies else "上文的答复"
        where = f"{label}“{heading}”部分" if heading else label
        question = f"{where}中，{rest}？" if self.content_words(rest) else f"{where}说了什么？"  # "第三项是什么？"
        if cls in _REPLY_CLASSIFIERS and self._asks_field(rest):  # "第二份答复是哪天发的？": that reply's field
            asked = re.sub(r"^(?:答复|回复|文件)的?", "", rest)
            question = f"{label}{'' if asked.startswith(('是', '的')) else '的'}{asked}？"
            return Resolution(kind="reference", understood_as=question, query=self._scoped_query(rest),
                              topic=previous.topic, fallback_query=question,
                              scope=Scope(reply_ids=[reply_id], year=previous.scope.year), note=note)
        return Resolution(kind="reference", understood_as=question, query=self._scoped_query(f"{heading} {rest}"),
                          topic=previous.topic, fallback_query=None if cues.content else question,
                          scope=Scope(reply_ids=[reply_id], year=previous.scope.year), note=note)

    def _proposers(self, reply_id: str) -> list[str]:
        """The people who proposed what a reply answers (its proposers field, else the person it is addressed to);
        an organisation (县农工党支部) or a co-handling opinion's lead agency is no one "那位代表" points at."""
        return [name for name in _proposers_of(self.replies[reply_id].meta)
                if 2 <= len(name) <= 4 and not _ORGANISATION.search(name) and not grammar.is_agency_name(name)]

    def _proposer_reference(self, cues: Cues, previous: TurnState) -> Resolution:
        """"那位代表是谁？", "这位委员还提过什么？": the person who proposed what the quoted reply answers. The thread
        decides: one reply with one proposer is meant; replies of different proposers, or none naming a person, are
        asked back."""
        pointer = cues.proposer_ref
        said = pointer.group(0)
        who = pointer.group("who") or pointer.group("who2")
        referents = self._referents(previous)
        if not referents:
            return self._ask_back(cues, f"上一轮没有引用任何答复，不确定“{said}”指谁。")
        people = {r: names for r in referents if (names := self._proposers(r))}
        if not people:
            reply = self.replies[referents[0]]
            kind = reply.meta.proposal_kind or "建议"
            organisations = [n for n in _proposers_of(reply.meta) if n not in self._proposers(referents[0])]
            why = (f"上文引用的{reply_label(reply)}是答复{'、'.join(organisations)}的，没有哪位{who}。" if organisations
                   else f"上文引用的{reply_label(reply)}没有写明提出{kind}的{who}。")
            return self._ask_back(cues, why)
        rest = _strip_end(cues.text[pointer.end():])
        asks_who = not rest or bool(_ASKS_WHO.match(rest))

        def person(reply_id: str) -> str:
            title = "代表" if "建议" in (self.replies[reply_id].meta.proposal_kind or "建议") else "委员"
            return "、".join(people[reply_id]) + title

        def asked(reply_id: str) -> str:
            if asks_who:
                return f"{reply_label(self.replies[reply_id])}的提出人是谁？"
            return self._asked_of(cues.text, said, person(reply_id))

        distinct = list(dict.fromkeys(tuple(names) for names in people.values()))
        if len(distinct) > 1:
            return self._ask_back(cues, f"上一轮回答引用了{len(people)}份答复，分别答复不同的{who}。",
                                  [(person(r), asked(r)) for r in list(people)[:3]])
        reply_id = next(iter(people))
        note = f"“{said}”指{person(reply_id)}（{reply_label(self.replies[reply_id])}）"
        if asks_who:  # the reply's field: who proposed it
            return Resolution(kind="reference", understood_as=asked(reply_id), query="提案人是谁",
                              fallback_query=asked(reply_id), topic=previous.topic,
                              scope=Scope(reply_ids=[reply_id]), note=note)
        # "那位代表还提过哪些建议？": the replies to that person's proposals and suggestions
        name = people[reply_id][0]
        theirs = self.documents.reply_ids_where("json_extract(meta, '$.proposers') LIKE ?", (f"%{name}%",)) or [reply_id]
        question = asked(reply_id)
        return Resolution(kind="reference", understood_as=question, query=self._scoped_query(rest) if self._nominal(cues)
                          else self._scoped_query(f"{_strip_end(previous.topic)} {rest}"),
                          fallback_query=question, topic=previous.topic, scope=Scope(reply_ids=theirs), note=note)
