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
