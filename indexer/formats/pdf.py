"""PDF replies: the text layer (pypdf) with line wraps and page numbers undone; a scan without a text
layer goes to OCR (indexer.formats.ocr) when the `ocr` extra is installed and OCR is allowed."""

from __future__ import annotations

import io
import re
import statistics
import unicodedata

from indexer.formats import Extracted, ReadError
from indexer.grammar import PAGE_NUMBER, close_doc_number_spaces, parse_date_line
from indexer.parse import ATTACHMENT, FIELD_GAP, TITLE_CATEGORY, TITLE_CUES, addressee_of, closing_fields, is_table_row, match_marker

# A PDF holds positioned lines, not paragraphs. What extraction adds and a reply never means is
# removed here: page numbers, the wraps of long paragraphs, stray spaces, radical look-alikes.

# A line this wide (relative to the page's widest line) filled the text column: the paragraph goes on.
WRAP_RATIO = 0.85
# Ends a paragraph; a full-width line ending in one of these is kept as the end of its paragraph.
SENTENCE_END = "。！？；：”"
FULLWIDTH_PUNCTUATION = "，。、；：？！（）《》「」『』【】〔〕“”‘’"
SPACE_BEFORE_PUNCTUATION = re.compile(rf"[ \t]+(?=[{FULLWIDTH_PUNCTUATION}])")
SPACE_AFTER_PUNCTUATION = re.compile(rf"(?<=[{FULLWIDTH_PUNCTUATION}])[ \t]+")
# CJK fonts draw 门 and the radical ⻔ with one glyph, so a PDF's ToUnicode map may name the radical.
# Kangxi radicals (U+2F00–U+2FD5) fold to their ideograph under NFKC; the simplified-form radicals
# of the supplement have no decomposition, so the common ones are listed.
RADICAL_SUPPLEMENT = str.maketrans(
    "⺟⺠⻄⻅⻆⻈⻉⻋⻐⻓⻔⻘⻙⻚⻛⻜⻝⻠⻢⻥⻦⻧⻨⻩⻪⻬⻮⻰⻳",
    "母民西见角讠贝车钅长门青韦页风飞食饣马鱼鸟卤麦黄黾齐齿龙龟",
)


def display_width(line: str) -> int:
    """Columns a line fills: a Chinese character or fullwidth mark is two, a digit or letter one."""
    return sum(2 if unicodedata.east_asian_width(c) in "WFA" else 1 for c in line)


# Some PDF writers (LibreOffice among them) set curly quotes in the Western font, and pypdf reads
# them with the line's other Western runs, out of place: "“ ”一、 高效办成一件事 推进情况" for
# "一、“高效办成一件事”推进情况", "（3 “）关于…至6 ”米 的建议" for "（3）关于…“…至6米”的建议". An
# opening quote right before a closing one never happens in text, nor a quote right after a digit, a
# letter or a plus and a space, nor one opening a line that shows a gap between Chinese characters
# (“（二）推行 线上+ ” “ ”线下 撮合服务) or another quote so displaced (“三、…依托832 ”平台); each displaced quote left a space where it belongs, between
# Chinese text.
HAN = "\u4e00-\u9fff"
DISPLACED_QUOTES = re.compile(rf"“ ?”(?: ?[“”] ?)*|(?<=[0-9A-Za-z+%] )[“”]|^[“”](?=.*(?:[{HAN}] [{HAN}]|[0-9A-Za-z+%] [“”]))")
SPACE_BETWEEN_HAN = re.compile(rf"(?<=[{HAN}，。、；：！？）》]) (?=[{HAN}（《，。、；：！？])")


def place_quotes(line: str) -> str:
    """Put a line's displaced quotes back into the spaces they left, in order; when the spaces do
    not match them one for one, drop them (a quote out of place misleads more than none)."""
    displaced = list(DISPLACED_QUOTES.finditer(line))
    if not displaced:
        return line
    quotes = [c for match in displaced for c in match.group(0) if c in "“”"]
    rest = re.sub(" {2,}", " ", DISPLACED_QUOTES.sub("", line)).strip()
    gaps = list(SPACE_BETWEEN_HAN.finditer(rest))
    if len(gaps) != len(quotes):
        return rest
    out, last = [], 0
    for gap, quote in zip(gaps, quotes):
        out.append(rest[last : gap.start()] + quote)
        last = gap.end()
    return "".join(out) + rest[last:]


def normalise_pdf_line(line: str) -> str:
    """Undo what extraction adds inside a line. Spaces between Chinese and digits or Latin ("16 家",
    "浦东新区 AIGC") are kept: the source often has them and a PDF cannot tell which it added. Only
    spaces next to fullwidth punctuation and inside a document number go, and runs become one."""
    line = "".join(
        unicodedata.normalize("NFKC", c) if "\u2f00" <= c <= "\u2fdf" else c for c in line
    ).translate(RADICAL_SUPPLEMENT)
    line = place_quotes(re.sub(r"[ \t\u3000\xa0]+", " ", line).strip())
    line = SPACE_BEFORE_PUNCTUATION.sub("", SPACE_AFTER_PUNCTUATION.sub("", line))
    # 浦科经委办理（ 2025 ） 61 号 → 浦科经委办理（2025）61号; "第 057 号提案" (no year bracket) is kept.
    return close_doc_number_spaces(line)


def page_lines(page: str) -> list[str]:
    """A page's non-empty lines without the page number above or below the text."""
    lines = [line for line in (normalise_pdf_line(raw) for raw in page.split("\n")) if line]
    while lines and PAGE_NUMBER.match(lines[-1]):
        lines.pop()
    while lines and PAGE_NUMBER.match(lines[0]):
        lines.pop(0)
    return lines


# 三、关于设立…专项资金的建议: a numbered heading naming the ask it answers ends with it, however wide its line.
TOPIC_HEADING = re.compile(r"关于.{2,40}的(?:建议|提案|意见|问题|诉求)")


def whole_topic_heading(line: str) -> bool:
    marker = match_marker(line)
    return marker is not None and TOPIC_HEADING.fullmatch(line[marker[2].end():].strip()) is not None


# A phone or a number the wrap broke after its hyphen (联系电话：010- | 86392517）).
BROKEN_NUMBER = re.compile(r"\d-$")


def label_open(line: str) -> bool:
    """A line ending in a field's label whose value the wrap moved to the next line (联系电话：)."""
    fields = closing_fields(line) if line[-1] in "：:" else []
    return bool(fields) and not fields[-1][1]


def ends_a_block(previous: str, line: str) -> bool:
    """However wide its last line, a title (…提案的答复) ends where its addressee (王某某委员：) begins,
    a date line (set right, it reaches the column's edge) and a row of cells or fields (签发人：… apart
    from the document number by a wide gap) end where they stand, and any paragraph ends where an
    attachment (附件1：…) or a field line (抄送：…, 联系电话：…) begins."""
    # (a sentence ending 现答复 before a wrapped 如下： is no title: a title has no pause or full stop)
    # (nor is a title closed by its class in brackets, …的答复（C 类）, continued by the document number below it)
    titled = TITLE_CATEGORY.sub("", previous).rstrip().endswith(TITLE_CUES) and not re.search(r"[。，；！？]", previous)
    return titled or addressee_of(line) is not None or bool(ATTACHMENT.match(line)) \
        or (bool(closing_fields(line)) and not label_broken(previous, line)) or parse_date_line(previous) is not None \
        or is_table_row(previous) or gapped_field(previous)


def label_broken(previous: str, line: str) -> bool:
    """The wrap broke a field's label: the end of the line before and the label this line opens with make one
    longer label (…，联系 | 电话：010-… is 联系电话), so the line goes on the field before it."""
    own = closing_fields(line)[0][0]
    for length in range(1, 5):
        head = previous[-length:]
        if not all("\u4e00" <= ch <= "\u9fff" for ch in head):
            return False
        joined = closing_fields(head + line)
        if joined and len(joined[0][0]) > len(own) and joined[0][0].endswith(own):
            return True
    return False


def gapped_field(line: str) -> bool:
    """厦思民〔2022〕31号　　　签发人：陈某: a field set apart from what precedes it by a wide gap."""
    parts = FIELD_GAP.split(line.strip())
    return len(parts) > 1 and bool(closing_fields(parts[-1]))


# A page number inside a running line: grammar's page-number line, unanchored.
PAGE_NUMBER_IN_LINE = re.compile(PAGE_NUMBER.pattern.removeprefix("^").removesuffix("$"))


# A page number that can only be one (— 2 —, 第2页), not any run of digits as in a date line.
PAGE_MARK = re.compile(r"[-—–－]\s*\d{1,4}\s*[-—–－]|第\s*\d{1,4}\s*页")


def running_key(line: str) -> str:
    """A running line's words without its page number: 某某局文件 第2页 and 某某局文件 第3页 are one."""
    return PAGE_NUMBER_IN_LINE.sub("", line.replace(" ", ""))


def without_running_lines(pages: list[list[str]]) -> list[list[str]]:
    """Pages without their running head or foot: a line that opens (or closes) every page from the
    second on, in the same words page numbers aside (某某局 第2页). On the first page the line goes only
    where it stands first or last (Word may leave the first page without it), so a red header repeating
    it below stays.

    Two pages are the usual length of a reply, and there the second page's first line may also be the
    signature a page break set at the top of the last page, which repeats the agency of the first
    page's red header. So on two pages a line is a running head only when it carries a page number, or
    opens both pages and is no signature: the line after it on the second page is no date, or the first
    page already ends with a short line without a full stop (the signature, set before the break). A
    foot must close both pages."""
    texts = [lines for lines in pages if lines]
    if len(texts) < 2:
        return pages
    later = texts[1:]
    head = running_key(later[0][0])
    foot = running_key(later[0][-1])
    head = head if head and all(running_key(lines[0]) == head for lines in later) else None
    foot = foot if foot and all(running_key(lines[-1]) == foot for lines in later) else None
    if len(texts) == 2:
        first, second = texts
        numbered = PAGE_MARK.search(second[0]) is not None
        widest = max(map(display_width, first))
        signed_before = display_width(first[-1]) < WRAP_RATIO * widest and first[-1][-1] not in SENTENCE_END
        signature = len(second) > 1 and parse_date_line(second[1]) is not None and not signed_before
        if head and not numbered and (running_key(first[0]) != head or signature or len(second) == 1):
            head = None
        if foot and running_key(first[-1]) != foot:
            foot = None
    kept = []
    for lines in pages:
        if lines and head and running_key(lines[0]) == head:
            lines = lines[1:]
        if lines and foot and running_key(lines[-1]) == foot:
            lines = lines[:-1]
        kept.append(lines)
    return kept


def unwrap_pages(pages: list[list[str]]) -> list[str]:
    """Join the lines of each paragraph, across page breaks too.

    A line continues on the next when it does not end a sentence, fills the text column (at least
    WRAP_RATIO of the page's widest line, so short header lines such as the agency, the document
    number and a two-line title stay apart), the next line does not open a numbered section, and a
    title does not end there.
    A page with only a few short lines (the closing) is measured against the typical page width.
    Running heads and feet are left out first.
    """
    pages = without_running_lines(pages)
    widest = [max(map(display_width, lines)) for lines in pages if lines]
    typical = statistics.median(widest) if widest else 0
    marked: list[tuple[str, bool]] = []
    for lines in pages:
        if not lines:
            continue
        column = max(map(display_width, lines))
        if column < WRAP_RATIO * typical:
            column = typical
        marked.extend(
            (line, (line[-1] not in SENTENCE_END and display_width(line) >= WRAP_RATIO * column
                    and not whole_topic_heading(line)) or label_open(line))
            for line in lines
        )
    paragraphs: list[str] = []
    continues = False
    for line, wrapped in marked:
        if paragraphs and continues and match_marker(line) is None and not ends_a_block(paragraphs[-1], line):
            previous = paragraphs[-1]
            # Latin words either side of a wrap were separated by the space the wrap replaced; a number is not.
            joiner = " " if previous[-1].isascii() and previous[-1].isalpha() and line[0].isascii() and line[0].isalpha() else ""
            paragraphs[-1] = previous + joiner + line
        else:
            paragraphs.append(line)
        continues = wrapped or BROKEN_NUMBER.search(line) is not None
    return paragraphs


NO_TEXT_LAYER = "PDF 没有文字层（扫描件），请先做文字识别 (no text layer: OCR it first)"


def open_pdf(data: bytes):
    try:
        import pypdf
    except ImportError as error:
        raise ReadError("读取 PDF 需要 pypdf：pip install pypdf (install pypdf to read PDF files)") from error
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")  # many agency PDFs only restrict printing or copying
            except Exception:  # an unsupported cipher, or `cryptography` missing for AES
                opened = False
            if not opened:
                raise ReadError("PDF 已加密，需要密码：请先去除密码再导入 (encrypted PDF: remove the password first)")
    except ReadError:
        raise
    except Exception as error:  # pypdf raises many types for a damaged or mislabelled file
        raise ReadError(f"无法打开 PDF 文件：{error} (damaged or not a PDF: open it in a viewer and save it again)") from error
    return reader


def read_pdf(data: bytes, ocr: bool = True) -> Extracted:
    """A PDF reply's paragraphs, one per line, from its text layer; a scan, or the scanned pages of
    a PDF that has text on others (a signed last page, an annex), are OCR'd when `ocr`."""
    from indexer.formats.ocr import read_with_scans

    reader = open_pdf(data)
    try:
        texts = [page.extract_text() or "" for page in reader.pages]
    except Exception as error:  # pypdf raises many types for a damaged or mislabelled file
        raise ReadError(f"无法打开 PDF 文件：{error} (damaged or not a PDF: open it in a viewer and save it again)") from error
    garbled = {number for number, text in enumerate(texts) if undecodable(text)}
    pages = [[] if number in garbled else page_lines(text) for number, text in enumerate(texts)]

    def image_of(number: int):
        image = largest_image(reader.pages[number])
        return render_page(data, number) if image is None and number in garbled else image

    if not garbled:
        return read_with_scans(pages, image_of, ocr, "pdf", NO_TEXT_LAYER)
    numbers = "、".join(str(number + 1) for number in sorted(garbled))
    extracted = read_with_scans(pages, image_of, ocr, "pdf", GARBLED.format(numbers=numbers))
    note = (f"第 {numbers} 页的文字层无法解码（字体没有 Unicode 映射），按页面图像识别 "
            f"(page {numbers}: the text layer cannot be decoded, so the page was read as an image)")
    return Extracted(extracted.text, extracted.encoding, extracted.hints, (note, *extracted.notes), extracted.ocr)


# Characters a reply's text is made of: Han, CJK and full-width punctuation, printable ASCII, general
# punctuation. A font embedded without its Unicode map gives pypdf glyph numbers instead: control
# characters and Latin letters with accents (Ŏűĝ), which no reply is written in.
READABLE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef\u2000-\u206f\u00b7\u00d7\u2460-\u24ff"
                      r"\u2160-\u217f\u25a0-\u25ff\u2600-\u26ff\u2e80-\u2fdf\x21-\x7e]")
READABLE_SHARE = 0.5
GARBLED = ("PDF 第 {numbers} 页的文字层无法解码（字体没有 Unicode 映射），需要文字识别 OCR "
           "(the text layer cannot be decoded: it needs OCR)")
RENDER_DPI = 200


def undecodable(text: str) -> bool:
    """A page text layer that is glyph numbers, not text (a font embedded without a Unicode map)."""
    visible = "".join(text.split())
    return len(visible) >= 20 and len(READABLE.findall(visible)) < READABLE_SHARE * len(visible)


def render_page(data: bytes, number: int):
    """Page `number` drawn as a picture (for OCR), with PDFium; None without it (the `ocr` extra)."""
    try:
        import pypdfium2
    except ImportError:
        return None
    try:
        return pypdfium2.PdfDocument(data)[number].render(scale=RENDER_DPI / 72).to_pil()
    except Exception as error:  # PDFium's errors for a page it cannot draw
        raise ReadError(f"无法绘制 PDF 第 {number + 1} 页：{error} (cannot draw the page for OCR)") from error


def largest_image(page):
    """The largest image of a pypdf page (a scan's page image), None for a page without one."""
    try:
        images = list(page.images)
    except Exception as error:  # pypdf raises many types for a damaged image stream
        raise ReadError(f"扫描件图像无法读取：{error} (cannot decode the scanned page images)") from error
    if not images:
        return None
    return max((image.image for image in images), key=lambda image: image.width * image.height)