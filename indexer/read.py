"""Step 1 of the flow: find the reply files of an archive and turn each into text.

`scan` walks a folder and reports what it cannot or will not read (unreadable folders, pipes and
devices, symlink loops, links leading out of the folder); `read_source` picks the reader for a
file's type in `indexer.formats`: plain text in the encodings Chinese archives use, web pages,
Word (.docx, old .doc, RTF), OpenDocument (.odt), PDF (text layer, or OCR for scans), OFD, and scans kept as pictures (OCR)."""

from __future__ import annotations

import hashlib
import importlib
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from indexer.formats import HTML_SUFFIXES, IMAGE_SUFFIXES, Extracted, OcrReport, ReadError
from indexer.formats.html import AttachedReply, linked_file_names
from indexer.attached import attached_here, linking_page, read_page_scans, scanned_pages, shown_pictures, with_page_fields
from indexer.packages import is_package, unpacker
from indexer.pages import continuation_pages, first_page_of, read_article_pages, read_scan_pages
from indexer.reply_part import reply_part
from indexer.formats.text import read_text

TEXT_SUFFIXES = {".txt", ".md"}
MHT_SUFFIXES = {".mht", ".mhtml"}  # a web page saved as one file
WORD_SUFFIXES = {".docx"}
OLD_WORD_SUFFIXES = {".doc", ".wps"}  # WPS Office writes .wps in Word 97's binary format
ODT_SUFFIXES = {".odt"}  # OpenDocument text (LibreOffice, WPS, Yozo Office)
PDF_SUFFIXES = {".pdf"}
OFD_SUFFIXES = {".ofd"}
RTF_SUFFIXES = {".rtf"}
SUPPORTED_SUFFIXES = (TEXT_SUFFIXES | HTML_SUFFIXES | MHT_SUFFIXES | WORD_SUFFIXES | OLD_WORD_SUFFIXES | ODT_SUFFIXES
                      | PDF_SUFFIXES | OFD_SUFFIXES | RTF_SUFFIXES | IMAGE_SUFFIXES)
DEFAULT_MAX_BYTES = 20 * 1024 * 1024

__all__ = ["ReadError", "ReadOptions", "SourceText", "Skipped", "scan", "find_files", "read_source"]


@dataclass(frozen=True)
class ReadOptions:
    max_bytes: int = DEFAULT_MAX_BYTES  # a larger file is skipped with a message, never half-read
    follow_outside_links: bool = False  # follow symlinks that lead out of the indexed folder
    ocr: bool = True  # OCR scanned PDFs when the `ocr` extra is installed


@dataclass(frozen=True)
class SourceText:
    path: Path
    name: str  # relative to the archive folder it came from
    text: str
    encoding: str
    sha256: str
    hints: dict[str, str] = field(default_factory=dict)  # ReplyMeta fields found outside the text
    notes: tuple[str, ...] = ()  # per-file messages for the build summary
    ocr: OcrReport | None = None


@dataclass(frozen=True)
class Skipped:
    name: str
    reason: str


def hidden(name: str) -> bool:
    return name.startswith(".")


def documentation(name: str) -> bool:
    """A README (README.md, readme.txt, README) describes the folder it sits in; it is never a reply.
    Archives keep one beside their files, so it is passed over without being reported as a problem."""
    return name.split(".", 1)[0].lower() == "readme"


def scan(root: Path, options: ReadOptions = ReadOptions()) -> tuple[list[tuple[Path, str]], list[Skipped]]:
    """The files at or below `root` as (path, name relative to the folder), and what was not taken
    with the reason. Every visible entry but a folder's README ends in one list or the other, or is
    a later page of a document, read with its first page; a .zip gives the files it holds
    (indexer.packages), named 包.zip/成员."""
    if not root.is_dir():
        if is_package(root) and root.is_file():
            unpacked = unpacker().unpack(root, root.name, options.max_bytes)
            files = [(p, n) for p, n in unpacked.files if not documentation(p.name) and first_page_of(p) is None]
            return files, [Skipped(n, reason) for n, reason in unpacked.skipped]
        if root.exists() or root.is_symlink():
            return [(root, root.name)], []
        raise ReadError("路径不存在 (no such file or folder)")
    top = root.resolve()
    files: list[tuple[Path, str]] = []
    skipped: list[Skipped] = []
    visited: set[Path] = {top}

    def walk(folder: Path) -> None:
        try:
            entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
        except OSError as error:
            name = folder.relative_to(root).as_posix() + "/" if folder != root else str(root)
            skipped.append(Skipped(name, f"无法读取文件夹 (cannot read folder: {error.strerror or error})"))
            return
        for entry in entries:
            if hidden(entry.name):
                continue
            path = Path(entry.path)
            name = path.relative_to(root).as_posix()
            target = path
            if entry.is_symlink():
                try:
                    target = path.resolve(strict=True)
                except RuntimeError:  # Python < 3.13 reports a loop this way
                    skipped.append(Skipped(name, "符号链接循环 (symlink loop)"))
                    continue
                except OSError as error:
                    reason = "符号链接循环 (symlink loop)" if error.errno == 40 else "符号链接指向不存在的文件 (broken symlink)"
                    skipped.append(Skipped(name, reason))
                    continue
                if not target.is_relative_to(top) and not options.follow_outside_links:
                    skipped.append(Skipped(name, "符号链接指向索引文件夹之外，未跟随：设置 DAFU_FOLLOW_OUTSIDE_LINKS=true 可跟随 "
                                                 "(symlink leads outside the indexed folder; not followed)"))
                    continue
            try:
                mode = target.stat().st_mode
            except OSError as error:
                skipped.append(Skipped(name, f"无法读取 (cannot stat: {error.strerror or error})"))
                continue
            if stat.S_ISDIR(mode):
                real = target.resolve()
                if real in visited:  # a link to a folder above it, or to one already read
                    skipped.append(Skipped(name + "/", "符号链接循环：指向已读取的文件夹 (symlink loop: folder already read)"))
                    continue
                visited.add(real)
                walk(path)
            elif stat.S_ISREG(mode):
                if is_package(path):
                    unpacked = unpacker().unpack(path, name, options.max_bytes)
                    files.extend((p, n) for p, n in unpacked.files if not documentation(p.name))
                    skipped.extend(Skipped(n, reason) for n, reason in unpacked.skipped)
                elif not documentation(entry.name):
                    files.append((path, name))
            else:
                skipped.append(Skipped(name, f"不是普通文件（{kind(mode)}），未读取 (not a regular file: {kind(mode)})"))

    walk(root)
    # Pages 2, 3… of a document are read with its first page (indexer.pages; its note names them), and
    # the pictures a web page shows with that page (indexer.attached).
    shown = shown_pictures([path for path, _ in files if path.suffix.lower() in HTML_SUFFIXES])
    return [(path, name) for path, name in files if first_page_of(path) is None and path.resolve() not in shown], skipped


def kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "FIFO 管道"
    if stat.S_ISSOCK(mode):
        return "socket 套接字"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "设备 device"
    return "特殊文件 special file"


def find_files(root: Path) -> list[tuple[Path, str]]:
    """The reply files at or below `root`, as (path, name relative to the folder)."""
    return scan(root)[0]


# The reader of each kind of file: (suffixes, module of indexer.formats, function, takes the OCR switch).
READERS = [
    (HTML_SUFFIXES, "html", "read_html", False),
    (MHT_SUFFIXES, "mht", "read_mht", False),
    (WORD_SUFFIXES, "word", "read_docx", False),
    (OLD_WORD_SUFFIXES, "word", "read_doc", False),
    (ODT_SUFFIXES, "odt", "read_odt", False),
    (PDF_SUFFIXES, "pdf", "read_pdf", True),
    (OFD_SUFFIXES, "ofd", "read_ofd", True),
    (RTF_SUFFIXES, "rtf", "read_rtf", False),
    (IMAGE_SUFFIXES, "image", "read_image", True),
]
OTHER_PACKAGES = {".rar", ".7z", ".tar", ".gz", ".tgz", ".bz2", ".xz"}
UNSUPPORTED = ("不支持的文件类型 {suffix}：请另存为 .docx 或 .txt "
               "(only .txt, .md, .html, .htm, .shtml, .mht, .docx, .doc, .wps, .odt, .rtf, .pdf, .ofd, scanned pictures and .zip packages of these are read, and other names "
               "whose content is one of these)")


def sniff(data: bytes) -> str | None:
    """The reply format the bytes are in, for a file whose name does not say (a crawled page saved as
    .jhtml, .jsp or .aspx, a download without an extension); None when they are none of ours. An
    OLE2 file is left out: it may as well be a spreadsheet as a Word 97 document."""
    from indexer.formats.mht import looks_like_mht
    from indexer.formats.word import RTF_MAGIC, ZIP_MAGIC, looks_like_html

    head = data[:1024].lstrip()
    if head.startswith(b"%PDF-"):
        return ".pdf"
    if head.startswith(RTF_MAGIC):
        return ".rtf"
    if data.startswith(ZIP_MAGIC):
        import io
        import zipfile

        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except zipfile.BadZipFile:
            return None
        if "word/document.xml" in names:
            return ".docx"
        if "OFD.xml" in names:
            return ".ofd"
        from indexer.formats.odt import is_odt

        return ".odt" if is_odt(data) else None
    if looks_like_mht(data):
        return ".mht"
    return ".html" if looks_like_html(data) else None


def extract(path: Path, data: bytes, options: ReadOptions) -> Extracted:
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        found = sniff(data)
        if found is None:
            if suffix in OTHER_PACKAGES:
                raise ReadError(f"压缩包 {path.suffix} 请先解压，或另存为 .zip (unpack it first: only .zip packages are read)")
            raise ReadError(UNSUPPORTED.format(suffix=path.suffix or "(无扩展名)"))
        extracted = extract(path.with_suffix(found), data, options)
        note = f"扩展名为 {path.suffix or '(无)'}，按内容读作 {found} (read as {found} by its content)"
        return Extracted(extracted.text, extracted.encoding, extracted.hints, (note, *extracted.notes), extracted.ocr)
    for suffixes, module, function, uses_ocr in READERS:
        if suffix in suffixes:
            # Imported on first use: a text-only archive never loads lxml, pypdf or the OCR engine.
            reader = getattr(importlib.import_module(f"indexer.formats.{module}"), function)
            return reader(data, ocr=options.ocr) if uses_ocr else reader(data)
    return read_text(data)


def join_pages(first: Path, data: bytes, more: list[Path], options: ReadOptions) -> tuple[Extracted, bytes]:
    """A document's first page with its later pages (indexer.pages), and the bytes of every page, so
    the file's hash changes when any page does."""
    everything = [data]
    for page in more:
        try:
            everything.append(page.read_bytes())
        except OSError as error:
            raise ReadError(f"无法读取续页 {page.name} (cannot read the next page: {error.strerror or error})") from error
    names = [page.name for page in more]
    if first.suffix.lower() in IMAGE_SUFFIXES:
        return read_scan_pages(everything, names, options.ocr), b"".join(everything)
    return read_article_pages(extract(first, data, options), everything, names), b"".join(everything)


def fingerprint(path: Path) -> str | None:
    """The hash `read_source` gives a file (every page of a web article; an attachment with the page
    that links to it), without reading it as text."""
    try:
        data = first = path.read_bytes()
        for page in continuation_pages(path, data):
            data += page.read_bytes()
        page = linking_page(path)
        if page is not None:
            data += page.read_bytes()
        for picture in scanned_pages(path, first):
            data += picture.read_bytes()
    except OSError:
        return None
    return hashlib.sha256(data).hexdigest()


def read_source(path: Path, name: str | None = None, options: ReadOptions = ReadOptions()) -> SourceText:
    try:
        info = path.stat()
    except OSError as error:
        raise ReadError(f"无法读取文件 (cannot read: {error.strerror or error})") from error
    if not stat.S_ISREG(info.st_mode):
        # Reading a FIFO would block forever, a device might never end.
        raise ReadError(f"无法读取文件：不是普通文件（{kind(info.st_mode)}）(cannot read: not a regular file)")
    if info.st_size > options.max_bytes:
        raise ReadError(
            f"文件过大：{info.st_size / 1048576:.1f} MB，超过上限 {options.max_bytes / 1048576:.0f} MB"
            f"（DAFU_MAX_FILE_MB）(file too large: {info.st_size:,} bytes, limit {options.max_bytes:,})"
        )
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ReadError(f"无法读取文件 (cannot read: {error.strerror or error})") from error
    if not data.strip():
        raise ReadError("空文件 (empty file)")
    first = data
    more = continuation_pages(path, data)
    try:
        extracted, data = join_pages(path, data, more, options) if more else (extract(path, data, options), data)
    except AttachedReply as error:
        here = attached_here(path, linked_file_names(data))
        if not here:
            raise
        raise ReadError(f"网页的答复在附件 {'、'.join(p.name for p in here)} 中，已按附件读取，网页上的索引号、文号等用作"
                        f"附件的字段 (this page's reply is its attached file, indexed from that file with this page's "
                        f"catalogue fields)") from error
    except ReadError:
        scans = scanned_pages(path, first)
        if not scans:
            raise
        extracted = read_page_scans(data, scans, options.ocr)
    extracted, data = with_page_fields(path, extracted, data)
    data += b"".join(picture.read_bytes() for picture in scanned_pages(path, first))  # a page's scans are part of it
    text, proposal_note = reply_part(extracted.text.replace("\r\n", "\n").replace("\r", "\n"))
    if not text.strip():
        raise ReadError("空文件 (only whitespace)")
    return SourceText(
        path=path,
        name=name or path.name,
        text=text,
        encoding=extracted.encoding,
        sha256=hashlib.sha256(data).hexdigest(),
        hints=extracted.hints,
        notes=(*extracted.notes, proposal_note) if proposal_note else extracted.notes,
        ocr=extracted.ocr,
    )
