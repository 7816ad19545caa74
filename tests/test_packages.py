"""Replies packed in a .zip are read as the files they hold (indexer.packages). The packages are made
here from the fictional format fixtures (tests/fixtures/formats/README.md)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from indexer.build import BuildSummary, parse_files
from indexer.read import ReadOptions, scan

FORMATS = Path(__file__).parent / "fixtures" / "formats"


def package(path: Path, members: dict[str, bytes], gbk: set[str] = frozenset()) -> Path:
    """A .zip of `members`; the names in `gbk` written in GBK without the UTF-8 flag, as Windows
    archivers do (zipfile itself writes UTF-8, so the name is put in afterwards)."""
    buffer = io.BytesIO()
    placeholders = {}
    with zipfile.ZipFile(buffer, "w") as archive:
        for number, (name, data) in enumerate(members.items()):
            if name in gbk:
                encoded = name.encode("gbk")
                placeholder = (f"{number:02d}" + "Q" * len(encoded))[: len(encoded)].encode()
                placeholders[placeholder] = encoded
                name = placeholder.decode()
            archive.writestr(name, data)
    data = buffer.getvalue()
    for placeholder, encoded in placeholders.items():
        data = data.replace(placeholder, encoded)
    path.write_bytes(data)
    return path


def test_a_package_is_read_as_the_files_it_holds(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    archive.mkdir()
    package(archive / "2024年答复打包.zip", {
        "长沙/长环函答复.pdf": (FORMATS / "changsha-sthjj-2024-37.pdf").read_bytes(),  # GBK name
        "浙江/zhejiang-jtt-2024-58.htm": (FORMATS / "zhejiang-jtt-2024-58.htm").read_bytes(),
        "README.txt": b"about this package",
        "__MACOSX/._x": b"resource fork",
        "../outside.txt": "办理结果：A\n".encode(),
    }, gbk={"长沙/长环函答复.pdf"})
    files, skipped = scan(archive)
    names = sorted(name for _, name in files)
    assert names == ["2024年答复打包.zip/outside.txt", "2024年答复打包.zip/浙江/zhejiang-jtt-2024-58.htm",
                     "2024年答复打包.zip/长沙/长环函答复.pdf"] and not skipped
    assert all(not path.is_relative_to(archive) for path, _ in files)  # unpacked elsewhere, the archive untouched
    summary = BuildSummary(index=tmp_path / "index")
    replies, _ = parse_files([archive], summary, progress=False)
    by_source = {reply.source: reply for reply in replies}
    assert by_source["2024年答复打包.zip/长沙/长环函答复.pdf"].meta.doc_number == "长环函〔2024〕37号"
    assert "2024年答复打包.zip/浙江/zhejiang-jtt-2024-58.htm" in by_source


def test_a_package_given_alone_and_members_too_large_are_reported(tmp_path: Path) -> None:
    big = FORMATS / "changsha-sthjj-2024-37.pdf"
    zipped = package(tmp_path / "pack.zip", {"a.pdf": big.read_bytes(), "b.txt": "短".encode()})
    files, skipped = scan(zipped, ReadOptions(max_bytes=big.stat().st_size // 2))
    assert [name for _, name in files] == ["pack.zip/b.txt"]
    assert [s.name for s in skipped] == ["pack.zip/a.pdf"] and "过大" in skipped[0].reason
    bomb = package(tmp_path / "bomb.zip", {f"{n}.txt": b"0" * 900 for n in range(30)})
    files, skipped = scan(bomb, ReadOptions(max_bytes=1000))
    assert files == [] and "解压后超过" in skipped[0].reason
    broken = tmp_path / "broken.zip"
    broken.write_bytes(b"PK\x03\x04 not really")
    files, skipped = scan(broken)
    assert files == [] and "无法打开压缩包" in skipped[0].reason
