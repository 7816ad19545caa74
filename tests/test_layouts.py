"""Every fictional layout in tests/fixtures/layouts parses to its golden file, loses no character,
and indexes end to end."""

from __future__ import annotations

import json
import re
import shutil
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

from eval.parse_eval import compare, golden_of, reply_text
from indexer.parse import parse_reply
from tests.conftest import FIXTURES

LAYOUTS = FIXTURES / "layouts"
# Replies in any format the reader takes (a GBK web page among them); each is read as `dafu index` reads it.
REPLIES = sorted(p for p in LAYOUTS.iterdir() if p.suffix in (".txt", ".html", ".docx", ".pdf", ".doc") and p.name != "README.md")


def test_there_are_enough_layouts_each_with_a_golden_file():
    assert len(REPLIES) >= 20
    assert all(p.with_name(p.stem + ".golden.json").exists() for p in REPLIES)


@pytest.mark.parametrize("path", REPLIES, ids=[p.stem for p in REPLIES])
def test_layout_parses_to_its_golden_file(path: Path):
    golden = json.loads(path.with_name(path.stem + ".golden.json").read_text(encoding="utf-8"))
    text, hints = reply_text(path)
    parsed = golden_of(parse_reply(text, path.name, hints))
    wrong = {name: parsed["meta"].get(name) for name, ok in compare(parsed, golden).items() if not ok}
    assert wrong == {}, parsed["sections"] if "sections" in wrong else wrong


@pytest.mark.parametrize("path", REPLIES, ids=[p.stem for p in REPLIES])
def test_no_character_of_a_layout_is_lost(path: Path):
    text, _ = reply_text(path)
    reply = parse_reply(text, path.name)
    own_headings = (s.heading for s in reply.sections if s.kind in ("body", "attachment") and s.text != s.heading)
    # Compared up to character width: the parser folds full-width digits and letters (Ａ类 → A类).
    kept = Counter(re.sub(r"\s", "", unicodedata.normalize("NFKC", "".join(s.text for s in reply.sections)
                                                           + "".join(own_headings))))
    lost = Counter(re.sub(r"\s", "", unicodedata.normalize("NFKC", text))) - kept
    del lost["。"]  # a heading sentence's full stop is not part of its heading, by design
    assert not lost


def test_signer_never_becomes_the_agency():
    reply = parse_reply((LAYOUTS / "futian-mzj-2021-56.txt").read_text(encoding="utf-8"), "x.txt")
    assert reply.meta.agency == "深圳市福田区民政局" and reply.meta.signer == "陈某"


def test_a_reply_whose_top_level_is_a_parenthesised_number_keeps_every_section():
    text = "某局\n某函〔2024〕1号\n对某会议第1号提案的答复\n某某：\n（一）甲\n甲文。\n（二）乙\n乙文。\n（三）丙\n丙文。\n某局\n2024年1月2日"
    reply = parse_reply(text, "x.txt")
    assert [s.section_id for s in reply.sections if s.kind == "body"] == ["1", "2", "3"]


def test_a_chinese_numeral_date_moves_contact_and_cc_to_the_closing():
    text = ("某局\n某函〔2024〕1号\n对某会议第1号提案的答复\n某某：\n一、措施\n正文。\n某局\n二〇二四年六月十二日\n"
            "联系人：王某，联系电话：010-12345678\n抄送：区政府办公室")
    reply = parse_reply(text, "x.txt")
    assert reply.meta.date == "2024-06-12"
    assert reply.meta.contact.phone == "010-12345678" and reply.meta.cc == ["区政府办公室"]
    assert "联系人" not in reply.section("1").text


def test_hints_fill_only_what_the_text_leaves_empty():
    text = "对某会议第1号提案的答复\n某某：\n一、措施\n正文。"
    hints = {"agency": "某省某厅", "date": "2024年3月5日", "index_number": "000-2024-01", "doc_number": "某函〔2024〕9号"}
    meta = parse_reply(text, "x.html", hints).meta
    assert (meta.agency, meta.date, meta.index_number, meta.doc_number) == ("某省某厅", "2024-03-05", "000-2024-01", "某函〔2024〕9号")
    assert parse_reply("某局\n" + text, "x.html", hints).meta.agency == "某局"


@pytest.mark.slow
def test_every_layout_indexes_end_to_end(tmp_path: Path, embedder):
    from indexer.build import build_index
    from indexer.store import open_index

    folder = tmp_path / "layouts"
    folder.mkdir()
    for path in REPLIES:
        shutil.copy(path, folder)
    summary = build_index([folder], tmp_path / "index", embedder)
    assert summary.skipped == [] and summary.replies == len(REPLIES)
    index = open_index(tmp_path / "index")
    by_source = {r.source: r for r in index.replies.values()}
    assert by_source["jiangan-2024-combined.txt"].meta.proposal_numbers == ["045", "112"]
    assert by_source["kmhbj-2024-listing.txt"].section("attachment-2") is not None
    from service.retrieve import ReplyNumbers

    # Either number of a combined reply names it; a house number names nothing.
    numbers = ReplyNumbers(index.documents.columns)
    assert numbers.named("第112号提案办得怎么样") == {by_source["jiangan-2024-combined.txt"].reply_id}
    assert numbers.named("112号楼在哪") == set()


def test_closing_with_signature_and_date_on_one_line_and_a_note_after_it():
    text = ("某省某厅\n某函〔2023〕5号\n关于某会议第7号建议的答复\n某某代表：\n一、措施\n正文。\n"
            "某省某厅　　2023年4月1日\n（此件公开发布）\n联系人：赵某（0311-12345678）")
    meta = parse_reply(text, "x.txt").meta
    assert meta.date == "2023-04-01"
    assert (meta.contact.name, meta.contact.phone) == ("赵某", "0311-12345678")


def test_an_agency_line_after_a_complete_title_is_the_agency_not_more_title():
    text = "关于某会议第7号提案的答复\n某市某局\n某函〔2023〕5号\n某某委员：\n一、措施\n正文。\n2023年4月1日"
    reply = parse_reply(text, "x.txt")
    assert reply.title == "关于某会议第7号提案的答复" and reply.meta.agency == "某市某局"


def test_a_closing_without_a_date_still_takes_contact_and_cc_out_of_the_body():
    text = "某局\n某函〔2023〕5号\n对某会议第7号提案的答复\n某某：\n一、措施\n正文。\n某局\n联系人：钱某\n抄送：区政协提案委"
    reply = parse_reply(text, "x.txt")
    assert reply.meta.contact.name == "钱某" and reply.meta.cc == ["区政协提案委"]
    assert reply.section("1").text == "正文。"


def test_a_page_number_line_between_two_halves_of_a_paragraph_is_dropped_and_the_halves_joined():
    text = ("某局\n某函〔2023〕5号\n对某会议第7号提案的答复\n某某：\n一、措施\n"
            + "我局会同有关部门开展了专项整治，共检查经营户一千余户，责令整改问题八十七个，并对" + "\n\n- 2 -\n\n"
            + "重点路段实行全天候巡查。\n某局\n2023年4月1日")
    reply = parse_reply(text, "x.txt")
    assert "并对重点路段实行全天候巡查。" in reply.section("1").text and "- 2 -" not in reply.section("1").text


def test_web_page_style_header_fields_fill_agency_date_and_number():
    text = ("主办单位：某市某局\n成文日期：2022年3月4日\n建议编号：0456\n办理类别：会办\n"
            "关于加强某工作的建议的办理意见\n某局：\n1）第一项\n正文。\n2）第二项\n正文。")
    reply = parse_reply(text, "x.txt")
    meta = reply.meta
    assert (meta.agency, meta.date, meta.proposal_numbers, meta.reply_kind) == ("某市某局", "2022-03-04", ["0456"], "会办意见")
    assert [s.heading for s in reply.sections if s.kind == "body"] == ["1）第一项", "2）第二项"]


def test_the_addressee_of_a_reply_is_its_proposer_but_not_of_a_co_handling_opinion():
    reply = "某局\n某函〔2023〕5号\n对某会议第7号提案的答复\n张丽委员、民进某区委：\n一、措施\n正文。\n2023年4月1日"
    assert parse_reply(reply, "x.txt").meta.proposers == ["张丽", "民进某区委"]
    opinion = "某局关于某会议第7号提案的会办意见\n某市某局：\n一、意见\n正文。\n2023年4月1日"
    assert parse_reply(opinion, "x.txt").meta.proposers == []


def test_the_second_held_out_set_says_it_is_fictional_and_each_reply_has_a_golden_file():
    from eval.parse_eval import HELDOUT2_SET

    replies = [p for p in HELDOUT2_SET.iterdir() if p.is_file() and not p.name.endswith((".golden.json", ".md"))]
    readme = (HELDOUT2_SET / "README.md").read_text(encoding="utf-8")
    assert "FICTIONAL" in readme and "held-out" in readme and len(replies) >= 5
    assert all(p.with_name(p.stem + ".golden.json").exists() for p in replies)
