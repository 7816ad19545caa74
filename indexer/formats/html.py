"""Web pages (.html, .htm, .shtml) saved from a government site: the reply without the page around it.

readability-lxml picks the block of the page that holds the reply (measured against trafilatura and
justext in tests/fixtures/formats/README.md) and inscriptis renders it as text, a paragraph a line
and a table row a line. Before that, two things of the genre are taken out of the page: the
metadata table of 政府信息公开 pages (索引号, 发布机构, 成文日期, 文号, 主题分类), which becomes hints
for the reply's metadata and, row by row, header lines above the text (so a field only the table
gives can be cited), and the page tools next to the text (打印本页, 关闭窗口, 分享到, 字号).
"""

from __future__ import annotations

import re

from indexer.formats import RUN_IN_HEAD_END, Extracted, ReadError, run_in_heading
from indexer.formats.text import bom_encoding
from indexer.grammar import RESOLUTION_LABEL, RESOLUTION_LABELS, find_dates, is_resolution_field, resolution

# Labels of the metadata table and the ReplyMeta field each fills. Other labels of the same table
# (发布日期 is the web publication, not the reply's date) are recognised so the table is found.
# Sites name the same catalogue fields differently (the national catalogue's 生成日期 is the 成文日期 of
# others; 公开主体 and 发文机构 the 发布机构).
META_LABELS = {
    "索引号": "index_number",
    "发布机构": "agency", "发文机关": "agency", "发文单位": "agency", "发布单位": "agency", "发文机构": "agency",
    "公开主体": "agency", "发布主体": "agency",
    "成文日期": "date", "发文日期": "date", "成文时间": "date", "生成日期": "date", "印发日期": "date",
    "文号": "doc_number", "发文字号": "doc_number", "发文文号": "doc_number", "文件编号": "doc_number",
    "发文编号": "doc_number",
    "主题分类": "topic",
}
OTHER_META_LABELS = ("发布日期", "名称", "标题", "有效性", "生效日期", "废止日期", "公开方式", "公开范围", "公开时限",
                     "体裁分类", "组配分类", "服务对象分类", "主题词", "关键词", "信息来源", "信息分类", "分类")
# A page's catalogue may also carry the reply's result (办理类别：C), a field of the reply, not of the
# catalogue: its row is kept for the parser, since the table itself is dropped.
_LABELS = "|".join(sorted([*META_LABELS, *OTHER_META_LABELS, *RESOLUTION_LABELS], key=len, reverse=True))
LABEL = re.compile(rf"({_LABELS}|{RESOLUTION_LABEL.pattern})[:：]")
# A table cell holding only a label, with or without its colon (<th>文号</th><td>…</td>, 索 引 号).
LABEL_CELL = re.compile(rf"({_LABELS}|{RESOLUTION_LABEL.pattern})[:：]?")
# Page tools printed next to the reply; the short block holding one of them is dropped.
PAGE_TOOLS = ("打印本页", "打印此页", "打印文章", "关闭窗口", "关闭本页", "分享到", "字号：", "字体：", "收藏本页",
              "返回顶部", "【打印】", "【关闭】", "当前位置", "您的位置", "您现在的位置", "所在位置")
# The hit counter of a page's info bar (发布时间：… 点击数：, 浏览次数：, 阅读量：): a block that holds one
# is the site's, like the page tools.
HIT_COUNTER = re.compile(r"(?:点击|浏览|阅读|访问)(?:次数|数|量|率|人次)[：:]|(?:浏览|阅读|访问)次数")
TOOL_BLOCK_CHARS = 150
# A short block whose text is mostly link text is navigation (a link bar, a breadcrumb), not the reply.
NAVIGATION_LINKS = 0.6
REPLY_TITLE = re.compile(r"答复|复函|会办意见")
TITLE_LINE_END = re.compile(r"(?:答复|复函|会办意见)$")
META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
# An XHTML page's XML declaration names its encoding; once decoded it must go (lxml refuses a str carrying one).
XML_DECLARATION = re.compile(r"""^\ufeff?\s*<\?xml[^>]*\?>""")
XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*\bencoding\s*=\s*["']([\w.:-]+)""", re.IGNORECASE)
GB_FAMILY = {"gb2312", "gbk", "gb18030", "x-gbk", "cp936", "gb_2312-80", "euc-cn"}
HAN = "\u3400-\u9fff\uf900-\ufaff"
CJK = HAN + "\u3000-\u303f\uff00-\uffef"
# Source lines broken inside a Chinese sentence: a browser shows a space there, the document has none.
CJK_LINE_BREAK = re.compile(rf"(?<=[{CJK}])[ \t\r]*\n\s*(?=[{CJK}])")
# A page of prose ends sentences: 。, or a full stop typed in English punctuation after a Chinese word (收悉.感谢).
SENTENCE_END = re.compile(rf"[。！？]|(?<=[{HAN}])[.!?](?![\d])")
# ...except in preformatted text, whose line breaks are the document's own (an old page's reply in a <pre>).
PREFORMATTED = re.compile(r"(<pre\b.*?</pre\s*>)", re.IGNORECASE | re.DOTALL)


def join_source_lines(page: str) -> str:
    """The page with CJK_LINE_BREAK's breaks joined, outside <pre> blocks."""
    parts = PREFORMATTED.split(page)
    return "".join(part if i % 2 else CJK_LINE_BREAK.sub("", part) for i, part in enumerate(parts))
# The pager under a page of a long article: 上一页 1 2 3 下一页, 共3页, 首页 尾页.
PAGER_LINE = re.compile(r"^(?=.*页)(?:\s|\d|[<>«»\[\]【】|]|上一页|下一页|首页|尾页|末页|共\d+页|第\d+页|当前第?\d+页)+$")
DOCUMENT_KINDS = r"pdf|docx?|wps|ofd"  # the files a page offers its reply in
DOCUMENT_FILE = re.compile(rf"\.(?:{DOCUMENT_KINDS})$", re.IGNORECASE)
NO_REPLY = "网页中没有答复正文（像是栏目页或列表页）(no reply text in this page: an index or list page?)"


def decode_html(data: bytes) -> tuple[str, str]:
    """A page's text (without an XML declaration) and encoding: its BOM, else valid UTF-8, else the
    charset it declares (in a <meta> or, for XHTML, the XML declaration), else GB18030 (what gb2312/GBK
    pages need), else charset-normalizer's guess."""
    page, encoding = _decode(data)
    return XML_DECLARATION.sub("", page, count=1), encoding


def _decode(data: bytes) -> tuple[str, str]:
    marked = bom_encoding(data)
    if marked:
        return data.decode(marked, errors="replace"), marked
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    declared = META_CHARSET.search(data[:8192]) or XML_ENCODING.search(data[:512])
    candidates = []
    if declared:
        name = declared.group(1).decode("ascii", "ignore").lower()
        candidates.append("gb18030" if name in GB_FAMILY else name)
    candidates.append("gb18030")
    for encoding in candidates:
        try:
            return data.decode(encoding), encoding
        except (LookupError, UnicodeDecodeError):
            continue
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise ReadError("网页编码无法识别：请用浏览器另存为 UTF-8 (cannot tell the page's encoding)")
    return str(best), best.encoding


def compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def iso_date(value: str) -> str | None:
    dates = find_dates(value)  # 2024-06-12, 2024年6月12日, 二〇二四年六月十二日 (indexer/grammar.py)
    return dates[0] if dates else None


def text_pieces(root) -> list[tuple[object, str]]:
    """Every piece of text in document order with the element it sits in."""
    pieces = []
    for element in root.iter():
        # The text of a comment, script or style is not the page's; the text after one (its tail) is.
        if element.tag not in ("script", "style") and isinstance(element.tag, str) and element.text and element.text.strip():
            pieces.append((element, element.text))
        parent = element.getparent()
        if element.tail and element.tail.strip() and parent is not None:
            pieces.append((parent, element.tail))
    return pieces


def common_ancestor(elements: list) -> object:
    paths = [list(element.iterancestors())[::-1] + [element] for element in elements]
    shared = None
    for level in zip(*paths):
        if all(node is level[0] for node in level):
            shared = level[0]
        else:
            break
    return shared


def enclosing_block(element, limit: int):
    """The largest block around `element` that is still short and holds no sentence: a table row,
    a list item, a toolbar; never the part of the page that holds the reply."""
    block = element
    while True:
        parent = block.getparent()
        if parent is None or parent.tag in ("body", "html"):
            return block
        body = compact(parent.text_content())
        if len(body) > limit or "。" in body:
            return block
        block = parent


def pair_label_rows(root) -> None:
    """A table whose first row is labels and whose one row below gives their values (索引号 | 发文字号 | 成文日期
    over 000014349/… | 广电提函〔2020〕96号 | 2020-08-21) is set as label-value rows, the way the other catalogue
    tables are, so that each value is read under its own label."""
    from lxml import etree

    for table in list(root.iter("table")):
        if table.find(".//table") is not None:
            continue
        rows = list(table.iter("tr"))
        cells = [[cell for cell in row if cell.tag in ("td", "th")] for row in rows]
        if len(rows) != 2 or len(cells[0]) < 2 or len(cells[0]) != len(cells[1]):
            continue
        labels = [compact(cell.text_content()).rstrip("：:") for cell in cells[0]]
        if not all(LABEL_CELL.fullmatch(label) for label in labels):
            continue
        values = [compact(cell.text_content()) for cell in cells[1]]
        if any(LABEL_CELL.fullmatch(value) for value in values if value):
            continue  # two rows of labels
        holder = rows[0].getparent()
        for row in rows:
            row.getparent().remove(row)
        for label, value in zip(labels, values):
            row = etree.SubElement(holder, "tr")
            etree.SubElement(row, "th").text = label
            etree.SubElement(row, "td").text = value


def reply_field(label: str, value: str) -> str | None:
    """"label：value" when the pair is a field of the reply itself (签发人, 提案编号, 办理类别：C, 联系人), as the parser
    reads it; None for anything else, a catalogue field of the page among them."""
    from indexer.parse import is_field_cell_pair

    if not value or not is_field_cell_pair(label, value):
        return None
    return f"{label.rstrip('：:')}：{value}"


def take_metadata(root) -> tuple[dict[str, str], list[str]]:
    """The hints of the page's metadata table and its rows that give them ("文号：浙交建〔2024〕58号",
    label and value as the page writes them); the table is removed from the page. A catalogue may also
    carry fields of the reply itself (签发人, 提案编号, 提案人, 办理类别：C): their rows are kept for the parser too."""
    from indexer.parse import KEY_VALUE

    pieces = text_pieces(root)
    found: dict[str, str] = {}
    rows: dict[str, str] = {}
    fields: list[tuple[object, str]] = []  # the reply's own field rows (签发人：王某, 办理类别：C) and their cells
    holders = []
    covered = 0  # characters of label and value text: the table is little else
    for index, (owner, text) in enumerate(pieces):
        flat = compact(text)
        following = compact(pieces[index + 1][1]) if index + 1 < len(pieces) else ""
        cell = LABEL_CELL.fullmatch(flat)
        matches = [cell] if cell else list(LABEL.finditer(flat))
        if len(flat) > 80:
            continue
        if not matches or matches[0].start() != 0 or all(
                match.group(1) not in META_LABELS and match.group(1) not in OTHER_META_LABELS for match in matches):
            # A field of the reply alone never makes a catalogue (a field table of the reply holds them too): it
            # is kept only when the catalogue around it is dropped.
            key_value = KEY_VALUE.match(flat)
            row = reply_field(*key_value.groups()) if key_value and key_value.group(2) else reply_field(flat, following)
            if row:
                fields.append((owner, row))
            continue
        holders.append(owner)
        covered += len(flat)
        for number, match in enumerate(matches):
            end = matches[number + 1].start() if number + 1 < len(matches) else len(flat)
            value = flat[match.end():end]
            if not value and number + 1 == len(matches) and index + 1 < len(pieces):
                if not LABEL.match(following) and not LABEL_CELL.fullmatch(following):
                    value = following
                    covered += len(following)
            field = META_LABELS.get(match.group(1))
            if field and value and field not in found:
                found[field] = value
                rows[field] = f"{match.group(1)}：{value}"
    if len(holders) < 2:  # one "文号：" is a sentence of the text, not a metadata table
        return {}, []
    table = common_ancestor(holders)
    kept = []
    if table is not None and table.tag not in ("body", "html") and len(compact(table.text_content())) <= 1.5 * (
            covered + sum(len(row) for owner, row in fields if any(node is table for node in owner.iterancestors()))) + 40:
        kept = [row for owner, row in fields if any(node is table for node in owner.iterancestors())]
        table.drop_tree()
    else:  # the labels are spread over the page layout: drop each one's row
        for owner in holders:
            row = enclosing_block(owner, 120)
            if row.getparent() is not None and row.tag not in ("body", "html"):
                row.drop_tree()
    if "date" in found:
        date = iso_date(found["date"])
        if date:
            found["date"] = date
        else:
            del found["date"]
    return found, [*(row for field, row in rows.items() if field in found), *kept]


def table_rows(table) -> list[list[str]]:
    """A table's rows as the text of their non-empty cells."""
    rows = [[compact(cell.text_content()) for cell in row if cell.tag in ("td", "th")] for row in table.iter("tr")]
    return [cells for cells in ([cell for cell in row if cell] for row in rows) if cells]


def take_field_table(root) -> list[str]:
    """The reply's own header fields set as a table of label and value cells (提案号 | 056 | 办理类别 | A,
    <th>办理结果</th><td>B类</td>), as "label：value" lines; the table is removed from the page. Only a
    table that is nothing but such pairs counts: a data table of the reply's body stays where it is.
    A table holding a closing field (联系人 | 王某 | 联系电话 | 0812-…, 抄送) is put back where it stands as a
    line per field: the contact under the date is a closing line, not a header line."""
    from lxml import etree

    from indexer.parse import is_closing_label, table_fields

    lines = []
    for table in list(root.iter("table")):
        if table.getparent() is None or table.find(".//table") is not None:
            continue
        rows = table_fields(table_rows(table))
        if rows is None:
            continue
        pairs = [f"{label.rstrip('：:')}：{value}" for row in rows for label, value in row]
        if any(is_closing_label(label.rstrip("：:")) for row in rows for label, _ in row):
            anchor = table
            for line in pairs:
                anchor.addnext(paragraph := etree.Element("p"))
                paragraph.text, anchor = line, paragraph
        else:
            lines += pairs
        table.drop_tree()
    return lines


def drop_page_tools(root) -> None:
    """Drop the page tools (打印本页, 分享到…), the breadcrumb (当前位置：首页 > …) and the link bars of
    the site's navigation (首页 | 政务公开 | …): short blocks without a sentence, that readability keeps
    when the reply is set in <div>s or <br> lines rather than paragraphs."""
    for owner, text in text_pieces(root):
        if any(tool in compact(text) for tool in PAGE_TOOLS) or HIT_COUNTER.search(compact(text)):
            block = enclosing_block(owner, TOOL_BLOCK_CHARS)
            if REPLY_TITLE.search(block.text_content()):
                block = owner  # an info bar set under the title, in the title's block: the bar alone goes
            if block.getparent() is not None and block.tag not in ("body", "html") and "。" not in block.text_content():
                block.drop_tree()
    for link in list(root.iter("a")):
        if link.getparent() is None or not compact(link.text_content()):
            continue
        block = enclosing_block(link, TOOL_BLOCK_CHARS)
        if block.getparent() is not None and block.tag not in ("body", "html") and link_share(block) >= NAVIGATION_LINKS:
            block.drop_tree()


def page_title(root) -> str | None:
    """The reply's title as the page shows it: a heading, a block classed as the title, or <title>."""
    candidates = [*root.iter("h1", "h2"), *root.xpath("//body//*[contains(@class, 'title')]"), *root.iter("title")]
    for element in candidates:
        # <title> carries the site after the page: 标题_栏目_网站 or 标题 - 网站.
        title = re.split(r"\s*[_|｜]\s*|\s+-\s+", element.text_content().strip())[0].strip()
        if REPLY_TITLE.search(title) and len(title) <= 80:
            return title
    return None


def drop_title(root) -> str | None:
    """Take the page's title heading out of the page; the title."""
    title = page_title(root)
    headings = [*root.iter("h1", "h2"), *root.xpath("//body//*[contains(@class, 'title')]")]
    for heading in headings:
        if title and compact(heading.text_content()) == compact(title) and heading.getparent() is not None:
            heading.drop_tree()
    return title


def link_share(element) -> float:
    text = len(compact(element.text_content()))
    links = sum(len(compact(a.text_content())) for a in element.iter("a"))
    return links / text if text else 1.0


def document_links(root) -> list[str]:
    """Names of the reply files a page links to (.pdf, .doc, .docx, .wps, .ofd)."""
    names = []
    for link in root.iter("a"):
        target = (link.get("href") or "").split("?")[0]
        if DOCUMENT_FILE.search(target):
            name = " ".join(link.text_content().split()) or target.rsplit("/", 1)[-1]
            if name not in names:
                names.append(name)
    return names


# href="…/P020240612.pdf", href='附件.docx?t=1': the file names a page links to as documents.
DOCUMENT_HREF = re.compile(rf"""href\s*=\s*["']?([^"'\s>]+?\.(?:{DOCUMENT_KINDS}))(?:[?#][^"'\s>]*)?["'\s>]""".encode(),
                           re.IGNORECASE)


class AttachedReply(ReadError):
    """A page whose reply is a file it links to (many sites post the reply as a PDF or Word file)."""

    def __init__(self, names: list[str]) -> None:
        super().__init__(f"网页中没有答复正文，答复在附件中：{'、'.join(names[:3])}；请下载附件后索引 "
                         "(the reply is a file attached to this page: download it and index that)")
        self.names = names


# <img src="P020240612_1.jpg">: the pictures a page shows, in page order.
IMAGE_SRC = re.compile(rb"""<img\b[^>]*?\bsrc\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)


def image_sources(data: bytes) -> list[str]:
    """The addresses of the pictures a page shows, in page order, each once."""
    from urllib.parse import unquote

    found = []
    for src in IMAGE_SRC.findall(data):
        address = unquote(src.decode("utf-8", "replace")).split("?")[0].split("#")[0]
        if address and not address.startswith("data:") and address not in found:
            found.append(address)
    return found


def linked_file_names(data: bytes) -> list[str]:
    """The names of the document files a page links to (its attachments), as saved beside it."""
    from urllib.parse import unquote

    names = []
    for href in DOCUMENT_HREF.findall(data):
        name = unquote(href.decode("utf-8", "replace")).rsplit("/", 1)[-1]
        if name not in names:
            names.append(name)
    return names


def page_hints(data: bytes) -> dict[str, str]:
    """The catalogue fields of a page's metadata table (索引号, 发布机构, 成文日期, 文号), whether or not
    the page holds the reply's text."""
    from lxml import html as lxml_html

    page, _ = decode_html(data)
    try:
        root = lxml_html.document_fromstring(page)
        pair_label_rows(root)
        return take_metadata(root)[0]
    except Exception:  # lxml refuses a page with no elements at all
        return {}


BOLD_TAGS = ("strong", "b")
BOLD_STYLE = re.compile(r"font-weight\s*:\s*(?:bold|[6-9]00)", re.IGNORECASE)


def is_bold(element) -> bool:
    return element.tag in BOLD_TAGS or bool(BOLD_STYLE.search(element.get("style") or ""))


def split_run_in_heads(root) -> None:
    """A paragraph opened by a bold topic sentence run in before its text (<p><strong>关于X。</strong>我局…)
    gets a line break after the heading, its stop dropped (indexer.formats.run_in_heading)."""
    for paragraph in root.iter("p", "div", "li"):
        first = next(paragraph.iterchildren(), None)
        if first is None or not isinstance(first.tag, str) or not is_bold(first) or (paragraph.text or "").strip():
            continue
        plain = (first.tail or "") + "".join(sibling.text_content() + (sibling.tail or "") for sibling in first.itersiblings())
        bold = first.text_content()
        split = run_in_heading(bold, plain)
        if split is None:
            continue
        for child in list(first):
            first.remove(child)
        first.text = split[0]
        tail = (first.tail or "").lstrip()
        first.tail = None
        if not bold.strip().endswith(tuple(RUN_IN_HEAD_END)):  # the stop was set in plain type
            tail = tail[1:]
        line_break = first.makeelement("br", {})
        line_break.tail = tail
        first.addnext(line_break)


def render(content_html: str) -> str:
    from inscriptis import get_text
    from inscriptis.model.config import ParserConfig

    text = get_text(content_html, ParserConfig(table_cell_separator="  "))
    lines = (re.sub(r"[ \t\xa0\u3000]{2,}", "  ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def extract_reply(page: str, continuation: bool = False) -> Extracted:
    """The reply in a decoded page: text a paragraph a line, and hints from its metadata table. A
    `continuation` page (page 2, 3… of an article, indexer.pages) may hold only the closing lines,
    so it is not held to what a reply's page must show."""
    from lxml import html as lxml_html
    from readability import Document

    page = join_source_lines(page)
    try:
        root = lxml_html.document_fromstring(page)
    except Exception as error:  # lxml refuses a page with no elements at all
        raise ReadError(f"{NO_REPLY}：{error}") from error
    pair_label_rows(root)
    hints, rows = take_metadata(root)
    rows += take_field_table(root)
    attachments = document_links(root)  # before the link bars go: a link to the reply file is one
    drop_page_tools(root)
    title = drop_title(root)  # put back above the text below when the text has no title of its own
    split_run_in_heads(root)
    cleaned = lxml_html.tostring(root, encoding="unicode")
    try:
        content = Document(cleaned).summary(html_partial=True)
    except Exception as error:  # readability raises Unparseable on pages with no text blocks
        raise ReadError(f"{NO_REPLY}：{error}") from error
    selected = lxml_html.fragment_fromstring(content, create_parent="div")
    text = render(content)
    body = compact(text)
    if continuation:
        return Extracted(text=text, encoding="", hints=hints)
    if link_share(selected) > 0.5 or not SENTENCE_END.search(body) or len(re.findall(f"[{HAN}]", body)) < 50:
        if attachments:  # many sites put the reply itself in an attached file
            raise AttachedReply(attachments)
        raise ReadError(NO_REPLY)
    lines = text.split("\n")
    if title and not any(TITLE_LINE_END.search(line) for line in lines[:12]):
        lines.insert(0, title)  # the page shows the title above the text only
    # The table's rows open the text as header lines: a field the text itself never writes (文号) is
    # then written somewhere a citation can open and highlight.
    return Extracted(text="\n".join([*rows, *lines]), encoding="", hints=hints)


def parse_page(data: bytes):
    from lxml import html as lxml_html

    page, _ = decode_html(data)
    return lxml_html.document_fromstring(join_source_lines(page))


def container_path(data: bytes, reply_text: str) -> list[tuple[str, str, str]]:
    """Where a page keeps its reply: the (tag, id, class) of each element from the root down to the
    one that holds every piece of the reply's text. Pages of one site share it."""
    root = parse_page(data)
    reply = compact(reply_text)
    owners = [owner for owner, text in text_pieces(root) if len(compact(text)) >= 6 and compact(text) in reply]
    if not owners:
        return []
    container = common_ancestor(owners)
    return [(str(e.tag), e.get("id") or "", e.get("class") or "")
            for e in [*reversed(list(container.iterancestors())), container]]


def read_continuation(data: bytes, path: list[tuple[str, str, str]]) -> str:
    """The text of page 2, 3… of an article (indexer.pages), from the element where its first page
    keeps the reply (`container_path`). Such a page may hold only a signature and a date, too little
    for readability to tell it from the site's frame; without that element, readability picks."""
    from lxml import html as lxml_html

    root = parse_page(data)
    drop_title(root)  # sites repeat it above every page
    found = root if path and (str(root.tag), root.get("id") or "", root.get("class") or "") == path[0] else None
    for step in path[1:]:
        if found is None:
            break
        found = next((child for child in found if (str(child.tag), child.get("id") or "", child.get("class") or "")
                      == step), None)
    if found is None:
        return extract_reply(lxml_html.tostring(root, encoding="unicode"), continuation=True).text
    for element in found.xpath(".//script | .//style"):
        element.drop_tree()
    drop_page_tools(found)
    text = render(lxml_html.tostring(found, encoding="unicode"))
    return "\n".join(line for line in text.split("\n") if not PAGER_LINE.match(line))


def read_html(data: bytes, continuation: bool = False) -> Extracted:
    page, encoding = decode_html(data)
    reply = extract_reply(page, continuation)
    notes = ()
    if not re.search(rb"</(?:html|body)\s*>", data, re.IGNORECASE):
        notes = ("网页不完整（没有 </html> 结尾），可能下载时被截断：已按现有内容索引 (the page looks cut short; what it has is indexed)",)
    return Extracted(text=reply.text, encoding=f"html ({encoding})", hints=reply.hints, notes=notes)
