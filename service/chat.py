"""A conversation turn: resolve the message against the previous turn, answer it, remember it.

The application database is optional at every step: when it cannot be read or written the turn is
answered statelessly (as a first question) and a warning is logged, never an error to the user.
"""

from __future__ import annotations

import logging
import re
from functools import cached_property

from pydantic import BaseModel, Field

from service import postag
from service.answer import Answer, validate_question
from service.asked import REPORTED, SUMS, asked as asked_quantity
from service.compose import ABSTAIN_TEXT, compose
from service.conversations import ConversationNotFoundError, ConversationStore, StoredTurn, StoreUnavailableError
from service.engine import Engine
from service.followup import (
    CitedItem, FollowupResolver, Kind, Resolution, TurnState, asking_words, is_evaluation, is_predicate, word_pieces,
)
from service.retrieve import Filters
from service.settings import Settings
from service.suggest import Suggestion, next_questions

logger = logging.getLogger(__name__)

TITLE = re.compile(r"《[^《》]{2,60}》")  # a named document or programme in the answer
# jieba's tags of words that name no thing or act: locatives, numerals, classifiers, adverbs, pronouns, prepositions,
# conjunctions, particles, punctuation
_NAMES_NOTHING = frozenset("fmqdrpcuyxe")
# What a question asks when its answer must state a figure (a sum, a rate, a count, a length of time)
_FIGURES = frozenset((*SUMS, "count", "span"))


class ChatRequest(BaseModel):
    message: str = Field(description="问题或追问 (a question or a follow-up)", examples=["那联系电话呢？"])
    conversation_id: str | None = Field(None, description="omit to start a new conversation")
    filters: Filters | None = None
    k: int | None = Field(None, description="number of sources; default and maximum come from Settings")


class ChatResponse(Answer):
    """The /api/ask answer object plus the conversation around it."""

    conversation_id: str | None = Field(None, description="null when the conversation could not be saved")
    turn: int = 1
    message: str = Field("", description="what the user typed")
    understood_as: str = Field("", description="the standalone question Dafu answered")
    followup: Kind = Field("first", description="how the message was read: first, ellipsis, reference, contrast, "
                                                "narrowing, switch (a new topic, nothing inherited) or unresolvable")
    note: str | None = Field(None, description="what was carried over from earlier turns, or dropped")
    ask_back: bool = Field(False, description="Dafu asks the user to be specific instead of answering")
    choices: list[str] = Field(default_factory=list, description="with an ask-back: the message asked of each thing "
                                                                 "the conversation offers it (also in next_questions)")
    next_questions: list[Suggestion] = Field(default_factory=list)
    saved: bool = Field(True, description="false when the application database was unavailable")


class ConversationPublic(BaseModel):
    conversation_id: str
    turns: list[ChatResponse]


def turn_state(resolution: dict, answer: dict) -> TurnState:
    """What a stored turn leaves for the next one to refer to."""
    citations = answer.get("citations") or []
    by_n = {c["n"]: c for c in citations}
    order = [s["n"] for s in answer.get("sentences") or []]
    order += [c["n"] for c in citations if c["n"] not in order]
    items = [CitedItem(n=n, reply_id=by_n[n]["reply_id"], section_id=by_n[n]["section_id"],
                       heading=(by_n[n].get("section_path") or [""])[-1], in_answer=bool(by_n[n].get("in_answer")))
             for n in order if n in by_n]
    quoted = list(dict.fromkeys(by_n[n]["reply_id"] for n in order if n in by_n and by_n[n].get("in_answer")))
    resolved = Resolution.model_validate(resolution)
    named_in: dict[str, str] = {}
    for sentence in answer.get("sentences") or []:
        for name in TITLE.findall(sentence["text"]):
            named_in.setdefault(name, sentence.get("reply_id") or "")
    return TurnState(topic=resolved.topic, scope=resolved.scope, quoted=quoted, items=items,
                     names=list(named_in), named_in=named_in, said=[s["text"] for s in answer.get("sentences") or []],
                     said_in=[s.get("reply_id") or "" for s in answer.get("sentences") or []])


def quoted_first(answer: Answer, resolution: Resolution) -> Answer:
    """A follow-up asked of the replies in context ("能省多少钱？" of the reply just quoted) leaves which of their
    sections answers to the quote selection, which reads each sentence for what is asked (a sum for 多少钱): the
    follow-up's few words rank the sections of one reply poorly (节约医疗费用 shares none of 省多少钱). The sections
    the answer quotes lead its sources; the others follow in their retrieval order."""
    if answer.abstained or not (resolution.kind in ("ellipsis", "reference") and resolution.scope.reply_ids
                                or _quotes_one_reply(answer)):
        return answer
    return answer.model_copy(update={"citations": sorted(answer.citations, key=lambda c: not c.in_answer)})


def _quotes_one_reply(answer: Answer) -> bool:
    """Whether every quote of the answer is from one reply: its sections were chosen by what each sentence says
    (谁来管 is answered by 由社区引入专业运营单位负责日常管理, in a section ranked below the reply's others), and a
    source list that puts them after the sections it did not quote sends the reader to the wrong part first."""
    return len({c.reply_id for c in answer.citations if c.in_answer}) == 1


class ChatService:
    def __init__(self, engine: Engine, store: ConversationStore) -> None:
        self.engine = engine
        self.store = store

    @classmethod
    def from_settings(cls, engine: Engine, settings: Settings) -> "ChatService":
        return cls(engine, ConversationStore(settings.app_db_path(), settings.chat_retention_days,
                                             settings.chat_max_conversations, settings.chat_max_turns,
                                             settings.app_db_timeout, settings.app_db_max_mb))

    @cached_property
    def resolver(self) -> FollowupResolver:
        answerer = self.engine.answerer
        return FollowupResolver(self.engine.index.documents, self.engine.tokenizer, answerer.names,
                                answerer.retriever.numbers, answered_by=self.quoted_without)

    def quoted_without(self, question: str, left_out: list[str]) -> list[str]:
        """The replies the answer to `question` quotes when `left_out` are set aside (none when it abstains)."""
        leaving = set(left_out)
        others = [r for r in self.engine.index.documents.columns.reply_ids if r not in leaving]
        answer = self.engine.ask(question, k=self.engine.settings.default_k, filters=Filters(reply_ids=others))
        return [] if answer.abstained else list(dict.fromkeys(c.reply_id for c in answer.citations if c.in_answer))

    def previous_state(self, turns: list[StoredTurn], message: str | None = None) -> TurnState | None:
        """The last turn that was answered: an ask-back or an abstention leaves nothing to refer to, so
        the conversation continues from the answer before it, with the question asked back kept beside it.
        After a question that found nothing, the replies quoted before it are what `message` is about only when they
        write a word of it: "签发人呢？" after an unanswered question on something else is not asked of an older reply."""
        answered = [t for t in turns if t.resolution.get("kind") != "unresolvable"]
        cited = next((t for t in reversed(answered) if t.answer.get("citations")), None)
        state = turn_state(cited.resolution, cited.answer) if cited is not None else None
        if state is not None and message is not None and cited is not answered[-1] \
                and not self.shares_a_word(message, state):
            state = None
        if state is None and answered:
            state = turn_state(answered[-1].resolution, answered[-1].answer)
        if turns and turns[-1].resolution.get("kind") == "unresolvable":
            # Dafu asked "which one?": the next message may answer it (TurnState.pending).
            state = (state or TurnState(topic="")).model_copy(update={"pending": turns[-1].message})
        return state

    def shares_a_word(self, message: str, state: TurnState) -> bool:
        """Whether a reply `state` quoted writes a word the message names (not a field's or an aspect's word)."""
        words = self.resolver.content_words(message)
        quoted = state.quoted or list(dict.fromkeys(i.reply_id for i in state.items))
        return any(word in self.resolver.reply_text_words(r) for r in quoted if r in self.resolver.replies for word in words)

    def history(self, conversation_id: str) -> list[StoredTurn]:
        """Raises ConversationNotFoundError for an unknown id, StoreUnavailableError when unreadable."""
        return self.store.turns(conversation_id)

    def chat(self, message: str, conversation_id: str | None = None, filters: Filters | None = None,
             k: int | None = None) -> ChatResponse:
        settings = self.engine.settings
        k = settings.default_k if k is None else k
        message = validate_question(message, k, settings.max_question_chars, settings.max_k)
        turns: list[StoredTurn] = []
        saved = True
        if conversation_id is not None:
            try:
                turns = self.history(conversation_id)
            except StoreUnavailableError as error:
                logger.warning("answering without the conversation's history: %s", error)
                saved = False
        previous = self.previous_state(turns, message)
        resolution = self.resolver.resolve(message, previous)
        answer = self.each_field(resolution, filters, k) if resolution.each else None
        if resolution.each and answer is None:
            resolution = resolution.alternative  # one of them has no answer for the field: ask which was meant
        lenient = not (resolution.relax_last and resolution.alternative is not None)
        answer = answer or self.answer(resolution, filters, k, lenient)
        if answer.abstained and resolution.alternative is not None:
            other = self.answer(resolution.alternative, filters, k)
            # an alternative that asks back is what is said when this reading finds nothing
            if not other.abstained or resolution.alternative.ask_back:
                resolution, answer = resolution.alternative, other
            elif not lenient:
                answer = self.answer(resolution, filters, k)
        answer = quoted_first(answer, resolution)
        note = self.noted_relaxation(resolution, answer)
        if saved and conversation_id is None:
            try:
                conversation_id = self.store.create()
            except StoreUnavailableError as error:
                logger.warning("conversation not saved, answering statelessly: %s", error)
                saved = False
        response = ChatResponse.model_validate({
            **answer.model_dump(), "conversation_id": conversation_id if saved else None,
            "turn": (turns[-1].turn + 1) if turns else 1, "message": message,
            "understood_as": resolution.understood_as, "followup": resolution.kind, "note": note,
            "ask_back": resolution.ask_back is not None, "saved": saved,
            "choices": resolution.choices if resolution.ask_back else [],
        })
        response.next_questions = next_questions(response, resolution, self.engine)
        if saved:
            try:
                self.store.add_turn(conversation_id, response.turn, message, resolution.model_dump(), response.model_dump())
            except StoreUnavailableError as error:
                logger.warning("turn not saved, answered statelessly: %s", error)
                response.saved, response.conversation_id = False, None
        return response

    def answer(self, resolution: Resolution, filters: Filters | None, k: int, lenient: bool = True) -> Answer:
        """The resolution answered; `lenient`: when it finds nothing, also asked without what it asks and in the
        words the last answer quoted."""
        if resolution.ask_back:
            return Answer(question=resolution.understood_as, answer=resolution.ask_back, abstained=True, citations=[])
        max_chars = self.engine.settings.max_question_chars
        filters = resolution.scope.filters(filters)
        answer = self.engine.ask(resolution.query[:max_chars], k=k, filters=filters)
        if answer.abstained and resolution.fallback_query:
            # "这份答复是哪天发的？" has no word of its own for the evidence check; asked with the
            # reply's name ("…对第057号提案的答复是哪天发的？") it is a question about that reply.
            answer = self.engine.ask(resolution.fallback_query[:max_chars], k=k, filters=filters)
        # "那民政局呢？", "其他地方呢？", "只看吴江区的", "收费贵不贵？": the conversation put the question to replies
        # that name things in their own words (托育补贴 for 普惠托位补助, 充电价格 for 收费标准, 收费 for 贵). Asked
        # again in the words those replies use, with what it asks (多少元, 什么时候), as long as some word of the
        # topic is left: "其他部门呢？" may rightly find nothing.
        scope = resolution.scope
        if answer.abstained and resolution.kind in ("ellipsis", "reference", "contrast", "narrowing") and (
                scope.agency or scope.reply_ids or scope.year is not None or scope.exclude_agencies):
            # The question's own words with what it asks first; then with what the replies quoted before are
            # about (their proposals' words), when its words alone name too little there; last, what those
            # replies say on the topic at all, when none states the kind of thing asked (how often, how much).
            tried = {resolution.query}
            # ...and last, with the words of what the last answer quoted, which another reply on the same thing
            # may share when the user's words are not its own (小程序 and 预约 for "约车公交").
            steps = (([], True), (resolution.about, True)) + ((([], False), (resolution.cited, True)) if lenient else ())
            if self.loses_its_subject(resolution.relaxed_from or resolution.query, filters):
                steps = (steps[1], steps[0], *steps[2:])
            for about, asking in steps:
                relaxed = self.words_in_scope(resolution.relaxed_from or resolution.query, filters, about, asking)
                if relaxed and relaxed not in tried:
                    tried.add(relaxed)
                    answer = self.engine.ask(relaxed[:max_chars], k=k, filters=filters)
                    if not answer.abstained:
                        break
        if answer.abstained and resolution.nothing_else:
            # "外地呢？" when no other place has a reply on it: say what was set aside, not only "nothing found".
            answer = answer.model_copy(update={"answer": resolution.nothing_else + answer.answer.removeprefix(ABSTAIN_TEXT)})
        return answer

    def loses_its_subject(self, question: str, filters: Filters) -> bool:
        """Whether the replies in scope write none of the things the question names (老人 of "八十岁以上老人有什么补贴",
        asked of the ministries): its words left (补贴) are then a kind of measure any reply reports, and what the
        replies quoted before were about (养老, 高龄) says which of the others' passages are on the same subject. One
        thing still written (烟感 of "城中村装多少烟感") keeps the subject."""
        retriever = self.engine.answerer.retriever
        selection = retriever.allowed_chunks(filters)
        # the things it names, as jieba tags them in it: nouns, not names of places or people (a contrast changes
        # those), nor the genre's words for what any reply reports (补贴, 措施)
        nouns = [pair.word for pair in postag.lcut(question) if len(pair.word) > 1 and pair.word not in REPORTED
                 and (pair.flag in ("n", "nz", "vn", "j", "l"))]
        return bool(nouns) and not any(retriever.lexical([w], selection, 1) or any(retriever.lexical([p], selection, 1)
                                                                                 for p in word_pieces(w)) for w in nouns)

    def noted_relaxation(self, resolution: Resolution, answer: Answer) -> str | None:
        """The turn's note, and, when the answer was found only by asking in fewer words (`answer`'s words in scope),
        which words of the question the replies asked do not write: `understood_as` is what was asked, and the reader
        must see that the quotes answer less ("国家层面呢？" after 八十岁以上老人的补贴: the ministries' replies write
        补贴 but no 老人)."""
        asked = answer.question.split()
        if answer.abstained or resolution.ask_back or answer.question in (resolution.query, resolution.fallback_query) \
                or len(asked) < 1 or answer.question == resolution.understood_as:
            return resolution.note
        said = " ".join(asked)
        # the things and acts the question names (nouns and verbs as jieba tags them in it), not its numerals,
        # locatives, pronouns or one-character verbs (有, 帮)
        dropped = list(dict.fromkeys(pair.word for pair in postag.lcut(resolution.relaxed_from or resolution.query)
                                     if pair.flag[:1] in "njvl" and len(pair.word) > 1
                                     and pair.word not in said and not any(a in pair.word for a in asked)))
        if not dropped:
            return resolution.note
        found = "、".join(f"“{w}”" for w in dict.fromkeys(self.resolver.content_words(said))) or f"“{said}”"
        relaxed = f"这些答复中没有写到{'、'.join(f'“{w}”' for w in dropped)}，以下是按{found}找到的内容"
        return f"{resolution.note}；{relaxed}" if resolution.note else relaxed

    def each_field(self, resolution: Resolution, filters: Filters | None, k: int) -> Answer | None:
        """The field asked of each reply of `resolution.each` ("那联系电话呢？" after two bodies' replies), stated
        together: each value under its body's lead (compose groups by reply). None when one of them is not answered
        by a field answer."""
        stated = []
        for each in resolution.each:
            answer = self.answer(each, filters, k)
            if answer.abstained or answer.kind != "field" or not answer.sentences:
                return None
            stated.append(answer)
        chosen, texts, fields, missing, others = [], {}, {}, set(), {}
        for answer in stated:
            first = answer.sentences[0]
            by_n = {c.n: c for c in answer.citations}
            texts[len(chosen)], fields[len(chosen)] = first.text, first.field
            if first.lead and not first.lead.endswith("："):  # "…的答复中" + "没有写明联系电话。"
                missing.add(len(chosen))
            chosen.append(by_n[first.n].model_copy())
            for c in answer.citations:
                if not c.in_answer:
                    others.setdefault((c.reply_id, c.section_id), c.model_copy())
        rest = sorted(others.values(), key=lambda c: c.rank)[: max(k - len(chosen), 0)]
        return compose(resolution.understood_as, chosen, rest, self.engine.index.replies, self.engine.tokenizer,
                       kind="field", texts=texts, fields=fields, missing=frozenset(missing), focus=stated[0].focus,
                       evidence=1.0)

    def words_in_scope(self, question: str, filters: Filters, about: list[str] = (), asking: bool = True) -> str | None:
        """The question's words that the replies in scope use at all, then what it asks. "人社局组织灵活就业
        人员技能培训培训了多少人次？" then "那民政局呢？": 灵活就业 belonged to the other agency; 技能培训 and 人次
        carry over. `about`: words of what the replies quoted before are about, asked too. None when no word
        naming a thing is left (only verbs, or nothing)."""
        retriever = self.engine.answerer.retriever
        selection = retriever.allowed_chunks(filters)
        def used(word: str) -> bool:
            return bool(retriever.lexical([word], selection, 1))

        def kept_of(words) -> list[str]:
            # A compound those replies do not write may still share its parts (普惠托位: 普惠 and 托位).
            return [kept for word in dict.fromkeys(words)
                    for kept in ([word] if used(word) else [piece for piece in word_pieces(word) if used(piece)])]

        # Words that name no thing or act in the question, as jieba tags them there (以上 of 八十岁以上, a numeral, an
        # adverb: 约 read as "about"), find any reply's passages on other things ("约需1元"): left out.
        naming_nothing = {pair.word for pair in postag.lcut(question) if pair.flag[:1] in _NAMES_NOTHING}
        own = kept_of(t for t in self.engine.tokenizer.tokenize(question, expand=False) if t not in naming_nothing)
        # The question's own words must still name a thing there: words of what the replies before were about
        # (工作, 服务) only help to find it, and alone they find any reply's courtesies ("感谢您对…工作的支持").
        words = self.resolver.content_words(" ".join(own))
        # An act of the question's own (追回 of 追回了多少欠薪, asked of a body writing 追回工钱) is enough when it asks
        # a figure: the answer must then state one, which no courtesy does.
        if not any(not is_predicate(w) for w in words) \
                and not (asking and asked_quantity(question).kind in _FIGURES and any(not is_evaluation(w) for w in words)):
            return None
        kept = list(dict.fromkeys(own + kept_of(about)))
        return " ".join(dict.fromkeys(kept + (asking_words(question) if asking else [])))

    def conversation(self, conversation_id: str) -> ConversationPublic:
        turns = self.history(conversation_id)
        return ConversationPublic(conversation_id=conversation_id,
                                  turns=[ChatResponse.model_validate(t.answer) for t in turns if t.answer])


__all__ = ["ChatRequest", "ChatResponse", "ChatService", "ConversationNotFoundError", "ConversationPublic"]
