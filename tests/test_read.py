"""Reading files: encodings, and bad input reported with a reason instead of crashing."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.read import ReadError, find_files, read_source
from tests.conftest import BAD_FILES


def test_gb18030_file_is_decoded():
    source = read_source(BAD_FILES / "gbk.txt")
    assert source.encoding == "gb18030"
    assert "答复" in source.text


def test_utf8_bom_is_stripped():
    source = read_source(BAD_FILES / "bom.txt")
    assert source.encoding == "utf-8-sig"
    assert not source.text.startswith("\ufeff")


@pytest.mark.parametrize(
    ("name", "reason"),
    [("empty.txt", "空文件"), ("blank.txt", "空文件"), ("binary.txt", "二进制文件")],
)
def test_bad_file_raises_with_reason(name: str, reason: str):
    with pytest.raises(ReadError, match=reason):
        read_source(BAD_FILES / name)


def test_undecodable_text_says_which_encodings_were_tried(tmp_path: Path):
    path = tmp_path / "latin.txt"
    path.write_bytes(b"\x81\x30" * 3 + b"\xff\xfe\xfd")
    with pytest.raises(ReadError, match="UTF-8"):
        read_source(path)


def test_unreadable_path_raises_read_error(tmp_path: Path):
    folder = tmp_path / "folder.txt"
    folder.mkdir()
    with pytest.raises(ReadError, match="无法读取"):
        read_source(folder)


def test_unsupported_type_is_reported(tmp_path: Path):
    path = tmp_path / "reply.pdf"
    path.write_bytes(b"%PDF-1.7")
    with pytest.raises(ReadError, match="不支持的文件类型 .pdf"):
        read_source(path)


def test_find_files_lists_visible_files_with_relative_names(tmp_path: Path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("x", encoding="utf-8")
    (tmp_path / "README.md").write_text("about", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("x", encoding="utf-8")
    assert [name for _, name in find_files(tmp_path)] == ["sub/a.txt"]


def test_missing_path_raises(tmp_path: Path):
    with pytest.raises(ReadError, match="路径不存在"):
        find_files(tmp_path / "nope")
