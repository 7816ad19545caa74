"""Ellipsis ("那联系电话呢？", "就这些吗？"): the reply cited last, asked more."""

from __future__ import annotations

from service import postag
from service.fields import asked_field
from service.followup.form import Cues
from service.asked import FRAME_END, noun_run, quantity_kind
from service.followup.language import _EACH_ASKED, _INTERROGATIVE, _REF_NOUN, _strip_end, asks_something, is_predicate
from service.followup.state import Resolution, Scope, TurnState
from service.followup.wording import plain_agency, reply_label


# "那联系电话呢？" after an answer quoting this many bodies is answered for each; after more, asked back.
_EACH_AT_MOST = 3


class Ellipses:
    """Ellipsis ("那联系电话呢？", "就这些吗？"): the reply cited last, asked more."""

    def _ellipsis(self, cues: Cues, previous: TurnState) -> Resolution:
        referents = self._referents(previous)
        if not referents:
            return self._of_question_before(cues, previous, "ellipsis",
                                            self._ask_back(cues, "上一轮没有引用任何答复，无法确定这里省略的是哪一份。"))
        if not cues.body and not cues.content:
            return self._ask_back(cues, "这句话没有说要问什么。")
        # (a field of two bodies quoted is asked of each, also when the question before named both side by side)
        bodies = self._bodies_quoted(previous, referents) if self._asks_field(cues.text) else []
        if len(bodies) < 2 and (both := self._ambiguous(previous, referents)):
            return self._ask_back(cues, f"上文同时问到了{'和'.join(both)}，不确定问的是哪一份。",
                                  [(name, self._aspect_question(name, cues.body)) for name in both])
        if elsewhere := self._answered_elsewhere(previous, referents):
            return self._ask_back(cues, elsewhere)
        if len(bodies) == 1:  # "安定区卫健局…？" then "那联系电话呢？": the body the question named
            referents = bodies + [r for r in referents if r != bodies[0]]
        if len(bodies) > 1:
            return self._field_of_each(cues, previous, bodies)
        return self._asked_of_reply(cues, previous, referents)

    def _of_question_before(self, cues: Cues, previous: TurnState, kind: str, ask_back: Resolution) -> Resolution:
        """"那门票多少钱？" or "这些景区一年接待多少游客？" after a question about 黄山 the archive found nothing for:
        there is no reply to point at, but the speaker still speaks of the place or body they asked about, so the
        message is asked of it (the agency or place the question before named, and its year). What that question
        asked found nothing and is not carried over. When the message finds nothing there either, the user is asked
        to be specific (`ask_back`, the alternative). A message asking nothing of its own ("那它呢？"), a question
        before that named no place or body, or a reply's field ("它的办理结果是什么？") is asked back at once."""
        if not previous.topic or previous.items:
            return ask_back
        pointer = cues.plural_ref or cues.singular_ref
        if pointer is not None:  # "这些景区": the pointer goes, the noun it stood before stays
            text = cues.text[: pointer.start()] + cues.text[pointer.end():]
            noun = _REF_NOUN.match(text[pointer.start():])
            text = text[: pointer.start()] + (noun.group("noun") or "") + text[pointer.start() + noun.end():]
        else:
            text = cues.body
        asked = _strip_end(text).strip("，,的 ")
        # A reply's field (办理结果, 联系电话) is one reply's: with none found there is no reply it could be of, and the
        # nearest reply's field would answer a question about another proposal.
        # The message must also name a thing of its own (门票, 游客): "刚才说的那个呢？" names none.
        if not asked or self._asks_field(asked) \
                or not any(pair.flag[:1] in "nj" or pair.flag in ("vn", "l") for pair in postag.lcut(asked)):
            return ask_back
        agencies, places, _ = self.scope_in(previous.topic)
        where = "".join(dict.fromkeys(agencies or places))
        if not where or where in asked:
            return ask_back
        said = asked if asks_something(asked) else f"{asked}怎么样"
        return Resolution(kind=kind, understood_as=f"{where}{said}？", query=f"{where}{asked}", topic=f"{where}{said}？",
                          scope=previous.scope.model_copy(), alternative=ask_back,
                          note=f"上一问没有找到答复，只沿用其中的{where}")

    def _asked_of_reply(self, cues: Cues, previous: TurnState, referents: list[str]) -> Resolution:
        """The message asked of the first of `referents` ("那联系电话呢？" asks about the reply the last answer quoted
        first)."""
        label = self._labels(referents[:1])
        question = self._aspect_question(label, cues.body)
        query = self._scoped_query(cues.body)
        subject = "" if self._asks_field(cues.text) else self._dropped_subject(cues, previous)
        if subject:
            # "那啥时候到账？" after "加装电梯每部补助多少？": what arrives is what the question before asked of (补助),
            # not the whole of it: every passage of a reply on 加装电梯 writes that, and its own figure (多少) is asked
            # no more.
            question = self._aspect_question(label, subject + cues.body.strip("，,的 "))
            query = f"{subject} {query}"
        elif not cues.content and not self._asks_field(cues.text):
            # "能贷多少？" drops its subject: it is the one the conversation is about (the topic's own words).
            query = f"{_strip_end(self.agencies_in(previous.topic)[1]).strip()} {query}"
        elif (field := asked_field(cues.body)) is not None and not self._nominal(cues):
            # "打哪个电话能问到？": the field asked ("打哪个电话"); the verbs around it are no words of the reply.
            query = cues.body[field.start: field.end]
        return Resolution(kind="ellipsis", understood_as=question, query=query, topic=previous.topic,
                          fallback_query=None if self._nominal(cues) else question,
                          scope=Scope(reply_ids=referents[:1], year=previous.scope.year),
                          note=f"沿用上文：{label}")

    def _dropped_subject(self, cues: Cues, previous: TurnState) -> str:
        """The subject a predicate asked with nothing before it leaves out ("什么时候到账？", "怎么申请？"): the thing the
        question before put its interrogative on (补助 of "每部补助多少", 乡村医生 of "有多少乡村医生"), which both
        sides know. Chinese drops a known subject; its slot is before the predicate, so a message naming something
        there ("补助什么时候到账？") has its own. "" when there is none to carry, or the message writes it."""
        opening = _INTERROGATIVE.search(cues.body)
        if opening is None or self.content_words(cues.body[: opening.start()]):
            return ""
        topic = _strip_end(self.agencies_in(previous.topic)[1])
        asking = _INTERROGATIVE.search(topic)
        if asking is None:
            return ""
        subject = noun_run(topic[asking.end():]) or next(
            (w for w in reversed(self.content_words(FRAME_END.sub("", topic[: asking.start()])))), "")
        # A thing, not an act (缩短 of "等候时间缩短到多少" is what happened to it); a sum's noun may be tagged a verb (补助).
        if not subject or subject in cues.body or (is_predicate(subject) and quantity_kind(subject) is None):
            return ""
        return subject

    def _field_of_each(self, cues: Cues, previous: TurnState, bodies: list[str]) -> Resolution:
        """"那联系电话呢？" after an answer quoting two bodies the question did not single out: a telephone, a contact,
        a 文号 is one body's, and both are known, so each body's is given, labelled (giving the first body's as if
        it were the one would be a guess). Asked back, naming each body, when the bodies are more than a short answer
        can list, or the message asks no field by name."""
        asked_back = self._ask_back(cues, f"上一轮回答引用了{len(bodies)}个单位的答复，各有各的{_strip_end(cues.body) or '信息'}。",
                                    [(plain_agency(self.agency(r)), self._aspect_question(reply_label(self.replies[r]), cues.body))
                                     for r in bodies[:3]])
        field = asked_field(cues.body)
        if field is None or len(bodies) > _EACH_AT_MOST:
            return asked_back
        names = [plain_agency(self.agency(r)) for r in bodies]
        each = [self._asked_of_reply(cues, previous, [r]) for r in bodies]
        understood = _strip_end(self._aspect_question('和'.join(names), cues.body))
        at = asked.start() if (asked := _EACH_ASKED.search(understood, understood.find("，") + 1)) else len(understood)
        before = postag.lcut(understood[understood.find("，") + 1: at])
        if before and before[-1].flag[:1] == "v":  # 分别 before the verb that takes it: 分别是什么, 分别打哪个电话
            at -= len(before[-1].word)
        return Resolution(kind="ellipsis", understood_as=f"{understood[:at]}分别{understood[at:]}？", query=each[0].query,
                          topic=previous.topic, scope=Scope(reply_ids=bodies, year=previous.scope.year), each=each,
                          alternative=asked_back, note=f"沿用上文：{'、'.join(names)}的答复，各答各的")

    def _more(self, cues: Cues, previous: TurnState) -> Resolution:
        referents = self._referents(previous)
        if not referents:
            return self._ask_back(cues, "上一轮没有引用任何答复，不知道要接着问哪一份。")
        label = self._labels(referents)
        topic = _strip_end(previous.topic)
        return Resolution(kind="ellipsis", understood_as=f"{label}中，关于“{topic}”还说了什么？",
                          query=self._topic_without_agencies(topic), topic=previous.topic,
                          scope=Scope(reply_ids=referents, year=previous.scope.year), note=f"沿用上文：{label}")
