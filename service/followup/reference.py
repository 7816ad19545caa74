"""Reference ("这些", "它", "卫健委那份", "这个办法"): what a pointer points at in the thread."""

from __future__ import annotations

import re

from service import postag
from service.followup.form import Cues
from service.followup.language import (
    ASPECT_WORDS, FIELD_WORDS, _AGENCY_NOUN, _COLLECTIVE, _DISTRIBUTIVE, _EACH_ASKED, _PLURAL, _REF_NOUN, _RELATIVE_YEARS,
    _SHELL_NOUN, _WHERE_IS, _YEAR, _strip_end, word_pieces,
)
from service.followup.state import Resolution, Scope, TurnState
from service.followup.wording import plain_agency, reply_label
from service.retrieve import agency_matches


class References:
    """Reference ("这些", "它", "卫健委那份", "这个办法"): what a pointer points at in the thread."""

    def _reference(self, cues: Cues, previous: TurnState) -> Resolution:
        referents = self._referents(previous)
        match = cues.plural_ref or cues.singular_ref
        before, rest_start = cues.text[: match.start()], match.end()
        after = _REF_NOUN.match(cues.text[rest_start:])
        noun = after.group("noun") or ""
        phrase = cues.text[match.start(): rest_start + after.end()]
        rest = cues.text[rest_start + after.end():]
        if cues.described:
            # "卫健委那份答复", "养老的那个": the description picks among the replies just quoted, else among
            # the other sources the answer cited, or stands alone.
            cited = [i.reply_id for i in previous.items if i.reply_id in self.replies and i.reply_id not in referents]
            picked = self._described(before, referents, previous) or self._described(before, list(dict.fromkeys(cited)), previous)
            if not picked:
                return self._standalone("switch", cues, cues.text)
            if len(picked) > 1 and not cues.plural_ref:
                return self._ask_back(cues, f"上文有{len(picked)}份答复都符合“{before}”。",
                                      [(reply_label(self.replies[r]), self._asked_of(cues.text, before + phrase, reply_label(self.replies[r])))
                                       for r in picked[:3]])
            referents, before = picked, ""
        elif not referents:
            return self._of_question_before(cues, previous, "reference",
                                            self._ask_back(cues, "上一轮没有引用任何答复，无法确定“这些/它”指什么。"))
        elif elsewhere := self._answered_elsewhere(previous, referents):
            return self._ask_back(cues, elsewhere)
        targets = referents if cues.plural_ref else referents[:1]
        if not cues.plural_ref and not cues.described and (both := self._ambiguous(previous, referents)):
            return self._ask_back(cues, f"上文同时问到了{'和'.join(both)}，不确定“{phrase}”指哪一份。",
                                  [(name, self._asked_of(cues.text, phrase, name)) for name in both])
        # "它的文号是多少？": a reply's field is asked of a reply (a programme the answer named has none),
        # and after an answer quoting several replies, one of them is meant but not said.
        asks_reply = noun in ("答复", "回复", "提案", "建议") or (not re.fullmatch(_AGENCY_NOUN, noun or "-") and self._asks_field(rest))
        if asks_reply and not cues.plural_ref and not cues.described and len(referents) > 1:
            labels = [reply_label(self.replies[r]) for r in referents[:3]]
            return self._ask_back(cues, f"上文引用了{len(referents)}份答复，不确定“{phrase}”指哪一份。",
                                  [(label, self._asked_of(cues.text, phrase, label)) for label in labels])
        if asks_reply and not cues.plural_ref and not cues.described and len(across := self._answered_across(previous)) > 1:
            labels = [reply_label(self.replies[r]) for r in across[:3]]
            return self._ask_back(cues, f"上一轮的问题没有说是哪里、哪个单位的，{len(across)}份答复都谈到了，不确定“{phrase}”指哪一份。",
                                  [(label, self._asked_of(cues.text, phrase, label)) for label in labels])
        if noun and re.fullmatch(_AGENCY_NOUN, noun):  # 这个部门 → the agency, not one reply
            if not cues.plural_ref and not cues.described:
                # one body is meant: the thread's answer quoted several, and the question before named none of them
                quoted_agencies = list(dict.fromkeys(a for r in referents if (a := self.agency(r))))
                named, _ = self.agencies_in(previous.topic)
                singled = [a for a in quoted_agencies if any(agency_matches(form, a, self.tokenizer) for form in named)]
                if len(singled) == 1:  # "民政局…？" then "这个部门…": the one the question named
                    targets = [r for r in referents if self.agency(r) == singled[0]]
                elif len(quoted_agencies) > 1:
                    return self._ask_back(cues, f"上一轮回答引用了{len(quoted_agencies)}个单位的答复。",
                                          [(plain_agency(a), self._asked_of(cues.text, phrase, plain_agency(a)))
                                           for a in quoted_agencies[:3]])
            agencies = list(dict.fromkeys(self.agency(r) for r in targets if self.agency(r)))
            if not agencies:
                return self._ask_back(cues, "上文的答复没有写明答复单位。")
            name = "、".join(plain_agency(a) for a in agencies)
            if _WHERE_IS.fullmatch(_strip_end(rest)) and len(targets) == 1:
                # "他们在哪办公？": the one place a reply says its office is, is the address it closes with
                question = f"{self._labels(targets)}的联系地址是什么？"
                return Resolution(kind="reference", understood_as=question, query="联系地址", fallback_query=question,
                                  topic=previous.topic, scope=Scope(reply_ids=targets), note=f"“{phrase}”指{name}")
            question = _strip_end(before + name + rest) + "？"
            return Resolution(kind="reference", understood_as=question, query=question, topic=previous.topic,
                              scope=Scope(agency=agencies[0] if len(agencies) == 1 else None, year=previous.scope.year),
                              note=f"“{phrase}”指{name}")
        label = self._labels(targets)
        scope = Scope(reply_ids=targets, year=previous.scope.year)
        if asks_reply:
            question = _strip_end(before + label + rest).replace("的的", "的") + "？"
            # "补贴那份答复是哪天发的？": the description's words picked the reply; the question has none of its own. A
            # field asked in words of its own ("这份答复是写给哪位代表的？": 写给) is read as a field only beside the reply's
            # name, so the question naming it is asked when the words alone find nothing.
            own_words = self.content_words(before + rest) and not self._asks_field(rest)
            return Resolution(kind="reference", understood_as=question, query=self._scoped_query(before + " " + rest),
                              topic=previous.topic, fallback_query=None if own_words else question,
                              scope=scope,
                              note=f"“{phrase}”指{label}")
        if not cues.plural_ref and previous.names and noun in ("", "文件", "计划", "政策", "措施", "项目", "平台"):
            # "它会规定哪些内容？": the thing the answer just named (《…》) is the most salient referent.
            name = previous.names[0]
            if previous.named_in.get(name) in self.replies:
                label, scope.reply_ids = reply_label(self.replies[previous.named_in[name]]), [previous.named_in[name]]
            question = _strip_end(before + name + rest) + "？"
            return Resolution(kind="reference", understood_as=question, query=self._scoped_query(f"{name} {rest}"),
                              topic=previous.topic, scope=scope, note=f"“{phrase}”指{name}（{label}）")
        # "上面说的补贴怎么申请？": the words after the pointer name what was mentioned; "这些什么时候完成？" names nothing.
        names_thing = any(rest.lower().startswith(word) for word in self.content_words(rest))
        if names_thing and not cues.plural_ref and not cues.described and (mention := self._mention(rest, previous)):
            return mention if mention.ask_back else mention.model_copy(update={"note": f"“{phrase}”指{mention.note}"})
        # "这个补贴怎么申请？" when neither the question, the answer nor the reply it quoted spoke of a 补贴: a
        # demonstrative and a noun need an antecedent of that noun, and the thread has none to give it.
        thing = max((w for w in self.content_words(rest) if rest.lower().startswith(w)), key=len) if names_thing else ""
        if thing and not cues.plural_ref and not cues.described and not self._spoken_of(thing, previous, targets):
            return self._ask_back(cues, f"上文没有说到“{thing}”，不确定“{phrase}{thing}”指什么。")
        # "这些什么时候完成？": what the last turn was about, in the replies it quoted. A plural referent
        # asks about each of its members: 分别 says so, and asks for every matching measure, not the best one.
        if cues.plural_ref and _PLURAL.search(phrase) and rest and not _DISTRIBUTIVE.search(cues.text) \
                and not _COLLECTIVE.search(rest):
            # after the thing named ("这些设备谁来装" → "设备分别谁来装"), else first ("这些分别什么时候完成")
            # before what is asked of them, and the verb that takes it ("这些学校老师从哪来" → "学校老师分别从哪来",
            # "这些窗口分布在哪里" → "窗口分别分布在哪里", "这些什么时候完成" → "分别什么时候完成"), else after the thing
            # named ("这些设备要补贴吗" → "设备分别要补贴吗")
            asked = _EACH_ASKED.search(rest)
            head = max((w for w in self.content_words(rest) if rest.lower().startswith(w)), key=len, default="")
            at = asked.start() if asked else len(head)
            before_asked = postag.lcut(rest[:at]) if asked else []
            if len(before_asked) > 1 and before_asked[-1].flag in ("v", "vn"):  # and its verb ("窗口分别分布在哪里")
                at -= len(before_asked[-1].word)
            rest = rest[:at] + "分别" + rest[at:].lstrip("，, ")
        referent = f"{label}中的{noun}" if noun else f"{label}中提到的" if names_thing else f"{label}中提到的事项"
        question = _strip_end(before + referent + rest).replace("的的", "的") + "？"
        # "这些学校老师从哪来？": what is asked of the referent names a thing of its own (老师), which the reply in scope
        # is searched for; the question before (新开几所学校) would only find the sentence already quoted again.
        topic_words = set(self.content_words(previous.topic))
        asks_own = [w for w in self._nominal(self.cues(rest)) if w not in topic_words and w not in noun] if rest else []
        query = f"{before} {noun}{rest}" if asks_own else f"{_strip_end(previous.topic)} {before} {noun}{rest}"
        return Resolution(kind="reference", understood_as=question,
                          query=self._scoped_query(query),
                          topic=previous.topic, fallback_query=question, scope=scope, note=f"“{phrase}”指{label}")

    def _described(self, description: str, referents: list[str], previous: TurnState) -> list[str]:
        """The replies (of `referents`) a description before a demonstrative fits: the year, agency or place
        it names, else the replies whose title or cited passages use most of its words ("养老的那个" among a
        养老 reply and a 数据 reply)."""
        named, places, rest = self.scope_in(description)
        year = self.year_in(description)
        if year is not None:  # "2024年那份"
            referents = [r for r in referents if self.year(r) == year]
            rest = _RELATIVE_YEARS.sub(" ", _YEAR.sub(" ", rest))
        if named or places:  # "卫健委那份", "武侯区的那份"
            return [r for r in referents if any(agency_matches(f, self.agency(r), self.tokenizer) for f in named)
                    or any(place in (self.agency(r) or "") for place in places)]
        words = set(self.content_words(rest))
        if year is not None and not words:
            return referents
        if not words:
            return []
        overlap = {r: len(words & self._reply_words(r, previous)) for r in referents}
        best = max(overlap.values(), default=0)
        return [r for r in referents if best and overlap[r] == best]

    def _reply_words(self, reply_id: str, previous: TurnState) -> set[str]:
        """Words a quoted reply was seen under: its title, the proposal's title and the passages cited from it."""
        reply = self.replies[reply_id]
        texts = [reply.title, reply.meta.proposal_title or ""]
        for item in previous.items:
            if item.reply_id == reply_id:
                section = reply.section(item.section_id)
                texts.append(section.text if section else item.heading)
        return set(self.tokenizer.tokenize(" ".join(texts), expand=False))

    def _spoken_of(self, thing: str, previous: TurnState, reply_ids: list[str]) -> bool:
        """Whether the thread spoke of a thing: the question before, the sentences the answer quoted or the reply
        pointed at write it, or its head (补贴 of 运营补贴); a word every reply has (工作, 措施) always is."""
        if thing in ASPECT_WORDS or thing in FIELD_WORDS or len(thing) < 2 or _SHELL_NOUN.fullmatch(thing):
            return True
        forms = [thing, *[piece for piece in word_pieces(thing)[-1:] if len(piece) > 1]]
        texts = [previous.topic, *previous.said, *(t for r in reply_ids[:1] if r in self.replies for t in self._texts_of_reply(r))]
        return any(form in text for form in forms for text in texts)

    def _mention(self, rest: str, previous: TurnState) -> Resolution | None:
        """"这个办法什么时候修订？": a demonstrative and a noun the last answer's sentences said (…修订数字化转型券管理
        办法) point at that mention: asked of the reply that sentence was quoted from, in the message's own words
        (the topic before was about something else). Said in sentences of two replies, it is asked back; said
        in none, None (the pointer means the reply or the topic)."""
        head = max((w for w in self.content_words(rest) if rest.lower().startswith(w)), key=len)
        if head in ASPECT_WORDS or len(head) < 2:
            return None
        mentioned = list(dict.fromkeys(r for sentence, r in zip(previous.said, previous.said_in)
                                       if head in sentence and r in self.replies))
        if len(mentioned) > 1:
            cues = self.cues(rest)
            return self._ask_back(cues, f"上一轮回答中有{len(mentioned)}份答复都提到了“{head}”。",
                                  [(reply_label(self.replies[r]), f"{reply_label(self.replies[r])}中，{_strip_end(rest)}？")
                                   for r in mentioned[:3]])
        if not mentioned:
            return None
        label = reply_label(self.replies[mentioned[0]])
        question = f"{label}中提到的{_strip_end(rest)}？"
        return Resolution(kind="reference", understood_as=question, query=self._scoped_query(rest), topic=previous.topic,
                          fallback_query=question, scope=Scope(reply_ids=mentioned, year=previous.scope.year),
                          note=f"上一轮回答中{label}提到的{head}")
