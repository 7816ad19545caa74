"""Readers for each kind of file a reply arrives in; `indexer.read` picks one by the file's type.

Each reader takes the file's bytes and returns `Extracted`: the reply's text with one paragraph per
line, plus what the file says about the reply outside its text (an HTML page's metadata table) and
notes for the build summary (a page that looks cut short, a scan that was OCR'd and how long it took).
"""

from __future__ import annotations

from dataclasses import dataclass, field

# The kinds of file a reply arrives in, by name (indexer.read picks a reader; indexer.pages and
# indexer.attached find the pages of one document and a page's attached file).
HTML_SUFFIXES = {".html", ".htm", ".shtml"}
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".tif", ".tiff", ".bmp"}  # scans, OCR'd


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
