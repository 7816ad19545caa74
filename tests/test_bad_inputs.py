"""Every bad input tried against Dafu, what Dafu answers, and that no good file is lost.

Files given to `dafu index` (one archive holding all of them beside good replies):

| input                                          | Dafu answers                                     |
|------------------------------------------------|--------------------------------------------------|
| empty file, whitespace-only file               | skipped: 空文件                                   |
| random bytes with NUL                          | skipped: 二进制                                   |
| prose without a reply's structure              | skipped: 未识别出答复结构                         |
| damaged PDF, a .doc that is not Word           | skipped: 无法打开 PDF 文件 / 不是 Word 文档        |
| an .ofd that is no zip, one missing its page, one drawing a picture it does not hold | skipped: 无法打开 OFD 文件 / 缺少部件 / 没有文字层 |
| GB18030 text, UTF-8 with BOM, CRLF line ends   | indexed (read, not lost)                          |
| a second copy of a reply (same 文号), first by name | indexed as …-2, the existing reply keeps its id |
| the real reply pasted into one 2 MB file       | commitments listed once, linked in linear time (test_commitments_page.py) |
| a leftover staging folder of a killed build    | removed and reported (test_index_safety.py)       |
| a second `dafu index` on the same folder       | waits for the lock, says for whom (test_index_safety.py) |

Requests to `dafu serve` and the CLI (HTTP through the real app; exit codes of `dafu ask`):

| input                                          | HTTP                    | CLI      |
|------------------------------------------------|-------------------------|----------|
| empty or blank question                        | 422 问题不能为空         | exit 1, before loading the model |
| question over 200 characters                   | 422 问题过长             | exit 1, before loading the model |
| lone surrogate / NUL in the question           | 422 无法识别的字符        | exit 1 (undecodable argv bytes)  |
| lone surrogate in a filter                     | 422                     | —        |
| k = 0, 21, "many"                              | 422                     | exit 1   |
| filters longer than the GET limits, year 99999 | 422                     | —        |
| body over 64 KB (declared or streamed)         | 413 before parsing, connection closed | — |
| body that is not JSON                          | 422                     | —        |
| unknown or malformed reply id, `..` tricks     | 404 (page in Chinese)   | exit 1   |
| HEAD on any GET address                        | 200 without a body      | —        |
| no index loaded                                | 503 (page in Chinese, JSON with the fix) | exit 3 |
| `current` swapped to a build that cannot load  | previous build kept serving | —    |

The HTTP and CLI rows are kept by tests/test_hardening.py, tests/test_api.py and
tests/test_live_index.py; the file rows by the test below (and test_index_safety.py).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from indexer.build import build_index
from indexer.store import open_index
from tests.conftest import BAD_FILES, FIXTURE_REPLIES, REAL_REPLY

pytestmark = pytest.mark.slow

SKIPPED = {
    "empty.txt": "空文件", "blank.txt": "空文件", "binary.txt": "二进制", "notes.txt": "未识别出答复结构",
    "broken.pdf": "无法打开 PDF 文件", "old.doc": "不是 Word 文档",
    "broken.ofd": "无法打开 OFD 文件", "pageless.ofd": "缺少部件", "scan.ofd": "没有文字层",
}
OFD_NS = 'xmlns:ofd="http://www.ofdspec.org/2016"'


def write_image_ofd(path: Path, with_page: bool = True) -> None:
    """An OFD whose one page draws a picture its package does not hold, or names a page it lacks."""
    import zipfile

    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("OFD.xml", f'<ofd:OFD {OFD_NS}><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot>'
                         '</ofd:DocBody></ofd:OFD>')
        archive.writestr("Doc_0/Document.xml", f'<ofd:Document {OFD_NS}><ofd:Pages>'
                         '<ofd:Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/></ofd:Pages></ofd:Document>')
        if with_page:
            archive.writestr("Doc_0/Pages/Page_0/Content.xml", f'<ofd:Page {OFD_NS}><ofd:Content><ofd:Layer ID="2">'
                             '<ofd:ImageObject ID="3" ResourceID="4" Boundary="0 0 210 297" CTM="210 0 0 297 0 0"/>'
                             '</ofd:Layer></ofd:Content></ofd:Page>')


@pytest.fixture
def hostile_archive(tmp_path: Path) -> Path:
    folder = tmp_path / "archive"
    folder.mkdir()
    shutil.copy(REAL_REPLY, folder / "m-real.txt")
    for path in FIXTURE_REPLIES.glob("*.txt"):
        shutil.copy(path, folder / path.name)
    for path in BAD_FILES.iterdir():
        shutil.copy(path, folder / path.name)
    (folder / "broken.pdf").write_bytes(b"%PDF-1.7 \x00\x01")
    (folder / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0 old Word")
    (folder / "broken.ofd").write_bytes(b"PK\x03\x04 cut short")
    write_image_ofd(folder / "pageless.ofd", with_page=False)
    write_image_ofd(folder / "scan.ofd")
    crlf = (FIXTURE_REPLIES / "pudong-mzj-2025-09.txt").read_text(encoding="utf-8").replace("\n", "\r\n")
    (folder / "crlf 民政 回复.txt").write_bytes(crlf.encode("utf-8"))
    return folder


def test_every_bad_file_is_reported_and_no_good_file_is_lost(hostile_archive: Path, tmp_path: Path, embedder) -> None:
    root = tmp_path / "index"
    summary = build_index([hostile_archive], root, embedder)
    reasons = {s.name: s.reason for s in summary.skipped}
    assert set(reasons) == set(SKIPPED)
    for name, fragment in SKIPPED.items():
        assert fragment in reasons[name], (name, reasons[name])
    good = sorted(p.name for p in hostile_archive.iterdir() if p.name not in SKIPPED)
    assert sorted(r.source for r in open_index(root).replies.values()) == good

    # Then a second copy of the real reply that sorts first: both kept, the first keeps its id.
    real_id = {r.source: r.reply_id for r in open_index(root).replies.values()}["m-real.txt"]
    shutil.copy(REAL_REPLY, hostile_archive / "a-copy.txt")
    summary = build_index([hostile_archive], root, embedder)
    ids = {r.source: r.reply_id for r in open_index(root).replies.values()}
    assert ids["m-real.txt"] == real_id and ids["a-copy.txt"] == f"{real_id}-2"
    assert sorted(ids) == sorted(good + ["a-copy.txt"])
    assert {s.name for s in summary.skipped} == set(SKIPPED)
