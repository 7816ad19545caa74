"""OFD replies: the national fixed-layout format (GB/T 33190-2016) in which many agencies publish.

An OFD is a zip of XML parts: `OFD.xml` names each document's root, the document lists its pages,
and each page holds positioned text objects (one per line, per run or per character, in no
guaranteed order). Nothing on PyPI reads OFD text without also pulling a PDF renderer (easyofd needs
PyMuPDF and reportlab, and changes `sys.path` at import), so the glyph runs are read here with the
standard library and laid back into lines by position; from there an OFD page is a PDF page, and
`pdf.py` undoes line wraps and page numbers the same way.

Only the pages' own content is read. Templates (页面模板) carry what repeats on every page, such as
the running page number; annotations and signatures carry seals and stamps, not the reply's words.
"""

from __future__ import annotations

import io
import math
import posixpath
import unicodedata
import zipfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from indexer.formats import Extracted, ReadError
from indexer.formats.pdf import page_lines, unwrap_pages

NO_TEXT = "OFD 没有文字层（扫描件），请先做文字识别 (no text layer: OCR it first)"
MAX_PART_BYTES = 64 * 1024 * 1024  # one XML part larger than this is not a reply's page (a zip bomb)
# Two runs whose baselines differ by less than this share of the smaller font size are one line.
SAME_LINE = 0.5
# A gap between two runs of a line wider than this share of the font size was a space, a tab or a
# table cell border in the source: the words either side stay apart.
GAP = 0.8


@dataclass(frozen=True)
class Run:
    """Glyphs drawn together: where the first sits (mm, y grows downwards), their size and extent."""

    x: float
    y: float
    size: float
    end: float
    text: str


def read_ofd(data: bytes, ocr: bool = True) -> Extracted:
    """An OFD reply's paragraphs, one per line, from the text of every page of its first document;
    pages that are scans (an image, no text) are OCR'd when `ocr`, as a PDF's are."""
    from indexer.formats.ocr import read_with_scans

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as error:
        raise ReadError("无法打开 OFD 文件：不是有效的 OFD（zip）包 (damaged or not an OFD file: "
                        "open it in an OFD reader and save it again)") from error
    with archive:
        root = xml_part(archive, "OFD.xml")
        doc_root = next((e.text.strip() for e in root.iterfind(".//{*}DocRoot") if e.text and e.text.strip()), None)
        if doc_root is None:
            raise ReadError("OFD 文件缺少 DocRoot（文档入口）(no document in this OFD: save it again from its reader)")
        document_path = part_name(archive, "", doc_root)
        document = xml_part(archive, document_path)
        folder = posixpath.dirname(document_path)
        contents = [xml_part(archive, part_name(archive, folder, page.get("BaseLoc")))
                    for page in document.iterfind(".//{*}Pages/{*}Page") if page.get("BaseLoc")]
        pages = [page_lines("\n".join(lines_of(runs_of(content)))) for content in contents]
        media = media_files(archive, document, folder)
        return read_with_scans(pages, lambda number: page_image(archive, contents[number], media), ocr, "ofd", NO_TEXT)


def media_files(archive: zipfile.ZipFile, document: ET.Element, folder: str) -> dict[str, str]:
    """Resource ID -> part name of every picture the document's resource lists name (DocumentRes,
    PublicRes: each a Res part whose BaseLoc is the folder its MediaFile names are in)."""
    media: dict[str, str] = {}
    for listed in document.iterfind("{*}CommonData/*"):
        if listed.tag.rsplit("}", 1)[-1] not in ("DocumentRes", "PublicRes") or not (listed.text or "").strip():
            continue
        res_path = part_name(archive, folder, listed.text.strip())
        res = xml_part(archive, res_path)
        base = posixpath.join(posixpath.dirname(res_path), res.get("BaseLoc", ""))
        for item in res.iterfind(".//{*}MultiMedia"):
            file = (item.findtext("{*}MediaFile") or "").strip()
            if item.get("ID") and file:
                try:
                    media[item.get("ID")] = part_name(archive, base, file)
                except ReadError:
                    continue  # a picture the package lacks: that page is reported as unread, not the file
    return media


def page_image(archive: zipfile.ZipFile, content: ET.Element, media: dict[str, str]):
    """The largest picture drawn on a page (a scan's page image), None for a page without one."""
    from PIL import Image, UnidentifiedImageError

    def area(image_object: ET.Element) -> float:
        box = numbers(image_object.get("Boundary"))
        return box[2] * box[3] if len(box) >= 4 else 0.0

    drawn = [o for o in content.iterfind(".//{*}ImageObject") if o.get("ResourceID") in media]
    if not drawn:
        return None
    name = media[max(drawn, key=area).get("ResourceID")]
    try:
        image = Image.open(io.BytesIO(archive.read(name)))
        image.load()
    except (UnidentifiedImageError, OSError, zipfile.BadZipFile, ValueError) as error:
        raise ReadError(f"OFD 中的扫描图像 {name} 无法读取：{error} (cannot decode the scanned page image)") from error
    return image


def part_name(archive: zipfile.ZipFile, folder: str, location: str) -> str:
    """A part named relative to `folder` (or from the package root when it starts with /). Some
    writers name a page by its folder (Pages/Page_0) rather than its Content.xml."""
    name = posixpath.normpath(location.lstrip("/") if location.startswith("/") else posixpath.join(folder, location))
    names = set(archive.namelist())
    for candidate in (name, posixpath.join(name, "Content.xml"), location.lstrip("/")):
        if candidate in names:
            return candidate
    raise ReadError(f"OFD 文件缺少部件 {location}（文件不完整）(part {location} is missing: the OFD is incomplete)")


def xml_part(archive: zipfile.ZipFile, name: str) -> ET.Element:
    try:
        info = archive.getinfo(name)
    except KeyError as error:
        raise ReadError(f"OFD 文件缺少部件 {name}（文件不完整）(part {name} is missing: the OFD is incomplete)") from error
    if info.file_size > MAX_PART_BYTES:
        raise ReadError(f"OFD 部件 {name} 过大（{info.file_size:,} 字节）(part too large to be a page)")
    try:
        return ET.fromstring(archive.read(info))
    except (ET.ParseError, zipfile.BadZipFile, OSError, RuntimeError) as error:
        raise ReadError(f"OFD 部件 {name} 无法解析：{error} (damaged OFD: save it again from its reader)") from error


def numbers(value: str | None) -> list[float]:
    try:
        return [float(v) for v in (value or "").split()]
    except ValueError:
        return []


def advances(delta: str | None, count: int, size: float, text: str) -> list[float]:
    """The advance before each glyph after the first. DeltaX lists them, and "g n d" stands for n
    copies of d; without it a Chinese character is a font size wide and a digit or letter half."""
    given: list[float] = []
    tokens = (delta or "").split()
    i = 0
    while i < len(tokens):
        if tokens[i] == "g" and i + 2 < len(tokens):
            try:
                given.extend([float(tokens[i + 2])] * int(tokens[i + 1]))
            except ValueError:
                break
            i += 3
        else:
            try:
                given.append(float(tokens[i]))
            except ValueError:
                break
            i += 1
    estimated = [size if unicodedata.east_asian_width(c) in "WFA" else size / 2 for c in text[:-1]]
    return (given + estimated[len(given):])[:count]


def runs_of(page: ET.Element) -> list[Run]:
    """Every glyph run of a page's content, placed on the page (Boundary origin, then the object's CTM)."""
    runs: list[Run] = []
    for text_object in page.iterfind(".//{*}TextObject"):
        box = numbers(text_object.get("Boundary"))
        origin_x, origin_y = (box[0], box[1]) if len(box) >= 2 else (0.0, 0.0)
        size = (numbers(text_object.get("Size") or text_object.get("size")) or [3.5])[0]
        a, b, c, d, e, f = (numbers(text_object.get("CTM")) + [0.0] * 6)[:6] if text_object.get("CTM") else (1, 0, 0, 1, 0, 0)
        scale = math.sqrt(abs(a * d - b * c)) or 1.0
        x = y = 0.0
        for code in text_object.iterfind("{*}TextCode"):
            text = code.text or ""
            x = float(code.get("X", x))
            y = float(code.get("Y", y))
            if not text.strip():
                continue
            steps = advances(code.get("DeltaX"), len(text) - 1, size, text)
            width = sum(steps) + (size if unicodedata.east_asian_width(text[-1]) in "WFA" else size / 2)
            start_x, start_y = a * x + c * y + e, b * x + d * y + f
            runs.append(Run(origin_x + start_x, origin_y + start_y, size * scale,
                            origin_x + start_x + width * scale, text))
            x += width
    return runs


def lines_of(runs: list[Run]) -> list[str]:
    """Runs grouped into lines by baseline, top to bottom, each line read left to right."""
    lines: list[list[Run]] = []
    for run in sorted(runs, key=lambda r: (r.y, r.x)):
        line = lines[-1] if lines else None
        if line is not None and abs(run.y - line[0].y) <= SAME_LINE * min(run.size, line[0].size):
            line.append(run)
        else:
            lines.append([run])
    text: list[str] = []
    for line in lines:
        line.sort(key=lambda r: r.x)
        words = line[0].text
        for before, run in zip(line, line[1:]):
            words += (" " if run.x - before.end > GAP * min(run.size, before.size) else "") + run.text
        text.append(words)
    return text
