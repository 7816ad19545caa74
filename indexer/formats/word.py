"""Word replies: .docx with python-docx, old binary .doc with Debian's `antiword` (LibreOffice
headless when antiword is missing). A ".doc" is often something else saved under that name: a
.docx, an HTML page or RTF; the bytes decide, not the name."""

from __future__ import annotations

import functools
import io
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from indexer.formats import Extracted, ReadError, run_in_heading, table_lines
from indexer.grammar import PAGE_NUMBER

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word 97–2003 (and Excel, PowerPoint) compound file
ZIP_MAGIC = b"PK\x03\x04"
RTF_MAGIC = b"{\\rtf"
# A page may open with an XML declaration (XHTML) and comments a CMS writes before its doctype or <html>.
HTML_START = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*(?:<!doctype\s+html|<html|<head|<meta)",
                        re.IGNORECASE | re.DOTALL)
CONVERT_SECONDS = 120


def docx_text(data: bytes) -> str:
    """A Word reply's paragraphs and table rows, in document order, one per line."""
    import docx  # python-docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:  # python-docx raises several types for a damaged or mislabelled file
        raise ReadError(f"无法打开 Word 文件：{error} (not a valid .docx)") from error
    numbering = ListNumbering(document)
    lines = container_lines(document.element.body, document, numbering)
    return "\n\n".join(lines + footer_lines(document))


def container_lines(container, document, numbering: "ListNumbering") -> list[str]:
    """The lines of a body (or a footer): paragraphs and table rows in order."""
    import docx  # python-docx

    lines: list[str] = []
    for block in blocks(container):
        if block.tag == W + "tbl":
            # Some replies put the header (办理结果, 公开属性) or the contact in a table (formats.table_lines).
            rows = [list(dict.fromkeys(cell_text(c._tc).strip() for c in row.cells if cell_text(c._tc).strip()))
                    for row in docx.table.Table(block, document).rows]
            lines.extend(table_lines(rows))
        else:
            lines.extend(text_box_lines(block))
            label, pieces = numbering.label(block), _paragraph_pieces()(block)
            head = run_in_head(pieces)
            lines.extend([label + head[0], head[1]] if head else [label + pieces_text(pieces)])
    return lines


# What a footer prints on every page besides its words: the page number, whose field Word fills in
# ("- 3 -", "第 3 页 共 5 页"), or, where the field kept no result, only its frame ("第页共页", "-  -"). A page
# number has three digits at most: a line of only a phone (0371-65432100) is the reply's.
FOOTER_FRAME = re.compile(r"^[第页共\s\-—–－/／]*$")


def footer_lines(document) -> list[str]:
    """The words of the page footers, after the body: some replies keep their contact and 抄送 there (a
    template's footer, printed on the last page), where a reader of the body alone never sees them. Each
    footer is read once (sections share a linked footer), page numbers and empty lines left out."""
    lines: list[str] = []
    seen: set[str] = set()
    numbering = ListNumbering(document)  # a footer's lists count apart from the body's
    even_pages = document.settings.odd_and_even_pages_header_footer
    for section in document.sections:
        shown = [section.footer] + [section.first_page_footer] * section.different_first_page_header_footer \
            + [section.even_page_footer] * even_pages  # a footer Word does not print is not the reply's
        for footer in shown:
            if footer.is_linked_to_previous or footer.part.partname in seen:
                continue
            seen.add(footer.part.partname)
            for line in container_lines(footer._element, document, numbering):
                line = line.strip()
                page_frame = FOOTER_FRAME.match(re.sub(r"(?<!\d)\d{1,3}(?!\d)", "", line))
                if line and not PAGE_NUMBER.match(line) and not page_frame and line not in lines:
                    lines.append(line)
    return lines


def blocks(container):
    """The paragraphs and tables of the body (or a cell) in order, those inside content controls too
    (w:sdt: templates fill 文号, 签发人 and dates into them), which python-docx passes over."""
    for child in container.iterchildren(W + "p", W + "tbl", W + "sdt"):
        if child.tag == W + "sdt":
            for content in child.iterchildren(W + "sdtContent"):
                yield from blocks(content)
        else:
            yield child


def paragraph_text(paragraph) -> str:
    """A paragraph's text as Word shows it with its revisions accepted: inserted text (w:ins) in,
    deleted text out, and the words of inline content controls and simple fields (a DATE field's
    date), which python-docx leaves out. Text boxes anchored in it are read apart (text_box_lines)."""
    return pieces_text(_paragraph_pieces()(paragraph))


def pieces_text(pieces) -> str:
    return "".join(RUN_MARKS.get(piece.tag, piece.text or "") for piece in pieces)


def is_bold(run) -> bool:
    flag = run.find(f"{W}rPr/{W}b")
    return flag is not None and flag.get(W + "val", "true") not in ("0", "false", "off")


def run_in_head(pieces) -> tuple[str, str] | None:
    """(heading, text) of a paragraph, given as its text pieces (paragraph_text), opened by a bold topic
    sentence run in before plain text; None for any other (all bold is a heading line already; bold
    inside is emphasis)."""
    bold = 0
    while bold < len(pieces) and is_bold(pieces[bold].getparent()):
        bold += 1
    return run_in_heading(pieces_text(pieces[:bold]), pieces_text(pieces[bold:]))


def cell_text(cell) -> str:
    return "\n".join(paragraph_text(p) for p in blocks(cell) if p.tag == W + "p")


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
CHINESE_DIGITS = "〇一二三四五六七八九"
HEAVENLY_STEMS = "甲乙丙丁戊己庚辛壬癸"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
         (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def chinese_count(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五, 115 → 一百一十五: Word's chineseCounting."""
    if n < 10:
        return CHINESE_DIGITS[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else CHINESE_DIGITS[tens]) + "十" + (CHINESE_DIGITS[ones] if ones else "")
    hundreds, rest = divmod(n, 100)
    tail = "" if rest == 0 else "零" + CHINESE_DIGITS[rest] if rest < 10 else ("一" if rest < 20 else "") + chinese_count(rest)
    return CHINESE_DIGITS[hundreds] + "百" + tail


def roman(n: int) -> str:
    out = ""
    for value, letters in ROMAN:
        while n >= value:
            out, n = out + letters, n - value
    return out


def format_number(n: int, kind: str) -> str:
    """A list counter as Word draws it for a numFmt (ECMA-376 ST_NumberFormat); an unknown one as digits."""
    if kind in ("chineseCounting", "chineseCountingThousand", "chineseLegalSimplified", "japaneseCounting",
                "taiwaneseCounting", "ideographDigital"):
        return chinese_count(n)
    if kind in ("ideographTraditional",) and n <= len(HEAVENLY_STEMS):
        return HEAVENLY_STEMS[n - 1]
    if kind.startswith("decimalEnclosedCircle") and n <= len(CIRCLED):
        return CIRCLED[n - 1]
    if kind in ("upperLetter", "lowerLetter"):
        letter = chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter if kind == "upperLetter" else letter.lower()
    if kind in ("upperRoman", "lowerRoman"):
        return roman(n) if kind == "upperRoman" else roman(n).lower()
    if kind == "decimalZero":
        return f"{n:02d}"
    if kind in ("decimalFullWidth", "decimalFullWidth2"):
        return str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    return str(n)


class ListNumbering:
    """The numbers Word draws before the paragraphs of an automatic list (一、 （一） 1. （1）), which
    python-docx leaves out of a paragraph's text: a reply whose headings are such a list would lose
    every section marker. Counters run per list (abstractNum) and level, a level restarting when a
    higher one moves on, from each level's start value or the list's override."""

    def __init__(self, document) -> None:
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}  # numId -> ilvl -> (numFmt, lvlText, start)
        self.lists: dict[str, str] = {}  # numId -> abstractNumId: lists sharing one count together
        self.counters: dict[str, dict[int, int]] = {}
        self.styles: dict[str, tuple[str, int] | None] = {}
        try:
            numbering = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return  # no numbering part: no list in this document
        abstract = {a.get(f"{W}abstractNumId"): self._levels(a) for a in numbering.iter(f"{W}abstractNum")}
        for num in numbering.iter(f"{W}num"):
            num_id, ref = num.get(f"{W}numId"), num.find(f"{W}abstractNumId")
            if ref is None or ref.get(f"{W}val") not in abstract:
                continue
            levels = dict(abstract[ref.get(f"{W}val")])
            for override in num.iter(f"{W}lvlOverride"):
                start = override.find(f"{W}startOverride")
                level = int(override.get(f"{W}ilvl", "0"))
                if start is not None and level in levels:
                    kind, text, _ = levels[level]
                    levels[level] = (kind, text, int(start.get(f"{W}val", "1")))
            self.levels[num_id] = levels
            self.lists[num_id] = ref.get(f"{W}val")
        self._style_elements = {style.get(f"{W}styleId"): style for style in document.styles.element.iter(f"{W}style")}

    @staticmethod
    def _levels(abstract_num) -> dict[int, tuple[str, str, int]]:
        levels = {}
        for level in abstract_num.iter(f"{W}lvl"):
            kind = level.find(f"{W}numFmt")
            text = level.find(f"{W}lvlText")
            start = level.find(f"{W}start")
            levels[int(level.get(f"{W}ilvl", "0"))] = (
                kind.get(f"{W}val", "decimal") if kind is not None else "decimal",
                text.get(f"{W}val", "") if text is not None else "",
                int(start.get(f"{W}val", "1")) if start is not None else 1)
        return levels

    def _style_numbering(self, style_id: str | None, depth: int = 0) -> tuple[str, int] | None:
        """(numId, ilvl) a paragraph style gives, through the styles it is based on."""
        if style_id is None or depth > 10:
            return None
        if style_id not in self.styles:
            style = self._style_elements.get(style_id)
            found = None
            if style is not None:
                num = style.find(f"{W}pPr/{W}numPr")
                if num is not None and num.find(f"{W}numId") is not None:
                    level = num.find(f"{W}ilvl")
                    found = (num.find(f"{W}numId").get(f"{W}val"), int(level.get(f"{W}val", "0")) if level is not None else 0)
                else:
                    based = style.find(f"{W}basedOn")
                    found = self._style_numbering(based.get(f"{W}val") if based is not None else None, depth + 1)
            self.styles[style_id] = found
        return self.styles[style_id]

    def label(self, paragraph) -> str:
        """The number Word draws before this paragraph ("一、", "（二）", "3."), "" when none; counts it."""
        if not self.levels:
            return ""
        properties = paragraph.find(f"{W}pPr")
        num = properties.find(f"{W}numPr") if properties is not None else None
        style = properties.find(f"{W}pStyle") if properties is not None else None
        found = self._style_numbering(style.get(f"{W}val") if style is not None else None)
        if num is not None and num.find(f"{W}numId") is not None:
            level = num.find(f"{W}ilvl")
            found = (num.find(f"{W}numId").get(f"{W}val"), int(level.get(f"{W}val", "0")) if level is not None
                     else (found[1] if found else 0))
        if found is None or found[0] not in self.levels:
            return ""  # numId 0: numbering switched off for this paragraph
        num_id, level = found
        levels = self.levels[num_id]
        if level not in levels:
            return ""
        counters = self.counters.setdefault(self.lists[num_id], {})
        counters[level] = counters.get(level, levels[level][2] - 1) + 1
        for deeper in [d for d in counters if d > level]:
            del counters[deeper]
        kind, text, _ = levels[level]
        if kind in ("bullet", "none"):
            return ""

        def counter(match: re.Match[str]) -> str:  # %1 is level 0's count, %2 level 1's…
            shown = int(match.group(1)) - 1
            shown_kind, _, start = levels.get(shown, ("decimal", "", 1))
            return format_number(counters.get(shown, start), shown_kind)

        return re.sub(r"%(\d)", counter, text)


# A box's own paragraphs, once each: Word and LibreOffice write every box twice, as a drawing and as
# a VML fallback (mc:Fallback) for old readers.
TEXT_BOX_PARAGRAPHS = ".//w:txbxContent[not(ancestor::mc:Fallback)]//w:p[not(ancestor::w:p[ancestor::w:txbxContent])]"
WORD_NAMESPACES = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
                   "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006"}


# A run's pieces that are text: its words, and the tab and line breaks in it. Deleted and moved-away
# runs (revisions not accepted), a text box's runs and the fallback copy of a drawing are not the line's.
PARAGRAPH_PIECES = ("./descendant::w:r[not(ancestor::w:del or ancestor::w:moveFrom or ancestor::w:txbxContent"
                    " or ancestor::mc:Fallback)]/*[self::w:t or self::w:tab or self::w:br or self::w:cr]")
RUN_MARKS = {W + "tab": "\t", W + "br": "\n", W + "cr": "\n"}


@functools.cache
def _paragraph_pieces():
    from lxml import etree

    return etree.XPath(PARAGRAPH_PIECES, namespaces=WORD_NAMESPACES)


@functools.cache
def _text_box_xpaths():
    """(a box's paragraphs, a paragraph's words), compiled once per process, not once per paragraph."""
    from lxml import etree

    return (etree.XPath(TEXT_BOX_PARAGRAPHS, namespaces=WORD_NAMESPACES),
            etree.XPath(".//w:t/text()", namespaces=WORD_NAMESPACES))


def text_box_lines(paragraph) -> list[str]:
    """The lines of the text boxes anchored in a paragraph, which python-docx leaves out of its text;
    templates set the red header (…局文件) and the document number in a box."""
    boxes, words = _text_box_xpaths()
    return ["".join(words(p)) for p in boxes(paragraph)]


def read_docx(data: bytes) -> Extracted:
    return Extracted(text=docx_text(data), encoding="docx")


def looks_like_html(data: bytes) -> bool:
    return bool(HTML_START.match(data[:1024].lstrip(b"\xef\xbb\xbf")))


def read_doc(data: bytes) -> Extracted:
    """An old Word .doc; what the bytes really are decides how it is read."""
    if data.startswith(ZIP_MAGIC):
        return Extracted(text=docx_text(data), encoding="docx", notes=("扩展名为 .doc，实为 .docx (a .docx named .doc)",))
    if looks_like_html(data):
        from indexer.formats.html import read_html  # sites serve web pages as "Word" downloads

        page = read_html(data)
        return Extracted(text=page.text, encoding=page.encoding, hints=page.hints,
                         notes=("扩展名为 .doc，实为网页 (an HTML page named .doc)", *page.notes))
    if data.lstrip().startswith(RTF_MAGIC):
        from indexer.formats.rtf import read_rtf  # Word's "save as RTF" keeps the .doc name on many sites

        return Extracted(text=read_rtf(data).text, encoding="rtf", notes=("扩展名为 .doc，实为 RTF (an RTF file named .doc)",))
    if not data.startswith(OLE2_MAGIC):
        raise ReadError("不是 Word 文档（文件头不是 Word 97–2003 格式）：请确认文件来源，或用 Word/WPS 打开后另存为 .docx "
                        "(not a Word .doc file)")
    with tempfile.TemporaryDirectory(prefix="dafu-doc-") as folder:
        path = Path(folder) / "reply.doc"
        path.write_bytes(data)
        if shutil.which("antiword"):
            return Extracted(text=antiword(path), encoding="doc (antiword)")
        if shutil.which("soffice"):
            return Extracted(text=libreoffice(path), encoding="doc (libreoffice)")
    raise ReadError("读取旧版 Word (.doc) 需要 antiword：apt-get install antiword；或另存为 .docx "
                    "(install antiword, or LibreOffice, to read .doc; or save it as .docx)")


def run(command: list[str]) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(command, capture_output=True, timeout=CONVERT_SECONDS, check=False)
    except subprocess.TimeoutExpired as error:
        raise ReadError(f"转换 .doc 超时（{CONVERT_SECONDS} 秒）(converting the .doc timed out)") from error


def antiword(path: Path) -> str:
    # UTF-8 output whatever the locale; -w 0 keeps each paragraph on one line.
    done = run(["antiword", "-m", "UTF-8.txt", "-w", "0", str(path)])
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", "replace").strip().replace(str(path), "文件")
        raise ReadError(f"antiword 无法读取此 .doc：{reason} (antiword could not read it: save it as .docx)")
    text = done.stdout.decode("utf-8", "replace")
    return "\n".join(line for line in text.split("\n") if line.strip() != "[pic]")


def libreoffice(path: Path) -> str:
    done = run(["soffice", "--headless", "--norestore", f"-env:UserInstallation=file://{path.parent}/profile",
                "--convert-to", "txt:Text (encoded):UTF8", "--outdir", str(path.parent), str(path)])
    converted = path.with_suffix(".txt")
    if done.returncode != 0 or not converted.exists():
        raise ReadError("LibreOffice 无法转换此 .doc (LibreOffice could not convert it: save it as .docx)")
    return converted.read_text(encoding="utf-8-sig")
