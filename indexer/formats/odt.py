"""OpenDocument text replies (.odt, as LibreOffice, WPS and Yozo Office save them), read with odfpy.

The body's paragraphs, headings, list items and table rows come out in document order, one per line,
as a .docx's do (word.py): a table row of two cells is "label：value" (a header table: 文号 | 浦科…),
a row of more keeps its cells apart with tabs. Merged-away cells (covered-table-cell) are not read twice.
"""

from __future__ import annotations

import io
import zipfile

from indexer.formats import Extracted, ReadError, run_in_heading, table_lines

ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
# Elements that only group paragraphs: read what is inside them.
GROUPS = {"list", "list-item", "list-header", "section", "index-body", "text-content", "soft-page-break"}
ROW_GROUPS = {"table-header-rows", "table-rows", "table-row-group"}
# Bold as a text style sets it: Latin, Chinese (asian) and complex scripts each have their weight.
BOLD_WEIGHTS = ("font-weight", "font-weight-asian", "font-weight-complex")


def bold_style_names(document) -> set[str]:
    """The names of the text styles, automatic (a span's direct formatting) or named, that set bold."""
    from odf.style import Style, TextProperties

    names = set()
    for styles in (document.automaticstyles, document.styles):
        for style in styles.getElementsByType(Style):
            for properties in style.getElementsByType(TextProperties):
                if any(value in ("bold", "600", "700", "800", "900")
                       for (_, name), value in properties.attributes.items() if name in BOLD_WEIGHTS):
                    names.add(style.getAttribute("name"))
    return names


def is_odt(data: bytes) -> bool:
    """An OpenDocument text by its bytes: a zip whose first member, `mimetype`, says so."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            return "content.xml" in package.namelist() and package.read("mimetype").strip() == ODT_MIMETYPE
    except (zipfile.BadZipFile, KeyError):
        return False


def odt_text(data: bytes) -> str:
    from odf import opendocument, teletype
    from odf.namespaces import TABLENS, TEXTNS

    try:
        document = opendocument.load(io.BytesIO(data))
    except Exception as error:  # odfpy raises zip, XML and key errors for a damaged or mislabelled file
        raise ReadError(f"无法打开 OpenDocument 文件：{error}，请用 WPS 或 LibreOffice 打开后另存为 .docx "
                        f"(not a valid .odt)") from error

    lines: list[str] = []
    bold = bold_style_names(document)

    def run_in_head(paragraph, text: str) -> tuple[str, str] | None:
        """A paragraph opened by a span in a bold style, a topic sentence run in before plain text."""
        first = next((node for node in paragraph.childNodes
                      if node.nodeType == node.ELEMENT_NODE or str(node).strip()), None)
        if first is None or first.nodeType != first.ELEMENT_NODE or first.qname != (TEXTNS, "span"):
            return None
        head = teletype.extractText(first)
        if first.getAttribute("stylename") not in bold or not text.lstrip().startswith(head.lstrip()):
            return None
        return run_in_heading(head, text.lstrip()[len(head.lstrip()):])

    def row_cells(row) -> list[str]:
        cells = [teletype.extractText(cell).strip() for cell in row.childNodes
                 if cell.qname == (TABLENS, "table-cell")]
        return [cell for cell in cells if cell]

    def table_rows(table):
        for child in table.childNodes:
            if child.qname == (TABLENS, "table-row"):
                yield child
            elif child.qname[0] == TABLENS and child.qname[1] in ROW_GROUPS:
                yield from table_rows(child)

    def walk(element) -> None:
        for child in element.childNodes:
            if child.nodeType != child.ELEMENT_NODE:
                continue
            namespace, name = child.qname
            if namespace == TEXTNS and name in ("p", "h"):
                text = teletype.extractText(child)
                head = run_in_head(child, text)
                lines.extend(head if head else [text])
            elif namespace == TABLENS and name == "table":
                lines.extend(table_lines([list(dict.fromkeys(row_cells(row))) for row in table_rows(child)]))
            elif namespace == TEXTNS and name in GROUPS:
                walk(child)

    walk(document.text)
    return "\n\n".join(lines)


def read_odt(data: bytes) -> Extracted:
    return Extracted(text=odt_text(data), encoding="odt")
