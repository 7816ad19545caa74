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


def test_word_reply_parses_like_its_text_version(tmp_path: Path):
    from indexer.parse import parse_reply
    from tests.conftest import REAL_REPLY

    text = REAL_REPLY.read_text(encoding="utf-8")
    lines = [line for line in text.split("\n") if line.strip()]
    source = read_source(write_docx(tmp_path / "reply.docx", lines), "reply.docx")
    assert source.encoding == "docx"
    from_word = parse_reply(source.text, "reply.docx")
    from_text = parse_reply(text, "reply.docx")
    assert from_word == from_text
    assert any("加大逆周期" in s.text for s in from_word.sections)  # the page-break split still rejoins


def test_word_header_in_a_table_is_read_as_lines(tmp_path: Path):
    from indexer.parse import parse_reply

    path = write_docx(
        tmp_path / "t.docx",
        ["上海市浦东新区教育局", "浦教办理（2024）3号", "对浦东新区政协七届三次会议", "第 021 号提案的答复", "民进浦东区委：",
         "一、概述", "正文。", "2024年6月20日"],
        table_rows=[("办理结果", "列入计划拟解决"), ("公开属性", "主动公开")],
    )
    reply = parse_reply(read_source(path).text, "t.docx")
    assert reply.meta.category == "列入计划拟解决" and reply.meta.publicity == "主动公开"
    assert reply.meta.doc_number == "浦教办理（2024）3号"


def test_damaged_word_file_is_reported(tmp_path: Path):
    path = tmp_path / "broken.docx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(ReadError, match="无法打开 Word 文件"):
        read_source(path)
