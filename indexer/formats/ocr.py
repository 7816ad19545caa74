"""Scanned PDF replies: OCR each page image offline with RapidOCR (the PP-OCRv4 Chinese models ship
inside the `rapidocr-onnxruntime` wheel: the optional extra `ocr`), then rebuild lines and paragraphs
from where the text sits on the page, so the parser sees the same paragraphs as in the original."""

from __future__ import annotations

import functools
import math
import re
import statistics
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from indexer.formats import Extracted, OcrReport, ReadError
from indexer.formats.pdf import NO_TEXT_LAYER, PAGE_NUMBER, ends_a_block, normalise_pdf_line, unwrap_pages
from indexer.parse import match_marker

INSTALL_HINT = "pip install -e '.[ocr]'"

# OCR reads fullwidth marks after Chinese text as their ASCII look-alikes; a Chinese document
# writes them fullwidth, so an ASCII mark touching a Chinese character is turned back.
HAN = r"[\u4e00-\u9fff]"
ASCII_TO_FULLWIDTH = {"(": "（", ")": "）", ":": "：", ",": "，", ";": "；", "?": "？", "!": "！"}
ASCII_MARK_AFTER_HAN = re.compile(rf"(?<={HAN})([(),:;?!])|([()])(?={HAN})")
# GB/T 9704 (公文格式) writes the year of a document number in 〔〕, which OCR reads as [ ] or 【 】,
# one side at a time (〔2024]); a number written with （2025） keeps its round brackets.
DOC_NUMBER_YEAR = re.compile(r"[〔\[【［]\s*(\d{4})\s*[〕\]】］](?=\s*第?\s*\d+\s*号)")


@dataclass(frozen=True)
class Box:
    left: float
    top: float
    right: float
    bottom: float
    text: str

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2


@functools.cache
def engine():
    """The OCR engine, loaded once per process on first use (about a second)."""
    try:
        from rapidocr_onnxruntime import RapidOCR
    except ImportError as error:
        raise ReadError(
            f"{NO_TEXT_LAYER}；或安装 OCR 扩展后重新索引：{INSTALL_HINT} (or install the OCR extra: {INSTALL_HINT})"
        ) from error
    return RapidOCR()


def fix_ocr_marks(line: str) -> str:
    line = DOC_NUMBER_YEAR.sub(r"〔\1〕", line)
    return ASCII_MARK_AFTER_HAN.sub(lambda m: ASCII_TO_FULLWIDTH[m.group(1) or m.group(2)], line)


# A reply is sealed: the 公章 is stamped in red over the signature and date, and OCR reads its ring of
# characters as text and loses the date's characters under the ring. On a colour scan the seal's red ink
# is taken out before reading (black text under it stays). The red header (版头, …局文件) is red too,
# but stands at the top of the page, where no seal is, and is left as it is.
RED_HEADER_ZONE = 0.25
# Seal ink: bright red, well above green and blue. Where the seal crosses a black stroke the mix is dark
# and is kept, so the character under the seal keeps its strokes.
RED_INK_LEVEL = 140
RED_INK_MARGIN = 40


# On a grey scan the seal's red prints mid-grey, and text black: seal ink is grey away from any black
# stroke (a stroke's anti-aliased edge is grey beside black). Such ink must also gather into a blob of a
# seal's size (a 公章 is 38–45 mm across; SEAL_MIN_MM to SEAL_MAX_MM of it seen) on a page whose text is
# black (more black ink than grey), so a faint scan's grey text is left alone.
TEXT_INK_LEVEL = 60
PAPER_LEVEL = 200
SEAL_CELL = 16  # pixels of the grid on which grey ink is gathered into blobs
SEAL_CELL_SHARE = 0.08
SEAL_MIN_MM, SEAL_MAX_MM = 20, 60
A4_WIDTH_INCHES = 8.27  # a scan's resolution, from the page's width in pixels


def without_seal(pixels):
    """The page with its seal below the header zone turned to paper: red ink on a colour scan,
    grey ink away from black strokes, gathered in a seal-sized blob, on a grey one."""
    import numpy as np

    rgb = pixels.astype(np.int16)
    red = (rgb[..., 0] > RED_INK_LEVEL) & ((rgb[..., 0] - np.maximum(rgb[..., 1], rgb[..., 2])) > RED_INK_MARGIN)
    red[: int(RED_HEADER_ZONE * pixels.shape[0])] = False
    if not red.any():
        if int((rgb.max(axis=2) - rgb.min(axis=2)).max()) > RED_INK_MARGIN:
            return pixels  # a colour scan without a red seal
        red = grey_seal(rgb[..., 0])
        if red is None:
            return pixels
    cleaned = pixels.copy()
    cleaned[red] = 255
    return cleaned


def grey_seal(grey):
    """The pixels of a seal on a grey page, or None when the page has none."""
    import numpy as np
    from scipy import ndimage

    text = grey < TEXT_INK_LEVEL
    near_text = ndimage.binary_dilation(text, iterations=2)
    ink = (grey >= TEXT_INK_LEVEL) & (grey < PAPER_LEVEL) & ~near_text
    ink[: int(RED_HEADER_ZONE * grey.shape[0])] = False
    if ink.sum() >= text.sum():
        return None
    h, w = (size - size % SEAL_CELL for size in grey.shape)
    cells = ink[:h, :w].reshape(h // SEAL_CELL, SEAL_CELL, w // SEAL_CELL, SEAL_CELL).mean(axis=(1, 3)) > SEAL_CELL_SHARE
    blobs, _ = ndimage.label(ndimage.binary_closing(cells, iterations=2))
    seal = np.zeros_like(ink)
    millimetre = min(grey.shape) / A4_WIDTH_INCHES / 25.4
    for rows, cols in ndimage.find_objects(blobs):
        top, bottom, left, right = (rows.start * SEAL_CELL, rows.stop * SEAL_CELL, cols.start * SEAL_CELL,
                                    cols.stop * SEAL_CELL)
        if all(SEAL_MIN_MM * millimetre <= side <= SEAL_MAX_MM * millimetre for side in (bottom - top, right - left)):
            seal[top:bottom, left:right] = ink[top:bottom, left:right]
    return seal if seal.any() else None


# A scanner feeds a page a little askew (a degree or two is common): each line's box then climbs or falls
# across the page, and lines a few characters apart in height are taken for one row. The skew is read
# from the slope of the wide boxes' top edges (the detector outlines each line as a tilted quadrilateral)
# and the boxes are turned level before rows are built; the text itself was read from the tilted boxes.
LEVEL_SKEW_DEGREES = 0.2
WIDE_BOX = 3  # a box this many times wider than tall is a run of text whose top edge shows the slope


def skew(quadrilaterals: list) -> float:
    """The page's skew in radians: the median slope of the top edges of its wide boxes."""
    slopes = [math.atan((q[1][1] - q[0][1]) / (q[1][0] - q[0][0])) for q in quadrilaterals
              if q[1][0] != q[0][0] and math.dist(q[0], q[1]) > WIDE_BOX * max(math.dist(q[0], q[3]), 1)]
    return statistics.median(slopes) if slopes else 0.0


# A page fed upside down: the engine's direction classifier turns each line the right way before reading
# it, but the lines stand in reverse order and some are not found at all. The classifier's vote on the
# widest lines tells the page's way up; such a page is turned and read again.
ORIENTATION_VOTERS = 5
VOTE_SPAN = 6  # line heights of a line's left end shown to the classifier: short enough to stay on its line when askew


def upside_down(pixels, found: list) -> bool:
    def left_end(points):
        (x0, y0), (x3, y3) = points[0], points[3]  # the box's left edge, as the page lies
        height = max(abs(y3 - y0), 1)
        right = min(max(p[0] for p in points), min(x0, x3) + VOTE_SPAN * height)
        return int(max(min(y0, y3), 0)), int(max(y0, y3)), int(max(min(x0, x3), 0)), int(right)

    wide = sorted(found, key=lambda item: min(p[0] for p in item[0]) - max(p[0] for p in item[0]))
    votes = []
    for top, bottom, left, right in (left_end(points) for points, _ in wide[:ORIENTATION_VOTERS]):
        if bottom - top < 4 or right - left < 4:
            continue
        classes, _ = engine()(pixels[top:bottom, left:right], use_det=False, use_cls=True, use_rec=False)
        votes.append(bool(classes) and classes[0][0] == "180")
    return sum(votes) * 2 > len(votes)


def page_boxes(image) -> list[Box]:
    import numpy as np

    def read(pixels) -> list:
        result, _ = engine()(pixels)
        return [(points, text.strip()) for points, text, _score in result or [] if text.strip()]

    pixels = without_seal(np.asarray(image.convert("RGB")))
    found = read(pixels)
    if found and upside_down(pixels, found):  # read again the right way up: lines near an edge are found then too
        found = read(np.ascontiguousarray(pixels[::-1, ::-1]))
    angle = skew([points for points, _ in found])
    if abs(math.degrees(angle)) < LEVEL_SKEW_DEGREES:
        angle = 0.0
    cos, sin = math.cos(angle), math.sin(angle)
    boxes = []
    for points, text in found:
        level = [(x * cos + y * sin, -x * sin + y * cos) for x, y in points]
        xs, ys = [p[0] for p in level], [p[1] for p in level]
        boxes.append(Box(min(xs), min(ys), max(xs), max(ys), text))
    return boxes


def rows(boxes: list[Box]) -> list[Box]:
    """Boxes on one printed line (a date set right of a name, a label and its value) become one row."""
    merged: list[list[Box]] = []
    for box in sorted(boxes, key=lambda b: b.middle):
        if merged and abs(box.middle - statistics.mean(b.middle for b in merged[-1])) < box.height / 2:
            merged[-1].append(box)
        else:
            merged.append([box])
    out = []
    for row in merged:
        row.sort(key=lambda b: b.left)
        out.append(Box(row[0].left, min(b.top for b in row), max(b.right for b in row),
                       max(b.bottom for b in row), " ".join(b.text for b in row)))
    return out


def page_rows(boxes: list[Box]) -> list[Box]:
    """A page's rows without a page number above or below the text."""
    lines = [Box(r.left, r.top, r.right, r.bottom, normalise_pdf_line(fix_ocr_marks(r.text))) for r in rows(boxes)]
    lines = [r for r in lines if r.text]
    while lines and PAGE_NUMBER.match(lines[-1].text):
        lines.pop()
    while lines and PAGE_NUMBER.match(lines[0].text):
        lines.pop(0)
    return lines


def column(rows: list[Box]) -> tuple[float, float]:
    """Left and right edge of the text column. Rows of a few characters (a stamp's fragment, a
    speck read as a mark) do not count: a line of text is what fills a column."""
    lines = [row for row in rows if len(row.text) >= 4] or rows
    return min(row.left for row in lines), max(row.right for row in lines)


def paragraphs(pages: list[list[Box]]) -> list[str]:
    """Join the rows of each paragraph, across pages too. A row continues the paragraph above when
    the row above ran to the right edge of its page's text column and this row starts at the left
    edge of its own (a first line is indented two characters; a heading, title or signature line is
    short) and does not open a numbered section or another block (a field line, an attachment, what
    follows a date set right: pdf.ends_a_block). Each page has its own column: a scanner places pages a
    little differently."""
    every = [row for page in pages for row in page]
    if not every:
        return []
    char = statistics.median(row.height for row in every)  # a Chinese character is about as wide as tall
    # A page of one or two rows (a last page with the date) cannot show its column: the document's.
    columns = [column(page if len(page) >= 3 else every) for page in pages]
    out: list[str] = []
    previous_reached_right = False
    for page, (left, right) in zip(pages, columns):
        for row in page:
            if previous_reached_right and row.left <= left + 0.8 * char and match_marker(row.text) is None \
                    and not ends_a_block(out[-1], row.text):
                joiner = " " if out[-1][-1].isascii() and out[-1][-1].isalnum() and row.text[0].isascii() and row.text[0].isalnum() else ""
                out[-1] += joiner + row.text
            else:
                out.append(row.text)
            previous_reached_right = row.right >= right - 1.5 * char
    return out


def ocr_images(images: Iterable) -> tuple[list[list[Box]], OcrReport]:
    """The rows of each page image (None for a page without one), and what the OCR cost. `images`
    may decode lazily: a damaged image is reported as a ReadError."""
    engine()  # without the extra this fails first, with the install hint
    started = time.perf_counter()
    rows_of_pages: list[list[Box]] = []
    try:
        for image in images:
            rows_of_pages.append(page_rows(page_boxes(image)) if image is not None else [])
    except Exception as error:  # a damaged image stream, an image format Pillow cannot decode
        raise ReadError(f"扫描件图像无法读取：{error} (cannot decode the scanned page images)") from error
    return rows_of_pages, OcrReport(pages=len(rows_of_pages), seconds=round(time.perf_counter() - started, 2))


def ocr_note(report: OcrReport) -> str:
    return (f"扫描页已做文字识别 OCR：{report.pages} 页，用时 {report.seconds:.1f} 秒 "
            f"(OCR: {report.pages} page(s) in {report.seconds:.1f}s)")


def read_with_scans(pages: list[list[str]], image_of: Callable[[int], object | None], ocr: bool, encoding: str,
                    no_text: str) -> Extracted:
    """A fixed-layout document (PDF, OFD) from the lines of each page's text layer, its scanned pages
    OCR'd: every page when none has text (paragraphs rebuilt from where the rows sit), or only the
    pages without text that hold an image (a signed last page, an annex) among text pages, whose rows
    then join the text like its lines. `image_of(n)` is page n's largest image, or None. A scan that
    cannot be OCR'd among text pages is a note: the text pages are still the reply."""
    if not any(pages):
        if not ocr:
            raise ReadError(f"{no_text}；已关闭 OCR (OCR is switched off: DAFU_OCR)")
        rows, report = ocr_images(image_of(number) for number in range(len(pages)))
        if not any(rows):
            raise ReadError(f"{no_text}；OCR 也没有识别出文字 (OCR found no text on any page)")
        return Extracted(text="\n\n".join(paragraphs(rows)), encoding=f"{encoding}+ocr", notes=(ocr_note(report),),
                         ocr=report)
    scans, images, damaged = [], [], None
    for number, found in enumerate(pages):
        if found:
            continue
        try:
            image = image_of(number)
        except ReadError as error:  # a scan whose image cannot be decoded: a note, below
            scans.append(number)
            damaged = error
            continue
        if image is not None:
            scans.append(number)
            images.append(image)
    if not scans:
        return Extracted(text="\n\n".join(unwrap_pages(pages)), encoding=encoding)
    numbers = "、".join(str(number + 1) for number in scans)
    try:
        if damaged is not None:
            raise damaged
        if not ocr:
            raise ReadError("已关闭 OCR (OCR is switched off: DAFU_OCR)")
        rows, report = ocr_images(images)
    except ReadError as error:
        note = f"第 {numbers} 页是扫描图像，没有文字层，未读取 (page {numbers} is a scan and was not read): {error}"
        return Extracted(text="\n\n".join(unwrap_pages(pages)), encoding=encoding, notes=(note,))
    for number, page in zip(scans, rows):
        pages[number] = [row.text for row in page]
    return Extracted(text="\n\n".join(unwrap_pages(pages)), encoding=f"{encoding}+ocr",
                     notes=(f"第 {numbers} 页：" + ocr_note(report),), ocr=report)
