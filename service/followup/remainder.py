"""Remainder ("剩下的呢？", "其他几条呢？", "剩下的那些什么时候完成？"): what the reply just quoted says beyond the answer."""

from __future__ import annotations

import re

from service.followup.form import Cues
from service.followup.language import _DEIXIS, _strip_end
from service.followup.state import Resolution, Scope, TurnState
from service.followup.wording import reply_label

# What is left of what the answer showed: 剩下/剩余 always; 其余/其他/另外/别的 when what follows is items of a list
# (几条, 那些措施, 其余的呢) rather than a body, a place or a year to contrast ("其他部门呢？" stays a contrast).
_ITEM_NOUNS = r"条|项|点|部分|方面|措施|举措"
REMAINDER = re.compile(
    r"(?:剩下|剩余|余下)(?:的)?(?:(?:这|那)?(?:几|些)(?:个|条|项|点)?)?"
    rf"|(?:其余|其他|其它|另外|别的)(?:的)?(?:(?:这|那)?(?:几|些|两|三))?(?:个|条|项|点)?(?:{_ITEM_NOUNS})"
    r"|其余(?:的)?(?:(?:这|那)(?:几|些)(?:个|条|项|点)?)?(?=[呢吗]?$|(?:这|那)(?:几|些))"
)
# 那些/这些 after the remainder word points at it, not at the replies quoted.
_POINTER = re.compile(rf"^(?:{_DEIXIS})?(?:的)?(?:这|那)?(?:几|些)?(?:个|条|项|点)?")
# How the genre writes a remainder in a reply (其余7处…, 剩余部分…), to find where a reply speaks of it.
REMAINDER_WORDS = ("其余", "剩余", "剩下")


class Remainders:
    """Remainder: the items of the reply just quoted that the answer did not quote, or what the reply says of the rest."""

    def _remainder(self, cues: Cues, previous: TurnState) -> Resolution | None:
        """None when the thread quoted no reply (the other readings decide then)."""
        match = REMAINDER.search(cues.text)
        referents = self._referents(previous)
        if match is None or not referents:
            return None
        reply = self.replies[referents[0]]
        label = reply_label(reply)
        said = match.group(0)
        # With a demonstrative (剩下的那些) the message points at the rest: a reference; without one (其他措施呢？) it leaves
        # the reply cited last unsaid: an ellipsis.
        kind = "reference" if re.search("[这那]", said + cues.text[match.end():match.end() + 2]) else "ellipsis"
        rest = cues.text[match.end():]
        rest = rest[_POINTER.match(rest).end():]
        rest = _strip_end(cues.text[: match.start()] + rest).strip("，,的呢 ")
        if self.content_words(rest):
            # "剩下的那些什么时候完成？": asked of the rest of what the last question was about, in the reply; its
            # text names a remainder with its own words (其余7处在8月底前完成).
            topic = _strip_end(previous.topic)
            question = f"{label}中，关于“{topic}”，{said}{rest}？"
            query = " ".join(dict.fromkeys([*self.content_words(self._topic_without_agencies(topic)),
                                            *REMAINDER_WORDS[:2], rest]))
            return Resolution(kind=kind, understood_as=question, query=query, topic=previous.topic,
                              fallback_query=question, scope=Scope(reply_ids=[reply.reply_id], year=previous.scope.year),
                              note=f"“{said}”指{label}中上文没有引用的部分")
        shown = [i.section_id for i in self._shown(previous) if i.reply_id == reply.reply_id]
        near = self._quoted_list(reply, shown)
        siblings = self._measures(reply, near)
        left = [sec for sid in siblings if sid not in shown and (sec := reply.section(sid))]
        if not left:
            return self._ask_back(cues, f"上文已经引用了{label}列出的各条，没有{said}。" if siblings
                                  else f"上文引用的{label}没有分条列出的内容。")
        headings = "、".join(f"“{sec.heading}”" for sec in left)
        return Resolution(kind=kind, understood_as=f"{label}{headings}部分说了什么？",
                          query=" ".join(sec.heading for sec in left), topic=previous.topic,
                          fallback_query=f"{label}{headings}部分说了什么？",
                          scope=Scope(reply_ids=[reply.reply_id], year=previous.scope.year),
                          note=f"“{said}”指{label}中上文没有引用的{len(left)}条")
