"""Ellipsis ("那联系电话呢？", "就这些吗？"): the reply cited last, asked more."""

from __future__ import annotations

from service.fields import asked_field
from service.followup.form import Cues
from service.followup.language import _strip_end
from service.followup.state import Resolution, Scope, TurnState
from service.followup.wording import plain_agency, reply_label


class Ellipses:
    """Ellipsis ("那联系电话呢？", "就这些吗？"): the reply cited last, asked more."""

    def _ellipsis(self, cues: Cues, previous: TurnState) -> Resolution:
        referents = self._referents(previous)
        if not referents:
            return self._ask_back(cues, "上一轮没有引用任何答复，无法确定这里省略的是哪一份。")
        if not cues.body and not cues.content:
            return self._ask_back(cues, "这句话没有说要问什么。")
        if both := self._ambiguous(previous, referents):
            return self._ask_back(cues, f"上文同时问到了{'和'.join(both)}，不确定问的是哪一份。",
                                  [(name, self._aspect_question(name, cues.body)) for name in both])
        if elsewhere := self._answered_elsewhere(previous, referents):
            return self._ask_back(cues, elsewhere)
        bodies = self._bodies_quoted(previous, referents) if self._asks_field(cues.text) else []
        if len(bodies) == 1:  # "安定区卫健局…？" then "那联系电话呢？": the body the question named
            referents = bodies + [r for r in referents if r != bodies[0]]
        if len(bodies) > 1:
            # "那联系电话呢？" after an answer quoting two bodies the question did not single out: a telephone, a
            # contact, a 文号 is one body's, and the citizen calls the one handling their matter. Giving the first
            # body's as if it were the one would be a guess; the ask-back names each body, one click away.
            return self._ask_back(cues, f"上一轮回答引用了{len(bodies)}个单位的答复，各有各的{_strip_end(cues.body) or '信息'}。",
                                  [(plain_agency(self.agency(r)), self._aspect_question(reply_label(self.replies[r]), cues.body))
                                   for r in bodies[:3]])
        # "那联系电话呢？" asks about the reply the last answer quoted first.
        label = self._labels(referents[:1])
        question = self._aspect_question(label, cues.body)
        query = self._scoped_query(cues.body)
        if not cues.content and not self._asks_field(cues.text):
            # "能贷多少？" drops its subject: it is the one the conversation is about (the topic's own words).
            query = f"{_strip_end(self.agencies_in(previous.topic)[1]).strip()} {query}"
        elif (field := asked_field(cues.body)) is not None and not self._nominal(cues):
            # "打哪个电话能问到？": the field asked ("打哪个电话"); the verbs around it are no words of the reply.
            query = cues.body[field.start: field.end]
        return Resolution(kind="ellipsis", understood_as=question, query=query, topic=previous.topic,
                          fallback_query=None if self._nominal(cues) else question,
                          scope=Scope(reply_ids=referents[:1], year=previous.scope.year),
                          note=f"沿用上文：{label}")

    def _more(self, cues: Cues, previous: TurnState) -> Resolution:
        referents = self._referents(previous)
        if not referents:
            return self._ask_back(cues, "上一轮没有引用任何答复，不知道要接着问哪一份。")
        label = self._labels(referents)
        topic = _strip_end(previous.topic)
        return Resolution(kind="ellipsis", understood_as=f"{label}中，关于“{topic}”还说了什么？",
                          query=self._topic_without_agencies(topic), topic=previous.topic,
                          scope=Scope(reply_ids=referents, year=previous.scope.year), note=f"沿用上文：{label}")
