"""The self-checks of the hand-written evaluation sets (eval/data/fresh*/check.py), in one place: a reader for
every reply format the sets use and the checks every set runs on its golden files, questions and dialogues.

Each set's check.py names the readers of its formats, runs `common_problems` and adds the checks only it has.
Nothing here uses Dafu's readers or parser: the data is checked against what a person reading the file sees,
not against the code it measures. Standard library only, except RTF (striprtf from the project venv, or
LibreOffice's `soffice`). Run a check as `.venv/bin/python eval/data/<set>/check.py`.
"""

from __future__ import annotations

import email
import html
import json
import re
import struct
import subprocess
import tempfile
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from email import policy
from pathlib import Path

Reader = Callable[[Path], str]

LAYOUT = frozenset({".pdf", ".ofd"})  # formats whose lines are layout wraps, not paragraphs
META_VALUES = ("agency", "doc_number", "session", "addressee", "category", "signer")
CHINESE_COUNTING = "一二三四五六七八九十"
BLOCK_TAGS = r"p|div|tr|td|th|li|dt|dd|h1|h2|h3|h4|table|ul|dl|section|article|header|footer|nav|br"


# --- Readers: the visible text of a reply file, one paragraph (or layout line) per line ---------------------

def text_file(path: Path) -> str:
    """.txt: UTF-16 with a byte-order mark (Windows Notepad's "Unicode"), UTF-8 with or without a mark, else GBK
    (decoded as GB18030, its superset); CRLF line ends become LF."""
    raw = path.read_bytes()
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = raw.decode("utf-16")
    else:
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = raw.decode("gb18030")
    return text.replace("\r\n", "\n")


def declared_charset(raw: bytes, window: int) -> str:
    """The charset a page declares in its first bytes; gb2312 and gbk are decoded as GB18030 (their
    superset), as browsers do."""
    charset = re.search(rb'charset=["\']?([\w-]+)', raw[:window]).group(1).decode()
    return "gb18030" if charset.lower() in ("gb2312", "gbk") else charset


def page_with_spaces(path: Path) -> str:
    """A web page with head, script and style blocks dropped (in any letter case), every tag a space, and a
    block end or <br> a paragraph break; non-breaking spaces as spaces."""
    raw = path.read_bytes()
    page = raw.decode(declared_charset(raw, 2000))
    page = re.sub(r"<(/?)(head|script|style)\b", lambda m: "<" + m.group(1) + m.group(2).lower(), page, flags=re.I)
    page = re.sub(r"<(head|script|style)[^>]*>.*?</\1>", "", page, flags=re.S)
    page = re.sub(r"<br\s*/?>|</(p|tr|h1|h2|h3|div|li|dt|dd)>", "\n\n", page)
    return html.unescape(re.sub(r"<[^>]+>", " ", page)).replace("\xa0", " ")


def page_lines(raw: bytes) -> str:
    """A web page (the bytes of an .htm/.html file or of an .mht's html part) with head, script, style and
    comments dropped (Word's `<!--[if gte mso 9]>` blocks), block tags ending a line and inline tags removed
    without a space (Word puts every run of digits in its own `<span lang=EN-US>`)."""
    text = raw.decode(declared_charset(raw, 3000))
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    text = re.sub(r"<(head|script|style)\b[^>]*>.*?</\1\s*>", "", text, flags=re.S | re.I)
    text = re.sub(rf"</?(?:{BLOCK_TAGS})\b[^>]*>", "\n", text, flags=re.I)
    text = re.sub(r"<[^>]+>", "", text)
    text = html.unescape(text).replace("\xa0", " ")
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def page_file(path: Path) -> str:
    """An .htm/.html page read by `page_lines`."""
    return page_lines(path.read_bytes())


def mht_page(path: Path) -> str:
    """.mht (a page saved as one file): its text/html part, quoted-printable decoded, read by `page_lines`."""
    message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
    for part in message.walk():
        if part.get_content_type() == "text/html":
            return page_lines(part.get_payload(decode=True))
    raise ValueError(f"{path.name}: no text/html part")


def docx_paragraphs(path: Path) -> str:
    """.docx: the text runs of every paragraph and table cell in document order (list numbers, which Word
    draws, are not in the text)."""
    xml = zipfile.ZipFile(path).read("word/document.xml").decode("utf-8")
    paragraphs = re.findall(r"<w:p[ >].*?</w:p>", xml, re.S)
    return "\n\n".join("".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", p)) for p in paragraphs)


def docx_numbered(path: Path) -> str:
    """.docx as `docx_paragraphs`, with the marker Word shows before a paragraph of an automatically numbered
    list (`chineseCounting` with `%1、` → 一、二、…; decimal → 1. 2. …)."""
    archive = zipfile.ZipFile(path)
    xml = archive.read("word/document.xml").decode("utf-8")
    formats: dict[str, tuple[str, str]] = {}
    if "word/numbering.xml" in archive.namelist():
        numbering = archive.read("word/numbering.xml").decode("utf-8")
        abstract = {}
        for a in re.findall(r"<w:abstractNum\b.*?</w:abstractNum>", numbering, re.S):
            ident = re.search(r'w:abstractNumId="(\d+)"', a).group(1)
            level = re.search(r'<w:lvl w:ilvl="0".*?</w:lvl>', a, re.S)
            if level:
                fmt = re.search(r'<w:numFmt w:val="(\w+)"', level.group(0))
                text = re.search(r'<w:lvlText w:val="([^"]*)"', level.group(0))
                abstract[ident] = (fmt.group(1) if fmt else "decimal", text.group(1) if text else "%1.")
        for num, ident in re.findall(r'<w:num w:numId="(\d+)"[^>]*>\s*<w:abstractNumId w:val="(\d+)"', numbering):
            if ident in abstract:
                formats[num] = abstract[ident]
    counters: dict[str, int] = {}
    lines = []
    for p in re.findall(r"<w:p[ >].*?</w:p>", xml, re.S):
        text = "".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", p))
        num = re.search(r'<w:numPr>.*?<w:numId w:val="(\d+)"', p, re.S)
        if num and num.group(1) in formats:
            counters[num.group(1)] = counters.get(num.group(1), 0) + 1
            fmt, marker = formats[num.group(1)]
            n = counters[num.group(1)]
            text = marker.replace("%1", CHINESE_COUNTING[n - 1] if fmt == "chineseCounting" else str(n)) + text
        lines.append(text)
    return "\n\n".join(lines)


def word97_text(path: Path) -> str:
    """.doc: a Word 97 file written by LibreOffice keeps its text as one UTF-16LE run, paragraphs ended by \\r."""
    return path.read_bytes().decode("utf-16-le", "replace").replace("\r", "\n")


def pdf_lines(path: Path) -> str:
    """The text layer of a simple (LibreOffice) PDF: each content stream's strings decoded through their
    font's ToUnicode map, a new line whenever the baseline moves. Word wraps are line breaks here."""
    raw = path.read_bytes()
    objects = {int(m.group(1)): m.group(2) for m in re.finditer(rb"(\d+) 0 obj(.*?)endobj", raw, re.S)}

    def stream(number: int) -> bytes:
        body = objects[number]
        m = re.search(rb"stream\r?\n(.*?)\r?\nendstream", body, re.S)
        return zlib.decompress(m.group(1)) if b"FlateDecode" in body[: m.start()] else m.group(1)

    def cmap(number: int) -> dict[str, str]:
        table, text = {}, stream(number)
        for block in re.findall(rb"beginbfchar(.*?)endbfchar", text, re.S):
            for code, uni in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
                table[code.decode().upper()] = bytes.fromhex(uni.decode()).decode("utf-16-be")
        for block in re.findall(rb"beginbfrange(.*?)endbfrange", text, re.S):
            for lo, hi, start in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
                for i in range(int(lo, 16), int(hi, 16) + 1):
                    table["%0*X" % (len(lo), i)] = chr(int(start, 16) + i - int(lo, 16))
        return table

    fonts: dict[str, dict[str, str]] = {}
    for body in objects.values():
        for name, number in re.findall(rb"/(F\d+) (\d+) 0 R", body):
            unicode_map = re.search(rb"/ToUnicode (\d+) 0 R", objects.get(int(number), b""))
            if unicode_map:
                fonts[name.decode()] = cmap(int(unicode_map.group(1)))
    pages = re.search(rb"/Type/Pages.*?/Kids\s*\[([^\]]*)\]", raw, re.S).group(1)
    lines: list[str] = []
    for page in re.findall(rb"(\d+) 0 R", pages):
        contents = re.search(rb"/Contents (\d+) 0 R", objects[int(page)]).group(1)
        font, y, line = {}, None, ""
        for m in re.finditer(rb"[\d.]+ ([\d.]+) Td|/(F\d+) [\d.]+ Tf|<([0-9A-Fa-f]*)>\s*Tj|\[(.*?)\]\s*TJ",
                             stream(int(contents)), re.S):
            if m.group(1) is not None:
                if m.group(1) != y and line:
                    lines.append(line)
                    line = ""
                y = m.group(1)
            elif m.group(2):
                font = fonts[m.group(2).decode()]
            else:
                hexes = [m.group(3)] if m.group(3) is not None else re.findall(rb"<([0-9A-Fa-f]*)>", m.group(4))
                width = len(next(iter(font))) if font else 2
                for h in hexes:
                    h = h.decode().upper()
                    line += "".join(font.get(h[i : i + width], "") for i in range(0, len(h), width))
        if line:
            lines.append(line)
    return "\n".join(lines)


def is_scan(raw: bytes) -> bool:
    """A whole PDF whose pages hold pictures and no text: no font resources, no text objects."""
    return raw.startswith(b"%PDF") and raw.rstrip().endswith(b"%%EOF") and b"/Font" not in raw and b"/Image" in raw


def scan_source(path: Path) -> str:
    """A scan (PNG, image-only PDF) is checked against the paragraphs of the .docx it was rendered from, kept
    beside it as `<name>.source.json` (a .json file, so no reader and no eval run takes it for a reply)."""
    source = json.loads(path.with_name(path.stem + ".source.json").read_text(encoding="utf-8"))
    return "\n".join(source["paragraphs"])


def pdf_text_or_scan(path: Path) -> str:
    """A PDF's text layer, or for an image-only scan the paragraphs it was rendered from."""
    return scan_source(path) if is_scan(path.read_bytes()) else pdf_lines(path)


def ofd_lines(path: Path) -> str:
    """OFD: the TextCode runs of each page's Content.xml, pages in order, one TextObject a line (easyofd writes
    numbers apart from the characters around them, "2021 年": ASCII spaces are dropped)."""
    archive = zipfile.ZipFile(path)
    pages = sorted((n for n in archive.namelist() if re.search(r"Pages/Page_\d+/Content\.xml$", n)),
                   key=lambda n: int(re.search(r"Page_(\d+)", n).group(1)))
    lines: list[str] = []
    for page in pages:
        xml = archive.read(page).decode("utf-8")
        for obj in re.findall(r"<(?:\w+:)?TextObject\b.*?</(?:\w+:)?TextObject>", xml, re.S):
            text = "".join(re.findall(r"<(?:\w+:)?TextCode\b[^>]*>([^<]*)</(?:\w+:)?TextCode>", obj))
            lines.append(text.replace(" ", ""))
    return "\n".join(lines)


def odt_text(path: Path) -> str:
    """ODT (LibreOffice): the text:p and text:h elements of content.xml, one a line, with <text:s/> as a space,
    <text:tab/> as a tab and <text:line-break/> as a new line."""
    xml = zipfile.ZipFile(path).read("content.xml").decode("utf-8")
    body = xml[xml.find("<office:body"):]
    lines: list[str] = []
    for m in re.finditer(r"<text:(p|h)\b[^>]*?(?:/>|>(.*?)</text:\1>)", body, re.S):
        inner = m.group(2) or ""
        inner = re.sub(r"<text:s(?: text:c=\"(\d+)\")?\s*/>", lambda s: " " * int(s.group(1) or 1), inner)
        inner = re.sub(r"<text:tab\s*/>", "\t", inner)
        inner = re.sub(r"<text:line-break\s*/>", "\n", inner)
        lines.append(html.unescape(re.sub(r"<[^>]+>", "", inner)))
    return "\n".join(lines)


def rtf_striprtf(path: Path) -> str:
    """RTF through striprtf (in the project venv)."""
    from striprtf.striprtf import rtf_to_text

    return rtf_to_text(path.read_text(encoding="ascii", errors="replace"))


def rtf_soffice(path: Path) -> str:
    """RTF converted to UTF-8 text by LibreOffice (`soffice --headless --convert-to txt`) in a temporary folder."""
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{folder}/profile", "--convert-to",
                        "txt:Text (encoded):UTF8", "--outdir", folder, str(path)], check=True, capture_output=True)
        return (Path(folder) / (path.stem + ".txt")).read_text(encoding="utf-8-sig").replace("\r\n", "\n")


def markdown_text(path: Path) -> str:
    """A Markdown export as a reader of the rendered page sees it: `#` marks at the start of a line, `**` bold
    marks and `---` rules dropped."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return "\n".join(re.sub(r"^#+\s*", "", line).replace("**", "") for line in lines if line.strip() != "---")


def png_is_whole(path: Path) -> bool:
    """The PNG has its signature, a width, and image data that inflates up to its IEND chunk."""
    raw = path.read_bytes()
    if raw[:8] != b"\x89PNG\r\n\x1a\n":
        return False
    pos, data, width = 8, b"", 0
    while pos < len(raw):
        length, kind = struct.unpack(">I4s", raw[pos : pos + 8])
        body = raw[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            width = struct.unpack(">I", body[:4])[0]
        elif kind == b"IDAT":
            data += body
        elif kind == b"IEND":
            return width > 0 and len(zlib.decompress(data)) > 0
        pos += 12 + length
    return False


# The reader of each format unless a set names another (fresh5 and fresh6 read pages with `page_file`, fresh6
# reads .docx with `docx_numbered` and RTF with `rtf_soffice`, their PDFs may be scans: `pdf_text_or_scan`).
READERS: dict[str, Reader] = {
    ".txt": text_file, ".html": page_with_spaces, ".docx": docx_paragraphs, ".pdf": pdf_lines, ".doc": word97_text,
    ".rtf": rtf_striprtf, ".ofd": ofd_lines, ".png": scan_source, ".md": markdown_text, ".odt": odt_text,
}


def readers(*suffixes: str, **others: Reader) -> dict[str, Reader]:
    """The readers of a set's formats: the usual reader of each suffix, and `others` by suffix without its dot
    (`html=page_file`) where the set reads a format differently."""
    chosen = {suffix: READERS[suffix] for suffix in suffixes}
    return chosen | {"." + suffix: reader for suffix, reader in others.items()}


# --- One set's folder as its check sees it -------------------------------------------------------------------

class EvalSet:
    """A set's replies (read by the readers of its formats), their goldens, its questions and dialogues.

    `text` is each reply's visible text; `flat` is what values, anchors and expected strings are looked for in:
    the text itself, or for layout formats (PDF, OFD) the lines joined again, since a wrapped line is not a
    paragraph break. With `spaceless_layout` ASCII spaces are dropped there too (LibreOffice and easyofd write
    `2017 年`; such a set writes its values and anchors without them) and a heading may wrap onto the next lines.
    """

    def __init__(self, folder: Path, readers: dict[str, Reader], spaceless_layout: bool = False):
        self.folder = folder
        self.spaceless_layout = spaceless_layout
        self.files = [p for p in sorted(folder.iterdir()) if p.suffix in readers and p.name != "README.md"]
        self.text = {p.name: readers[p.suffix](p) for p in self.files}
        self.flat = {name: self.searchable(name, text) for name, text in self.text.items()}
        self.goldens: dict[str, dict] = {}
        for p in self.files:
            golden = folder / (p.stem + ".golden.json")
            if golden.exists():
                self.goldens[p.name] = json.loads(golden.read_text(encoding="utf-8"))
        self.headings = {name: [s["heading"] for s in golden["sections"]] for name, golden in self.goldens.items()}
        self.questions = rows(folder / "questions.jsonl")
        self.dialogues = rows(folder / "dialogues.jsonl")

    def searchable(self, name: str, text: str) -> str:
        if Path(name).suffix not in LAYOUT:
            return text
        text = text.replace("\n", "")
        return text.replace(" ", "") if self.spaceless_layout else text

    def lines(self, name: str) -> list[str]:
        """The reply's non-empty lines, stripped (so a CRLF's \\r or a leading tab never counts)."""
        layout = self.spaceless_layout and Path(name).suffix in LAYOUT
        lines = [line.strip().replace(" ", "") if layout else line.strip() for line in self.text[name].splitlines()]
        return [line for line in lines if line]

    def items(self) -> Iterator[tuple[str, dict]]:
        """Every question and every dialogue turn, with where it is for a problem's message."""
        for question in self.questions or []:
            yield question["id"], question
        for dialogue in self.dialogues or []:
            for n, turn in enumerate(dialogue["turns"], 1):
                yield f"{dialogue['id']} turn {n}", turn


def rows(path: Path) -> list[dict] | None:
    """The rows of a .jsonl file (blank lines skipped), None when it is missing."""
    if not path.exists():
        return None
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def folder_readers(folder: Path) -> dict[str, Reader]:
    """The READERS of a folder's own check.py, so its replies are read exactly as that set reads them."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(f"{folder.name}_check", folder / "check.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.READERS


def over_folders(folder: Path, reply_folders: list[Path]) -> EvalSet:
    """One EvalSet of `folder`'s questions (no dialogues) over the replies of other sets' folders, each read with its
    own readers: a question set that holds no replies of its own (recall, recall2)."""
    sets = [EvalSet(f, folder_readers(f)) for f in reply_folders]
    data = EvalSet.__new__(EvalSet)
    data.folder, data.spaceless_layout = folder, False
    data.files = [p for s in sets for p in s.files]
    data.text = {k: v for s in sets for k, v in s.text.items()}
    data.flat = {k: v for s in sets for k, v in s.flat.items()}
    data.goldens = {k: v for s in sets for k, v in s.goldens.items()}
    data.headings = {k: v for s in sets for k, v in s.headings.items()}
    data.questions = rows(folder / "questions.jsonl")
    data.dialogues = None
    return data


def split_problems(questions: list[dict], types: Iterable[str]) -> list[str]:
    """Every question type present has both dev and test questions."""
    problems = []
    for t in types:
        splits = {q["split"] for q in questions if q.get("type") == t}
        if splits and not {"dev", "test"} <= splits:
            problems.append(f"type {t}: needs both dev and test questions")
    return problems


# --- Checks every set runs -----------------------------------------------------------------------------------

def file_problems(data: EvalSet) -> list[str]:
    """A PDF has a text layer or is a whole scan of page pictures; a PNG scan is a whole PNG."""
    problems = []
    for p in data.files:
        if p.suffix == ".pdf":
            raw = p.read_bytes()
            if b"/Font" not in raw and not is_scan(raw):
                problems.append(f"{p.name}: a PDF with neither text nor whole page images")
        if p.suffix == ".png" and not png_is_whole(p):
            problems.append(f"{p.name}: not a whole PNG")
    return problems


def opens_line(lines: list[str], i: int, heading: str, ends: tuple[str, ...], wrapped: bool) -> bool:
    """The heading is line i as written, or runs on into its text ending at one of `ends` (a run-on heading
    ends at its first full stop); when `wrapped` (layout lines) it may go on over the next two lines, ending at
    a line end or at one of `ends`."""
    if not wrapped:
        return lines[i] == heading or any(lines[i].startswith(heading + end) for end in ends)
    text, breaks = "", set()
    for line in lines[i : i + 3]:
        text += line
        breaks.add(len(text))
    return text.startswith(heading) and (len(heading) in breaks or text[len(heading) :].startswith(ends))


def golden_problems(data: EvalSet, heading_ends: tuple[str, ...] = ("。",)) -> list[str]:
    """Every reply has a golden; every golden value (agency, document number, session, addressee, category,
    signer, proposal numbers, proposers, cc, contact) occurs in its reply; the date is ISO; category and
    resolution (A, B or C) are both set or both null; section ids are unique; every heading opens exactly one
    line; every golden has its reply."""
    problems = []
    for name in data.text:
        if name not in data.goldens:
            problems.append(f"{name}: no golden file")
            continue
        golden = data.goldens[name]
        meta = golden["meta"]
        values = [meta[k] for k in META_VALUES]
        values += meta["proposal_numbers"] + meta["proposers"] + meta["cc"] + list(meta["contact"].values())
        problems += [f"{name}: golden value {v!r} not in the text" for v in values if v and v not in data.flat[name]]
        if (meta["category"] is None) != (meta["resolution"] is None):
            problems.append(f"{name}: category and resolution must both be set or both be null")
        if meta["resolution"] not in (None, "A", "B", "C"):
            problems.append(f"{name}: resolution {meta['resolution']!r} is not A, B or C")
        if not re.fullmatch(r"\d{4}-\d\d-\d\d", meta["date"] or ""):
            problems.append(f"{name}: date {meta['date']!r} is not ISO")
        ids = [s["section_id"] for s in golden["sections"]]
        problems += [f"{name}: section id {i} used twice" for i in sorted({i for i in ids if ids.count(i) > 1})]
        lines = data.lines(name)
        wrapped = data.spaceless_layout and Path(name).suffix in LAYOUT
        for h in data.headings[name]:
            if sum(opens_line(lines, i, h, heading_ends, wrapped) for i in range(len(lines))) != 1:
                problems.append(f"{name}: heading {h!r} does not open exactly one line")
    replies = {Path(name).stem for name in data.text}
    problems += [f"{p.name}: no reply beside it" for p in sorted(data.folder.glob("*.golden.json"))
                 if p.name.removesuffix(".golden.json") not in replies]
    return problems


def item_problems(data: EvalSet) -> list[str]:
    """For every question and dialogue turn: each gold file is a reply here and its anchor occurs exactly once,
    outside the reply's headings; each expected string occurs in a gold reply; an unanswerable item has no gold
    and no expect, an answerable one has gold; must_not_cite names replies here. The n-th expected string of a
    `multi` question occurs in its n-th gold reply, one string per gold reply and two gold replies or more."""
    problems = []
    for where, item in data.items():
        for gold in item["gold"]:
            if gold["file"] not in data.flat:
                problems.append(f"{where}: gold file {gold['file']} is not a reply here")
                continue
            text, anchor = data.flat[gold["file"]], gold.get("anchor")
            if anchor is not None and (text.count(anchor) != 1
                                       or any(anchor in h for h in data.headings.get(gold["file"], []))):
                problems.append(f"{where}: anchor {anchor!r} not exactly once outside headings of {gold['file']}")
        for expected in item["expect"]:
            if not any(expected in data.flat.get(g["file"], "") for g in item["gold"]):
                problems.append(f"{where}: expected {expected!r} in none of its gold files")
        if not item["answerable"] and (item["gold"] or item["expect"]):
            problems.append(f"{where}: unanswerable with gold or expect")
        if item["answerable"] and not item["gold"]:
            problems.append(f"{where}: answerable without gold")
        for name in item.get("must_not_cite", []):
            if name not in data.flat:
                problems.append(f"{where}: must_not_cite {name} is not a reply here")
    for question in data.questions or []:
        if question["type"] != "multi":
            continue
        if len(question["gold"]) < 2 or len(question["expect"]) != len(question["gold"]):
            problems.append(f"{question['id']}: a multi question needs two gold replies or more, one expected "
                            "string per gold reply")
        for expected, gold in zip(question["expect"], question["gold"]):
            if expected not in data.flat.get(gold["file"], ""):
                problems.append(f"{question['id']}: {expected!r} not in {gold['file']}")
    return problems


def id_problems(data: EvalSet) -> list[str]:
    """questions.jsonl and dialogues.jsonl exist; ids are unique, every question and dialogue is marked dev or
    test, and both splits occur; a dialogue has two to four turns."""
    problems = []
    for path, items in (("questions.jsonl", data.questions), ("dialogues.jsonl", data.dialogues)):
        if items is None:
            problems.append(f"{path} is missing")
            continue
        ids = [row["id"] for row in items]
        problems += [f"{path}: id {i} used twice" for i in sorted({i for i in ids if ids.count(i) > 1})]
        problems += [f"{path}: {row['id']} has split {row.get('split')!r}" for row in items
                     if row.get("split") not in ("dev", "test")]
        if not {"dev", "test"} <= {row.get("split") for row in items}:
            problems.append(f"{path}: needs both dev and test items")
    problems += [f"{d['id']}: {len(d['turns'])} turns, not two to four" for d in data.dialogues or []
                 if not 2 <= len(d["turns"]) <= 4]
    return problems


def common_problems(data: EvalSet, heading_ends: tuple[str, ...] = ("。",)) -> list[str]:
    """Every check all sets share: files, goldens, questions and dialogue turns, ids and splits."""
    return file_problems(data) + golden_problems(data, heading_ends) + item_problems(data) + id_problems(data)


# --- Checks some sets add ------------------------------------------------------------------------------------

def kind_problems(data: EvalSet) -> list[str]:
    """reply_kind and proposal_kind take the values agreed for fresh5 and fresh6 (答复/会办意见, 提案/建议)."""
    return [f"{name}: reply_kind or proposal_kind not one of the agreed values"
            for name, golden in data.goldens.items()
            if golden["meta"]["reply_kind"] not in ("答复", "会办意见")
            or golden["meta"]["proposal_kind"] not in ("提案", "建议")]


def body_problems(data: EvalSet, bounds: tuple[int, int] = (800, 2000),
                  closing: tuple[str, ...] = ("感谢",), openings: dict[str, str] | None = None) -> list[str]:
    """Every reply's body, from the addressee line through the line opening one of `closing`, is `bounds` characters
    long without spaces (the length the sets from fresh14 on agreed, so that a reply is neither a stub nor a book).
    `openings` names, by file, the line a body opens with where no addressee line comes first (a report whose 主送
    follows the body)."""
    problems = []
    for name in data.text:
        lines = data.lines(name)
        addressee = data.goldens.get(name, {}).get("meta", {}).get("addressee")
        opening = (openings or {}).get(name) or (addressee and addressee + "：")
        start = next((i for i, line in enumerate(lines) if opening and line.startswith(opening)), None)
        end = next((i for i, line in enumerate(lines) if line.startswith(closing)), None)
        if start is None or end is None or end < start:
            problems.append(f"{name}: no addressee line or no closing thanks to measure the body by")
            continue
        length = len(re.sub(r"\s", "", "".join(lines[start : end + 1])))
        if not bounds[0] <= length <= bounds[1]:
            problems.append(f"{name}: body of {length} characters, not {bounds[0]}–{bounds[1]}")
    return problems


def report(problems: list[str], data: EvalSet) -> int:
    """Print the problems (or one ok line) and return the exit status: 1 when there is a problem."""
    print("\n".join(problems) or f"ok: {len(data.text)} replies, questions and dialogues consistent")
    return 1 if problems else 0


def run(folder: Path, readers: dict[str, Reader], heading_ends: tuple[str, ...] = ("。",), *, kinds: bool = False,
        body: tuple[int, int] | None = None, closing: tuple[str, ...] = ("感谢",),
        openings: dict[str, str] | None = None, spaceless_layout: bool = False) -> int:
    """A set's whole check: read, run the common checks and the ones the set adds (`kinds`: kind_problems; `body`:
    body_problems with these bounds and closing lines), print, and return the exit status."""
    data = EvalSet(folder, readers, spaceless_layout=spaceless_layout)
    problems = common_problems(data, heading_ends)
    if kinds:
        problems += kind_problems(data)
    if body:
        problems += body_problems(data, body, closing, openings)
    return report(problems, data)


# The near-miss kinds of an in-domain unanswerable question (eval/data/recall2/README.md's table), shared by the sets
# that label their unanswerables with one, so their misses group alike.
NEAR_MISS_KINDS = frozenset({"money", "year", "named, not given", "plan, no figure", "place", "unit", "other item",
                             "total vs part", "who", "condition", "time", "direction of money", "bound"})
