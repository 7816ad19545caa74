"""The decision: which kind of follow-up a message is, given the state of the turn before."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import lru_cache

from indexer.docstore import DocumentStore
from indexer.lexical import Tokenizer
from service import postag
from service.about import ArchiveNames
from service.fields import asked_field
from service.followup.ask_back import AskingBack
from service.followup.contrast import Contrasts
from service.followup.ellipsis import Ellipses
from service.followup.form import Cues, TurnReading, _predicate_only
from service.followup.items import Ordinals
from service.followup.language import (
    ASPECT_WORDS, FIELD_WORDS, _CLARIFY_LEAD, _CLARIFY_TAIL, _FORMER_LATTER, _INTERROGATIVE, _LEAD_NA, _MORE,
    _PROPOSAL_KIND, _REF_NOUN, _RELATIVE_YEARS, _THEY, _YEAR_SCOPE, _strip_end, asks_something, is_evaluation, is_predicate, plain_message,
    word_pieces,
)
from service.followup.narrowing import Narrowing
from service.followup.parallel import ParallelNouns
from service.followup.remainder import REMAINDER, Remainders
from service.followup.reference import References
from service.followup.scope import ScopeReading
from service.followup.state import Kind, Resolution, Scope, TurnState
from service.followup.wording import Wording
from service.retrieve import ReplyNumbers, agency_matches


class FollowupResolver(TurnReading, ScopeReading, Wording, AskingBack, Ellipses, ParallelNouns, References, Ordinals,
                       Remainders, Contrasts, Narrowing):
    """Resolves one message against the state of the previous turn. Built once per loaded index; it
    holds no copy of the archive: a turn reads the few replies it refers to from the document store,
    and agency names and document numbers are looked up in what the answerer found at load."""

    def __init__(self, documents: DocumentStore, tokenizer: Tokenizer, names: ArchiveNames | None = None,
                 numbers: ReplyNumbers | None = None, today: date | None = None,
                 answered_by: Callable[[str, list[str]], list[str]] | None = None) -> None:
        self.documents = documents
        # The replies an answer to a question quotes when the given replies are left out (ChatService asks the
        # answerer); without it, what a thread's answer listed is all the resolver knows of the archive's answers.
        self.answered_by = answered_by
        self.replies = documents.replies
        self.tokenizer = tokenizer
        self.names = names or ArchiveNames(documents.columns, tokenizer)
        self.numbers = numbers or ReplyNumbers(documents.columns)
        self.today = today or date.today()
        self.reply_text_words = lru_cache(maxsize=256)(self._words_of_reply)  # per resolver, not per class

    def resolve(self, message: str, previous: TurnState | None) -> Resolution:
        return self._in_calendar_years(self._resolve(message, previous))

    def _in_calendar_years(self, resolution: Resolution) -> Resolution:
        """"这些补助去年一共发了多少？" asked of a reply: the speaker's 去年 is a calendar year, and replies write years
        as numbers ("2025年共有43户…拨付补助资金516万元"), so a follow-up asked within the replies in context is
        searched with the year written out (understood_as keeps the speaker's word)."""
        if resolution.kind not in ("ellipsis", "reference") or not _RELATIVE_YEARS.search(resolution.query):
            return resolution

        def written(text: str | None) -> str | None:
            return text and _RELATIVE_YEARS.sub(lambda m: f"{self.year_in(m.group(0))}年", text)
        return resolution.model_copy(update={"query": written(resolution.query),
                                             "relaxed_from": written(resolution.relaxed_from)})

    def _resolve(self, message: str, previous: TurnState | None) -> Resolution:
        message = plain_message(message)
        cues = self.cues(message)
        if previous is not None and previous.pending:
            # The last turn asked "which one?": a bare description answers it and completes that question.
            earlier = previous.model_copy(update={"pending": None}) if previous.topic else None
            completed = self._clarified(cues, previous.pending)
            if completed is not None:
                resolution = self.resolve(completed, earlier)
                if resolution.kind != "unresolvable":
                    note = f"补全上一问：{_strip_end(previous.pending)}" + (f"；{resolution.note}" if resolution.note else "")
                    return resolution.model_copy(update={"note": note})
                return resolution
            previous = earlier
        if previous is not None and (pair := _FORMER_LATTER.search(cues.text)):
            # 前者/后者: the first or the last of the replies the answer cited, as an ordinal says it.
            cited = list(dict.fromkeys(i.reply_id for i in previous.items))
            if len(cited) < 2:
                return self._ask_back(cues, f"上文没有引用两份以上的答复，不确定“{pair.group(0)}”指哪一份。")
            n = 1 if pair.group(0) == "前者" else len(cited)
            return self.resolve(cues.text.replace(pair.group(0), f"第{n}份答复", 1), previous)
        if previous is None:
            if self._leans_on_context(cues):
                return self._ask_back(cues, "这是对话的第一个问题，没有上文可以参照。")
            return self._standalone("first", cues, message)
        if cues.proposer_ref:
            return self._proposer_reference(cues, previous)
        if _MORE.match(cues.text):
            return self._more(cues, previous)
        if REMAINDER.search(cues.text) and not (cues.agencies or cues.places or cues.year is not None) \
                and (remainder := self._remainder(cues, previous)) is not None:
            return remainder
        if cues.narrowing and (cues.year is not None or cues.agencies or cues.places or cues.level or cues.content
                               or _PROPOSAL_KIND.search(cues.text)):
            nothing = self._nothing_to_shift(cues, previous)
            if nothing is not None and cues.year is not None and previous.topic and not (cues.agencies or cues.places):
                # "只看2018年的" after a question nothing answered across the years: what ranked first among all of
                # them may have hidden that year's replies, so it is asked again among those; if they have nothing
                # either, the user is asked to be specific.
                return self._narrow(cues, previous).model_copy(update={"alternative": nothing})
            return nothing or self._narrow(cues, previous)
        if cues.contrast and not cues.ordinal:
            return self._nothing_to_shift(cues, previous, shifting=True) or self._contrast(cues, previous)
        # "那区教育局怎么安排的？": a predicate alone ("安排") asks the same of the other agency, and so do words
        # of the question before ("渝中区加装电梯审批要多少个工作日？" then "岳麓区审批要几天？").
        topic_words = self.content_words(previous.topic)
        if (cues.agencies or cues.places) and cues.elliptical and not cues.names_reply \
                and asks_something(cues.body) and self._unsaid_head(cues, previous):
            # "那南海区学生的午休垫多久洗一次呢？", "德化县的返乡创业补贴有多少呢？" after a reply on hospitals: a place named with
            # a thing neither the question nor its answer spoke of, and a question of its own, is a new question (那 and
            # 呢 only soften it), never the old topic asked of that place. (A bare "蒲江的猕猴桃呢？" after 大黄鱼养殖保险
            # leaves its question unsaid: the old one, asked of the thing put in place of 大黄鱼.)
            return self._standalone("switch", self.cues(cues.body), cues.body)
        if (cues.agencies or cues.places or cues.year is not None or cues.level) and not cues.names_reply \
                and (not cues.content or all(is_predicate(w) or w in topic_words for w in cues.content)
                     # "广东的覆盖率呢？": 那…呢 naming another place or body than the reply's and a thing of its own
                     or (cues.elliptical and (cues.agencies or cues.places) and not self._names_referent(cues, previous))) \
                and not (cues.singular_ref or cues.plural_ref) \
                and (cues.elliptical or ((cues.agencies or cues.level) and not self._asks_field(cues.text))
                     # a place without 那…呢 shifts the question with nothing of its own ("岳麓区有没有？") or
                     # in the question's own words ("姑苏区补贴多少？"), not with a new verb ("岳麓区审批要几天？")
                     or (cues.places and all(w in topic_words for w in cues.content))):
            # 那区教育局呢？ 那2023年呢？ 商务委怎么说？
            return self._nothing_to_shift(cues, previous, shifting=True) or self._switch_dimension(cues, previous)
        if cues.ordinal:
            return self._ordinal_reference(cues, previous)
        if cues.person_ref and not (cues.singular_ref or cues.plural_ref):
            if (they := _THEY.search(cues.text)) and self._referents(previous):
                # "他们在哪办公？": 他们 after an answer is the body that wrote it (an office is spoken of as people).
                return self.resolve(f"{cues.text[: they.start()]}该单位{cues.text[they.end():]}", previous)
            return self._ask_back(cues, "对话里没有记录到人物，无法确定“他/她”指谁。")
        if cues.plural_ref or cues.singular_ref:
            return self._reference(cues, previous)
        new_head = self._new_head(cues, previous) if cues.elliptical else None
        if new_head:
            # "那农村学校体育老师不够呢？" after rural doctors: 那…呢 with a thing of its own that nothing before
            # spoke of opens a new question; the ellipsis is the other reading, tried when it finds nothing.
            switch = self._standalone("switch", self.cues(cues.body), cues.body)
            ellipsis = self._ellipsis(cues, previous)
            return switch.model_copy(update={"alternative": None if ellipsis.ask_back else ellipsis})
        if cues.elliptical and cues.text.endswith("呢") and cues.content and not self._asks_field(cues.text) \
                and not (cues.agencies or cues.places or cues.names_reply or cues.year is not None):
            # "长者食堂呢？", "六十出头的呢？": the question before, of the thing named in place of one of its own; the
            # thing asked of the reply ("上架率呢？") is the other reading, tried when it finds nothing
            ellipsis = self._ellipsis(cues, previous)
            referents = self._referents(previous)
            # (after a question that found nothing there is no question to put the thing in: the ellipsis asks it alone)
            parallel = None if ellipsis.ask_back or not referents else self._parallel(cues, previous, referents)
            # The parallel guesses the slot the thing fills ("家里困难的" for "学校放学后的"); when the question so
            # guessed finds nothing, asking the reply of the thing itself comes before dropping what was asked.
            return parallel.model_copy(update={"alternative": ellipsis, "relax_last": True}) if parallel else ellipsis
        if cues.elliptical or not (cues.content or cues.agencies or cues.names_reply):
            return self._ellipsis(cues, previous)
        if self._asks_field(cues.text) and not (cues.agencies or cues.places or cues.names_reply or cues.year is not None) \
                and self._referents(previous) and not self._nominal(cues):
            # "打哪个电话能问到？": every reply has a telephone; asked naming nothing, it is the reply's in context.
            return self._ellipsis(cues, previous)
        # A question without a marker of its own is read as continuing the reply just quoted when that reply
        # already speaks of all its words, else as a new question; the other reading is tried when the
        # first finds nothing ("具体怎么申请？" names no subject the archive can find alone).
        switch = self._standalone("switch", cues, message)
        # "江永县的老人坐车有优惠吗？" after a Shaanxi reply names a place or body of its own: the reply in context is not
        # what it asks about, even when the archive has nothing on that place.
        elsewhere = (cues.agencies or cues.places) and not self._names_referent(cues, previous)
        leaning = self._ellipsis(cues, previous) if self._referents(previous) and not elsewhere else None
        if leaning is None and _predicate_only(cues) and not previous.items:
            # "具体怎么申请？" after a question the archive had nothing on: a predicate with no subject, and none to lean on
            return self._ask_back(cues, "上一轮没有找到相关答复，这句话没有说要问的是什么事。")
        if leaning is None or leaning.ask_back:
            return switch
        if self._continues(cues, previous) or _predicate_only(cues):
            return leaning.model_copy(update={"alternative": switch})
        return switch.model_copy(update={"alternative": leaning})

    def _names_referent(self, cues: Cues, previous: TurnState) -> bool:
        """Whether the agency or place the message names is the reply's in context ("武侯区的电话呢？" after 武侯区's
        reply asks it more; "广东的覆盖率呢？" after 安定区's asks another place)."""
        referents = self._referents(previous)
        if not referents:
            return False
        agencies = [self.agency(r) for r in referents[:1]]
        if any(agency_matches(form, a, self.tokenizer) for form in cues.agencies for a in agencies if a) \
                or any(self._lies_in(a, cues.places) for a in agencies):
            return True
        # "海南的候鸟老人呢？" after a ministry's reply on Hainan's migrant elders: a place no body of the archive is
        # of, which the reply itself speaks of, is the reply's subject, not another place to ask.
        return bool(cues.places) and not cues.agencies and not self._replies_in_places(cues.places) \
            and all(any(p in text for text in self._texts_of_reply(referents[0])) for p in cues.places)

    def _unsaid_head(self, cues: Cues, previous: TurnState) -> str | None:
        """The head noun of a message naming an agency or place (学校 of "那教育局新开了哪些学校呢"), when neither the
        question before nor what its answer quoted speaks of it (the whole of a reply speaks of much besides); the
        names of places and bodies are no head."""
        quoted = previous.said or [text for r in self._referents(previous) for text in self._texts_of_reply(r)]
        return _head_unsaid(cues.body, previous.topic + " ".join(quoted), named=(*cues.agencies, *cues.places))

    def _new_head(self, cues: Cues, previous: TurnState) -> str | None:
        """The head noun of a 那…呢 message (its last noun: 老师 of 农村学校体育老师) when neither the question
        before nor the reply just quoted speaks of it; None when the message names no thing, or a known one."""
        referents = self._referents(previous)
        if not referents or cues.agencies or cues.places or cues.names_reply or cues.year is not None or not cues.content:
            return None
        return _head_unsaid(cues.body, previous.topic + " ".join(self._texts_of_reply(referents[0])))

    def _texts_of_reply(self, reply_id: str) -> list[str]:
        reply = self.replies[reply_id]
        return [reply.title, reply.meta.proposal_title or "", *(section.text for section in reply.sections)]

    def _continues(self, cues: Cues, previous: TurnState) -> bool:
        """"每餐补几元？" after an answer from a reply on meal subsidies: every word of the question is one the
        reply just quoted already uses, so it leaves out a subject both sides know (Chinese drops it freely).
        A question naming an agency, a year, a reply or anything that reply does not speak of is new."""
        referents = self._referents(previous)
        if not referents or cues.agencies or cues.places or cues.names_reply or cues.year is not None:
            return False
        used = self.reply_text_words(referents[0])
        # What is asked of it ("贵不贵", "高不高") need not be written in the reply; what is named must.
        return all(word in used or is_evaluation(word) for word in cues.content)

    @staticmethod
    def _nominal(cues: Cues) -> list[str]:
        """The words of the message's own that name things, read in the message (jieba's part of speech in
        context): "收费贵不贵" names 收费 (贵 is what is asked of it), "打哪个电话能问到" names nothing of its own."""
        nouns = {pair.word for pair in postag.lcut(cues.text) if pair.flag[:1] in "nj" or pair.flag in ("vn", "eng", "l")}
        # The tokenizer and the tagger may cut differently (普惠托位 / 普惠 托位): a word holding a noun, or held in one, names.
        return [word for word in cues.content if any(noun in word or word in noun for noun in nouns)]

    def _words_of_reply(self, reply_id: str) -> frozenset[str]:
        reply = self.replies[reply_id]
        text = " ".join([reply.title, *(section.text for section in reply.sections)])
        return frozenset(self.tokenizer.tokenize(text, expand=False))

    def _clarified(self, cues: Cues, pending: str) -> str | None:
        """"卫健委那份" after "它的联系电话是多少？" was asked back: the question asked back, its pointer replaced
        by the description ("卫健委的那份答复的联系电话是多少"). None when the message asks something of its own."""
        # "那托育补助呢？" asks of its own (那…呢 asks "and what about…"), and no description of a reply says who
        # "她" is.
        if _INTERROGATIVE.search(cues.text) or (_LEAD_NA.match(cues.text) and cues.text.endswith("呢")):
            return None
        asked = self.cues(pending)
        if asked.person_ref and not (asked.singular_ref or asked.plural_ref):
            return None
        description = _CLARIFY_TAIL.sub("", _CLARIFY_LEAD.sub("", cues.text))
        if not description or not (cues.agencies or cues.year is not None or self.scope_in(description)[1]
                                    or self.content_words(description)):
            return None
        pointer = asked.singular_ref or asked.plural_ref
        if pointer is None:  # "那联系电话呢？" asked back: the description names the reply it is about
            return f"{description}的那份答复的{asked.body.strip('，,的 ')}"
        after = _REF_NOUN.match(asked.text[pointer.end():])
        classifier = pointer.group(0)[-1] if pointer.group(0)[-1] in "份个篇项条件家" else "份"
        noun = after.group("noun") or "答复"
        return f"{asked.text[: pointer.start()]}{description}的那{classifier}{noun}{asked.text[pointer.end() + after.end():]}"

    def _standalone(self, kind: Kind, cues: Cues, message: str) -> Resolution:
        year = _YEAR_SCOPE.search(cues.text)
        scope = Scope(year=int(year.group(1)) if year else None)
        query, fallback = message.strip(), None
        # A question naming a reply by its document number ("武民函〔2024〕112号的联系电话是多少？", as the
        # suggested questions do) is about that reply: scope to it and ask with the rest of the words.
        named = self._named_by_doc_number(cues.text)
        if len(named) == 1:
            reply_id, doc_number = named[0]
            scope.reply_ids = [reply_id]
            query, fallback = self._scoped_query(cues.text.replace(doc_number, " ")), query
        return Resolution(kind=kind, understood_as=cues.text + "？", query=query, topic=message.strip(), scope=scope,
                          fallback_query=fallback, note="新问题：不沿用上文的答复范围" if kind == "switch" else None)

    def _asks_field(self, text: str) -> bool:
        """A question for a field of the reply's header or closing (service/fields.py's language of fields)."""
        return asked_field(text) is not None or any(t in FIELD_WORDS for t in self.tokenizer.tokenize(text, expand=False))


def _head_unsaid(body: str, said: str, named: tuple[str, ...] = ()) -> str | None:
    """The last noun of `body` (not a person's name, an aspect or field word, nor part of a `named` place or body)
    when `said` does not write it; None when there is no such noun or `said` writes it. A compound's head is its last
    part (体育老师 → 老师): a text writing 物流节点 speaks of 节点."""
    nouns = [pair.word for pair in postag.lcut(body)
             if pair.flag[:1] == "n" and pair.flag != "nr" and len(pair.word) > 1 and pair.word not in ASPECT_WORDS
             and pair.word not in FIELD_WORDS and not any(pair.word in name or name in pair.word for name in named)]
    if not nouns:
        return None
    head = nouns[-1]
    return None if any(form in said for form in [head, *word_pieces(head)[-1:]]) else head
