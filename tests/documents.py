"""Write a reply's text as the documents agencies publish, with real tools, for the reading tests:
a Word .docx (python-docx) and a scanned PDF (Pillow draws the page with a CJK font from Debian's
fonts-noto-cjk and saves it as an image-only PDF, the way a scanner's PDF holds one picture a page)."""

from __future__ import annotations

from pathlib import Path

NOTO = Path("/usr/share/fonts/opentype/noto")
SCAN_DPI = 200
A4_INCHES = (8.27, 11.69)


def write_docx(path: Path, paragraphs: list[str], table_rows: list[tuple[str, str]] = ()) -> Path:
    import docx

    document = docx.Document()
    if table_rows:
        table = document.add_table(rows=0, cols=2)
        for key, value in table_rows:
            cells = table.add_row().cells
            cells[0].text, cells[1].text = key, value
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    document.save(path)
    return path


def write_odt(path: Path, paragraphs: list[str], table_rows: list[tuple[str, str]] = (), listed: int = 0) -> Path:
    """An OpenDocument text as LibreOffice or WPS saves it (odfpy): a two-column header table of
    label and value cells first, then the paragraphs, the last `listed` of them as items of a list."""
    from odf.opendocument import OpenDocumentText
    from odf.table import Table, TableCell, TableColumn, TableRow
    from odf.text import List, ListItem, P

    document = OpenDocumentText()
    if table_rows:
        table = Table(name="header")
        table.addElement(TableColumn(numbercolumnsrepeated=2))
        for key, value in table_rows:
            row = TableRow()
            for cell_text in (key, value):
                cell = TableCell()
                cell.addElement(P(text=cell_text))
                row.addElement(cell)
            table.addElement(row)
        document.text.addElement(table)
    plain = paragraphs[: len(paragraphs) - listed]
    for paragraph in plain:
        document.text.addElement(P(text=paragraph))
    if listed:
        items = List()
        for paragraph in paragraphs[len(plain):]:
            item = ListItem()
            item.addElement(P(text=paragraph))
            items.addElement(item)
        document.text.addElement(items)
    document.save(str(path))
    return path


# A list as a Chinese Word template defines its headings: 一、 then （一） then 1., chineseCounting for
# the first two levels, with level 1 shown in full-width brackets.
LIST_XML = (
    '<w:abstractNum xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" w:abstractNumId="90">'
    '<w:multiLevelType w:val="multilevel"/>'
    '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>'
    '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>'
    '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>'
    '</w:abstractNum>')
LIST_MARKERS = (r"^[一二三四五六七八九十]+、", r"^（[一二三四五六七八九十]+）", r"^\d+\.")


def write_list_docx(path: Path, paragraphs: list[str]) -> Path:
    """A .docx whose numbered headings are Word's automatic list: each heading's marker (一、, （一）, 1.)
    is left out of its text and drawn by the list instead, as when an author numbers with Word."""
    import re

    import docx
    from docx.oxml import parse_xml

    document = docx.Document()
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(LIST_XML))
    numbering.append(parse_xml('<w:num xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
                               'w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    for paragraph in paragraphs:
        level = next((n for n, marker in enumerate(LIST_MARKERS) if re.match(marker, paragraph)), None)
        text = re.sub(LIST_MARKERS[level], "", paragraph) if level is not None else paragraph
        added = document.add_paragraph(text)
        if level is not None:
            added._p.get_or_add_pPr().append(parse_xml(
                '<w:numPr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                f'<w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>'))
    document.save(path)
    return path


def cjk_font(size: int, family: str = "Noto Serif CJK SC"):
    """The Simplified Chinese face of a Noto CJK collection (a .ttc holds JP, KR, SC, TC, HK)."""
    from PIL import ImageFont

    file = NOTO / ("NotoSerifCJK-Regular.ttc" if "Serif" in family else "NotoSansCJK-Regular.ttc")
    for index in range(10):
        font = ImageFont.truetype(str(file), size, index=index)
        if font.getname()[0] == family:
            return font
    raise LookupError(f"{family} not in {file}: apt-get install fonts-noto-cjk")


def wrap(text: str, font, width: int) -> list[str]:
    """Break a paragraph into lines that fit `width` pixels, character by character as Word does
    for Chinese (no spaces to break at)."""
    lines, line = [], ""
    for char in text:
        if line and font.getlength(line + char) > width:
            lines.append(line)
            line = ""
        line += char
    return lines + [line] if line else lines


def render_page(paragraphs: list[str], *, centred: set[int] = frozenset(), right: set[int] = frozenset(),
                font_px: int = 30, dpi: int = SCAN_DPI):
    """An A4 page image laid out as a printed reply: paragraphs indented two characters, the title
    (paragraph numbers in `centred`) centred, the signature and date (`right`) set right."""
    from PIL import Image, ImageDraw

    width, height = int(A4_INCHES[0] * dpi), int(A4_INCHES[1] * dpi)
    margin = int(dpi * 0.9)
    column = width - 2 * margin
    font = cjk_font(font_px)
    line_height = int(font_px * 1.5)
    page = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(page)
    y = margin
    for number, paragraph in enumerate(paragraphs):
        if number in centred or number in right:
            lines = wrap(paragraph, font, column)
            for line in lines:
                length = font.getlength(line)
                x = margin + (column - length) / 2 if number in centred else margin + column - length - 2 * font_px
                draw.text((x, y), line, font=font, fill=0)
                y += line_height
            continue
        indent = 2 * font_px
        first = wrap(paragraph, font, column - indent)[0]
        draw.text((margin + indent, y), first, font=font, fill=0)
        y += line_height
        for line in wrap(paragraph[len(first):], font, column):
            draw.text((margin, y), line, font=font, fill=0)
            y += line_height
    if y > height - margin // 2:
        raise ValueError(f"text does not fit one page ({y}px of {height}px): shorten it or lower font_px")
    return page


def write_scan_pdf(path: Path, pages: list) -> Path:
    """An image-only PDF, one page image a page, as a scanner writes it: no text layer."""
    first, *rest = [page.convert("RGB") for page in pages]
    first.save(path, "PDF", resolution=SCAN_DPI, save_all=True, append_images=rest)
    return path


def write_ofd(path: Path, paragraphs: list[str], *, centred: set[int] = frozenset(), right: set[int] = frozenset(),
              columns: int = 56, rows: int = 22, seed: int = 0) -> Path:
    """An OFD (GB/T 33190) as a layout converter writes one: A4 pages, 公文 type (三号, 28 characters a
    line, 22 lines a page, body paragraphs indented two characters), every glyph of the body its own
    TextObject at its own position and the objects of a page in no order, header lines as one run
    with a DeltaX "g" list, baselines off by a little, the page number "— n —" at the foot of each
    page's content, and a template page with a rule on it. No PyPI package writes OFD text without a
    PDF renderer, so this writes the XML the standard describes; the committed .ofd fixture beside it
    comes from a third-party converter (easyofd), whose choices these are not."""
    import random
    import unicodedata
    import zipfile

    size, left, top, pitch, width = 5.64, 28.0, 37.0, 10.2, 156.0
    ns = 'xmlns:ofd="http://www.ofdspec.org/2016"'
    rng = random.Random(seed)

    def advance(c: str) -> float:
        return size if unicodedata.east_asian_width(c) in "WFA" else size / 2

    lines: list[tuple[str, float, bool]] = []  # text, x, body (written glyph by glyph)
    for number, paragraph in enumerate(paragraphs):
        body = number not in centred and number not in right and len(paragraph) > 20
        indent = 2 * size if body else 0.0
        wrapped, line, used = [], "", indent
        for c in paragraph:
            if used + advance(c) > width + 0.01:
                wrapped.append(line)
                line, used = "", 0.0
            line += c
            used += advance(c)
        wrapped.append(line)
        for row, text in enumerate(wrapped):
            extent = sum(map(advance, text))
            x = (left + (width - extent) / 2 if number in centred else left + width - extent if number in right
                 else left + (indent if row == 0 else 0.0))
            lines.append((text, x, body))
    pages = [lines[i:i + rows] for i in range(0, len(lines), rows)]

    def glyphs(text: str, x: float, y: float, ids: list[int]) -> list[str]:
        out = []
        for c in text:
            ids[0] += 1
            jitter = rng.uniform(-0.3, 0.3)
            out.append(f'<ofd:TextObject ID="{ids[0]}" Boundary="{x:.3f} {y - size + jitter:.3f} {advance(c):.3f} {size * 1.2:.3f}" '
                       f'Font="2" Size="{size}"><ofd:TextCode X="0" Y="{size:.3f}">{c}</ofd:TextCode></ofd:TextObject>')
            x += advance(c)
        return out

    def run(text: str, x: float, y: float, ids: list[int]) -> str:
        ids[0] += 1
        steps = " ".join(f"{advance(c):.3f}" for c in text[:-1])
        delta = f"g {len(text) - 1} {size:.3f}" if all(advance(c) == size for c in text[:-1]) else steps
        return (f'<ofd:TextObject ID="{ids[0]}" Boundary="{x:.3f} {y - size:.3f} {width:.3f} {size * 1.2:.3f}" '
                f'Font="2" Size="{size}"><ofd:TextCode X="0" Y="{size:.3f}" DeltaX="{delta}">{text}</ofd:TextCode></ofd:TextObject>')

    ids = [100]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("OFD.xml", f'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD {ns} Version="1.0" DocType="OFD">'
                         '<ofd:DocBody><ofd:DocInfo><ofd:DocID>fictional</ofd:DocID></ofd:DocInfo>'
                         '<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>')
        page_entries = "".join(f'<ofd:Page ID="{10 + n}" BaseLoc="Pages/Page_{n}/Content.xml"/>' for n in range(len(pages)))
        archive.writestr("Doc_0/Document.xml", f'<?xml version="1.0" encoding="UTF-8"?><ofd:Document {ns}><ofd:CommonData>'
                         '<ofd:MaxUnitID>99999</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox>'
                         '</ofd:PageArea><ofd:TemplatePage ID="2" BaseLoc="Tpls/Tpl_0/Content.xml"/></ofd:CommonData>'
                         f'<ofd:Pages>{page_entries}</ofd:Pages></ofd:Document>')
        archive.writestr("Doc_0/Tpls/Tpl_0/Content.xml", f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page {ns}><ofd:Content>'
                         '<ofd:Layer ID="3"><ofd:PathObject ID="4" Boundary="28 30 156 1"><ofd:AbbreviatedData>M 0 0 L 156 0'
                         '</ofd:AbbreviatedData></ofd:PathObject></ofd:Layer></ofd:Content></ofd:Page>')
        for n, page in enumerate(pages):
            objects: list[str] = []
            for row, (text, x, body) in enumerate(page):
                y = top + (row + 1) * pitch
                objects.extend(glyphs(text, x, y, ids) if body else [run(text, x, y, ids)])
            rng.shuffle(objects)
            folio = f"— {n + 1} —"
            objects.append(run(folio, left + (width - sum(map(advance, folio))) / 2, 297 - 20, ids))
            archive.writestr(f"Doc_0/Pages/Page_{n}/Content.xml",
                             f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page {ns}><ofd:Template TemplateID="2"/>'
                             f'<ofd:Content><ofd:Layer ID="{10 + n}">{"".join(objects)}</ofd:Layer></ofd:Content></ofd:Page>')
    return path


def write_mht(path: Path, page: str) -> Path:
    """A web page saved as one file, as Internet Explorer, Word and WPS save it: a multipart/related
    MIME message whose HTML part is GB2312 in quoted-printable, beside the page's picture."""
    import io
    import re
    from email import encoders
    from email.mime.image import MIMEImage
    from email.mime.multipart import MIMEMultipart
    from email.mime.nonmultipart import MIMENonMultipart

    from PIL import Image

    message = MIMEMultipart("related", type="text/html")
    html = MIMENonMultipart("text", "html", charset="gb2312")
    html.set_payload(re.sub(r"<meta charset=[^>]*>", '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">',
                            page).encode("gb18030"))
    encoders.encode_quopri(html)
    html["Content-Location"] = "file:///C:/reply.htm"
    message.attach(html)
    picture = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(picture, "PNG")
    image = MIMEImage(picture.getvalue(), "png")
    image["Content-Location"] = "file:///C:/reply.files/image001.png"
    message.attach(image)
    path.write_bytes(message.as_bytes())
    return path


SEAL_RED = (215, 35, 40)


def stamp_seal(page, centre: tuple[int, int], name: str, radius: int = 170):
    """A red official seal (公章) stamped on a page image: a ring, the body's name round its upper arc,
    a star. Stamp ink over toner: the seal is drawn on a layer of its own and multiplied in, so the
    black text under it stays black. Returns the page, now RGB."""
    import math

    from PIL import Image, ImageChops, ImageDraw

    page = page.convert("RGB")
    layer = Image.new("RGB", page.size, "white")
    draw = ImageDraw.Draw(layer)
    x, y = centre
    draw.ellipse((x - radius, y - radius, x + radius, y + radius), outline=SEAL_RED, width=9)
    font = cjk_font(46)
    span = min(240, 22 * len(name))
    for i, char in enumerate(name):
        angle = math.radians(-90 - span / 2 + span * (i + 0.5) / len(name))
        glyph = Image.new("RGBA", (60, 60), (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text((5, 2), char, fill=SEAL_RED + (255,), font=font)
        glyph = glyph.rotate(-math.degrees(angle) - 90, resample=Image.BICUBIC)
        at = (int(x + (radius - 45) * math.cos(angle) - 30), int(y + (radius - 45) * math.sin(angle) - 30))
        layer.paste(glyph, at, glyph)
    draw.text((x - 42, y - 50), "★", fill=SEAL_RED, font=cjk_font(84))
    return ImageChops.multiply(page, layer)
