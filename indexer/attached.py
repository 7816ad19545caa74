"""A web page and the files it brings with it, saved beside it: the file its reply is, or the
pictures it shows.

Many sites publish a reply as a PDF or Word file under a page that holds only its catalogue table
(索引号, 发布机构, 成文日期, 文号) and a link. A crawled archive keeps both, side by side. The file is the
reply; the page's table fills the fields the file's text lacks (a scan whose document number OCR
missed, a Word file without its red header), and the page itself is no reply of its own.

A page saved with its pictures (a browser's "complete" save puts them in PAGE_files/) shows the site's
logo and banners, or, on a county site, the reply itself scanned a picture a page. Either way the
pictures are part of the page, never replies of their own; a page with no text of its own whose
pictures are page-sized is the reply those pictures show, OCR'd in page order.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path, PurePosixPath

from indexer.formats import HTML_SUFFIXES, IMAGE_SUFFIXES, Extracted

MAX_PAGES = 2000  # pages of one folder read for their links; a larger folder is not searched


@lru_cache(maxsize=16)
def _linking_pages(folder: Path, stamp: int) -> dict[str, Path]:
    """file name → the page of `folder` that links to it (the first, in name order)."""
    from indexer.formats.html import linked_file_names

    pages = sorted(p for p in folder.iterdir() if p.suffix.lower() in HTML_SUFFIXES and p.is_file())
    linked: dict[str, Path] = {}
    for page in pages[:MAX_PAGES]:
        try:
            data = page.read_bytes()
        except OSError:
            continue
        for name in linked_file_names(data):
            linked.setdefault(name, page)
    return linked


def linking_page(path: Path) -> Path | None:
    """The page beside `path` that links to it as its attachment, if any."""
    if path.suffix.lower() in HTML_SUFFIXES:
        return None
    folder = path.parent
    try:
        stamp = folder.stat().st_mtime_ns
    except OSError:
        return None
    return _linking_pages(folder, stamp).get(path.name)


def attached_here(page: Path, names: list[str]) -> list[Path]:
    """Those of a page's attachments (by file name) that are saved beside it."""
    return [page.with_name(name) for name in names if page.with_name(name).is_file()]


def page_pictures(page: Path, data: bytes) -> list[Path]:
    """The pictures the page shows that are saved in the archive (beside it, or in PAGE_files/), in
    page order."""
    from indexer.formats.html import image_sources

    found = []
    for address in image_sources(data):
        if "://" in address or address.startswith("//"):
            address = address.split("/")[-1]  # an absolute address: a crawl saves the file by its name
        for candidate in (page.parent / address, page.parent / PurePosixPath(address).name):
            try:
                resolved = candidate.resolve()
            except (OSError, RuntimeError):
                continue
            if resolved.suffix.lower() in IMAGE_SUFFIXES and resolved.is_file() and resolved.is_relative_to(
                    page.parent.resolve()) and resolved not in found:
                found.append(resolved)
                break
    return found


def shown_pictures(pages: list[Path]) -> set[Path]:
    """Every picture that one of `pages` shows: read with its page, never as a reply of its own."""
    shown: set[Path] = set()
    for page in pages:
        try:
            shown.update(page_pictures(page, page.read_bytes()))
        except OSError:
            continue
    return shown


PAGE_SIZED = 700  # pixels of a picture's shorter side: a scanned page, not a logo or an icon


def scanned_pages(page: Path, data: bytes) -> list[Path]:
    """The page-sized pictures a web page shows, saved in the archive: its reply scanned a picture a page."""
    if page.suffix.lower() not in HTML_SUFFIXES:
        return []
    from PIL import Image

    scans = []
    for picture in page_pictures(page, data):
        try:
            with Image.open(picture) as image:
                if min(image.size) >= PAGE_SIZED:
                    scans.append(picture)
        except (OSError, ValueError):
            continue
    return scans


def read_page_scans(data: bytes, scans: list[Path], ocr: bool) -> Extracted:
    """A page without text of its own whose reply is the scans it shows: OCR'd in page order, with the
    page's catalogue fields as hints."""
    from indexer.formats.html import page_hints
    from indexer.formats.image import read_images

    extracted = read_images([picture.read_bytes() for picture in scans], ocr)
    note = (f"网页没有正文，答复是它显示的 {len(scans)} 张扫描图片，已按页识别 "
            f"(the page has no text: its reply is the {len(scans)} scanned picture(s) it shows, OCR'd in order)")
    return Extracted(extracted.text, extracted.encoding, page_hints(data), (*extracted.notes, note), extracted.ocr)


FIELD_NAMES = {"agency": "发布机构", "doc_number": "文号", "date": "成文日期", "index_number": "索引号", "topic": "主题分类"}


def with_page_fields(path: Path, extracted: Extracted, data: bytes) -> tuple[Extracted, bytes]:
    """An attachment with the catalogue fields of the page beside it that links to it: they fill what
    the file's own text lacks; the page's bytes join the file's hash."""
    from indexer.formats.html import page_hints

    page = linking_page(path)
    if page is None:
        return extracted, data
    try:
        page_data = page.read_bytes()
    except OSError:
        return extracted, data
    fields = page_hints(page_data)
    if not fields:
        return extracted, data + page_data
    note = (f"网页 {page.name} 以此文件为附件：网页上的{'、'.join(FIELD_NAMES.get(f, f) for f in fields)}在文件缺少时补入 "
            f"(the page linking to this file gives the fields the file lacks)")
    hints = fields | extracted.hints
    return Extracted(extracted.text, extracted.encoding, hints, (*extracted.notes, note), extracted.ocr), data + page_data

