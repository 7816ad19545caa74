"""Answer composition: chosen citations become the `Answer` a citizen reads.

Quoted answers, field answers and promise answers are kinds of one composition: each picks the
citations it states, and `compose` groups them by reply, opens each group with who answered what and
when ("…在2025年5月7日对第057号提案的答复中说："), resolves 我委/年内 in brackets from the reply's own
metadata without touching the quote ("我委〔区科经委〕"), and numbers the markers 1, 2, 3 in reading
order (the citation list itself stays in retrieval order; `rank` keeps that order explicit).
"""

from __future__ import annotations

import re

from pydantic import BaseModel, Field

from indexer.lexical import Tokenizer
from indexer.models import Reply
from service.about import short_agency
from service.citations import Citation
from service.tables import TABLE_ROW, table_header_above

ABSTAIN_TEXT = "档案中没有找到与这个问题相关的答复。可以换个说法再问，或浏览全部答复。"

# The replying office speaking of itself, and time said relative to the reply's date.
SELF_REFERENCE = re.compile(r"我(?:委|局|办|部|厅|署|院|会|中心|单位|们)|本(?:委|局|办|部|厅|单位)")
# Years said relative to the reply's own (its date): the offset from the year it was written.
RELATIVE_YEARS = {"年内": 0, "今年": 0, "本年度": 0, "明年": 1, "后年": 2, "去年": -1, "上年度": -1, "前年": -2}
# 三年内, 5年内, 两年内 count years from now ("within three years"); only a bare 年内 is "this year".
RELATIVE_YEAR = re.compile(rf"(?<![0-9一二两三四五六七八九十几数多半])(?:{'|'.join(RELATIVE_YEARS)})")
RELATIVE_TIME = re.compile(rf"{RELATIVE_YEAR.pattern}|下一步|截至目前|目前")


class AnswerSentence(BaseModel):
    text: str = Field(description="the quoted sentence, verbatim (a field answer: the stated value)")
    n: int
    # Extensions beyond the original contract.
    display: str = Field("", description="the sentence as shown: 我委〔区科经委〕, 年内〔2025年〕 resolved in brackets")
    reply_id: str | None = None
    lead: str | None = Field(None, description="opens a group of quotes from one reply: who answered what, when")
    field: str | None = Field(None, description="for a field answer: the ReplyMeta field stated (category, date…)")


class Suggestion(BaseModel):
    reply_id: str
    title: str
    agency: str | None = None
    url: str


class Answer(BaseModel):
    question: str
    answer: str
    abstained: bool
    citations: list[Citation]
    sentences: list[AnswerSentence] = Field(default_factory=list, description="the answer, sentence by sentence")
    evidence: float = Field(0.0, description="share of the question's weighted terms found in the top passages")
    agreement: int = Field(0, description="sections in the top few of both the dense and the lexical ranking")
    # Extensions beyond the original contract.
    kind: str = Field("quote", description="quote, field, promise or abstain")
    lead: str | None = Field(None, description="the first group's lead (a single-reply answer's only one)")
    agency_note: str | None = Field(None, description="set when the agency or place the question names has nothing on it and others answer")
    focus: dict | None = Field(None, description="what the question asks about and whether the evidence holds it")
    suggestions: list[Suggestion] = Field(default_factory=list, description="closest replies by title, on abstention")
    commitments_url: str | None = Field(None, description="the commitments view filtered to the agency asked about")


def _date_words(iso: str | None) -> str:
    if not iso:
        return ""
    year, month, day = iso.split("-")
    return f"{int(year)}年{int(month)}月{int(day)}日"


def reply_subject(reply: Reply) -> str:
    """What the reply answers: "第057号提案", "第045号、第112号提案", else its title."""
    meta = reply.meta
    numbers = list(getattr(meta, "proposal_numbers", None) or ([meta.proposal_number] if meta.proposal_number else []))
    if numbers:
        return "、".join(f"第{n}号" for n in numbers) + (meta.proposal_kind or "提案")
    return f"《{reply.title}》" if reply.title else "来信"


def lead_for(reply: Reply, stating: bool = False, missing: str = "") -> str:
    """"…在2025年5月7日对第057号提案的答复中说：" (for a stated field: "…的答复中写明："; for a field the reply
    does not write: "…的答复中" before "没有写明签发人")."""
    meta = reply.meta
    who = meta.agency or "答复单位"
    when = f"在{_date_words(meta.date)}" if meta.date else ""
    document = "会办意见" if getattr(meta, "reply_kind", None) == "会办意见" else "答复"
    return f"{who}{when}对{reply_subject(reply)}的{document}中" + ("" if missing else f"{'写明' if stating else '说'}：")


def resolutions(reply: Reply, tokenizer: Tokenizer) -> dict[str, str]:
    """What each self-reference and relative time of this reply means, from its own metadata."""
    meta = reply.meta
    found: dict[str, str] = {}
    office = short_agency(meta.agency, tokenizer)
    if office:
        found["self"] = office
    year = meta.year
    if year:
        month = int(meta.date.split("-")[1]) if meta.date else None
        found.update({word: f"{year + offset}年" for word, offset in RELATIVE_YEARS.items()})
        if month:
            found["下一步"] = f"{year}年{month}月答复后"
            found["截至目前"] = found["目前"] = f"{year}年{month}月"
    return found


def table_header_of(reply: Reply, citation: Citation) -> str | None:
    """The header row above a quote that is one row of a table (or several)."""
    if not all(TABLE_ROW.match(line.strip()) for line in citation.quote.splitlines() if line.strip()):
        return None
    section = reply.section(citation.section_id)
    return table_header_above(section.text, citation.start) if section else None


def annotate(text: str, meanings: dict[str, str], done: set[str]) -> str:
    """`text` with the first unresolved mention of each expression followed by 〔its meaning〕."""
    out, last = [], 0
    for match in re.finditer(f"{SELF_REFERENCE.pattern}|{RELATIVE_TIME.pattern}", text):
        word = match.group(0)
        key = "self" if SELF_REFERENCE.fullmatch(word) else word
        meaning = meanings.get(key)
        if not meaning or key in done:
            continue
        done.add(key)
        out.append(text[last:match.end()] + f"〔{meaning}〕")
        last = match.end()
    out.append(text[last:])
    return "".join(out)


def compose(question: str, chosen: list[Citation], others: list[Citation], replies: dict[str, Reply],
            tokenizer: Tokenizer, *, kind: str = "quote", texts: dict[int, str] | None = None,
            fields: dict[int, str] | None = None, missing: frozenset[int] = frozenset(), **extra) -> Answer:
    """The answer stating `chosen` (best first) with `others` listed as further sources.

    `texts` replaces a citation's sentence text (a field answer states "办理结果：解决或采纳" and cites
    the line); keys are positions in `chosen`. `missing`: positions whose text says the reply does not
    write the field ("没有写明签发人"), citing where it would be.
    """
    texts, fields = texts or {}, fields or {}
    # Group by reply, groups in order of their best citation; inside a group, best first.
    order: dict[str, int] = {}
    for c in chosen:
        order.setdefault(c.reply_id, len(order))
    positions = {id(c): i for i, c in enumerate(chosen)}
    reading = sorted(chosen, key=lambda c: (order[c.reply_id], positions[id(c)]))
    for n, c in enumerate(reading, 1):
        c.n, c.in_answer = n, True
    rest = sorted(others, key=lambda c: c.rank)
    for n, c in enumerate(rest, len(reading) + 1):
        c.n, c.in_answer = n, False

    sentences: list[AnswerSentence] = []
    parts: list[str] = []
    current = None
    done: set[str] = set()
    meanings: dict[str, str] = {}
    for c in reading:
        reply = replies[c.reply_id]
        lead = None
        if c.reply_id != current:
            current, done = c.reply_id, set()
            meanings = resolutions(reply, tokenizer)
            lead = lead_for(reply, stating=positions[id(c)] in fields, missing=positions[id(c)] in missing)
            parts.append(("\n" if parts else "") + lead)
        position = positions[id(c)]
        text = texts.get(position, c.quote)
        stated = position in fields
        display = text if stated else annotate(text, meanings, done)
        header = None if stated else table_header_of(reply, c)
        if header:
            display = f"〔{header}〕{display}"  # a table's row says what its figures are only under its header
        sentences.append(AnswerSentence(text=text, n=c.n, display=display, reply_id=c.reply_id, lead=lead,
                                        field=fields.get(position)))
        parts.append(f"{display}[{c.n}]" if stated else f"“{display}”[{c.n}]")
    citations = sorted([*reading, *rest], key=lambda c: (c.rank, c.n))
    return Answer(question=question, answer="".join(parts), abstained=False, citations=citations, sentences=sentences,
                  kind=kind, lead=sentences[0].lead if sentences else None, **extra)


def abstention(question: str, suggestions: list[Suggestion], *, text: str = ABSTAIN_TEXT, kind: str = "abstain",
               **extra) -> Answer:
    if suggestions:
        text += "相关答复：" + "；".join(f"《{s.title}》" for s in suggestions)
    return Answer(question=question, answer=text, abstained=True, citations=[], kind=kind,
                  suggestions=suggestions, **extra)
