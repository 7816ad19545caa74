"""Field answers: the reply a field question is about, and the answer stating its value.

`service/fields.py` reads which field a question asks for and where a reply writes it; this module
finds the reply among the top hits ("AIGC产业提案的答复是谁签发的？" names it by its topic) and states
the value, citing the line it is written on, with the other top sections as further sources.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from indexer.models import CLOSING_ID, HEADER_ID, INTRO_ID, Reply
from service.about import About
from service.citations import Citation, cite
from service.compose import Answer, compose
from service.fields import BY_KEY, DOCUMENT_WORD, FieldAsk, FieldSpec, field_spans, field_value, label_for, stated_value
from service.focus import Focus
from service.postag import tagged
from service.quotes import SentenceAsk, coverage, idf_weights
from service.retrieve import Hit, Retriever
from service.selection import QuoteSelector

if TYPE_CHECKING:
    from service.answer import AnswerConfig

# Sections that hold a reply's metadata lines: cited for field questions only.
METADATA_SECTIONS = (HEADER_ID, CLOSING_ID)

# "那件提案", "这份答复", "那份文件": a demonstrative and its classifier point at the reply and name nothing in it
# (jieba cuts 那件 into 那 + 件, and 件 is no word the reply writes), nor does a word for a document after them
# (a reply calls itself 答复 or 复函, never 文件).
DEMONSTRATIVE = re.compile(r"[这那该此本][条份个项件篇封次位](?:文件|公文|函件)?")
# "崂山城管局回停车提案的那份文件": the everyday verb of replying between a body and the proposal it answered is
# the relation the question names, not a word the reply writes (it writes 答复).
REPLYING = re.compile(rf"(?<=[局委办厅部院府署站])回复?(?=[^，。？?]{{0,12}}(?:{DOCUMENT_WORD.pattern}))")

# The words a reply calls itself by: every reply is one, whatever its own title says (a 会办意见 or a 复函 never writes
# 答复 of itself), so none of them is a word the reply must hold to be the one asked about ("海伦自然资源局那份答复的文号").
REPLY_WORDS = re.compile(r"答复函|答复意见|答复|回复|复函|会办意见|协办意见|办理意见")

# A proposer named as a citizen names a reply by who asked for it: 张玉民代表提的那件建议, 杨丽华委员的提案, 九三学社提的.
# (The name must be followed by the proposer's title or the verb of proposing: 乌兰 is no proposer in 乌兰察布.)
PROPOSER_AFTER = r"\s*(?:代表|委员|同志|等|领衔|联名|提|的(?:提案|建议|议案))"

# What may follow the field words and names nothing of the reply: a directional complement, a verb of asking
# ("打哪个电话问", "找谁咨询一下"), the verb of sending the reply out ("答复是哪天发的", "哪天下发的"), a particle.
AFTER_FIELD = re.compile(r"^[来去]?(?:问问|问一?下|问|咨询|了解|打听|反映|联系|办理?|下?发出?|作出|给出|写)?(?:一下)?"
                         r"[的了呢吗啊呀]*")

# What may come right before the field words and names nothing of the reply either: the verb by which the reply
# holds its field ("答复供水提案留的联系电话", "答复里写的联系人", "上面注明的文号").
BEFORE_FIELD = re.compile(r"(?:里|上面?|中|内)?(?:预留|留|写|给|附|提供|填|标|注明|列|印)(?:下|了|出|明|上|着)?的?\s*$")

# What a proposal puts forward, as the subject of being adopted or resolved ("…的答复，意见被采纳了吗",
# "提的诉求解决了没有"): the proposal itself, which no reply writes as a word of its topic.
PROPOSAL_OFFERING = re.compile(r"(?:提(?:出)?的|我们的|我的)?(?:意见|诉求|要求|想法)(?:建议)?(?:都|已|已经)?被?\s*$")

# The body that leads a proposal's handling (主办, 牵头): a 会办意见 is written by a co-handling body to the lead one, so
# for it the lead is its addressee, not its writer; for a reply to the proposer the writer is the lead.
LEAD_ASKED = re.compile(r"主办|牵头")
# A verb of making or fixing glued to the thing made, as a citizen names a proposal by what it asks done (修村路,
# 建停车场, 装电梯): the thing is what the reply's title names.
MAKING_VERB = re.compile(r"^(?:修建|新建|修|建|造|装|加装|安装|开通|通|办|搞|改造|改|扩建|扩)(?=[\u4e00-\u9fff]{2})")

Judge = Callable[..., Focus]

# What a question calls the reply or its proposal by: a word for the document, or a demonstrative with its classifier
# (那份, 这件), or 事 (加装电梯的事). The reply is named by a noun phrase ending in one, the topic of the question; what
# follows it up to the field words is the predicate asking them (是, 属于, 想咨询, 能在网上, 具体), not a name.
REFERENT = re.compile(rf"(?:{DOCUMENT_WORD.pattern}|意见|[这那该此本][条份个项件篇封]|的事情?(?![业务项实]))")
NOUN_TAGS = ("n", "eng", "j")


def predicate_dropped(before: str) -> str:
    """The words before the field ask without the predicate after the last referent ("AIGC提案想咨询" → "AIGC提案"). A
    stretch holding a noun names something (提案关于人才政策的…) and stays."""
    ends = [m.end() for m in REFERENT.finditer(before)]
    if not ends:
        return before
    stretch = before[ends[-1]:]
    if any(pair.flag.startswith(NOUN_TAGS) and pair.flag != "vn" for pair in tagged(stretch)):
        return before
    return before[: ends[-1]]


def object_named(after: str) -> str:
    """The words after the field ask that name the reply: an object ending in a referent (谁签发的AIGC提案 → AIGC提案);
    without one, the rest of the clause is the ask's own (打哪个号码可以问, 签的字, 抄送对象是哪些)."""
    ends = [m.end() for m in REFERENT.finditer(after)]
    return after[: ends[-1]] if ends else ""


def the_thing_made(phrase: str, missing: list[str]) -> str:
    """`phrase` with the verb of making taken off each missing word that opens with one (修村路 → 村路)."""
    for word in missing:
        verb = MAKING_VERB.match(word)
        if verb:
            phrase = phrase.replace(word, word[verb.end():])
    return phrase                       # Answerer.judge: the focus check


def whole_text(reply: Reply) -> str:
    return "\n".join([reply.title, *(s.text for s in reply.sections)])


class FieldAnswerer:
    def __init__(self, retriever: Retriever, config: AnswerConfig, quotes: QuoteSelector, judge: Judge) -> None:
        self.retriever = retriever
        self.config = config
        self.quotes = quotes
        self.judge = judge

    def reply_for(self, hits: list[Hit], about: About, phrase: str, agencies: list[str]) -> str | None:
        """The reply a field question is about: among the top replies, the one the question names
        (number, agency, session), then the one whose own words (title, header, proposal title in the
        intro) hold most of the question's other words."""
        replies = self.retriever.index.replies
        candidates = list(dict.fromkeys(h.chunk.reply_id for h in hits))[:5]
        proposed = self.proposed_by(phrase)
        if proposed:
            # The replies to the proposer the question names, whether or not retrieval ranked them (a name is in the
            # header, which a field question's words rarely match): the hits' order first, then the archive's.
            ranked = [r for r in dict.fromkeys(h.chunk.reply_id for h in hits) if r in proposed]
            candidates = [*ranked, *sorted(proposed - set(ranked))][:5]
        if not candidates:
            return None

        def identity(reply_id: str) -> str:
            reply = replies[reply_id]
            parts = [reply.title, reply.meta.agency or ""]
            parts += [s.text for s in reply.sections if s.section_id in (HEADER_ID, INTRO_ID)]
            return "\n".join(parts)

        tokens = dict.fromkeys(self.retriever.tokenizer.tokenize(phrase, expand=False))
        words = idf_weights(self.retriever.index.lexical.idf, tokens)

        def score(item: tuple[int, str]) -> tuple:
            position, reply_id = item
            own = identity(reply_id)
            focus = self.judge(phrase, [own], agencies, shaped=False, text=phrase)
            # A reply is also named by what one of its sections is about ("充电桩的建议" for a reply on
            # new infrastructure whose third section plans charging piles), when no title holds the words.
            # (read only when the title and opening miss some words: nothing missing is already the least)
            body = self.judge(phrase, [whole_text(replies[reply_id])], agencies, shaped=False, text=phrase
                              ).missing_share if focus.missing_share > 0 else 0.0
            # Aliases make AIGC match any reply on 人工智能; the reply that writes the word itself wins a tie.
            literal = coverage(words, {t for t in words if t in own.lower()})
            # A title that holds them wins a tie with a body that does.
            return (about.preference(reply_id), min(focus.missing_share, body), focus.missing_share, -literal, position)

        return min(enumerate(candidates), key=score)[1]

    def proposed_by(self, phrase: str) -> set[str]:
        """The replies whose proposer the phrase names as a proposer (张玉民代表提的…), by their parsed proposers (a
        reply's addressee when it answers its proposer; a 会办意见's are named in its opening)."""
        # (a substring test first: the pattern is compiled only for a name the phrase holds, as an archive of 10k replies
        # has as many names)
        return {reply_id for reply_id, reply in self.retriever.index.replies.items()
                if any(len(name) >= 2 and name in phrase and re.search(re.escape(name) + PROPOSER_AFTER, phrase)
                       for name in reply.meta.proposers)}

    def answer(self, question: str, asked: FieldAsk, hits: list[Hit], k: int, about: About) -> Answer | None:
        """The value of the asked field in the reply the question is about, citing its line. When that
        reply does not write the field: say so if the question named the reply, else None (the
        question is then answered from the text)."""
        replies = self.retriever.index.replies
        spec = asked.spec
        # What names the reply is the question without its field words ("AIGC产业提案的答复…") and the verb holding
        # them (留的电话). (a directional complement or a particle left after them, 提出来的, names nothing; nor does
        # the verb of asking after a contact asked for, 打哪个电话问, 找谁咨询)
        # (回 between a body and the proposal is read over the whole question: the field words may hold the proposal's word)
        question_read = REPLYING.sub(lambda m: " " * len(m.group()), question)
        before = predicate_dropped(question_read[: asked.start])
        if spec.key == "category":
            before = PROPOSAL_OFFERING.sub("", before)
        after = object_named(AFTER_FIELD.sub("", question_read[asked.end:]))
        phrase = BEFORE_FIELD.sub("", before) + " " + after
        phrase = REPLY_WORDS.sub(" ", DEMONSTRATIVE.sub(" ", phrase))
        reply_id = self.reply_for(hits, about, phrase, about.scope_words)
        if reply_id is None:
            return None
        reply = replies[reply_id]
        if spec.key == "agency" and reply.meta.reply_kind == "会办意见" \
                and LEAD_ASKED.search(question[asked.start: asked.end]):
            spec = replace(BY_KEY["addressee"], label="主办单位")
        value = field_value(reply, spec)
        if value is None and spec.key == "issued":
            # No 印发 line: when a reply was issued is, to a citizen, the date it was signed and sent.
            spec = BY_KEY["date"]
            value = field_value(reply, spec)
        spans = field_spans(reply, spec, value) if value else []
        span = spans[0] if spans else None
        focus = self.judge(phrase, [whole_text(reply)], about.scope_words, shaped=False, text=phrase,
                           max_missing=self.config.field_max_missing)
        if not focus.supported and (thing := the_thing_made(phrase, focus.missing)) != phrase:
            # "凤凰县修村路的建议采纳了吗": a proposal is named by what it asks done, where its title names the thing
            # (通村公路): the verb of making glued to its object (修村路) is no word of the reply.
            made = self.judge(thing, [whole_text(reply)], about.scope_words, shaped=False, text=thing,
                              max_missing=self.config.field_max_missing)
            focus = made if made.supported else focus
        if not focus.supported and self.named_by_place(about, reply_id, focus, phrase):
            focus = replace(focus, supported=True)
        if span is None:
            named = about.preference(reply_id) == 0 and (about.named_replies or about.agency or about.session)
            # Named by its topic ("赣州红色旅游提案的答复签发人是谁", "停车难的提案是谁签发的"): the reply is found,
            # the field is not in it. (Words for a document name no reply: "这份答复的签发人是谁".)
            topic = [t for t in focus.terms if not DOCUMENT_WORD.fullmatch(t)]
            by_topic = focus.supported and bool(focus.heads or topic)
            if named or by_topic or self.named_by_title(phrase, reply):
                return self.not_written(question, reply, spec, hits, k, focus)
            return None
        if self.config.check_focus and not focus.supported:
            return None  # "地铁票价提案的办理结果" names something this reply is not about
        section_id, start, end = span
        stated = cite(reply, section_id, start, end, rank=0)
        also = self.metadata_beside(reply, spans)[: k - 1]  # (the stated line is the first of the k sources)
        content = [h for h in hits if h.chunk.section_id not in METADATA_SECTIONS]
        others = also + [c for _, c in self.quotes.citations(content, k - 1 - len(also), SentenceAsk({}))]
        value = stated_value(reply, spec, value, span)
        text = value if "：" in value else f"{label_for(spec, reply.meta)}：{value}"
        focus_json = {**focus.as_json(), "kind": "field", "field": spec.key}
        return compose(question, [stated], others, replies, self.retriever.tokenizer, kind="field",
                       texts={0: text}, fields={0: spec.key}, focus=focus_json, evidence=1.0)

    @staticmethod
    def metadata_beside(reply: Reply, spans: list[tuple[str, int, int]]) -> list[Citation]:
        """The further source a field answer lists first, from the reply's own metadata rather than its body: the
        same field where the reply writes it again (公开属性 above the title, 信息公开属性 in the 版记), else, for a
        value stated outside the header (a proposer from the opening, an agency from the signature), the header's
        title line, which says which reply the value is of."""
        stated_in = spans[0][0]
        again = next((span for span in spans[1:] if span[0] in METADATA_SECTIONS), None)
        if again:
            return [cite(reply, *again, rank=0)]
        if stated_in != HEADER_ID and reply.section(HEADER_ID) is not None:
            return [title_citation(reply)]
        return []

    @staticmethod
    def named_by_place(about: About, reply_id: str, focus: Focus, phrase: str) -> bool:
        """"义乌健身卡那份答复", "三明助餐卡那份答复": a reply of the place named whose text writes the topic word that
        each word it lacks narrows, as the head of a compound after it (健身卡 is a card for what the reply writes as
        健身): the place and the topic word name it, as a citizen names a reply by where it is from and what about."""
        if not (about.places and reply_id in about.place_replies and about.preference(reply_id) == 0):
            return False
        lower = phrase.lower()
        held = [t for t in focus.terms if t not in focus.missing and not DOCUMENT_WORD.fullmatch(t)]
        return bool(held) and bool(focus.missing) and all(
            any(t in word or f"{t}{word}" in lower for t in held) for word in focus.missing)

    def named_by_title(self, phrase: str, reply: Reply) -> bool:
        """"腾冲的答复是谁签发的": the question's words besides those for a document are all in the reply's title or
        agency (a place, a body), which names the reply as its topic would. (Words for a document alone name none.)"""
        own = f"{reply.title}\n{reply.meta.agency or ''}".lower()
        words = [t for t in self.retriever.tokenizer.tokenize(phrase, expand=False) if not DOCUMENT_WORD.fullmatch(t)]
        return bool(words) and all(t in own for t in words)

    def not_written(self, question: str, reply: Reply, spec: FieldSpec, hits: list[Hit], k: int, focus: Focus) -> Answer:
        """The reply the question is about does not write the field: the answer says so ("…的答复中没有写明签发人"),
        citing the reply's header, where such a field is written, and its title line within it."""
        where = title_citation(reply)
        content = [h for h in hits if h.chunk.section_id not in METADATA_SECTIONS and h.chunk.reply_id == reply.reply_id]
        others = [c for _, c in self.quotes.citations(content, k - 1, SentenceAsk({}))]
        focus_json = {**focus.as_json(), "kind": "field", "field": spec.key}
        return compose(question, [where], others, self.retriever.index.replies, self.retriever.tokenizer, kind="field",
                       texts={0: f"没有写明{label_for(spec, reply.meta)}。"}, fields={0: spec.key}, missing=frozenset({0}),
                       focus=focus_json, evidence=1.0)


def title_citation(reply: Reply) -> Citation:
    """The reply's title line as its header writes it (over two lines at times: "对…七届四次会议\n第 145 号提案的答复"),
    else the header's first line."""
    header = reply.section(HEADER_ID) or reply.sections[0]
    title = re.compile(r"\s*".join(map(re.escape, re.sub(r"\s", "", reply.title or ""))))
    found = title.search(header.text) if reply.title else None
    start, end = found.span() if found else (0, len(header.text.split("\n")[0]))
    return cite(reply, header.section_id, start, end, rank=0)
