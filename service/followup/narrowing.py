"""Narrowing ("只看2024年的", "就看住建局的"): the topic kept, within a part."""

from __future__ import annotations

import re

from service.followup.form import Cues
from service.followup.language import (
    _LEVELS_OF, _LEVEL_LABEL, _LEVEL_WORD, _NARROW, _PROPOSAL_KIND, _RELATIVE_YEARS, _YEAR, _strip_end,
)
from service.followup.state import Resolution, TurnState


# A question about each of several places or bodies: 各地, 各区, 各部门, 分别.
_EACH_OF = re.compile(r"各(?:地方?|省|市(?!场)|区|县|街道|乡镇|部门|单位)(?:都|分别)?|分别|各自")


class Narrowing:
    """Narrowing ("只看2024年的", "就看住建局的"): the topic kept, within a part."""

    def _narrow(self, cues: Cues, previous: TurnState) -> Resolution:
        scope = previous.scope.model_copy(update={"reply_ids": []})
        parts = []
        if cues.year is not None:
            scope.year = cues.year
            parts.append(f"{cues.year}年")
        if cues.agencies:
            scope.agency = cues.agencies[0]
            scope.exclude_agencies = []
            parts.append(cues.agencies[0])
            if not self.names.agencies_in(cues.agencies[0]):  # "就看住建局的": a short form the archive never writes
                meant = self._abbreviated(cues.agencies[0], [self.agency(r) for r in self._referents(previous)])
                scope.agency, scope.reply_ids = (meant[0], []) if len(meant) == 1 else (None, self._replies_of(meant))
        elif cues.places:  # 只看南京市的
            scope.agency, scope.exclude_agencies = None, []
            parts.append(cues.places[0])
        elif cues.level:  # 只看省级的: among the replies of that level
            scope.agency, scope.exclude_agencies = None, []
            scope.reply_ids = self._replies_where(lambda a: self._level(a) in _LEVELS_OF.get(cues.level, ())) \
                if cues.level != "above" else self._replies_of_level(cues.level, previous)[0]
            scope.nowhere = not scope.reply_ids
            parts.append(_LEVEL_LABEL[cues.level])
        kind = _PROPOSAL_KIND.search(cues.text)
        if kind:  # 只看代表建议的答复 / 只看政协提案的
            wanted = "建议" if "建议" in kind.group(0) else "提案"
            scope.reply_ids = self.documents.reply_ids_where("json_extract(meta, '$.proposal_kind') LIKE ?", (f"%{wanted}",))
            parts.append(kind.group(0))
        if cues.places and not cues.agencies:
            inside = set(self._replies_in_places(cues.places[:1]))
            scope.reply_ids = [r for r in scope.reply_ids if r in inside] if kind else sorted(inside)
            scope.nowhere = not scope.reply_ids
        rest = self.agencies_in(cues.text)[1]
        for name in cues.agencies:  # a name the archive does not write is no word of the question's own
            rest = rest.replace(name, " ")
        rest = _RELATIVE_YEARS.sub(" ", _YEAR.sub(" ", _LEVEL_WORD.sub(" ", rest)))
        for pattern in (_NARROW, _PROPOSAL_KIND):
            rest = pattern.sub(" ", rest)
        content = self.content_words(rest)
        named = (cues.agencies or cues.places)[:1]
        # "各地电动车充电怎么收费？" then "只要广州的": one place or body is kept, so "each place" no longer applies
        topic = (_EACH_OF.sub("", previous.topic) or previous.topic) if named else previous.topic
        query = self._topic_without_agencies(topic) if named else topic
        # Said as a question of its own: "只看人社局的" → "人社局对…？", "只看2025年的" → "2025年的答复中，…？".
        understood = _strip_end(topic)
        if named:
            understood = _strip_end(self._with_subject(understood, named[0]))
        elif cues.level:
            query = self._topic_without_agencies(previous.topic)
            understood = _strip_end(self._with_subject(understood, _LEVEL_LABEL[cues.level]))
        if cues.year is not None:
            understood = _strip_end(self._with_year(understood, f"{cues.year}年"))
        if kind:
            understood = f"{kind.group(0)}的答复中，{understood}"
        if content:
            query = f"{_strip_end(query)} {''.join(content)}"
            parts.append("".join(content))
            understood += f"（只看{''.join(content)}）"
        understood += "？"
        return Resolution(kind="narrowing", understood_as=understood, query=query, topic=previous.topic, scope=scope,
                          about=self._about(self._referents(previous)),
                          note=f"在上文话题内只看{''.join(parts)}")
