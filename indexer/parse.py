"""Step 2 of the flow: turn a reply's text into a Reply — header facts, a section tree, a closing.

A reply reads: header (办理结果, 公开属性, agency, document number, a title over one or two lines,
addressee), an intro paragraph, numbered sections (一、 / （一） / 1. / （1）), a conclusion
(下一步…, 再次感谢…) and a closing (signature, date, contact, cc). Each of those becomes a Section,
so "who replied, when" is citable like any policy paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from indexer.models import (
    CLOSING_ID,
    CONCLUSION_ID,
    HEADER_ID,
    INTRO_ID,
    Contact,
    Reply,
    ReplyMeta,
    Section,
)


class ParseError(Exception):
    """The text does not look like a reply document; the message says what was missing."""


CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}

# (level, pattern); the number is group 1 and the rest of the line follows the match.
MARKERS: list[tuple[int, re.Pattern[str]]] = [
    (1, re.compile(r"^([一二三四五六七八九十]{1,3})、\s*")),
    (2, re.compile(r"^[（(]([一二三四五六七八九十]{1,3})[）)]\s*")),
    (3, re.compile(r"^(\d{1,2})\s*[.．、](?!\d)\s*")),
    (4, re.compile(r"^[（(](\d{1,2})[）)]\s*")),
]

# A paragraph ending in one of these is complete; anything else may have been cut by a page break.
TERMINAL = "。！？；：…”’」』）)]】》.!?;:"
HEADING_MAX = 40
PAGE_BREAK_MIN = 40
CONCLUSION_CUES = ("下一步", "再次感谢", "再次衷心感谢", "感谢您", "感谢你", "特此答复", "最后，")

DOC_NUMBER = re.compile(r"([\u4e00-\u9fff]{1,16}[（(〔\[]\d{4}[）)〕\]]第?\d+号)")
DATE = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$")
KEY_VALUE = re.compile(r"^([\u4e00-\u9fff]{2,8})[：:]\s*(.*)$")
PROPOSAL_NUMBER = re.compile(r"第\s*(\d+)\s*号")
SESSION = re.compile(r"^对?(.+?会议)")


def chinese_number(text: str) -> int:
    """一 → 1, 十 → 10, 十二 → 12, 二十三 → 23."""
    if text.isdigit():
        return int(text)
    if "十" not in text:
        return CN_DIGITS.get(text, 0)
    tens, _, ones = text.partition("十")
    return (CN_DIGITS.get(tens, 1) if tens else 1) * 10 + (CN_DIGITS.get(ones, 0) if ones else 0)


def clean_text(text: str) -> str:
    """Drop formatting that is not text: markdown bold, odd spaces, pypdf's spaces around numbers."""
    text = text.replace("\ufeff", "").replace("\u3000", " ").replace("\xa0", " ")
    text = text.replace("**", "")
    return "\n".join(line.strip() for line in text.split("\n"))


def split_paragraphs(text: str) -> list[str]:
    return [line for line in text.split("\n") if line.strip()]


def match_marker(line: str) -> tuple[int, int, re.Match[str]] | None:
    for level, pattern in MARKERS:
        match = pattern.match(line)
        if match:
            return level, chinese_number(match.group(1)), match
    return None


def is_heading_line(line: str) -> bool:
    return match_marker(line) is not None and len(line) <= HEADING_MAX


def repair_page_breaks(paragraphs: list[str]) -> list[str]:
    """Rejoin a paragraph that a page break cut mid-word ("…加" + "大逆周期…" → "…加大逆周期…").

    A body paragraph of some length that ends without closing punctuation, followed by one that
    does not start a new numbered section, is one paragraph split in two.
    """
    repaired: list[str] = []
    for paragraph in paragraphs:
        if repaired:
            previous = repaired[-1]
            cut = (
                len(previous) >= PAGE_BREAK_MIN
                and previous[-1] not in TERMINAL
                and not is_heading_line(previous)
                and match_marker(paragraph) is None
                and not DATE.match(paragraph)
            )
            if cut:
                # Latin words on both sides of the cut were separated by a space in the original.
                joiner = " " if previous[-1].isascii() and previous[-1].isalnum() and paragraph[0].isascii() else ""
                repaired[-1] = previous + joiner + paragraph
                continue
        repaired.append(paragraph)
    return repaired


@dataclass
class _Node:
    level: int
    number: int
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    section_id: str = ""
    path: list[str] = field(default_factory=list)


def split_heading(line: str, match: re.Match[str]) -> tuple[str, str]:
    """A marker line is either a heading on its own or a heading sentence followed by text."""
    rest = line[match.end():]
    if len(line) <= HEADING_MAX and not any(p in rest[:-1] for p in "。！？"):
        return line.rstrip("。"), ""
    first, sep, remainder = rest.partition("。")
    if sep and len(first) + match.end() <= HEADING_MAX and remainder.strip():
        return line[: match.end()] + first, remainder.strip()
    return line[: match.end()] + rest[:20] + "…", rest


def build_body(paragraphs: list[str]) -> tuple[list[str], list[_Node]]:
    """Split body paragraphs into intro paragraphs and numbered sections.

    A marker only opens a section when its number follows its siblings (1 after a parent, n+1
    after n): "2. " inside a list of figures does not break the outline.
    """
    intro: list[str] = []
    nodes: list[_Node] = []
    stack: list[_Node] = []
    last_number: dict[tuple[str, int], int] = {}
    for paragraph in paragraphs:
        found = match_marker(paragraph)
        if found:
            level, number, match = found
            parents = [n for n in stack if n.level < level]
            parent_key = parents[-1].section_id if parents else ""
            expected = last_number.get((parent_key, level), 0) + 1
            if number == expected and (level == 1 or parents or not nodes):
                heading, text = split_heading(paragraph, match)
                node = _Node(level, number, heading, [text] if text else [])
                node.section_id = ".".join([*(str(p.number) for p in parents), str(number)])
                node.path = [*(p.heading for p in parents), heading]
                last_number[(parent_key, level)] = number
                stack = [*parents, node]
                nodes.append(node)
                continue
        if stack:
            stack[-1].paragraphs.append(paragraph)
        else:
            intro.append(paragraph)
    return intro, nodes


def find_closing_start(paragraphs: list[str]) -> int:
    """Index of the first closing paragraph: the signature above the last date line."""
    for index in range(len(paragraphs) - 1, -1, -1):
        if DATE.match(paragraphs[index]):
            signature = index - 1
            if signature >= 0 and len(paragraphs[signature]) <= 30 and paragraphs[signature][-1] not in TERMINAL:
                return signature
            return index
    return len(paragraphs)


def parse_header(lines: list[str], meta: ReplyMeta) -> str:
    """Fill meta from the header lines; return the title."""
    title_lines: list[str] = []
    seen_doc_number = False
    for line in lines:
        compact = re.sub(r"\s+", "", line)
        key_value = KEY_VALUE.match(line)
        if key_value and key_value.group(1) in ("办理结果", "办理类别", "办理结果类别"):
            meta.category = key_value.group(2).strip() or None
        elif key_value and key_value.group(1) in ("公开属性", "信息公开属性", "公开类别"):
            meta.publicity = key_value.group(2).strip() or None
        elif not seen_doc_number and DOC_NUMBER.fullmatch(compact):
            meta.doc_number = compact
            seen_doc_number = True
        elif title_lines or seen_doc_number or line.startswith("对") or "答复" in line:
            title_lines.append(line)
        elif meta.agency is None:
            meta.agency = line
    return "".join(title_lines)


def parse_title(title: str, meta: ReplyMeta) -> None:
    compact = re.sub(r"\s+", "", title)
    session = SESSION.match(compact)
    if session:
        meta.session = session.group(1)
    number = PROPOSAL_NUMBER.search(title)
    if number:
        meta.proposal_number = number.group(1)
    if "提案" in title:
        meta.proposal_kind = "提案"
    elif "建议" in title:
        meta.proposal_kind = "建议"


def parse_closing(lines: list[str], meta: ReplyMeta) -> None:
    contact = Contact()
    for line in lines:
        date = DATE.match(line)
        if date and meta.date is None:
            year, month, day = (int(g) for g in date.groups())
            meta.date = f"{year:04d}-{month:02d}-{day:02d}"
            continue
        key_value = KEY_VALUE.match(line)
        if not key_value:
            continue
        key, value = key_value.group(1), key_value.group(2).strip()
        if key in ("联系人姓名", "联系人"):
            contact.name = value
        elif key in ("联系电话", "电话"):
            contact.phone = value
        elif key in ("联系地址", "地址"):
            contact.address = value
        elif key in ("邮政编码", "邮编"):
            contact.postcode = value
        elif key == "抄送":
            meta.cc = [part for part in re.split(r"[、，,；;\s]+", value.rstrip("。")) if part]
        elif key in ("信息公开属性", "公开属性") and meta.publicity is None:
            meta.publicity = value
    meta.contact = contact


def make_reply_id(meta: ReplyMeta, source: str) -> str:
    """Stable id: from the document number when there is one (浦科经委办理-2025-61), else the file."""
    if meta.doc_number:
        match = re.match(r"(.+?)[（(〔\[](\d{4})[）)〕\]]第?(\d+)号", meta.doc_number)
        if match:
            return f"{match.group(1)}-{match.group(2)}-{match.group(3)}"
    stem = PurePosixPath(source).with_suffix("").as_posix()
    return re.sub(r"[^\w\u4e00-\u9fff.-]+", "-", stem).strip("-") or "reply"


def parse_reply(text: str, source: str, hints: dict[str, str] | None = None) -> Reply:
    """Parse one reply. `hints` are ReplyMeta fields a reader found outside the text (an HTML page's
    metadata table); each fills its field only where the text itself has none."""
    paragraphs = repair_page_breaks(split_paragraphs(clean_text(text)))
    if not paragraphs:
        raise ParseError("没有正文 (no text)")

    # The header runs to the addressee line ("浦东新区工商联：").
    addressee_at = next(
        (
            i
            for i, p in enumerate(paragraphs[:15])
            if p[-1] in "：:" and len(p) <= 40 and not p.startswith(("办理结果", "公开属性"))
        ),
        None,
    )
    if addressee_at is None:
        addressee_at = next(
            (i for i, p in enumerate(paragraphs[:15]) if re.search(r"答复$|复函$", p)), None
        )
        header_lines = paragraphs[: addressee_at + 1] if addressee_at is not None else []
    else:
        header_lines = paragraphs[:addressee_at]

    meta = ReplyMeta()
    title = parse_header(header_lines, meta)
    parse_title(title, meta)
    if addressee_at is not None and paragraphs[addressee_at][-1] in "：:":
        # The addressee belongs to the header: "who was this reply to" is a header fact.
        meta.addressee = paragraphs[addressee_at].rstrip("：:")
        header_lines = paragraphs[: addressee_at + 1]

    rest = paragraphs[len(header_lines):]
    closing_at = find_closing_start(rest)
    body, closing = rest[:closing_at], rest[closing_at:]
    parse_closing(closing, meta)
    if meta.agency is None and closing and not DATE.match(closing[0]):
        meta.agency = closing[0]
    for name, value in (hints or {}).items():
        if name in ReplyMeta.model_fields and getattr(meta, name) is None and value:
            setattr(meta, name, value)
    if meta.year is None:
        year_source = meta.date or meta.doc_number or ""
        year = re.search(r"(\d{4})", year_source)
        meta.year = int(year.group(1)) if year else None

    intro, nodes = build_body(body)
    conclusion: list[str] = []
    if nodes:
        last = nodes[-1]
        cue_at = next((i for i, p in enumerate(last.paragraphs) if p.startswith(CONCLUSION_CUES)), None)
        if cue_at is not None:
            conclusion = last.paragraphs[cue_at:]
            last.paragraphs = last.paragraphs[:cue_at]
    if not header_lines and not nodes:
        raise ParseError("未识别出答复结构：没有标题、文号或编号章节 (no header, document number or numbered sections)")

    proposal_title = re.search(r"《(.+?)》", "".join(intro))
    if proposal_title:
        meta.proposal_title = proposal_title.group(1)

    sections: list[Section] = []
    if header_lines:
        sections.append(Section(section_id=HEADER_ID, heading="文头", path=["文头"], level=0, text="\n".join(header_lines), kind="header"))
    if intro:
        sections.append(Section(section_id=INTRO_ID, heading="引言", path=["引言"], level=0, text="\n".join(intro), kind="intro"))
    for node in nodes:
        sections.append(Section(section_id=node.section_id, heading=node.heading, path=node.path, level=node.level, text="\n".join(node.paragraphs), kind="body"))
    if conclusion:
        sections.append(Section(section_id=CONCLUSION_ID, heading="结束语", path=["结束语"], level=0, text="\n".join(conclusion), kind="conclusion"))
    if closing:
        sections.append(Section(section_id=CLOSING_ID, heading="落款", path=["落款"], level=0, text="\n".join(closing), kind="closing"))

    return Reply(
        reply_id=make_reply_id(meta, source),
        title=title or PurePosixPath(source).stem,
        source=source,
        meta=meta,
        sections=sections,
    )
