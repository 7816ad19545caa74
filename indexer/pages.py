"""A reply kept as several files, one per page: a web article published over several pages, or a
scan saved a picture a page.

Government sites built on TRS WCM and its kind cut a long article into pages and save each as a file
of its own: `t20230512_4567.html` is the first page, `t20230512_4567_1.html` the second,
`t20230512_4567_2.html` the third. A crawled archive keeps them side by side. Read one by one, the
later pages are replies without a header or a title and the first has no closing. So a page named
`STEM_N` is a continuation only when the first page `STEM` sits beside it and points to it: a link
naming `STEM_1.html`, or the pager script these sites print (`createPageHTML(3, 0, "STEM", "html")`).
The pages must also run on without a gap (`_1`, `_2`, …); a lone `report_2023.html` is a file of its own.

A scanner or a phone saves a reply's pages as pictures numbered in their names: `答复_1.jpg`,
`答复_2.jpg`; `0256-1.png`, `0256-2.png`; `scan(1).jpg`; `复函 p1.jpg`; `复函第1页.jpg`; or `答复.jpg` then
`答复_1.jpg`. Pictures that share a stem and are numbered from 0 or 1 without a gap are one document,
OCR'd page after page. Numbered pictures that are replies of their own (each with a title and an
addressee) come apart again where each reply opens (indexer.compilation), as a compilation's do.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from indexer.formats import HTML_SUFFIXES, IMAGE_SUFFIXES, Extracted

# 答复_2, 0256-2, scan(2), 复函 p2, 复函 page 2, 复函第2页: a stem, then the page's number.
IMAGE_PAGE = re.compile(r"^(?P<stem>.*?)[\s_\-－]*(?:[(（]\s*(?P<bracketed>\d{1,3})\s*[)）]|[pP](?:age)?\s*(?P<marked>\d{1,3})"
                        r"|第\s*(?P<nth>\d{1,3})\s*页|(?P<bare>\d{1,3}))$")
CONTINUATION = re.compile(r"^(?P<stem>.+)_(?P<page>[1-9]\d?)$")
# createPageHTML(page count, current page index, "file stem", "html"): the TRS pager.
PAGER_SCRIPT = re.compile(rb"""createPageHTML\(\s*(\d+)\s*,\s*\d+\s*,\s*["']([^"']+)["']""")
MAX_PAGES = 50  # no reply runs longer; a bound on a folder of numbered files that only look alike


def image_pages(picture: Path) -> list[Path]:
    """The pictures of the scan `picture` belongs to, in page order (itself alone when it is one page).
    The picture may open a scan as its unnumbered first page (提案0256.jpg before 提案0256_1.jpg: its own
    digits are no page number then) or be one of its numbered pages."""
    suffix = picture.suffix.lower()
    if suffix not in IMAGE_SUFFIXES:
        return [picture]
    try:
        groups = pictures_by_stem(picture.parent, suffix, picture.parent.stat().st_mtime_ns)
    except OSError:
        return [picture]
    found = IMAGE_PAGE.match(picture.stem)
    for stem in dict.fromkeys([picture.stem, found["stem"] if found else picture.stem]):
        if not stem.strip():
            continue
        siblings = groups.get(stem, [])
        # One numbering for one scan (答复_1, 答复_2), never mixed with another (答复 p1): the name with its
        # number as #. A picture without a number opens a scan numbered by bare digits (答复, 答复_1, 答复_2).
        style = numbering(picture) if stem != picture.stem else next(
            (numbering(p) for p in siblings if (m := IMAGE_PAGE.match(p.stem)) and m["stem"] == stem and m["bare"]), None)
        pages = scan_of(stem, siblings, style)
        if len(pages) > 1 and picture in pages:
            return pages
    return [picture]


def scan_of(stem: str, siblings: list[Path], style: str | None) -> list[Path]:
    """The pages of the scan named `stem` in `style`, numbered from 0 or 1 without a gap; [] when none."""
    numbered: dict[int, Path] = {}
    for sibling in siblings:
        match = IMAGE_PAGE.match(sibling.stem)
        if match and match["stem"] == stem and numbering(sibling) == style:
            numbered.setdefault(page_number(match), sibling)
    numbers = sorted(numbered)
    if not numbers or numbers[0] not in (0, 1) or numbers != list(range(numbers[0], numbers[0] + len(numbers))):
        return []
    unnumbered = next((p for p in siblings if p.stem == stem), None)
    bare = IMAGE_PAGE.match(numbered[numbers[0]].stem)["bare"] is not None
    return ([unnumbered] if unnumbered and bare else []) + [numbered[n] for n in numbers]


@lru_cache(maxsize=16)
def pictures_by_stem(folder: Path, suffix: str, stamp: int) -> dict[str, list[Path]]:
    """A folder's pictures of one kind by the stem before their page number, and by their whole stem (the
    unnumbered first page of 答复, 答复_1…), listed once per folder as it stands at `stamp`: every picture
    of a scan asks for its siblings, and a folder may hold thousands."""
    groups: dict[str, list[Path]] = {}
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() == suffix:
            found = IMAGE_PAGE.match(path.stem)
            for key in dict.fromkeys([found["stem"] if found else path.stem, path.stem]):
                groups.setdefault(key, []).append(path)
    return groups


def number_text(match: re.Match[str]) -> str:
    return next(g for g in (match["bracketed"], match["marked"], match["nth"], match["bare"]) if g)


def page_number(match: re.Match[str]) -> int:
    return int(number_text(match))


def numbering(picture: Path) -> str | None:
    """How a picture's name numbers its page (答复_#, 复函第#页), None without a number."""
    match = IMAGE_PAGE.match(picture.stem)
    if not match or not match["stem"].strip():
        return None
    number = number_text(match)
    tail = picture.stem[len(match["stem"]):]
    return match["stem"] + tail.replace(number, "#", 1)


def continuation_pages(first: Path, data: bytes | None = None) -> list[Path]:
    """The files holding pages 2, 3, … of the document whose first page is `first` (a web article, a
    scan saved a picture a page), in order; empty when `first` is not such a first page."""
    if first.suffix.lower() in IMAGE_SUFFIXES:
        pages = image_pages(first)
        return pages[1:] if pages[0] == first else []
    if first.suffix.lower() not in HTML_SUFFIXES or CONTINUATION.match(first.stem) and _first_page(first):
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
    """For a later page (`STEM_N.html` beside a `STEM.html` that points to it, a scan's second picture),
    the document's first page."""
    if page.suffix.lower() in IMAGE_SUFFIXES:
        pages = image_pages(page)
        return pages[0] if pages[0] != page else None
    if page.suffix.lower() not in HTML_SUFFIXES:
        return None
    return _first_page(page)


def read_scan_pages(pictures: list[bytes], later: list[str], ocr: bool) -> Extracted:
    """A scan saved a picture a page, OCR'd as one document, page after page."""
    from indexer.formats.image import read_images

    extracted = read_images(pictures, ocr)
    note = (f"扫描件分 {len(pictures)} 张图片保存，已与 {'、'.join(later)} 按页合并识别 "
            f"(a scan saved as {len(pictures)} pictures: read as one document, page after page)")
    return Extracted(extracted.text, extracted.encoding, extracted.hints, (*extracted.notes, note), extracted.ocr)


def read_article_pages(first: Extracted, pages: list[bytes], later: list[str]) -> Extracted:
    """A web article's first page (as read) and its later pages, each read from the element where the
    first keeps its text."""
    from indexer.formats.html import container_path, read_continuation

    where = container_path(pages[0], first.text)
    text = "\n".join([first.text, *(read_continuation(page, where) for page in pages[1:])])
    note = (f"网页分 {len(pages)} 页发布，已与 {'、'.join(later)} 合并为一篇答复 "
            f"(an article published over {len(pages)} pages: read as one reply)")
    return Extracted(text, first.encoding, first.hints, (*first.notes, note), first.ocr)
