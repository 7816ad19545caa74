"""A web page whose reply is a file it links to, saved beside it.

Many sites publish a reply as a PDF or Word file under a page that holds only its catalogue table
(索引号, 发布机构, 成文日期, 文号) and a link. A crawled archive keeps both, side by side. The file is the
reply; the page's table fills the fields the file's text lacks (a scan whose document number OCR
missed, a Word file without its red header), and the page itself is no reply of its own.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from indexer.formats import HTML_SUFFIXES

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
