"""Readers for each kind of file a reply arrives in; `indexer.read` picks one by the file's type.

Each reader takes the file's bytes and returns `Extracted`: the reply's text with one paragraph per
line, plus what the file says about the reply outside its text (an HTML page's metadata table) and
notes for the build summary (a page that looks cut short, a scan that was OCR'd and how long it took).
"""

from __future__ import annotations

from dataclasses import dataclass, field

# The kinds of file a reply arrives in, by name (indexer.read picks a reader; indexer.pages and
# indexer.attached find the pages of one document and a page's attached file).
HTML_SUFFIXES = {".html", ".htm", ".shtml", ".xhtml", ".xht"}  # XHTML is HTML written as XML
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".tif", ".tiff", ".bmp"}  # scans, OCR'd


# A run-in heading: a short topic sentence set in bold at the start of a paragraph whose text goes on in
# plain type (关于精细化预报。我局已…). Replies without numbered sections answer point by point so; the
# bold is the heading's only mark and text keeps no bold, so a reader that sees it (.docx runs, a web
# page's <strong>) gives the heading a line of its own.
RUN_IN_HEAD_MAX = 24
RUN_IN_HEAD_END = "。：:"
SENTENCE_INSIDE = "。；;！？!?"


def run_in_heading(bold: str, plain: str) -> tuple[str, str] | None:
    """(heading, text) when a paragraph's bold opening `bold` and the `plain` text after it are a run-in
    heading and its text; None for emphasis (a bold word, a long bold sentence) or a paragraph all bold."""
    head, text = bold.strip(), plain.strip()
    if head and head[-1] not in RUN_IN_HEAD_END and text[:1] and text[0] in RUN_IN_HEAD_END:
        head, text = head + text[0], text[1:].strip()  # the stop set in plain type after a bold topic
    if (not head or not text or head[-1] not in RUN_IN_HEAD_END or len(head) > RUN_IN_HEAD_MAX
            or any(mark in head[:-1] for mark in SENTENCE_INSIDE)):
        return None
    return head[:-1], text


def table_lines(rows: list[list[str]]) -> list[str]:
    """A table of a document (.docx, .odt) as lines, a row a line: a row of two cells as "label：value" (a
    header table: 文号 | 浦科…), a row of more with its cells apart by tabs, for the parser to pair labels
    with values. A table of a row of labels over a row of values (联系人 | 联系电话 over 王某 | 0812-…) gives
    each value under its label, which no line of cells could say."""
    from indexer.parse import fields_under

    under = fields_under(rows)
    if under is not None:
        return ["\t".join(f"{label.rstrip('：:')}：{value}" for label, value in band) for band in under]
    return [("：" if len(cells) <= 2 else "\t").join(cells) for cells in rows if cells]


class ReadError(Exception):
    """A file that cannot be turned into text; the message says why, in words a user can act on."""


@dataclass(frozen=True)
class OcrReport:
    pages: int
    seconds: float


@dataclass(frozen=True)
class Extracted:
    text: str
    encoding: str  # how the text was obtained: utf-8, gb18030, docx, doc (antiword), pdf, pdf+ocr, …
    hints: dict[str, str] = field(default_factory=dict)  # ReplyMeta fields found outside the text
    notes: tuple[str, ...] = ()  # per-file messages for the build summary; the file is still indexed
    ocr: OcrReport | None = None
