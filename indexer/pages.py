"""Web articles published over several pages: one reply, several files.

Government sites built on TRS WCM and its kind cut a long article into pages and save each as a file
of its own: `t20230512_4567.html` is the first page, `t20230512_4567_1.html` the second,
`t20230512_4567_2.html` the third. A crawled archive keeps them side by side. Read one by one, the
later pages are replies without a header or a title and the first has no closing. So a page named
`STEM_N` is a continuation only when the first page `STEM` sits beside it and points to it: a link
naming `STEM_1.html`, or the pager script these sites print (`createPageHTML(3, 0, "STEM", "html")`).
The pages must also run on without a gap (`_1`, `_2`, …); a lone `report_2023.html` is a file of its own.
"""

from __future__ import annotations

import re
from pathlib import Path

PAGE_SUFFIXES = {".html", ".htm", ".shtml"}
CONTINUATION = re.compile(r"^(?P<stem>.+)_(?P<page>[1-9]\d?)$")
# createPageHTML(page count, current page index, "file stem", "html"): the TRS pager.
PAGER_SCRIPT = re.compile(rb"""createPageHTML\(\s*(\d+)\s*,\s*\d+\s*,\s*["']([^"']+)["']""")
MAX_PAGES = 50  # no reply runs longer; a bound on a folder of numbered files that only look alike


def continuation_pages(first: Path, data: bytes | None = None) -> list[Path]:
    """The files holding pages 2, 3, … of the web article whose first page is `first`, in order;
    empty when `first` is not a web page or points to no page beside it."""
    if first.suffix.lower() not in PAGE_SUFFIXES or CONTINUATION.match(first.stem) and _first_page(first):
        return []
    if data is None:
        try:
            data = first.read_bytes()
        except OSError:
            return []
    stem = first.stem
    pager = {name.decode("utf-8", "replace"): int(count) for count, name in PAGER_SCRIPT.findall(data)}
    pages = []
    for number in range(1, MAX_PAGES):
        page = first.with_name(f"{stem}_{number}{first.suffix}")
        named = f"{stem}_{number}.".encode() in data or pager.get(stem, 0) > number
        if not (named and page.is_file()):
            break
        pages.append(page)
    return pages


def _first_page(page: Path) -> Path | None:
    """The first page of the article `page` continues, when there is one that points to it."""
    found = CONTINUATION.match(page.stem)
    if not found:
        return None
    first = page.with_name(found["stem"] + page.suffix)
    if first.is_file() and page in continuation_pages(first):
        return first
    return None


def first_page_of(page: Path) -> Path | None:
    """For a continuation page (`STEM_N.html` beside a `STEM.html` that points to it), that first page."""
    if page.suffix.lower() not in PAGE_SUFFIXES:
        return None
    return _first_page(page)
