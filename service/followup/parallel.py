"""Parallel-noun ellipsis ("长者食堂呢？" after "思明区新建一个社区助餐点补多少钱？"): the question before, asked
again of the thing the message names in place of one of its own."""

from __future__ import annotations

import re

from service import postag
from service.followup.form import Cues
from service.followup.language import _INTERROGATIVE, _SHELL_NOUN, _strip_end, _without_modal, is_predicate, word_pieces
from service.followup.state import Resolution, Scope, TurnState

# Words that end a noun phrase read backwards from its head: verbs, prepositions, conjunctions, pronouns,
# adverbs, particles and punctuation (jieba's tags); a locative (以上, 以下) stays in it unless a verb takes it (评上).
_OUTSIDE_NP = ("v", "p", "c", "r", "d", "y", "x", "u", "e", "o", "ul", "uz", "ug")
# A question's quantity with no noun of its own after it ("补多少钱", "新增了几个"): any subject can take it; one
# counting a noun ("建了多少机架") is said of its own subject only.
_OPEN_QUANTITY = re.compile(r"(?:多少|几)(?:钱|元|万元|个|家|项|人|人次|处|所|条|次|倍)?$|(?:什么|怎么|如何|吗|是否|哪些|多久|多长时间)")


# A property of a thing (its 条件, 标准, 比例, 覆盖率, 时间…) is asked of the thing, never a sibling that takes its predicate.
_PROPERTY = re.compile(rf"(?:{_SHELL_NOUN.pattern}|率|度|额|量|期|限|价|方式|渠道|对象|范围|进度|结果|电话|地址)$")


class ParallelNouns:
    """Parallel-noun ellipsis: "X呢？" whose X stands where a noun phrase of the question before stood."""

    def _parallel(self, cues: Cues, previous: TurnState, referents: list[str]) -> Resolution | None:
        new = _strip_end(cues.body).strip("，, ")
        question = _strip_end(previous.topic)
        if not new or not question or new in question:
            return None
        prefix = self._scope_prefix(question)
        body = question[len(prefix):]
        words = [(pair.word, pair.flag) for pair in postag.lcut(body)]
        asked = None
        if new.endswith("的") and len(new) > 1:
            asked = self._in_place_of_modifier(new, body)
        elif not self._spoken_of_in(new, question, referents[:1]):
            # "X呢？" whose X the reply does not write is no part of it: not asked of that reply
            return None
        else:
            # "特困老人呢？" after "八十岁以上的老人…": the noun phrase of the same head is replaced
            asked = self._in_place_of_same_head(new, body)
            if asked is None:
                # "长者食堂呢？" after "…社区助餐点补多少钱？": a thing of another head takes the question's predicate
                tail = "" if _PROPERTY.search(new) else self._predicate_tail(words)
                if tail:
                    asked = f"{new}{tail}"
        if not asked or asked == body:
            return None
        understood = f"{prefix}{asked}？"
        label = self._labels(referents[:1])
        return Resolution(kind="ellipsis", understood_as=understood, query=self._scoped_query(asked), topic=previous.topic,
                          fallback_query=understood, scope=Scope(reply_ids=referents[:1], year=previous.scope.year),
                          note=f"沿用上一问，换成“{new}”：{label}")

    def _in_place_of_modifier(self, new: str, question: str) -> str | None:
        """"六十出头的呢？" after "65岁以上的老人…": a headless 的-phrase takes the place of the modifier before the
        question's first 的; None when the question has none."""
        words = [(pair.word, pair.flag) for pair in postag.lcut(question)]
        at = next((i for i, (word, flag) in enumerate(words) if word == "的" and 0 < i < len(words) - 1), None)
        if at is None:
            return None
        start = self._phrase_start(words, at)
        return self._joined(words[:start]) + new + self._joined(words[at + 1:]) if start < at else None

    def _in_place_of_same_head(self, new: str, question: str) -> str | None:
        """"特困老人呢？" after "八十岁以上的老人…", "敦煌的旅游公交专线呢？" after "蚌埠夜游专线的末班车几点？": a noun phrase
        whose head (its last noun: 老人, 专线) heads a noun phrase of the question takes that phrase's place; None when
        no noun phrase of the question has its head."""
        words = [(pair.word, pair.flag) for pair in postag.lcut(question)]
        head = next((pair.word for pair in reversed(postag.lcut(new)) if pair.flag[:1] == "n"), None)
        at = next((i for i, (word, _) in enumerate(words) if head and word == head), None)
        if at is None:
            return None
        start = self._phrase_start(words, at)
        while start < at and words[start][1] == "ns":  # a place before it (敦煌夜游专线) says where, not which kind
            start += 1
        return self._joined(words[:start]) + new + self._joined(words[at + 1:])

    def _spoken_of_in(self, new: str, question: str, reply_ids: list[str]) -> bool:
        """Whether the reply writes a word of X the question before did not ("长者食堂" in a reply on 助餐点 and 长者食堂)."""
        own = [w for w in self.content_words(new) if w not in question]
        texts = [text for r in reply_ids if r in self.replies for text in self._texts_of_reply(r)]
        return bool(own) and any(form in text for w in own for form in [w, *word_pieces(w)] for text in texts)

    def _scope_prefix(self, question: str) -> str:
        """The places, agencies and years a question opens with ("台州", "湖南的", "浦东2024年"): kept in place."""
        agencies, places, _ = self.scope_in(question)
        names = sorted(agencies + places, key=len, reverse=True)
        end, moved = 0, True
        while moved:
            moved = False
            for name in names:
                if question.startswith(name, end):
                    end, moved = end + len(name), True
            if year := re.match(r"(?:19|20)\d{2}\s*年(?:度)?|的", question[end:]):
                end, moved = end + year.end(), True
        return question[:end]

    @staticmethod
    def _phrase_start(words: list[tuple[str, str]], at: int) -> int:
        """Where the noun phrase ending before or at `at` starts, read backwards over its modifiers."""
        start = at
        while start > 0:
            word, flag = words[start - 1]
            if flag in _OUTSIDE_NP or flag[:1] in ("v", "p", "c", "r", "d", "y", "x") or _INTERROGATIVE.search(word):
                break
            if flag == "f" and start > 1 and words[start - 2][1][:1] == "v":  # 评上: a verb's complement
                break
            if flag[:1] in "mq" and start > 1 and _INTERROGATIVE.search(words[start - 2][0]):  # 多少家
                break
            start -= 1
        return start

    @staticmethod
    def _predicate_tail(words: list[tuple[str, str]]) -> str:
        """The question's predicate with its question word ("补多少钱", "新增了几个", "最高能贷多少"), when what it asks
        has no noun of its own after it; "" otherwise."""
        text = "".join(word for word, _ in words)
        asking = next((i for i, (word, _) in enumerate(words) if _INTERROGATIVE.search(word)), None)
        if asking is None or not _OPEN_QUANTITY.search(text):
            return ""
        if any(flag[:1] == "n" and not _INTERROGATIVE.search(word) for word, flag in words[asking + 1:]) \
                and not re.search(r"(?:多少|几)钱$", text):
            return ""
        start = asking
        while start > 0 and (is_predicate(_without_modal(words[start - 1][0])) or words[start - 1][1] in ("ul", "a", "d")):
            start -= 1
        if start == asking or start == 0:
            return ""
        return "".join(word for word, _ in words[start:])

    @staticmethod
    def _joined(words: list[tuple[str, str]]) -> str:
        return "".join(word for word, _ in words)
