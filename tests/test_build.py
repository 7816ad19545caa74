"""Building the index: bad input, the atomic swap, vector reuse, and refusing a mismatched index."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from indexer.build import NothingToIndexError, build_index
from indexer.lock import LOCK_FILE
from indexer.parse import parse_reply
from indexer.staging import BuildStream
from indexer.store import CURRENT, MANIFEST, IndexMismatchError, IndexNotFoundError, open_index
from service.engine import Engine
from service.settings import Settings
from tests.conftest import BAD_FILES, REAL_REPLY

pytestmark = pytest.mark.slow


class InterruptingEmbedder:
    """The real model, interrupted while it encodes — as a user pressing Ctrl-C mid-build."""

    def __init__(self, real) -> None:
        self.real, self.name, self.dimension = real, real.name, real.dimension

    def encode(self, texts, *, progress=False):
        self.real.encode(texts[:1])
        raise KeyboardInterrupt


@pytest.fixture
def mixed_archive(tmp_path: Path) -> Path:
    folder = tmp_path / "archive"
    folder.mkdir()
    shutil.copy(REAL_REPLY, folder)
    for path in BAD_FILES.iterdir():
        shutil.copy(path, folder)
    (folder / "broken.pdf").write_bytes(b"%PDF-1.7 \x00\x01")
    (folder / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0 old Word")
    return folder


def test_bad_files_are_skipped_with_reasons_and_the_rest_indexed(mixed_archive, tmp_path, embedder):
    summary = build_index([mixed_archive], tmp_path / "index", embedder)
    reasons = {s.name: s.reason for s in summary.skipped}
    assert set(reasons) == {"empty.txt", "blank.txt", "binary.txt", "notes.txt", "broken.pdf", "old.doc"}
    assert "空文件" in reasons["empty.txt"] and "空文件" in reasons["blank.txt"]
    assert "二进制" in reasons["binary.txt"]
    assert "未识别出答复结构" in reasons["notes.txt"]
    assert "无法打开 PDF 文件" in reasons["broken.pdf"]
    assert "不是 Word 文档" in reasons["old.doc"]
    index = open_index(tmp_path / "index")
    sources = sorted(r.source for r in index.replies.values())
    assert sources == ["bom.txt", "gbk.txt", REAL_REPLY.name]  # GB18030 and BOM files are read, not lost
    assert summary.replies == 3 and summary.chunks == len(index.chunks)
    assert index.manifest["skipped"][0]["reason"]


def test_nothing_indexable_raises_and_keeps_previous_index(tmp_path, embedder):
    root = tmp_path / "index"
    build_index([REAL_REPLY], root, embedder)
    only_bad = tmp_path / "bad"
    shutil.copytree(BAD_FILES, only_bad)
    for good in ("gbk.txt", "bom.txt"):
        (only_bad / good).unlink()
    with pytest.raises(NothingToIndexError) as raised:
        build_index([only_bad], root, embedder)
    assert len(raised.value.args[0].skipped) == 4
    assert [r.source for r in open_index(root).replies.values()] == [REAL_REPLY.name]


def test_interrupted_embedding_leaves_previous_index_intact(archive, tmp_path, embedder):
    root = tmp_path / "index"
    build_index([REAL_REPLY], root, embedder)
    before = (root / CURRENT).resolve()
    with pytest.raises(KeyboardInterrupt):
        build_index([archive], root, InterruptingEmbedder(embedder))
    assert (root / CURRENT).resolve() == before
    assert list(open_index(root).replies) == ["浦科经委办理-2025-61"]


def test_interrupted_write_leaves_previous_index_and_is_cleaned_next_time(archive, tmp_path, embedder, monkeypatch):
    root = tmp_path / "index"
    build_index([REAL_REPLY], root, embedder)
    before = (root / CURRENT).resolve()

    def crash(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(BuildStream, "finish", crash)
    with pytest.raises(OSError, match="disk full"):
        build_index([archive], root, embedder)
    assert (root / CURRENT).resolve() == before
    assert any(p.name.startswith(".tmp-") for p in root.iterdir())
    assert len(open_index(root).replies) == 1

    monkeypatch.undo()
    build_index([archive], root, embedder)
    assert len(open_index(root).replies) > 1
    assert sorted(p.name for p in root.iterdir() if not p.name.startswith("build-")) == [LOCK_FILE, CURRENT]
    assert len([p for p in root.iterdir() if p.name.startswith("build-")]) == 1


def test_unchanged_chunks_are_not_embedded_again(tmp_path, embedder):
    root = tmp_path / "index"
    first = build_index([REAL_REPLY], root, embedder)
    second = build_index([REAL_REPLY], root, embedder)
    assert first.embedded == first.chunks and first.reused == 0
    assert second.embedded == 0 and second.reused == second.chunks
    index = open_index(root)
    fresh = embedder.encode([index.chunks[3].embed_text])[0]
    assert np.allclose(index.vectors.reconstruct(3), fresh, atol=1e-5)


def test_index_round_trips_chinese_text_and_metadata(tmp_path, embedder):
    root = tmp_path / "index"
    build_index([REAL_REPLY], root, embedder)
    loaded = open_index(root).replies["浦科经委办理-2025-61"]
    parsed = parse_reply(REAL_REPLY.read_text(encoding="utf-8"), REAL_REPLY.name)
    assert loaded == parsed
    manifest = json.loads((root / CURRENT / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["model"] == "m3e-small" and manifest["dimension"] == 512 and manifest["normalized"]
    assert manifest["files"] == {REAL_REPLY.name: manifest["files"][REAL_REPLY.name]}
    assert "浦科经委" in (root / CURRENT / MANIFEST).read_text(encoding="utf-8") or manifest["counts"]["replies"] == 1


def test_index_built_with_another_model_is_refused_with_advice(tmp_path, embedder):
    root = tmp_path / "index"
    build_index([REAL_REPLY], root, embedder)
    with pytest.raises(IndexMismatchError, match="请重新运行 `dafu index`"):
        Engine.load(Settings(index=root, model="all-MiniLM-L6-v2"), embedder=embedder)


def test_index_of_another_format_version_is_refused(tmp_path, embedder):
    root = tmp_path / "index"
    build_index([REAL_REPLY], root, embedder)
    manifest_path = root / CURRENT / MANIFEST
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest["format_version"] = 999
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(IndexMismatchError, match="格式版本"):
        open_index(root)


def test_missing_index_says_to_run_dafu_index(tmp_path):
    with pytest.raises(IndexNotFoundError, match="dafu index"):
        open_index(tmp_path / "nothing")


def test_user_alias_groups_are_used_at_build_time_and_recorded_for_queries(tmp_path, embedder):
    aliases = tmp_path / "aliases.json"
    aliases.write_text(json.dumps({"groups": [["揭榜挂帅", "JBGS"]]}, ensure_ascii=False), encoding="utf-8")
    root = tmp_path / "index"
    from service.engine import index_from_settings

    index_from_settings(Settings(index=root, corpus=REAL_REPLY.parent, aliases=aliases), embedder=embedder)
    index = open_index(root)
    assert ["揭榜挂帅", "JBGS"] in index.manifest["tokenizer"]["alias_groups"]
    assert "jbgs" in index.lexical.vocabulary  # the reply says 揭榜挂帅; its tokens carry the alias
    engine = Engine.load(Settings(index=root), embedder=embedder)  # no DAFU_ALIASES at query time
    assert "揭榜" in engine.tokenizer.tokenize("JBGS平台")
    assert engine.ask("JBGS平台一共发布了多少个项目？").citations[0].section_id == "2.2"


INDEX_WITHOUT_OCR = """
import sys
sys.modules["rapidocr_onnxruntime"] = None  # importing the OCR package fails, as without the extra
from service.cli import app
app(prog_name="dafu")
"""


def test_web_old_word_and_scan_bad_input_is_reported_per_file_and_the_rest_indexed(tmp_path):
    """`dafu index` in a fresh process without the OCR extra, on an archive of good and bad files of
    the new formats: each bad one is a per-file message, every good one is indexed, exit code 4."""
    import subprocess
    import sys

    from tests.conftest import FIXTURES, ROOT
    from tests.documents import render_page, write_scan_pdf

    formats = FIXTURES / "formats"
    archive = tmp_path / "archive"
    archive.mkdir()
    shutil.copy(REAL_REPLY, archive)
    shutil.copy(formats / "changsha-sthjj-2024-37.html", archive)
    page = (formats / "zhejiang-jtt-2024-58.htm").read_bytes()
    (archive / "zhejiang-cut.htm").write_bytes(page[: page.index("（二）".encode("gbk"))])  # download cut short
    shutil.copy(formats / "list-page.shtml", archive)
    (archive / "not-word.doc").write_text("这只是一段文字，扩展名却是 .doc", encoding="utf-8")
    lines = [line for line in (formats / "changsha-sthjj-2024-37.txt").read_text(encoding="utf-8").split("\n") if line]
    write_scan_pdf(archive / "scan.pdf", [render_page(lines)])

    done = subprocess.run(
        [sys.executable, "-c", INDEX_WITHOUT_OCR, "index", str(archive), "--index", str(tmp_path / "index"), "--json"],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
        env={"PATH": "/usr/bin:/bin", "HF_HUB_OFFLINE": "1", "HOME": str(tmp_path)},
    )
    assert done.returncode == 4, done.stderr
    summary = json.loads(done.stdout)
    reasons = {s["file"]: s["reason"] for s in summary["skipped"]}
    assert set(reasons) == {"list-page.shtml", "not-word.doc", "scan.pdf"}
    assert "网页中没有答复正文" in reasons["list-page.shtml"]
    assert "不是 Word 文档" in reasons["not-word.doc"]
    assert "请先做文字识别" in reasons["scan.pdf"] and "pip install -e '.[ocr]'" in reasons["scan.pdf"]
    assert any(w.startswith("zhejiang-cut.htm: 网页不完整") for w in summary["warnings"])
    assert summary["ocr"] == []
    index = open_index(tmp_path / "index")
    assert sorted(r.source for r in index.replies.values()) == [
        "changsha-sthjj-2024-37.html", REAL_REPLY.name, "zhejiang-cut.htm"]
    cut = next(r for r in index.replies.values() if r.source == "zhejiang-cut.htm")
    assert cut.meta.doc_number == "浙交建〔2024〕58号"  # from the metadata table, which came before the cut
