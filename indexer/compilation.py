"""One file, several replies: an archive's 答复汇编 (compilation) prints replies one after another,
each with its own header, title, addressee, body and closing. Each becomes a reply of its own.

A reply opens where a title line (…提案的答复, …答复的函) is followed within four lines by an
addressee line (…委员：) or, where a compilation leaves addressees out, by the body's opening sentence
(您提出的《…》收悉, …现答复如下). Its header starts above the title: the lines above it that read like a
header (办理结果/公开属性/签发人 fields, the agency, the document number, the title's first lines)
back to the previous reply's last line (its date, contact, cc, or a sentence of its body). What
comes before the first reply's header (the compilation's cover and table of contents) is nobody's
reply and is left out, with a note.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexer import grammar
from indexer.grammar import CATEGORY_LINE
from indexer.parse import (
    ABSTRACT_KEYS, KEY_VALUE, PUBLICITY_LINE, PUBLICITY_NOTE, RED_HEADER_KIND, TITLE_CUES, URGENCY_LINE,
    addressee_of, clean_text, closing_fields, field_parts, is_header_key, match_marker, split_paragraphs, title_agency,
)

OPENING_WINDOW = 4  # lines between a title's last line and its addressee
HEADER_LINE_MAX = 60


@dataclass(frozen=True)
class Compilation:
    """The replies of one file: `parts` holds the text of each (one part: the file is one reply,
    its text unchanged); `preface` counts the lines before the first reply that no part holds."""

    parts: list[str]
    preface: int = 0


# Whom a reply is addressed to: members and deputies (张三委员, 李四代表), a party or group (民进中央, 民盟贵阳市委,
# 浦东新区工商联, 致公党福建省委员会), an office (省交通运输厅). A line of the body that ends with a
# colon ("…从以下几个方面发力：", where a PDF's line broke) names nobody.
ADDRESSEE_NAME = re.compile(r"(?:委员|代表|同志|先生|女士|中心|中央|界别|[委会联党社盟界组局厅部办室院府])(?:们)?(?:等\s*\d*\s*[人位名]?)?$")


def is_addressee(line: str) -> bool:
    name = addressee_of(line)
    return name is not None and match_marker(line) is None and ADDRESSEE_NAME.search(name.split("、")[-1]) is not None


# The sentence a reply's body opens with; a table of contents row never holds it.
OPENING_SENTENCE = re.compile(r"收悉|(?:答复|函复|回复)如下")


def opens_body(line: str) -> bool:
    """The addressee line, or the opening sentence where a compilation prints no addressee."""
    return is_addressee(line) or (match_marker(line) is None and OPENING_SENTENCE.search(line) is not None)


def addressed(lines: list[str], title: int) -> bool:
    """Whether the body opens (opens_body) within OPENING_WINDOW lines after the title line, not
    counting field lines between them (建议名称：…, 领衔代表：…, 办理结果：…)."""
    others = 0
    for line in lines[title + 1 : title + 1 + 3 * OPENING_WINDOW]:
        if opens_body(line):
            return True
        if not KEY_VALUE.match(line):
            others += 1
            if others == OPENING_WINDOW:
                return False
    return False


def openings(lines: list[str]) -> list[int]:
    """Index of the title line of each reply the lines open, in order: a title line with an
    addressee line after it (a table of contents lists titles alone)."""
    found: list[int] = []
    for index, line in enumerate(lines):
        if len(line) > 80 or not line.endswith(TITLE_CUES) or is_abstract(line) or match_marker(line) is not None:
            continue
        if not addressed(lines, index):
            continue
        # A title written twice (a 标题： row, then the title line) opens one reply: no addressee or
        # opening sentence stands between them, and the opening is the later one.
        if found and not any(opens_body(between) for between in lines[found[-1] + 1 : index]):
            found[-1] = index
        else:
            found.append(index)
    return found


# A contents row: a title, a leader of dots, a page number ("关于…的答复………3").
CONTENTS_ROW = re.compile(r"(?:[.．·…]{2,}|\s{2,})\s*\d{1,4}$")
# The cover or the contents of the compilation itself: 2024年建议提案答复汇编, 目 录.
COMPILATION_LINE = re.compile(r"汇编|^目\s*录$")


def is_abstract(line: str) -> bool:
    """摘要：关于…的答复: an abstract restating the title, not a title."""
    key_value = KEY_VALUE.match(line)
    return bool(key_value) and key_value.group(1) in ABSTRACT_KEYS


def field_keys(line: str) -> list[str]:
    """The keys of a line of header fields (办理结果：A, 公开属性：主动公开, 签发人：…), which a layout
    may also write last, after the closing; [] for any other line."""
    fields = closing_fields(line)
    return [key for key, _ in fields] if fields and all(is_header_key(k, v) for k, v in fields) else []


def trailing_keys(lines: list[str]) -> set[str]:
    """Keys of the field lines that close the file: the last reply's layout writes them after its
    closing, and a compilation's replies share a layout."""
    keys: set[str] = set()
    for line in reversed(lines):
        found = field_keys(line)
        if not found:
            break
        keys.update(found)
    return keys


def is_header_line(line: str) -> bool:
    """A line that stands above a reply's title: a field (办理结果：A, 建议名称：…), a class or
    urgency mark, a publicity note, the document number, the agency. Anything else (the previous
    reply's date, contact, cc, sentences, headings, table or attachment lines; a contents row or
    the compilation's own cover) ends the previous reply, or the preface."""
    if len(line) > HEADER_LINE_MAX or CONTENTS_ROW.search(line) or COMPILATION_LINE.search(line):
        return False
    # 厦思教〔2021〕45号　　签发人：林某, or a header table's row (签发人 | 刘某 | 办理结果 | A类)
    parts = field_parts(line)
    if len(parts) > 1:
        return all(is_header_line(part) for part in parts)
    if KEY_VALUE.match(line):
        return bool(field_keys(line)) or not closing_fields(line)
    return bool(CATEGORY_LINE.match(line) or URGENCY_LINE.match(line) or PUBLICITY_NOTE.match(line)
                or PUBLICITY_LINE.match(line) or grammar.parse_doc_number(line)
                or grammar.is_agency_name(RED_HEADER_KIND.sub("", line.replace(" ", ""))))


def title_start(lines: list[str], title: int, floor: int) -> int:
    """First line of the title whose last line is `title`: a title runs over at most three lines, the
    first opening with 关于/对 or naming the agency before 关于/对."""
    for start in range(title, max(floor, title - 2) - 1, -1):
        line = lines[start]
        if start < title and (len(line) > HEADER_LINE_MAX or line[-1] in "。！？；：" or line.endswith(TITLE_CUES)):
            break
        if line.startswith(("关于", "对")) or title_agency(line):  # 关于…, or 上海市教育委员会关于…
            return start
    return title


def header_start(lines: list[str], title: int, floor: int, trailing: set[str] = frozenset()) -> int:
    """First line of the header of the reply whose title line is `title`, not above `floor`. Field
    lines right after the previous reply close that reply when their keys are `trailing` or come
    again further down this header."""
    start = title_start(lines, title, floor)
    while start - 1 >= floor and is_header_line(lines[start - 1]):
        start -= 1
    while start < title and (keys := set(field_keys(lines[start]))) and (
            keys <= trailing or keys & {key for line in lines[start + 1 : title] for key in field_keys(line)}):
        start += 1  # the previous reply's last field, or one the next reply's header gives again
    return start


def split_compilation(text: str) -> Compilation:
    """The replies a file's text holds (indexer.read's text, before parsing)."""
    lines = split_paragraphs(clean_text(text))
    titles = openings(lines)
    if len(titles) < 2:
        return Compilation(parts=[text])
    trailing = trailing_keys(lines)
    starts, floor = [header_start(lines, titles[0], 0)], titles[0] + 1
    for title in titles[1:]:
        starts.append(header_start(lines, title, floor, trailing))
        floor = title + 1
    bounds = [*starts, len(lines)]
    parts = ["\n".join(lines[bounds[i] : bounds[i + 1]]) for i in range(len(starts))]
    return Compilation(parts=parts, preface=starts[0])
