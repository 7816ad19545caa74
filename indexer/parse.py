"""Step 2 of the flow: turn a reply's text into a Reply — header facts, a section tree, a closing.

A reply reads: a header (agency, document number, 签发人, 办理结果/答复类别, 公开属性, 索引号, a title
over one or more lines, the addressee), an intro paragraph (a ministry's 摘要 among it), numbered
sections (一、 / （一） / 1. / （1）, any of them at the top), a conclusion (下一步…, 再次感谢…), a
closing (signature, date, contact, cc) and attachments. Each becomes a Section, so "who replied,
when" is citable like any policy paragraph. The vocabulary (document numbers, dates, categories,
sessions) lives in indexer/grammar.py. Inline enumerations (一是…；二是…) stay text of their section:
they are clauses of one paragraph, not headings, and a citation's highlight already marks the clause.
A reply with no numbered headings at all is outlined by its paragraphs opened with 一是/二是/三是,
or else by headings that stand on lines of their own without numbers (bold in the original).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from indexer import grammar
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


chinese_number = grammar.chinese_number

# Outline markers, in the order they usually nest; the number is group 1. Which one is on top is
# decided by the reply (a ministry's reply may start at （一） or 1.), not by this order.
MARKERS: list[tuple[str, re.Pattern[str]]] = [
    ("一、", re.compile(r"^([一二三四五六七八九十]{1,3})\s*[、.．]\s*")),
    ("（一）", re.compile(r"^[（(]\s*([一二三四五六七八九十]{1,3})\s*[）)]\s*")),
    # 1. but not the decimal 2.5; a year may follow the point at once (2.2018年底前…).
    ("1.", re.compile(r"^(\d{1,2})\s*[.．、](?:(?!\d)|(?=(?:19|20)\d\d\s*年))\s*")),
    ("（1）", re.compile(r"^[（(]\s*(\d{1,2})\s*[）)]\s*")),
    ("1）", re.compile(r"^(\d{1,2})[）)]\s*")),
    ("①", re.compile(r"^([①②③④⑤⑥⑦⑧⑨⑩])\s*")),
    # 第一，…。第二，…: paragraphs opened by an ordinal are items like 一、 (第一批, 第一次 are not: the
    # ordinal must be followed by a pause, a space — often the full-width one — or 部分, "part").
    ("第一", re.compile(r"^第([一二三四五六七八九十]{1,3})(?:\s*[，,、：:]|部分|\s+(?=\S))\s*")),
]
# 一是…。二是…。 opening paragraphs: the outline of a reply that has no numbered headings (in a reply
# that has them, such paragraphs are items of a section's text, as inline 一是…；二是… always are).
ORDINAL_CLAUSE = ("一是", re.compile(r"^([一二三四五六七八九十]{1,3})是\s*[，,：:]?\s*"))
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩"

# A paragraph ending in one of these is complete; anything else may have been cut by a page break.
TERMINAL = "。！？；：…”’」』）)]】》.!?;:"
HEADING_MAX = 40
PAGE_BREAK_MIN = 40
SIGNATURE_MAX = 30
CONCLUSION_CUES = ("下一步", "再次感谢", "再次衷心感谢", "感谢您", "感谢你", "衷心感谢", "特此答复", "特此函复", "特此复函",
                   "专此函复", "最后，", "此复", "特此报告")

KEY_VALUE = re.compile(r"^([\u4e00-\u9fff]{2,8})\s*[：:]\s*(.*)$")
# Several header fields may share one line: "教建议〔2024〕第123号    签发人：王某".
FIELD_GAP = re.compile(r"\s{2,}|\t")
CATEGORY_KEYS = grammar.RESOLUTION_LABELS
PUBLICITY_KEYS = ("公开属性", "信息公开属性", "公开类别", "公开方式", "公开形式", "公开选项", "信息公开选项", "信息公开方式",
                  "信息公开形式", "公开类型")
PROPOSER_KEYS = ("领衔代表", "附议代表", "提案人", "提案者", "代表", "委员", "提出人", "提出者", "建议人", "联名代表",
                 "领衔人", "附议人", "领衔委员", "联名委员", "联名提案人")
# The shape of the labels proposers are listed under, for spellings the list lacks (联名人, 附议委员,
# 共同提案人, 提案单位): who joined (领衔, 附议, 联名…) or what they put forward (提案, 建议…), then who.
PROPOSER_LABEL = re.compile(r"(?:领衔|附议|联名|共同)(?:提案|提出|建议)?(?:代表|委员|人|者|单位)?"
                            r"|(?:提案|提出|建议|议案)(?:代表|委员|人|者|单位)")
# 办理类别：主办 says who leads the handling, not how it ended.
NOT_CATEGORIES = ("主办", "会办", "协办", "分办", "单独办理", "主办单位")
# Metadata some layouts (and the tables of web pages) write as "key：value" in the header.
AGENCY_KEYS = ("主办单位", "承办单位", "答复单位", "发文机关", "发布机构", "发文单位", "发布单位")
# The date a reply was made, under the act that dates it: 成文日期, 答复时间, 签发日期…
DATE_KEYS = tuple(f"{act}{when}" for act in ("成文", "发文", "答复", "发布", "印发", "签发", "办复", "复文", "签署")
                  for when in ("日期", "时间"))
# Acts after the signing (sent, printed, put on the web): their date is the reply's only when it is not
# signed with one (a page's 发文日期 may be days after the date under the signature).
SENT_DATE_KEYS = tuple(f"{act}{when}" for act in ("发文", "发布", "印发") for when in ("日期", "时间"))
# (案号 is the column a CPPCC's list of proposals numbers them under, beside 案由)
NUMBER_KEYS = ("提案号", "提案编号", "建议号", "建议编号", "议案号", "案号")
# A header block or table may name the session itself when the title does not (届次：市五届人大三次会议).
SESSION_KEYS = ("届次", "会议届次", "提出届次", "所属届次")
# Whom the document is sent to, under its label: above the body, or in the 版记 after it (GB/T 9704 moves the
# 主送 there; a 办理情况的报告 to a congress's committee names it so, below the contact line).
ADDRESSEE_KEYS = ("主送", "主送单位", "主送机关")
HEADER_KEYS = CATEGORY_KEYS + PUBLICITY_KEYS + PROPOSER_KEYS + AGENCY_KEYS + DATE_KEYS + NUMBER_KEYS + SESSION_KEYS + ADDRESSEE_KEYS + (
    "签发人", "签发", "索引号", "主题分类", "主题词", "文号", "发文字号", "发文文号", "紧急程度", "密级", "缓急", "标题",
)
ABSTRACT_KEYS = ("摘要", "内容摘要")
# A title closed by the reply's class in brackets: 关于…第0045号提案的答复（B）, …的答复【A类】.
TITLE_CATEGORY = re.compile(r"[（(【\[]\s*([A-DＡ-Ｄ]\s*类?)\s*[）)】\]]$")
# A page's metadata rows may carry the title (标题：关于…的答复) that its text then repeats or lacks.
TITLE_KEYS = ("标题", "题名", "名称", "文件名称", "文件标题")
CONTACT_KEYS = grammar.CONTACT_LABELS
CLOSING_KEYS = tuple(CONTACT_KEYS) + ("抄送", "抄报", "信息公开属性", "公开属性", "签发人")
# A field is known by its label wherever it sits: 签发人, 办理结果 or 公开属性 may close a reply too,
# after the contact or the cc line.
# Every label of a header or closing field, longest first (a regex alternation).
FIELD_LABELS = "|".join(sorted(set(CLOSING_KEYS + HEADER_KEYS), key=len, reverse=True))
CLOSING_FIELD = re.compile(rf"({FIELD_LABELS}|{grammar.RESOLUTION_LABEL.pattern}|{grammar.CONTACT_UNIT_LABEL.pattern})\s*[：:]\s*")
# （此件主动公开）, （此件公开发布）, （本件依申请公开）: the 公开属性 written as a note in brackets.
PUBLICITY_NOTE = re.compile(r"^[（(【\[]\s*(?:此件|本件|此文|本文)?\s*([^（()）【】\[\]]{0,8}公开[^（()）【】\[\]]{0,4})\s*[）)】\]]$")
# The same note closing the date line: 二〇二四年六月十八日（此件公开发布）.
TRAILING_PUBLICITY_NOTE = re.compile(PUBLICITY_NOTE.pattern.removeprefix("^"))
# 主动公开 or 依申请公开 alone on a line at the top, as many places print it beside the class.
PUBLICITY_LINE = re.compile(r"^(?:此件|本件)?((?:主动|依申请|不予|免予)公开|公开发布|不公开)$")
# 特急, 加急, 平件: the urgency printed at the top of a document.
URGENCY_LINE = re.compile(r"^(?:特急|加急|急件|平急|特提|平件)$")
BRACKETED = re.compile(r"^[（(【\[].*[）)】\]]$")
IN_BRACKETS = re.compile(r"[（(][^（()）]*[）)]")
# A reply may also be titled as a report on the handling, sent to the congress's committee (关于…第12号建议办理情况的报告).
TITLE_CUES = ("答复", "答复函", "答复的函", "答复意见", "会办意见", "办理意见", "复函", "协办意见", "办理情况的报告", "办理情况报告")
ATTACHMENT = re.compile(r"^附\s*件\s*([0-9一二三四五六七八九十]*)\s*[：:]?\s*(.*)$")
PRINTED = re.compile(r"^[（(]?\s*共印\s*\d+\s*份\s*[）)]?$")


def is_proposer_key(key: str) -> bool:
    return key in PROPOSER_KEYS or PROPOSER_LABEL.fullmatch(key) is not None


def is_header_key(key: str, value: str) -> bool:
    """Whether "key：value" is a header field, by its label's spelling or its shape."""
    return key in HEADER_KEYS or grammar.is_resolution_field(key, value) or (is_proposer_key(key) and len(value) <= 60)


# 联名代表：张某 after a space: a field that a PDF set one space after the field before it.
SPACE_BEFORE_LABEL = re.compile(rf"\s+(?=(?:{FIELD_LABELS})\s*[：:])")


# 联 系 人：, 签 发 人：: a label typed with spaces between its characters (to line up with longer ones).
SPACED_LABEL = re.compile(r"(?<![\u4e00-\u9fff])((?:[\u4e00-\u9fff] ){1,4}[\u4e00-\u9fff])(?= ?[：:])")


# 【办理结果】B类, [公开属性]主动公开: a label in brackets instead of before a colon.
BRACKETED_LABEL = re.compile(r"^[【\[]([\u4e00-\u9fff]{2,8})[】\]]\s*(?=[^\s：:])")


# 洛 阳 市 教 育 局 文 件: a red header or a signature set with a space between every character.
SPACED_LINE = re.compile(r"^[\u4e00-\u9fff](?: +[\u4e00-\u9fff]){3,}$")


def unspace(line: str) -> str:
    return re.sub(r" +", "", line) if SPACED_LINE.match(line) else line


# 文　　号 | 国…〔2024〕152号, 提 案 号 第01356号: a table cell's label spaced out to the column's width,
# with no colon after it (a web page or a PDF leaves the row's cells one space apart).
SPACED_CELL_LABEL = re.compile(r"(?<![\u4e00-\u9fff])((?:[\u4e00-\u9fff] +){1,4}[\u4e00-\u9fff])(?![\u4e00-\u9fff])")


def join_spaced_labels(line: str) -> str:
    def join(match: re.Match[str]) -> str:
        characters = match.group(1).split()
        # 提 案 号 第01356号, 〔2023〕88号 签 发 人: the label is a run of the spaced characters, not all of them.
        for start in range(len(characters) - 1):
            for end in range(len(characters), start + 1, -1):
                if is_label("".join(characters[start:end])):
                    return " ".join([*characters[:start], "".join(characters[start:end]), *characters[end:]])
        return match.group(0)
    return SPACED_CELL_LABEL.sub(join, line)


# Digits and Latin letters typed in full width (２０２２年, ０７５６－２２１２３４５, ＡＩＧＣ) are the same
# characters to a reader; folded, numbers, phones and dates are read and searched like any other.
FULL_WIDTH_ALNUM = str.maketrans(
    {chr(0xFF10 + i): str(i) for i in range(10)}
    | {chr(0xFF21 + i): chr(0x41 + i) for i in range(26)}
    | {chr(0xFF41 + i): chr(0x61 + i) for i in range(26)})
DASH_BETWEEN_DIGITS = re.compile(r"(?<=\d)－(?=\d)")  # a full-width hyphen in a phone number
# Numbering typed as one enclosed character (WPS and old Word turn automatic numbering into these):
# ㈠ is （一）, ⑴ is （1）, ⒈ is 1. — the markers every reader knows. ① stays: it is a marker of its own.
ENCLOSED_NUMBERS = str.maketrans(
    {chr(0x3220 + i): f"（{'一二三四五六七八九十'[i]}）" for i in range(10)}
    | {chr(0x2474 + i): f"（{i + 1}）" for i in range(20)}
    | {chr(0x2488 + i): f"{i + 1}." for i in range(20)})


# A table typed with an ideographic space between cells (序号　项目名称　所在县　总投资). A gap beside a
# single Han character is a padded name (王　伟) or a spaced word; one other gap may be a pause; two or
# more make a row, whose gaps are kept wide (FIELD_GAP), so it is read as a row and never joined to the next.
IDEOGRAPHIC_GAP = re.compile(r"\u3000+")
SINGLE_HAN = re.compile(r"^[\u4e00-\u9fff]$")


def widen_cells(line: str) -> str:
    inner = line.strip(" \u3000\t")
    cells = IDEOGRAPHIC_GAP.split(inner)
    wide = [not (SINGLE_HAN.match(left) or SINGLE_HAN.match(right)) for left, right in zip(cells, cells[1:])]
    if sum(wide) < 2:
        return line
    row = cells[0] + "".join(("  " if gap else " ") + cell for gap, cell in zip(wide, cells[1:]))
    return line.replace(inner, row)


def clean_text(text: str) -> str:
    """Drop formatting that is not text: markdown bold, odd spaces, pypdf's spaces in document
    numbers, the full width of digits and letters, numbers typed as one enclosed character."""
    text = DASH_BETWEEN_DIGITS.sub("-", text.translate(FULL_WIDTH_ALNUM).translate(ENCLOSED_NUMBERS))
    if "\u3000" in text:
        text = "\n".join(widen_cells(line) for line in text.split("\n"))
    text = text.replace("\ufeff", "").replace("\u3000", " ").replace("\xa0", " ")
    text = text.replace("**", "")
    lines = (BRACKETED_LABEL.sub(r"\1：", join_spaced_labels(
                 SPACED_LABEL.sub(lambda m: m.group(1).replace(" ", ""), unspace(line.strip()))))
             for line in text.split("\n"))
    return "\n".join(grammar.close_doc_number_spaces(line) for line in lines)


def split_paragraphs(text: str) -> list[str]:
    """Non-empty lines; a line that is only a page number ("- 2 -") or a rule ("————") is page
    furniture, not text."""
    return [line for line in text.split("\n")
            if line.strip() and not grammar.PAGE_NUMBER.match(line) and not grammar.RULE_LINE.match(line)]


def match_marker(line: str, markers: list[tuple[str, re.Pattern[str]]] = MARKERS) -> tuple[str, int, re.Match[str]] | None:
    for kind, pattern in markers:
        match = pattern.match(line)
        if match and line[match.end():].strip():
            number = match.group(1)
            value = CIRCLED.index(number) + 1 if number in CIRCLED else chinese_number(number)
            return kind, value, match
    return None


def is_heading_line(line: str) -> bool:
    return match_marker(line) is not None and len(line) <= HEADING_MAX


def is_table_row(line: str) -> bool:
    """Rows of a table as text: cells separated by tabs, bars or wide gaps."""
    return "\t" in line or line.count("|") >= 2 or len(FIELD_GAP.findall(line)) >= 2


# A telephone number cut after its area code's hyphen at a line's end, and the subscriber's digits that open the next.
PHONE_CUT = re.compile(r"(?<!\d)0\d{2,3}\s*[-－—]$")
PHONE_REST = re.compile(r"\d{7,8}(?!\d)")


def repair_page_breaks(paragraphs: list[str]) -> list[str]:
    """Rejoin a paragraph that a page break cut mid-word ("…加" + "大逆周期…" → "…加大逆周期…").

    A body paragraph of some length that ends without closing punctuation, followed by one that
    does not start a new numbered section, is one paragraph split in two. Table rows are never joined.
    """
    repaired: list[str] = []
    for paragraph in paragraphs:
        if repaired and PHONE_CUT.search(repaired[-1]) and PHONE_REST.match(paragraph):
            repaired[-1] += paragraph  # 联系电话：0376-/6228140: a short closing line a PDF wrapped after the hyphen
            continue
        if repaired:
            previous = repaired[-1]
            cut = (
                len(previous) >= PAGE_BREAK_MIN
                and previous[-1] not in TERMINAL
                and not is_heading_line(previous)
                and match_marker(paragraph) is None
                and grammar.parse_date_line(paragraph) is None
                and not is_table_row(previous)
                and not is_table_row(paragraph)
                and not ATTACHMENT.match(paragraph)
                and not _ends_a_block(previous, paragraph)
            )
            if cut:
                # Latin words on both sides of the cut were separated by a space in the original.
                joiner = " " if previous[-1].isascii() and previous[-1].isalnum() and paragraph[0].isascii() else ""
                repaired[-1] = previous + joiner + paragraph
                continue
        repaired.append(paragraph)
    return repaired


def _ends_a_block(previous: str, paragraph: str) -> bool:
    """A long title (…第1567号（经济发展类148号）提案答复的函) ends without punctuation, as does the line
    before an addressee, a document number, a "key：value" field or a closing field (抄送：…, after a
    contact line ending in its phone number): none of them is a cut paragraph."""
    key_value = KEY_VALUE.match(paragraph)
    return (previous.endswith(TITLE_CUES) or (paragraph[-1] in "：:" and len(paragraph) <= 40)
            or grammar.parse_doc_number(paragraph) is not None
            or (key_value is not None and is_header_key(*key_value.groups()))
            or bool(closing_fields(paragraph)))


@dataclass
class _Node:
    kind: str
    number: int
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    section_id: str = ""
    path: list[str] = field(default_factory=list)


# The end of a heading sentence: 。, or in a text typed with ASCII punctuation a period before a space
# ("(一)制定改造计划. 经市政府同意…"; not the point of 2.5 nor of a marker).
SENTENCE_STOP = re.compile(r"。|(?<![\dA-Za-z])\.(?=\s)")


def split_heading(line: str, match: re.Match[str]) -> tuple[str, str]:
    """A marker line is either a heading on its own or a heading sentence followed by text."""
    rest = line[match.end():]
    if len(line) <= HEADING_MAX and not any(p in rest[:-1] for p in "。！？") and not SENTENCE_STOP.search(rest[:-1]):
        return line.rstrip("。"), ""
    stop = SENTENCE_STOP.search(rest)
    first, sep, remainder = (rest[: stop.start()], stop.group(), rest[stop.end():]) if stop else (rest, "", "")
    heading = line[: match.end()] + first
    if sep and len(heading) <= HEADING_MAX and remainder.strip():
        return heading, remainder.strip()
    if sep:
        # The heading is the first sentence however long; a long one is content too, so the text keeps it.
        return heading, rest
    return line[: match.end()] + rest[:20] + "…", rest


def build_body(paragraphs: list[str], markers: list[tuple[str, re.Pattern[str]]] = MARKERS) -> tuple[list[str], list[_Node]]:
    """Split body paragraphs into intro paragraphs and numbered sections.

    The outline is the reply's own: the first marker kind is the top level, a new kind numbered 1
    opens a child level, and a kind already open continues only with the next number (n+1 after
    n), so "2. " inside a list of figures does not break the outline.
    """
    intro: list[str] = []
    nodes: list[_Node] = []
    stack: list[_Node] = []
    top_kind: str | None = None
    for paragraph in paragraphs:
        found = match_marker(paragraph, markers)
        if found and is_inline_run(paragraph, *found):
            found = None
        if found:
            kind, number, match = found
            open_at = next((i for i, n in enumerate(stack) if n.kind == kind), None)
            if open_at is not None:
                parents = stack[:open_at] if number == stack[open_at].number + 1 else None
            elif kind == top_kind:
                parents = [] if nodes and number == _last_top(nodes, kind) + 1 else None
            elif number == 1 and (stack or top_kind is None):
                parents = list(stack)
            else:
                parents = None
            if parents is not None:
                top_kind = top_kind or kind
                heading, text = split_heading(paragraph, match)
                node = _Node(kind, number, heading, [text] if text else [])
                node.section_id = ".".join([*(str(p.number) for p in parents), str(number)])
                node.path = [*(p.heading for p in parents), heading]
                stack = [*parents, node]
                nodes.append(node)
                continue
        if stack:
            stack[-1].paragraphs.append(paragraph)
        else:
            intro.append(paragraph)
    return intro, nodes


BARE_HEADING_MAX = 24
# 下一步工作, 下一步打算: a heading of its own; 下一步，我局将… is the conclusion's sentence.
NEXT_STEPS = "下一步"


def is_bare_heading(paragraphs: list[str], index: int) -> bool:
    """A heading set apart only by its own line (bold in the original, which text does not keep): a
    short line without closing punctuation between two sentences, that is no field, date, agency,
    attachment, table row or conclusion."""
    line = paragraphs[index]
    if is_bracketed_heading(line):
        return index + 1 < len(paragraphs) and paragraphs[index + 1][-1] in TERMINAL
    return (len(line) <= BARE_HEADING_MAX and line[-1] not in TERMINAL and index + 1 < len(paragraphs)
            and paragraphs[index + 1][-1] in TERMINAL and len(paragraphs[index + 1]) > len(line)
            and (index == 0 or paragraphs[index - 1][-1] in TERMINAL)
            and not (line.startswith(CONCLUSION_CUES) and not line.startswith(NEXT_STEPS))
            and not is_table_row(line) and not KEY_VALUE.match(line)
            and not ATTACHMENT.match(line) and grammar.parse_date_line(line) is None
            and not grammar.is_agency_name(line) and not BRACKETED.match(line))


# 【基本情况】, 【下一步打算】: a heading without a numeral, set in black lenticular brackets on a line of its own
# (a reply's parts so marked, as a site's articles mark theirs); the brackets are its only mark.
# A label and its value (【联系人：张某】) or a page's own button (【打印本页】【关闭窗口】) is none: a heading names a part of
# the reply, not an act on the page.
LENTICULAR_HEADING = re.compile(r"^【(?![打关返收分][印闭回藏享])[^【】。；！？!?：:]{2,22}】$")


def is_bracketed_heading(line: str) -> bool:
    """【基本情况】 alone on a line; not a note or a class in the same brackets (【此件公开】, 【A类】)."""
    return bool(LENTICULAR_HEADING.match(line)) and not PUBLICITY_NOTE.match(line) \
        and not grammar.CATEGORY_LINE.match(line)


def bare_outline(paragraphs: list[str]) -> tuple[list[str], list[_Node]] | None:
    """The outline of a reply whose headings carry no numbers: two or more bare headings, none
    repeated (a PDF's running head repeats on every page; a heading does not)."""
    heads = [index for index in range(len(paragraphs)) if is_bare_heading(paragraphs, index)]
    if len(heads) < 2 or len({paragraphs[index] for index in heads}) < len(heads):
        return None
    nodes = [_Node("bare", number, paragraphs[start], paragraphs[start + 1 : end], str(number), [paragraphs[start]])
             for number, (start, end) in enumerate(zip(heads, [*heads[1:], len(paragraphs)]), start=1)]
    return paragraphs[: heads[0]], nodes


# Where an item of an inline enumeration ends and the next begins: （1）…；（2）…
CLAUSE_BREAKS = "；;。，,：:"
INLINE_MARKERS = {kind: re.compile(pattern.pattern.removeprefix("^")) for kind, pattern in [*MARKERS, ORDINAL_CLAUSE]}


def is_inline_run(paragraph: str, kind: str, number: int, match: re.Match[str]) -> bool:
    """（1）…；（2）…；（3）… in one paragraph is an enumeration inside a sentence, not a heading: a
    heading line carries one item, so the next number of the same marker after a clause break
    within the paragraph makes it text."""
    rest = paragraph[match.end():]
    for later in INLINE_MARKERS[kind].finditer(rest):
        if later.start() > 0 and rest[later.start() - 1] in CLAUSE_BREAKS:
            value = later.group(1)
            if (CIRCLED.index(value) + 1 if value in CIRCLED else chinese_number(value)) == number + 1:
                return True
    return False


def _last_top(nodes: list[_Node], kind: str) -> int:
    return max((n.number for n in nodes if n.kind == kind and "." not in n.section_id), default=0)


# --- header -----------------------------------------------------------------------------------------
@dataclass
class _Header:
    title_lines: list[str] = field(default_factory=list)
    abstract: list[str] = field(default_factory=list)


def split_names(value: str) -> list[str]:
    return [part for part in re.split(r"[、，,；;\s]+", value.strip().rstrip("。")) if part]


def proposer_names(value: str) -> list[str]:
    """Names of a proposers field, without the notes written beside them: 庄某某（领衔）、林某 → 庄某某, 林某."""
    value = re.sub(r"(?<=\d)\s+(?=[人名位])", "", value)  # 罗某某等3 人: a PDF's space after a digit
    names = (proposer_name(name) for name in split_names(IN_BRACKETS.sub("", value)))
    return [name for name in names if name]


def proposer_name(name: str) -> str:
    """王某某代表, 罗某某等3人, 郭某某委员 → the name alone."""
    return TITLE_OF_PROPOSER.sub("", PROPOSERS_COUNTED.sub("", name))


# 提案人：郭某某委员, 领衔代表：王某某代表: the name with the proposer's title after it.
TITLE_OF_PROPOSER = re.compile(r"(?<=..)(?:代表|委员|同志)$")


# 罗某某等3人, 王某等五位代表: the lead proposer and a count of the others, who are not named.
PROPOSERS_COUNTED = re.compile(r"等\s*[\d一二三四五六七八九十]*\s*(?:人|名|位)?(?:代表|委员)?$")


def read_header_field(key: str, value: str, meta: ReplyMeta) -> bool:
    """Fill meta from one "key：value" of the header; False when the key is not a header field."""
    value = value.strip()
    if grammar.is_resolution_field(key, value):
        if value in ("会办", "协办"):
            meta.reply_kind = "会办意见"
        elif value and value not in NOT_CATEGORIES:
            meta.category = meta.category or re.sub(r"\s+", "", value)  # (a PDF's B 类 is B类)
        return True
    if key in PUBLICITY_KEYS:
        meta.publicity = value or None
    elif key in ("签发人", "签发"):
        meta.signer = value or None
    elif key == "索引号":
        meta.index_number = value or None
    elif key == "主题分类":
        meta.topic = value or None
    elif key in DOC_NUMBER_KEYS:
        meta.doc_number = meta.doc_number or grammar.parse_doc_number(value) or value or None
    elif key in AGENCY_KEYS:
        meta.agency = meta.agency or value or None
    elif key in DATE_KEYS and key not in SENT_DATE_KEYS:  # a sent date waits for the signature's: sent_date
        dates = grammar.find_dates(value)
        meta.date = meta.date or (dates[0] if dates else None)
    elif key in SESSION_KEYS:
        meta.session = meta.session or value or None
    elif key in ADDRESSEE_KEYS:
        meta.addressee = meta.addressee or value or None
    elif key in NUMBER_KEYS:
        meta.proposal_numbers = meta.proposal_numbers or re.findall(r"\d+", value)
    elif is_proposer_key(key) and len(value) <= 60:
        names = [n for n in proposer_names(value) if n not in meta.proposers]
        # Whoever leads (领衔) comes first, wherever the layout writes the field (附议代表 above 领衔代表).
        meta.proposers = [*names, *meta.proposers] if "领衔" in key else [*meta.proposers, *names]
    elif key in HEADER_KEYS:
        pass
    else:
        return False
    return True


def field_parts(line: str) -> list[str]:
    """The fields of a header line: parts set apart by wide gaps, or by a single space before a label
    and its colon (a PDF keeps one space of a wide gap: 领衔代表：王某 联名代表：张某), or a table row of
    labels and values (签发人 | 刘某 | 办理结果 | A类, its cells split by spaces in a PDF)."""
    parts = [piece for part in FIELD_GAP.split(line) for piece in SPACE_BEFORE_LABEL.split(part.strip()) if piece]
    parts = [field for part in parts for field in glued_fields(part) or glued_after_value(part)]
    parts = [piece for part in parts for piece in doc_number_run_on(part)]
    tokens = line.split()
    if len(parts) == 1 and len(tokens) >= 4 and len(tokens) % 2 == 0 and all(map(is_label, tokens[::2])) \
            and not any(map(is_label, tokens[1::2])):
        parts = tokens
    return pair_labels(parts)


LABEL_IN_LINE = re.compile(FIELD_LABELS)


DOC_NUMBER_KEYS = ("文号", "发文字号", "发文文号")
# A field set right after the value before it, with no gap at all (文号：津城管函〔2013〕96号办理类别：B类).
FIELD_AT = re.compile(rf"(?:{FIELD_LABELS}|{grammar.RESOLUTION_LABEL.pattern})\s*[：:]")


def glued_after_value(part: str) -> list[str]:
    """A "label：value" part cut before each further label and colon glued to the value before it."""
    cuts = [match.start() for match in FIELD_AT.finditer(part) if match.start() > 0
            and not part[match.start() - 1].isspace() and re.search("[：:]", part[: match.start()])]
    if not cuts or not KEY_VALUE.match(part):
        return [part]
    return [part[start:end].strip() for start, end in zip([0, *cuts], [*cuts, len(part)])]


# A header of two columns (办理结果 over 公开属性 at the left, the 文号 at the right) that a PDF gives row by
# row: the number comes out after the field beside it, apart by a space or glued to a class (办理结果：B类
# 民委提函〔2017〕86号, 办理结果：B类民委提函〔2017〕86号).
DOC_NUMBER_AFTER_SPACE = re.compile(rf"\s+({grammar.DOC_NUMBER.pattern})$")
CATEGORY_OPENING = re.compile(r"^[（(【\[]?\s*[A-DＡ-Ｄ]\s*类\s*[）)】\]]?")


def doc_number_run_on(part: str) -> list[str]:
    """A "label：value" part cut before a document number that ends it ("label：value", the number), when
    the label is a field's other than the 文号's; [part] for any other."""
    key_value = KEY_VALUE.match(part)
    if not key_value or key_value.group(1) in DOC_NUMBER_KEYS or not is_label(key_value.group(1)):
        return [part]
    value = key_value.group(2)
    spaced = DOC_NUMBER_AFTER_SPACE.search(value)
    category = CATEGORY_OPENING.match(value)
    if spaced and grammar.parse_doc_number(spaced.group(1)) and value[:spaced.start()].strip():
        cut = spaced.start()
    elif category and grammar.parse_doc_number(value[category.end():]):
        cut = category.end()
    else:
        return [part]
    return [part[:key_value.start(2) + cut].rstrip(), value[cut:].strip()]


def glued_fields(part: str) -> list[str] | None:
    """A Word header table printed to PDF loses its cell borders, so labels and values run together
    (签发人刘某 办理结果 A 类; 领衔代表 吴某某公开属性 主动公开). A part without a colon that opens with a
    label and holds another is cut before each label: one that starts a word, or a long one (four
    characters or more, not 代表/委员 which end names of offices) glued to the value before it."""
    if "：" in part or ":" in part:
        return None
    labels = [match for match in LABEL_IN_LINE.finditer(part)
              if match.start() == 0 or part[match.start() - 1].isspace()
              or (len(match.group()) >= 4 and not is_proposer_key(match.group()))
              # a short label glued to a name is one when a value of its own shape follows (陈立新文号 财社函〔2023〕71号)
              or (match.group() in DOC_NUMBER_KEYS and grammar.DOC_NUMBER.match(part[match.end():].lstrip()))]
    if len(labels) < 2 or labels[0].start() != 0:
        return None
    ends = [match.start() for match in labels[1:]] + [len(part)]
    fields = [(match.group(), part[match.end():end].strip()) for match, end in zip(labels, ends)]
    if not all(value for _, value in fields):
        return None
    return [f"{label}：{value}" for label, value in fields]


def column_pairs(lines: list[str]) -> list[str]:
    """A header table of a row of labels over a row of values (签发人 | 办理结果 | 公开属性 over
    刘某 | A类 | 主动公开), its cells apart by tabs or wide gaps, as one "label：value" line per column."""
    paired: list[str] = []
    index = 0
    while index < len(lines):
        labels = [cell.strip() for cell in FIELD_GAP.split(lines[index]) if cell.strip()]
        values = [cell.strip() for cell in FIELD_GAP.split(lines[index + 1]) if cell.strip()] if index + 1 < len(lines) else []
        if len(labels) >= 2 and len(values) == len(labels) and all(map(is_label, labels)) \
                and not any(map(is_label, values)):
            paired.extend(f"{label.rstrip('：:')}：{value}" for label, value in zip(labels, values))
            index += 2
            continue
        paired.append(lines[index])
        index += 1
    return paired


def parse_header(lines: list[str], meta: ReplyMeta) -> _Header:
    """Fill meta from the header lines, in whatever order they come; return title and abstract."""
    header = _Header()
    for line in column_pairs(lines):
        for part in field_parts(line) if not header.abstract else [line]:
            read_header_part(part, meta, header)
    return header


def is_label(text: str) -> bool:
    """A header or contact label written alone, as a table's cell is (签发人, 办理结果, 届次, 联系人)."""
    label = text.rstrip("：:")
    return bool(re.fullmatch(r"[\u4e00-\u9fff]{2,8}", label)) and (
        label in HEADER_KEYS or label in CONTACT_KEYS or is_proposer_key(label)
        or grammar.RESOLUTION_LABEL.fullmatch(label) is not None or grammar.CONTACT_UNIT_LABEL.fullmatch(label) is not None)


def is_closing_label(label: str) -> bool:
    """A label only the closing block writes: the contact (联系人, 联系电话, 联系单位…) and the cc line (签发人 and
    公开属性 close a reply too, but open many)."""
    return (label in CLOSING_KEYS and label not in HEADER_KEYS) or grammar.CONTACT_UNIT_LABEL.fullmatch(label) is not None


def is_field(label: str, value: str) -> bool:
    """Whether a table's cell `label` beside (or above) `value` is a field of the header or the closing."""
    return is_header_key(label, value) or label in CLOSING_KEYS or is_closing_label(label)


def is_field_cell_pair(label: str, value: str) -> bool:
    """Whether a label cell (its colon allowed) and the cell it names hold a field: a short value that is no label."""
    return is_field(label.rstrip("：:"), value) and len(value) <= 60 and not is_label(value)


def _all_fields(pairs: list[tuple[str, str]]) -> bool:
    return bool(pairs) and all(is_field_cell_pair(label, value) for label, value in pairs)


def fields_beside(rows: list[list[str]]) -> list[list[tuple[str, str]]] | None:
    """The (label, value) pairs of each row of a table whose cells alternate label and value (提案号 | 056 |
    办理类别 | A; 联系人 | 王某 | 联系电话 | 0812-…), or None when the table is not all such pairs."""
    if not rows or any(len(cells) % 2 for cells in rows):
        return None
    pairs = [list(zip(cells[::2], cells[1::2])) for cells in rows]
    return pairs if all(map(_all_fields, pairs)) else None


def fields_under(rows: list[list[str]]) -> list[list[tuple[str, str]]] | None:
    """The (label, value) pairs of a table of a row of labels over a row of their values (联系人 | 联系电话
    over 王某 | 0812-…; several such bands one under the other), or None."""
    if not rows or len(rows) % 2 or any(len(labels) != len(values) for labels, values in zip(rows[::2], rows[1::2])):
        return None
    pairs = [list(zip(labels, values)) for labels, values in zip(rows[::2], rows[1::2])]
    return pairs if all(map(_all_fields, pairs)) else None


def table_fields(rows: list[list[str]]) -> list[list[tuple[str, str]]] | None:
    """The fields of a table that is nothing but header or closing fields, row by row; None for any other
    table (a data table of the body)."""
    return fields_beside(rows) or fields_under(rows)


def pair_labels(parts: list[str]) -> list[str]:
    """Cells of a table row (签发人 | 刘某 | 办理结果 | A类) as "label：value" fields."""
    paired: list[str] = []
    index = 0
    while index < len(parts):
        part = parts[index]
        if is_label(part) and index + 1 < len(parts) and not is_label(parts[index + 1]):
            paired.append(part.rstrip("：:") + "：" + parts[index + 1])
            index += 2
            continue
        paired.append(part)
        index += 1
    return paired


# A red header names the agency with the document's kind: …局文件, …委员会函, …办便函.
RED_HEADER_KIND = re.compile(r"(?:文件|便函|(?<=[局委厅部办署院府室会心])函)$")


def read_header_part(part: str, meta: ReplyMeta, header: _Header) -> None:
    # A field set in brackets on a line of its own ((办理结果：基本解决), as a note 此件公开 is) is that field.
    noted = KEY_VALUE.match(part[1:-1].strip()) if BRACKETED.match(part) else None
    if noted and read_header_field(noted.group(1), noted.group(2), meta):
        return
    key_value = KEY_VALUE.match(part)
    if key_value and key_value.group(1) in ABSTRACT_KEYS:
        header.abstract.append(part)
        return
    if key_value and key_value.group(1) in TITLE_KEYS and looks_like_title(key_value.group(2)):
        if not header.title_lines:
            header.title_lines.append(key_value.group(2).strip())
        return
    if key_value and read_header_field(key_value.group(1), key_value.group(2), meta):
        return
    category = grammar.CATEGORY_LINE.match(part)
    if category:
        meta.category = part.strip("（()）【】[]")
        return
    if URGENCY_LINE.match(part):
        return
    publicity = PUBLICITY_NOTE.match(part) or PUBLICITY_LINE.match(part)
    if publicity:
        meta.publicity = meta.publicity or publicity.group(1)
        return
    doc_number = grammar.parse_doc_number(part)
    if doc_number and meta.doc_number is None:
        meta.doc_number = doc_number
        return
    marked = TITLE_CATEGORY.search(part)
    if marked and looks_like_title(part[:marked.start()]):  # …提案的答复（B类）: the class closes the title
        meta.category = meta.category or re.sub(r"\s", "", marked.group(1))
        part = part[:marked.start()].rstrip()
    title_open = header.title_lines and not header.title_lines[-1].endswith(TITLE_CUES)
    if part in header.title_lines:
        pass  # the title a metadata row gave, written again as the page's heading
    elif title_open or looks_like_title(part):
        header.title_lines.append(part)
    elif key_value or BRACKETED.match(part):
        pass  # a field or a note of the header (紧急程度：…, （共印5份）) names no agency
    elif meta.agency is None:
        agency = RED_HEADER_KIND.sub("", part) or part
        # A joint reply's red header names its bodies side by side, the lead one (主办) first.
        bodies = agency.split()
        meta.agency = bodies[0] if len(bodies) > 1 and all(map(grammar.is_agency_name, bodies)) else agency


# 应急管理部关于十四届…会议, 宜昌市夷陵区应急管理局关于, 国家医疗保障局关于政协十四届全国委员会 (the
# title wrapped inside the session's name): a title that names its agency first.
AGENCY_BEFORE_TITLE = re.compile(r"^(.{2,30}?)(?:关于|对)(?:$|.*(?:会议|人代会|提案|建议|议案|第\s*\d|政协|人大|委员会$))")


def looks_like_title(line: str) -> bool:
    # A cue inside the line makes a title only beside what a title names (答复公开, a page's column
    # heading, names nothing): …的答复（B类）, 关于第12号建议答复的有关情况.
    if line.startswith(("关于", "对")) or line.endswith(TITLE_CUES) or (
            any(cue in line for cue in TITLE_CUES) and re.search(r"提案|建议|议案|会议|第\s*\d", line)):
        return True
    agency = AGENCY_BEFORE_TITLE.match(line)
    return bool(agency) and grammar.is_agency_name(agency.group(1)) and not re.search(r"[。，；：:]", line)


# Offices a reply may be sent through (市人大常委会代表工作委员会, 区政府办公室, 县政府督查室, 市政协提案委员会):
# they forward the proposal and are never its proposer; the opening sentence names who made it.
FORWARDING_OFFICE = re.compile(r"人大常委会|人民政府|政府办公|督查|督办|提案委员会|提案委$|代表工作|选举任免|选联")


def addressed_proposers(addressee: str) -> list[str]:
    """A reply to the proposer is addressed to them: 张丽委员、民进武侯区委 → [张丽, 民进武侯区委].
    (A 会办意见 is addressed to the lead agency instead, and a reply sent through an office of the
    congress or the government to that office, so neither names a proposer this way.)"""
    names = [proposer_name(name) for name in split_names(addressee) if not FORWARDING_OFFICE.search(name)]
    return [name for name in names if name]


# 市十八届人大三次会议期间，马永福代表提出的…, 在区政协五届二次会议上，…: the opening may first say when the
# proposal was made, as a report to the committee does.
SESSION_CLAUSE = r"(?:在?[^，,。；;《]{2,30}?会议(?:期间|上|中)?[，,]\s*)?"
# 市五届人大四次会议吴春兰代表, 区政协十届五次会议期间李某委员: the session named right before who made the proposal.
SESSION_BEFORE_NAME = r"(?:[\u4e00-\u9fff\d]{2,30}?会议(?:期间|上)?[，,]?\s*)?"
# 周敏委员提出的《…》, 郭某、李某代表所提《…》, 王某等5位代表提出的: the intro of a reply not addressed
# to the proposer (a 会办意见, or one to the committee) names them when it acknowledges the proposal.
NAMED_PROPOSERS = re.compile(
    r"^" + SESSION_CLAUSE + r"(?:关于|对)?(?:您|你们)?(?:[\u4e00-\u9fff]{1,10}?(?:转来|转交|交办)的)?"  # 贵厅转来的…: a 会办意见 names the office first
    + SESSION_BEFORE_NAME +  # 你局转来的市五届人大四次会议吴春兰代表提出的: the session named before the deputy
    r"((?:[\u4e00-\u9fff]{2,4}?(?:代表|委员|同志)?[、，和及与])*[\u4e00-\u9fff]{2,4}?)(?:等\s*\d+\s*[位名])?"
    r"(?:代表|委员|同志)(?:领衔)?(?:提出|所提|联名提出)的?")
# 关于区人大代表黄某等提出的《…》, 市政协委员李某所提: the title written before the name, as a 会办意见 or a
# reply to the committee introduces a proposer it does not address.
TITLED_PROPOSERS = re.compile(
    r"^" + SESSION_CLAUSE + r"(?:关于|对)?(?:[\u4e00-\u9fff]{0,8}?(?:人大代表|政协委员))"
    r"((?:[\u4e00-\u9fff]{2,4}?[、，和及与])*[\u4e00-\u9fff]{2,4}?)(?:等\s*\d*\s*[位名]?)?"
    r"(?:代表|委员|同志)?(?:领衔)?(?:提出|所提|联名提出)的?")


# 区政协委员, 部分代表, 有关委员 say who in general, not by name.
NOT_A_NAME = re.compile(r"政协|人大|^(?:各|部分|多|有关|相关|全体|个别|该|本|几|广大|其他|其它|其余)")


def named_proposers(opening: str) -> list[str]:
    found = NAMED_PROPOSERS.match(opening) or TITLED_PROPOSERS.match(opening)
    names = [proposer_name(name) for name in split_names(found.group(1))] if found else []
    return [] if any(NOT_A_NAME.search(name) for name in names) else names


# 您领衔提出、王某、李某委员附议的《…》, 您与赵某等代表联名提出的: who joined the proposal, named in the
# opening beside its lead (the addressee); the proposal's own 附议代表 field says the same where there is one.
SECONDED_PROPOSERS = re.compile(
    r"(?:^|[、，,与和])((?:[\u4e00-\u9fff]{2,4}?[、，和及])*?[\u4e00-\u9fff]{2,4}?)(?:等\s*\d*\s*[位名]?)?"
    r"(?:代表|委员|同志)?(?:共同)?(?:附议|联名)")


# 您领衔，朴某、崔某委员联名提出的: the lead's own clause comes first and names no one else.
LEAD_CLAUSE = re.compile(r"^(?:您|你们?)(?:领衔|牵头)(?:提出)?[，,、]\s*")
# 对您和孙某、马某等代表关心…表示感谢: the acknowledgement names those who made the proposal with the
# addressee, anywhere in the opening paragraph.
WITH_ADDRESSEE = re.compile(
    r"(?:您|你)(?:和|与|及|同)((?:[\u4e00-\u9fff]{2,4}?[、，和及])*?[\u4e00-\u9fff]{2,4}?)(?:等\s*\d*\s*[位名]?)?"
    r"(?:代表|委员)")


# 《关于…的提案》（提案人：汪某委员）收悉: the proposers' field written in brackets after the proposal's title.
BRACKETED_PROPOSERS = re.compile(r"[（(]([\u4e00-\u9fff]{2,8})\s*[：:]\s*([^（）()]{2,60})[）)]")


def bracketed_proposers(opening: str) -> list[str]:
    for found in BRACKETED_PROPOSERS.finditer(opening):
        if is_proposer_key(found.group(1)):
            names = proposer_names(found.group(2))
            return [] if any(NOT_A_NAME.search(name) for name in names) else names
    return []


def seconded_proposers(opening: str) -> list[str]:
    found = SECONDED_PROPOSERS.search(LEAD_CLAUSE.sub("", opening.split("《")[0])) or WITH_ADDRESSEE.search(opening)
    names = [proposer_name(name) for name in split_names(found.group(1))] if found else []
    return [] if any(NOT_A_NAME.search(name) or re.search(r"提出|领衔|您|你", name) for name in names) else names


def fullest_agency(*names: str | None) -> str | None:
    """The first agency name given, unless a later one writes the same body more fully: a header's
    州文化和旅游局 is its signature's 大理白族自治州文化和旅游局 (the fuller one ends with the shorter)."""
    given = [name for name in names if name]
    if not given:
        return None
    first = given[0]
    fuller = [name for name in given[1:] if len(name) > len(first) and name.endswith(first) and grammar.is_agency_name(name)]
    return max(fuller, key=len) if fuller else first


def title_agency(title: str) -> str | None:
    """The agency a title opens with: 苏州市吴中区农业农村局关于第0089号提案的答复 → 苏州市吴中区农业农村局
    (written in full there, where the signature may shorten it to 区农业农村局)."""
    for word in ("关于", "对"):
        prefix = title.partition(word)[0].strip()
        if 2 < len(prefix) <= SIGNATURE_MAX and grammar.is_agency_name(prefix):
            return prefix
    return None


def parse_title(title: str, meta: ReplyMeta) -> None:
    meta.session = grammar.find_session(title) or meta.session
    meta.proposal_numbers = grammar.find_proposal_numbers(title) or meta.proposal_numbers
    meta.proposal_number = meta.proposal_numbers[0] if meta.proposal_numbers else None
    meta.proposal_kind = grammar.proposal_kind(title)
    if "会办意见" in title or "协办意见" in title or meta.reply_kind is None:
        meta.reply_kind = "会办意见" if "会办意见" in title or "协办意见" in title else "答复"


# --- closing ----------------------------------------------------------------------------------------
def closing_fields(line: str) -> list[tuple[str, str]]:
    """"联系人：李明，联系电话：0571-1234567" and "（联系单位及电话：发展规划司 010-6609xxxx）" → pairs."""
    text = line.strip()
    opens, closes = text[:1] in "（(", text[-1:] in "）)"
    if opens and closes:
        text = text[1:-1]
    # The brackets around a contact may open on one line and close on the next (a wrapped line).
    elif opens and not re.search(r"[）)]", text):
        text = text[1:]
    elif closes and not re.search(r"[（(]", text):
        text = text[:-1]
    found = list(CLOSING_FIELD.finditer(text))
    if not found or found[0].start() != 0:
        return []
    pairs = []
    for i, match in enumerate(found):
        end = found[i + 1].start() if i + 1 < len(found) else len(text)
        pairs.append((match.group(1), text[match.end():end].strip(" ，,；;。")))
    return pairs


def split_contact(value: str) -> tuple[str | None, str | None]:
    """(person, phone) of a contact value: 王某 010-1234567, 赵某（0311-12345678）, 李某（综合处）, where
    the office written in brackets after the name is not part of it."""
    phone = grammar.PHONE.search(value)
    rest = value[: phone.start()] + value[phone.end():] if phone else value
    name = IN_BRACKETS.sub("", rest).strip(" ，,；;：:（()）")
    return name or None, phone.group(0) if phone else None


def is_closing_line(line: str) -> bool:
    return bool(closing_fields(line)) or bool(PRINTED.match(line)) or grammar.parse_date_line(line) is not None \
        or grammar.parse_doc_number(line) is not None  # a 文号 printed in the closing block


# A mobile (手机：139…) beside an office phone (办公电话, 联系电话) is the person's own: the office phone is the
# reply's contact phone wherever the two are written, the mobile only when it is the one phone given.
MOBILE_LABEL = re.compile(r"手机|移动电话")


def closing_parts(line: str) -> list[str]:
    """A closing line holding fields set apart by wide gaps (答复类别：A类　　衡教建复〔2023〕15号 moved under
    the date) as one part per field, read as the header reads them; any other line whole."""
    if not FIELD_GAP.search(line.strip()):
        return [line]
    parts: list[str] = []
    for part in field_parts(line):
        if parts and ends_in_contact(parts[-1]) and (is_contact_words(part) or is_bare_phone(part)):
            parts[-1] += " " + part
        else:
            parts.append(part)
    return parts


# A bare run of words (a person, an office), perhaps closing the bracket a contact opened.
CONTACT_WORDS = re.compile(r"[\u4e00-\u9fff·]{2,30}[）)]?")


def ends_in_contact(previous: str) -> bool:
    """Whether the part before ends in a contact's name, office or phone: what follows it, set apart by the same wide
    gap as the fields, may be more of that contact's value (联系人：茶叶发展科　陈静　电话：…; 联系人及电话：茶叶发展科　陈静　
    0376-6228140)."""
    fields = closing_fields(previous)
    return bool(fields) and CONTACT_KEYS.get(fields[-1][0]) in ("name", "unit", "phone")


def is_contact_words(part: str) -> bool:
    """A bare name (a person, an office) after a contact's words is more of its value."""
    return CONTACT_WORDS.fullmatch(part) is not None and not is_label(part.rstrip("）)"))


def is_bare_phone(part: str) -> bool:
    """A bare number after a contact's words is its phone."""
    return grammar.PHONE.fullmatch(part.rstrip("）)")) is not None


def continues_contact_line(previous: str, line: str) -> bool:
    """联系人：茶叶发展科 / 陈静 / 电话：…: the person under a contact label whose value is an office, on the next
    line (a narrow cell wrapped it). Only a person's name, never a body: the signature may follow a contact."""
    fields = closing_fields(previous)
    if not fields or CONTACT_KEYS.get(fields[-1][0]) != "name" or not grammar.is_unit_name(fields[-1][1]):
        return False
    name = line.strip().rstrip("）)")
    return re.fullmatch(r"[\u4e00-\u9fff·]{2,4}", name) is not None and not grammar.is_unit_name(name) \
        and not is_label(name) and grammar.parse_date_line(line) is None


def parse_closing(lines: list[str], meta: ReplyMeta) -> None:
    contact = Contact()
    mobile: str | None = None
    joined: list[str] = []
    for whole in column_pairs(lines):
        if joined and continues_contact_line(joined[-1], whole):
            joined[-1] += " " + whole.strip()
        else:
            joined.append(whole)
    for line in (part for whole in joined for part in closing_parts(whole)):
        date = grammar.parse_date_line(line)
        if date:
            meta.date = meta.date or date
            note = TRAILING_PUBLICITY_NOTE.search(line)
            if note:
                meta.publicity = meta.publicity or note.group(1)
            continue
        publicity = PUBLICITY_NOTE.match(line)
        if publicity:
            meta.publicity = meta.publicity or publicity.group(1)
            continue
        if grammar.CATEGORY_LINE.match(line.strip()):  # （A类） under the date or the cc line, as the header prints it
            meta.category = meta.category or line.strip().strip("（()）【】[]")
            continue
        doc_number = grammar.parse_doc_number(line)
        if doc_number:  # some places print the 文号 under the date, not above the title
            meta.doc_number = meta.doc_number or doc_number
            continue
        for key, value in closing_fields(line):
            if (key in HEADER_KEYS or grammar.is_resolution_field(key, value)) and key not in CLOSING_KEYS:
                read_header_field(key, value, meta)
                continue
            slot = CONTACT_KEYS.get(key) or ("unit" if grammar.CONTACT_UNIT_LABEL.fullmatch(key) else None)
            if slot in ("name", "unit"):
                # "发展规划司 010-66090000", "运输服务司 李涛": a phone and an office may share the line.
                value, phone = split_contact(value)
                contact.phone = contact.phone or phone
                if slot == "unit":
                    contact.unit = contact.unit or value
                elif value:
                    read_contact_name(value, contact)
            elif slot == "phone":
                # 010-58934000（城市建设司）, 0731-83600000（汤某）: the office or the person may follow the number.
                phone = grammar.PHONE.search(value)
                # (联系方式：茶叶发展科 陈静 0376-…: words without a digit are who, not how)
                number = (phone.group(0) if phone else value if re.search(r"\d", value) else None) or None
                if MOBILE_LABEL.search(key):
                    mobile = mobile or number
                else:
                    contact.phone = contact.phone or number
                other = (value[: phone.start()] + value[phone.end():] if phone else "" if number else value).strip(" ，,；;：:（()）")
                if other:
                    read_contact_name(other, contact)
            elif slot in Contact.model_fields:
                if getattr(contact, slot) is None and value:
                    setattr(contact, slot, value)
            elif slot:
                pass  # 传真, 邮箱: parts of a contact the model does not keep
            elif key in ("抄送", "抄报"):
                meta.cc = split_names(value)
            elif key == "签发人":
                meta.signer = meta.signer or value or None
            elif meta.publicity is None:
                meta.publicity = value
    contact.name = contact.name or contact.unit
    contact.phone = contact.phone or mobile
    meta.contact = contact


OFFICE_TITLE = re.compile(r"(?:长|主任|书记)$")  # 政策法规处处长: the office and a title, no person
UNIT_THEN_PERSON = re.compile(r"([\u4e00-\u9fff]{2,20}?(?:司|处|科|室|中心|所|股))([\u4e00-\u9fff]{2,3})")


def read_contact_name(value: str, contact: Contact) -> None:
    """A contact written with its office on one line ("运输服务司 李涛") gives the office and the person;
    an office alone (联系单位：渔业渔政管理局, 联系单位及电话：发展规划司) is the unit."""
    parts = re.split(r"[\s，,]+", value.strip())
    if len(parts) >= 2 and not grammar.is_unit_name(parts[0]) and grammar.is_unit_name(" ".join(parts[1:])):
        parts = [*parts[1:], parts[0]]  # 孙某，区城市管理局市政设施科: the person first, then the office
    glued = UNIT_THEN_PERSON.fullmatch(value)
    if len(parts) == 1 and glued and not grammar.is_unit_name(glued.group(2)) and not OFFICE_TITLE.search(glued.group(2)):
        parts = list(glued.groups())  # 运输服务司李涛: a fixed layout lost the space between office and person
    if len(parts) >= 2 and grammar.is_unit_name(" ".join(parts[:-1])) and not grammar.is_unit_name(parts[-1]):
        unit, name = " ".join(parts[:-1]), parts[-1]
    elif grammar.is_unit_name(value):
        unit, name = value, None
    else:
        unit, name = None, value or None
    contact.unit = contact.unit or unit
    contact.name = contact.name or name


def find_closing_start(paragraphs: list[str]) -> int:
    """Index of the first closing paragraph: the signature above the first date line of the closing
    block at the end, and contact or cc lines written just above the signature. Without a date, the
    trailing contact/cc lines and the signature above them."""
    date_at = None
    block_at = len(paragraphs)
    for index in range(len(paragraphs) - 1, -1, -1):
        line = paragraphs[index]
        if grammar.parse_date_line(line):
            date_at = index
        elif not (is_closing_line(line) or _is_signature(line) or _is_note(line) or _is_header_field(line)):
            break
        if date_at is None and is_closing_line(line):
            block_at = index
    start = date_at if date_at is not None else block_at
    if start == len(paragraphs):
        return start
    anchor = start
    while start > 0 and _is_signature(paragraphs[start - 1]) and anchor - start < 2:
        start -= 1
    while start > 0 and (is_closing_line(paragraphs[start - 1]) or _is_note(paragraphs[start - 1])):
        start -= 1  # contact or cc lines above the signature, a note (（此件主动公开）) among them
    return start


def _is_header_field(line: str) -> bool:
    """文号：…, 办理结果：A类 after the signature: a footer block of the header's fields (a site's 信息公开
    block) belongs to the closing, which reads them as fields."""
    key_value = KEY_VALUE.match(line)
    return bool(key_value) and (is_header_key(*key_value.groups()) or grammar.is_resolution_field(*key_value.groups()))


def _is_note(line: str) -> bool:
    """（此件公开发布）, （共印5份）, 【此件公开】: a bracketed note among the closing lines."""
    return len(line) <= 60 and BRACKETED.match(line) is not None


SEAL_NOTE = re.compile(r"\s*[（(](?:盖章|印章|公章|章)[）)]$")


def _is_signature(line: str) -> bool:
    line = SEAL_NOTE.sub("", line)
    return len(line) <= SIGNATURE_MAX and line[-1] not in TERMINAL and match_marker(line) is None \
        and not KEY_VALUE.match(line) and not ATTACHMENT.match(line)


ATTACHMENT_ITEM = re.compile(r"^\d{1,2}\s*[.．、]")
CLOSING_LOOKBACK = 8  # lines above an attachment label searched for the closing's date
# 附件1, 附件二: an attachment's own text starts; so does 附件 alone (no colon: 附件： opens a list), the
# one attachment of a reply, marked so at the top of its page below the closing (GB/T 9704).
NUMBERED_ATTACHMENT = re.compile(r"^附\s*件\s*(?:[0-9一二三四五六七八九十]+|$)")
# 附件：…一览表（略）: an attachment the published reply leaves out (略, 从略, 此略) has no text to open, so its line is
# read with the closing, not made a section.
OMITTED = re.compile(r"[（(]\s*(?:此|从|附件)?略\s*[）)]\s*[。.]?$")


def split_attachments(paragraphs: list[str]) -> tuple[list[str], list[str], list[tuple[str, list[str]]], list[str]]:
    """Cut attachments off: (paragraphs kept, lines of an attachment list, attachment sections, the
    版记 printed after the last attachment).

    A list ("附件：1. X" then "2. Y", usually above the signature) makes one section per item,
    unless the attachments' own texts follow the closing ("附件1" then its content): then each text
    is a section and the list lines go to the closing, as does the 版记 after the last attachment."""
    starts = [i for i, p in enumerate(paragraphs) if ATTACHMENT.match(p) and len(p) <= HEADING_MAX + 20]
    if not starts:
        return paragraphs, [], [], []
    first = starts[0]
    kept, rest = paragraphs[:first], paragraphs[first:]
    listing: list[str] = []
    # "附件：TITLE" below the date opens that attachment's own text (the closing lists none there),
    # unless the attachment's own mark (附件, 附件1) comes next: then the line listed it.
    signed_above = any(grammar.parse_date_line(p) for p in paragraphs[max(0, first - CLOSING_LOOKBACK):first])
    if not NUMBERED_ATTACHMENT.match(rest[0]):
        following = rest[1] if len(rest) > 1 else ""
        opens_text = signed_above and len(rest) > 1 and not NUMBERED_ATTACHMENT.match(following)
        titled = ATTACHMENT.match(rest[0]).group(2) and not opens_text  # type: ignore[union-attr]
        is_list = titled or ATTACHMENT_ITEM.match(following)
        if is_list:
            listing = [rest[0]]
            rest = rest[1:]
            while rest and ATTACHMENT_ITEM.match(rest[0]) and len(rest[0]) <= HEADING_MAX + 20:
                listing.append(rest.pop(0))
            later = next((i for i, p in enumerate(rest) if NUMBERED_ATTACHMENT.match(p)), len(rest))
            kept, rest = kept + rest[:later], rest[later:]
    attachments: list[tuple[str, list[str]]] = []
    for paragraph in rest:
        if ATTACHMENT.match(paragraph) and len(paragraph) <= HEADING_MAX + 20:
            attachments.append((paragraph, []))
        elif attachments:
            attachments[-1][1].append(paragraph)
        else:
            kept.append(paragraph)
    record = take_record(attachments[-1][1]) if attachments else []
    if listing and not attachments and all(OMITTED.search(line) for line in listing
                                                      if not re.fullmatch(r"附\s*件\s*[：:]?\s*", line)):
        return kept, listing, [], record  # every listed attachment left out: the list is a closing line
    if listing and not attachments:
        items = listing if ATTACHMENT.match(listing[0]).group(2) else listing[1:]  # type: ignore[union-attr]
        attachments = [(item, []) for item in items]
        if items is not listing:
            attachments[0] = (listing[0] + items[0], [])
        listing = []
    return kept, listing, attachments, record


def take_record(lines: list[str]) -> list[str]:
    """The 版记 closing a document after its attachments (GB/T 9704 sets it last): 抄送/抄报 and other
    closing fields, the issuing office and 印发 date, （共印N份）. Taken off the end of `lines` (the last
    attachment's text) and returned, to be read with the closing."""
    start = len(lines)
    while start > 0:
        line = lines[start - 1]
        issued = grammar.parse_date_line(line) is not None and "印发" in line
        office = start < len(lines) and "印发" in lines[start] and _is_signature(line) and not is_closing_line(line)
        if not (closing_fields(line) or PRINTED.match(line) or issued or office):
            break
        start -= 1
    record = lines[start:]
    del lines[start:]
    return record


def take_result_lines(body: list[str]) -> tuple[list[str], list[str]]:
    """A result field on a line of its own among the body paragraphs (答复类型：C（留作参考） after the
    opening, 办理结果：B before the thanks) is a field of the reply, not text of a section: read it and
    move it to the closing lines, where the other fields are read and cited from."""
    kept, moved = [], []
    for paragraph in body:
        key_value = KEY_VALUE.match(paragraph)
        if key_value and len(key_value.group(2)) <= 30 and grammar.resolution(key_value.group(2)) and \
                grammar.is_resolution_field(*key_value.groups()):
            moved.append(paragraph)  # parse_closing reads it with the other closing fields
        else:
            kept.append(paragraph)
    return kept, moved


PART_MARK = "#"


def part_source(name: str, number: int) -> str:
    """The source of a compilation's `number`th reply (1-based, indexer.compilation): "汇编.pdf#2";
    the first keeps the file's name, as a file holding one reply does."""
    return name if number == 1 else f"{name}{PART_MARK}{number}"


def split_source(source: str) -> tuple[str, int]:
    """(file name, part number) of a reply's source: "汇编.pdf#2" → ("汇编.pdf", 2)."""
    file, mark, part = source.rpartition(PART_MARK)
    return (file, int(part)) if mark and part.isdigit() else (source, 1)


# 长治市教育局 2019年6月28日 （联系人：牛某 联系电话：…）: a web page may run the signature, the date and
# the contact into one line; the contact after the date is a closing line of its own.
AFTER_DATE_CONTACT = re.compile(r"^[\s（(【\[]*(?:联系人|联系电话|联系方式|联系单位|电话)")


def split_dated_contact(line: str) -> list[str]:
    date = grammar.DATE.search(line)
    if date and date.start() <= SIGNATURE_MAX and AFTER_DATE_CONTACT.match(rest := line[date.end():]):
        return [line[: date.end()].strip(), rest.strip()]
    return [line]


# （联系人：谢某，联系电话：0797-…）赣州市交通运输局: a contact in brackets with the signature run on after it.
CONTACT_THEN_SIGNATURE = re.compile(r"^([（(][^（()）]*(?:联系|电话)[^（()）]*[）)])\s*(\S{2,30})$")


def split_signed_date(line: str) -> list[str]:
    """福建省海洋与渔业局　　2024年7月16日: the signature and the date set on one line are two lines, as
    the closing is read; any other line is left whole."""
    if len(dated := split_dated_contact(line)) == 2:
        return [*split_signed_date(dated[0]), dated[1]]
    text = line.strip()
    signed_after = CONTACT_THEN_SIGNATURE.match(text)
    if signed_after and grammar.is_agency_name(signed_after.group(2)):
        return [signed_after.group(1), signed_after.group(2)]
    parts = FIELD_GAP.split(text)
    dated_at = grammar.DATE.search(text)
    if len(parts) != 2 and dated_at and 0 < dated_at.start() and dated_at.end() == len(text) \
            and grammar.is_agency_name(text[: dated_at.start()].strip()):
        parts = [text[: dated_at.start()].strip(), dated_at.group(0)]  # 长治市教育局2019年6月28日: no gap at all
    if len(parts) != 2:
        signed = re.match(r"^(\S{2,30}) (\S+)$", text)  # one space: only after an agency's name
        if not signed or not grammar.is_agency_name(signed.group(1)):
            return [line]
        parts = list(signed.groups())
    signature, date = parts
    if grammar.parse_date_line(date) and _is_signature(signature) and not is_closing_line(signature):
        return [signature, date]
    return [line]


def make_reply_id(meta: ReplyMeta, source: str) -> str:
    """Stable id: from the document number when there is one (浦科经委办理-2025-61), else the file."""
    from_number = grammar.doc_number_id(meta.doc_number) if meta.doc_number else None
    if from_number:
        return from_number
    file, part = split_source(source)
    stem = PurePosixPath(file).with_suffix("").as_posix() + (f"-{part}" if part > 1 else "")
    return re.sub(r"[^\w\u4e00-\u9fff.-]+", "-", stem).strip("-") or "reply"


# 王某某代表：你好！, 尊敬的郭某某委员：您好！: the addressee with the greeting on its line.
GREETED = re.compile(r"^(?:尊敬的)?([^：:。，；！!]{2,40}?)\s*[：:]\s*(?:您好|你好|你们好|您们好)\s*[！!。，,]?$")


def addressee_of(line: str) -> str | None:
    """The addressee an addressee line names (尊敬的 and a greeting left out); None for another line."""
    greeted = GREETED.match(line)
    if greeted:
        return greeted.group(1)
    # A colon inside the line makes it a field (发布时间：2024-05-06 点击数：), never whom the reply is to.
    if line[-1] in "：:" and len(line) <= 40 and match_marker(line) is None and not re.search(r"如下|[。，；：:]", line[:-1]):
        return re.sub(r"^尊敬的", "", line.rstrip("：: "))
    return None


ADDRESSEE_FIRST_LOOKAHEAD = 8


def addressee_after_header(paragraphs: list[str]) -> list[str]:
    """A letter may open with its addressee and put the title, document number and fields under it
    (邢某代表： / 某局关于…第0093号建议的答复 / 某建复〔2012〕15号 / 办理结果：B / 您提出的…): the
    addressee is moved below those lines, where a reply's header ends, so they are read as its header."""
    first = next((i for i, line in enumerate(paragraphs[:6]) if addressee_of(line)), None)
    if first is None:
        return paragraphs
    titled, header_end = False, first
    for index in range(first + 1, min(len(paragraphs), first + 1 + ADDRESSEE_FIRST_LOOKAHEAD)):
        line = paragraphs[index]
        key_value = KEY_VALUE.match(line)
        if line.endswith(TITLE_CUES):
            titled = True
        elif not (grammar.parse_doc_number(line) or grammar.CATEGORY_LINE.match(line)
                  or (key_value and is_header_key(*key_value.groups()))
                  or (len(line) <= HEADING_MAX and not re.search(r"[，,。；;]", line) and not match_marker(line))):
            break
        header_end = index
    if not titled:
        return paragraphs
    return [*paragraphs[:first], *paragraphs[first + 1: header_end + 1], paragraphs[first], *paragraphs[header_end + 1:]]


def find_header_end(paragraphs: list[str]) -> tuple[int | None, bool]:
    """(index of the addressee line or of the title's last line, whether it is an addressee)."""
    for index, line in enumerate(paragraphs[:20]):
        key_value = KEY_VALUE.match(line)
        if key_value and (key_value.group(1) in ABSTRACT_KEYS or is_header_key(*key_value.groups())):
            continue
        if addressee_of(line):
            return index, True
    title_end = None
    for index, line in enumerate(paragraphs[:15]):
        if line.endswith(TITLE_CUES):
            title_end = index
    return title_end, False


def parse_reply(text: str, source: str, hints: dict[str, str] | None = None) -> Reply:
    """Parse one reply. `hints` are ReplyMeta fields a reader found outside the text (an HTML page's
    metadata table); they fill fields the text leaves empty."""
    paragraphs = addressee_after_header(
        [part for line in repair_page_breaks(split_paragraphs(clean_text(text))) for part in split_signed_date(line)])
    if not paragraphs:
        raise ParseError("没有正文 (no text)")

    header_end, has_addressee = find_header_end(paragraphs)
    meta = ReplyMeta()
    if header_end is None:
        header_lines: list[str] = []
    elif has_addressee:
        header_lines = paragraphs[:header_end]
        meta.addressee = addressee_of(paragraphs[header_end])
    else:
        header_lines = paragraphs[: header_end + 1]
    header = parse_header(header_lines, meta)
    title = "".join(header.title_lines)
    parse_title(title, meta)
    if has_addressee and header_end is not None:
        header_lines = [p for p in paragraphs[: header_end + 1] if p not in header.abstract]

    rest = paragraphs[(header_end + 1) if header_end is not None else 0:]
    rest, listing, attachments, record = split_attachments(rest)
    closing_at = find_closing_start(rest)
    body, closing = rest[:closing_at], listing + rest[closing_at:] + record
    # Fields written between the addressee and the body (领衔代表：…, 摘要：…) belong to the header.
    while body and (key_value := KEY_VALUE.match(body[0])) and (
            key_value.group(1) in ABSTRACT_KEYS or is_header_key(*key_value.groups())):
        if key_value.group(1) in ABSTRACT_KEYS:
            header.abstract.append(body.pop(0))
        else:
            read_header_field(key_value.group(1), key_value.group(2), meta)
            header_lines.append(body.pop(0))
    body, moved = take_result_lines(body)
    closing = moved + closing
    parse_closing(closing, meta)
    meta.date = meta.date or sent_date(header_lines + closing)
    signature = next((SEAL_NOTE.sub("", line) for line in closing if _is_signature(line) and not is_closing_line(line)), None)
    # A header line that names no body (a page's column heading kept above the text) gives way to
    # the title's or the signature's agency.
    candidates = [meta.agency, title_agency(title), signature]
    if meta.agency and not grammar.is_agency_name(meta.agency) and any(
            name and grammar.is_agency_name(name) for name in candidates[1:]):
        candidates = candidates[1:]
    meta.agency = fullest_agency(*candidates)
    if not meta.proposers and meta.addressee and meta.reply_kind != "会办意见":
        meta.proposers = addressed_proposers(meta.addressee)
    meta.resolution = grammar.resolution(meta.category)
    apply_hints(meta, hints or {})
    if meta.year is None:
        year = re.search(r"(\d{4})", meta.date or meta.doc_number or "")
        meta.year = int(year.group(1)) if year else None

    intro, nodes = build_body(body)
    if not nodes:
        ordinal_intro, ordinal_nodes = build_body(body, [ORDINAL_CLAUSE])
        if len(ordinal_nodes) >= 2:
            intro, nodes = ordinal_intro, ordinal_nodes
        elif bare := bare_outline(body):
            intro, nodes = bare
    intro = header.abstract + intro
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
    if not meta.proposers and intro:
        meta.proposers = named_proposers(intro[0]) or bracketed_proposers(intro[0])
    if meta.proposers and intro:
        meta.proposers += [name for name in seconded_proposers(intro[0]) if name not in meta.proposers]
    if meta.session is None and intro:
        meta.session = grammar.find_session_in_text(intro[0])
    if not meta.proposal_numbers and intro:  # a title without the number (对陈某代表提出的《…》的答复)
        meta.proposal_numbers = grammar.find_proposal_numbers_in_text(intro[0])
        meta.proposal_number = meta.proposal_numbers[0] if meta.proposal_numbers else None
    if meta.agency is None and grammar.is_national_session(meta.session):
        meta.agency = grammar.ministry_of_doc_number(meta.doc_number)

    sections: list[Section] = []
    if header_lines:
        sections.append(Section(section_id=HEADER_ID, heading="文头", path=["文头"], level=0, text="\n".join(header_lines), kind="header"))
    if intro:
        sections.append(Section(section_id=INTRO_ID, heading="引言", path=["引言"], level=0, text="\n".join(intro), kind="intro"))
    for node in nodes:
        sections.append(Section(section_id=node.section_id, heading=node.heading, path=node.path,
                                level=len(node.path), text="\n".join(node.paragraphs), kind="body"))
    if conclusion:
        sections.append(Section(section_id=CONCLUSION_ID, heading="结束语", path=["结束语"], level=0, text="\n".join(conclusion), kind="conclusion"))
    if closing:
        sections.append(Section(section_id=CLOSING_ID, heading="落款", path=["落款"], level=0, text="\n".join(closing), kind="closing"))
    for number, (heading, lines) in enumerate(attachments, start=1):
        sections.extend(attachment_sections(number, heading, lines))

    return Reply(
        reply_id=make_reply_id(meta, source),
        title=title or PurePosixPath(source).stem,
        source=source,
        meta=meta,
        sections=sections,
    )


# An attached document (a 办法, a 细则, a list) is outlined by its headings of the first two ranks (GB/T 9704:
# 一、 then （一）); its 1. and （1） lines are mostly items of a list (1.家庭经济困难学生免收), not parts.
ATTACHMENT_HEADINGS = [marker for marker in MARKERS if marker[0] in ("一、", "（一）", "第一")]


def attachment_sections(number: int, heading: str, lines: list[str]) -> list[Section]:
    """An attachment as sections: its own outline (一、收费对象 / 二、收费标准 of a 办法 attached) nested
    under it, so a citation opens the part that says it; the text before the outline (its title) stays
    the attachment's own. A listed attachment has no text here: its name is what can be cited."""
    section_id = f"attachment-{number}"
    preface, nodes = build_body(lines, ATTACHMENT_HEADINGS) if lines else ([], [])
    if len(nodes) < 2:  # one numbered line is no outline
        preface, nodes = lines, []
    sections = [Section(section_id=section_id, heading=heading, path=[heading], level=0,
                        text="\n".join(preface) or heading, kind="attachment")]
    sections += [Section(section_id=f"{section_id}.{node.section_id}", heading=node.heading, path=[heading, *node.path],
                         level=len(node.path), text="\n".join(node.paragraphs), kind="attachment")
                 for node in nodes]
    return sections


def sent_date(lines: list[str]) -> str | None:
    """The first date given under an act after the signing (发文日期：…, 发布时间：…), rows of fields too."""
    for line in lines:
        for part in FIELD_GAP.split(line):
            key_value = KEY_VALUE.match(part.strip())
            if key_value and key_value.group(1) in SENT_DATE_KEYS and (dates := grammar.find_dates(key_value.group(2))):
                return dates[0]
    return None


def apply_hints(meta: ReplyMeta, hints: dict[str, str]) -> None:
    """Hints fill text fields of ReplyMeta that the text left empty; a date is made ISO."""
    for name, value in hints.items():
        value = (value or "").strip()
        if not value or name not in ReplyMeta.model_fields or getattr(meta, name) not in (None, ""):
            continue
        if name == "date":
            dates = grammar.find_dates(value)
            value = dates[0] if dates else value
        if isinstance(value, str) and ReplyMeta.model_fields[name].annotation in (str | None,):
            setattr(meta, name, value)
    if meta.resolution is None:
        meta.resolution = grammar.resolution(meta.category)
