"""A compilation (答复汇编) holds several replies in one file: each becomes a reply of its own, with its
own header and closing, on every layout the fixtures hold; the cover and contents are nobody's; an
index keeps each reply's id across builds and updates (real m3e-small, FAISS, SQLite)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from indexer.build import BuildSummary, build_index, parse_files
from indexer.compilation import split_compilation
from indexer.models import Reply
from indexer.parse import parse_reply, part_source, split_source
from indexer.read import read_source
from indexer.store import CURRENT
from indexer.update import stored_reply_ids
from service.engine import Engine
from service.settings import Settings
from tests.conftest import FIXTURE_REPLIES, FIXTURES, REAL_REPLY

LAYOUTS = sorted(p for p in (FIXTURES / "layouts").iterdir()
                 if p.is_file() and p.suffix not in {".json", ".md"})
COVER = "二〇二四年区政协提案答复汇编\n目  录\n"


def fields(reply: Reply) -> dict:
    return {"meta": reply.meta.model_dump(), "title": reply.title,
            "sections": [(s.section_id, s.heading, s.text) for s in reply.sections]}


def contents(replies: list[Reply]) -> str:
    """A contents page: each title, a leader, a page number."""
    return "\n".join(f"{reply.title}{'…' * 6}{page}" for page, reply in enumerate(replies, start=3))


@pytest.mark.parametrize("layout", LAYOUTS, ids=lambda p: p.name)
def test_each_reply_of_a_compilation_parses_as_it_does_alone(layout: Path):
    """A compilation prints one layout over and over: the cover, the contents, then three replies:
    every one comes back with exactly the header, sections and closing it has
    alone, whichever order its layout writes the fields in (first, last, in a table)."""
    text = read_source(layout, layout.name).text
    alone = parse_reply(text, layout.name)
    compilation = split_compilation(COVER + contents([alone] * 3) + "\n" + "\n\n".join([text] * 3))
    assert len(compilation.parts) == 3
    assert compilation.preface == 5  # the cover's two lines and three contents rows
    for part in compilation.parts:
        assert fields(parse_reply(part, layout.name)) == fields(alone)


@pytest.mark.parametrize("layout", LAYOUTS, ids=lambda p: p.name)
def test_a_compilation_that_prints_no_addressee_lines_is_split_at_each_opening_sentence(layout: Path):
    """Some compilations leave out each reply's addressee (…委员：): the title is followed by the
    document number or at once by the body's opening sentence (您提出的《…》收悉，现答复如下)."""
    text = read_source(layout, layout.name).text
    addressee = parse_reply(text, layout.name).meta.addressee
    if not addressee:
        pytest.skip("this layout has no addressee line")
    lines = text.split("\n")
    text = "\n".join(line for line in lines if line.strip().rstrip("：:") != addressee)
    alone = parse_reply(text, layout.name)
    compilation = split_compilation(COVER + contents([alone] * 3) + "\n" + "\n\n".join([text] * 3))
    assert len(compilation.parts) == 3
    for part in compilation.parts:
        assert fields(parse_reply(part, layout.name)) == fields(alone)


def test_a_file_holding_one_reply_is_left_as_it_is():
    text = REAL_REPLY.read_text(encoding="utf-8")
    assert split_compilation(text).parts == [text]
    # An abstract restating the title, and a list of titles, open no second reply.
    one = "某市某局\n某函〔2024〕1号\n关于某会议第1号提案的答复\n摘要：关于某事的提案的答复\n某某委员：\n现答复如下。"
    assert len(split_compilation(one).parts) == 1
    assert len(split_compilation(one + "\n" + one.replace("第1号", "第2号")).parts) == 2
    assert split_compilation("目录\n关于某会议第1号提案的答复\n关于某会议第2号提案的答复\n一、措施").parts == [
        "目录\n关于某会议第1号提案的答复\n关于某会议第2号提案的答复\n一、措施"]


def test_the_replies_of_a_compilation_have_sources_and_ids_of_their_own():
    assert [part_source("汇编.pdf", n) for n in (1, 2)] == ["汇编.pdf", "汇编.pdf#2"]
    assert split_source("汇编.pdf#2") == ("汇编.pdf", 2) and split_source("a#b.txt") == ("a#b.txt", 1)
    untitled = "关于某会议第{}号提案的答复\n某某委员：\n现答复如下。"
    text = "\n".join(untitled.format(n) for n in (1, 2))
    ids = [parse_reply(part, part_source("汇编.txt", n)).reply_id
           for n, part in enumerate(split_compilation(text).parts, start=1)]
    assert ids == ["汇编", "汇编-2"]  # no document number: the file's name, then its part


def compilation_archive(folder: Path, replies: list[Path]) -> Path:
    """An archive of the real reply and one compilation of `replies` (with a cover)."""
    folder.mkdir(exist_ok=True)
    shutil.copy(REAL_REPLY, folder / REAL_REPLY.name)
    texts = [p.read_text(encoding="utf-8") for p in replies]
    (folder / "2025年答复汇编.txt").write_text(COVER + "\n\n".join(texts), encoding="utf-8")
    return folder


def test_the_build_summary_says_a_compilation_was_split(tmp_path: Path):
    replies = sorted(FIXTURE_REPLIES.glob("*.txt"))[:3]
    archive = compilation_archive(tmp_path / "archive", replies)
    summary = BuildSummary(index=tmp_path / "index")
    parsed, _ = parse_files([archive], summary, progress=False)
    assert [r.source for r in parsed] == ["2025年答复汇编.txt", "2025年答复汇编.txt#2", "2025年答复汇编.txt#3",
                                          REAL_REPLY.name]
    for reply, path in zip(parsed, replies):
        assert fields(reply) == fields(parse_reply(path.read_text(encoding="utf-8"), path.name))
    [note] = [w for w in summary.warnings if "汇编" in w]
    assert note.startswith("2025年答复汇编.txt: 答复汇编：拆成 3 份答复")
    assert "第一份之前的 2 行（封面、目录）不属于任何答复" in note


def source_ids(root: Path) -> dict[str, str]:
    return stored_reply_ids((root / CURRENT).resolve())


@pytest.mark.slow
def test_an_indexed_compilation_answers_from_each_reply_and_updates_in_place(tmp_path: Path, embedder,
                                                                            monkeypatch: pytest.MonkeyPatch):
    import indexer.update

    monkeypatch.setattr(indexer.update, "REMOVED_AT_MOST", 0.5)  # one reply is a large share of this archive
    replies = [FIXTURE_REPLIES / name for name in ("pudong-jyj-2024-15.txt", "pudong-mzj-2025-09.txt",
                                                     "pudong-jtw-2025-27.txt")]
    archive = compilation_archive(tmp_path / "archive", replies)
    root = tmp_path / "index"
    build_index([archive], root, embedder)
    ids = source_ids(root)
    assert len(ids) == 4 and ids["2025年答复汇编.txt#2"] == parse_reply(replies[1].read_text(encoding="utf-8"), "x").reply_id

    question = "浦东新区民政局计划新增多少家社区长者食堂？"
    engine = Engine.load(Settings(index=root), embedder=embedder)
    assert engine.ask(question).citations[0].reply_id == ids["2025年答复汇编.txt#2"]

    # A sentence of the second reply changes: an update replaces that file's replies, ids kept.
    path = archive / "2025年答复汇编.txt"
    path.write_text(path.read_text(encoding="utf-8").replace("新增社区长者食堂10家", "新增社区长者食堂12家"),
                    encoding="utf-8")
    summary = build_index([archive], root, embedder)
    assert summary.updated and source_ids(root) == ids
    answer = Engine.load(Settings(index=root), embedder=embedder).ask(question)
    assert "新增社区长者食堂12家" in answer.answer and answer.citations[0].reply_id == ids["2025年答复汇编.txt#2"]

    # The compilation loses its last reply: a full build, so no reply of it is left behind.
    path.write_text(COVER + "\n\n".join(p.read_text(encoding="utf-8") for p in replies[:2]), encoding="utf-8")
    summary = build_index([archive], root, embedder)
    assert not summary.updated
    assert source_ids(root) == {s: i for s, i in ids.items() if s != "2025年答复汇编.txt#3"}
