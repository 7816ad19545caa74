"""The hand-written evaluation sets stay usable: every gold anchor and expected string is copied
verbatim from its reply, anchors pick out one section of the parsed reply, and splits alternate.

The sets were written before the code they measure; this checks the data, not Dafu's answers.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import zipfile
from collections import Counter, defaultdict
from functools import cache
from pathlib import Path

import pytest

from eval.dataset import find_section, load_questions
from indexer.models import Reply
from indexer.parse import parse_reply

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "eval" / "data"
ANSWER_SET = DATA / "questions-answers.jsonl"
ANSWER_TYPES = {"field", "agency", "multi", "unanswerable_domain", "fact", "number"}


@cache
def reply_text(name: str) -> str:
    for folder in (DATA / "replies", DATA / "chat" / "replies", ROOT / "corpus"):
        if (folder / name).exists():
            return (folder / name).read_text(encoding="utf-8").replace("**", "")
    raise AssertionError(f"{name} is in neither eval/data/replies, eval/data/chat/replies nor corpus")


@cache
def parsed(name: str) -> Reply:
    return parse_reply(reply_text(name), name)


def check_item(where: str, answerable: bool, gold: list[dict], expect: list[str], need_expect: bool = True) -> list[str]:
    """Problems of one question or dialogue turn (empty when its gold and expect are usable)."""
    if not answerable:
        return [f"{where}: unanswerable but has gold or expect"] if gold or expect else []
    problems = [] if gold and (expect or not need_expect) else [f"{where}: answerable needs gold and expect"]
    for ref in gold:
        text, anchor = reply_text(ref["file"]), ref["anchor"]
        if text.count(anchor) != 1:
            problems.append(f"{where}: anchor {anchor!r} occurs {text.count(anchor)} times in {ref['file']}")
            continue
        reply = parsed(ref["file"])
        sections = find_section(reply, anchor)
        if len(sections) != 1 or anchor in reply.section(sections[0]).heading:
            problems.append(f"{where}: anchor {anchor!r} is not inside exactly one section's text")
    files = {ref["file"] for ref in gold}
    problems += [f"{where}: {e!r} is in none of its gold replies" for e in expect
                 if not any(e in reply_text(f) for f in files)]
    return problems


def rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def not_alternating(items: list[dict], key: str) -> list[str]:
    """Values of `key` whose items' splits do not run dev, test, dev, … in file order."""
    splits: dict[str, list[str]] = defaultdict(list)
    for item in items:
        splits[item[key]].append(item["split"])
    return [value for value, seq in splits.items() if seq != [("dev", "test")[i % 2] for i in range(len(seq))]]


def test_answer_set_loads_and_covers_every_new_type():
    questions = load_questions(ANSWER_SET)
    counts = Counter(q.type for q in questions)
    assert set(counts) == ANSWER_TYPES
    assert len(questions) >= 120 and counts["unanswerable_domain"] >= 34
    assert all(q.id.startswith("A") for q in questions)


def test_answer_set_gold_and_expect_are_verbatim_and_anchors_are_unique():
    problems = []
    for row in rows(ANSWER_SET):
        problems += check_item(row["id"], row["answerable"], row["gold"], row["expect"])
        if row["type"] == "multi":
            assert len({g["file"] for g in row["gold"]}) >= 2, row["id"]
            problems += [f"{row['id']}: no expected fact from {g['file']}" for g in row["gold"]
                         if not any(e in reply_text(g["file"]) for e in row["expect"])]
    assert not problems, "\n".join(problems)


def test_field_gold_is_in_the_header_or_closing_and_content_gold_never_is():
    misplaced = []
    for row in rows(ANSWER_SET):
        for ref in row["gold"]:
            reply = parsed(ref["file"])
            kind = reply.section(find_section(reply, ref["anchor"])[0]).kind
            if (kind in ("header", "closing")) != (row["type"] == "field"):
                misplaced.append(f"{row['id']} ({row['type']}): {ref['anchor']!r} is in a {kind} section")
    assert not misplaced, "\n".join(misplaced)


def test_answer_set_splits_alternate_within_each_type():
    # Questions written later for tuning (origin "tuning") are dev only and stay out of the alternation.
    questions = rows(ANSWER_SET)
    assert all(q["split"] == "dev" for q in questions if q.get("origin") == "tuning")
    assert not not_alternating([q for q in questions if q.get("origin") != "tuning"], "type")


DIALOGUES = DATA / "dialogues.jsonl"
CHAT_DIALOGUES = DATA / "chat" / "dialogues.jsonl"
CHAT_ROUND_2 = DATA / "chat" / "dialogues-2.jsonl"
CHAT_ROUND_3 = DATA / "chat" / "dialogues-3.jsonl"
FOLLOW_UPS = ("ellipsis", "reference", "contrast", "narrowing", "switch", "unresolvable")


def test_dialogues_have_two_to_four_turns_and_every_follow_up_kind_six_times():
    dialogues = rows(DIALOGUES)
    assert len(dialogues) >= 42 and len({d["id"] for d in dialogues}) == len(dialogues)
    kinds = Counter(turn["kind"] for d in dialogues for turn in d["turns"][1:])
    assert all(kinds[kind] >= 6 for kind in FOLLOW_UPS), kinds
    assert set(kinds) <= set(FOLLOW_UPS)
    for d in dialogues:
        assert 2 <= len(d["turns"]) <= 4 and d["turns"][0]["kind"] == "first", d["id"]
        assert d["kind"] in [turn["kind"] for turn in d["turns"][1:]], d["id"]


@pytest.mark.parametrize("path", [DIALOGUES, CHAT_DIALOGUES, CHAT_ROUND_2, CHAT_ROUND_3], ids=["main", "chat", "chat2", "chat3"])
def test_dialogue_turns_gold_and_expect_are_verbatim_and_exclusions_are_consistent(path: Path):
    problems = []
    for d in rows(path):
        for number, turn in enumerate(d["turns"], start=1):
            where = f"{d['id']} turn {number}"
            if not turn["standalone"].strip():
                problems.append(f"{where}: empty standalone")
            if turn["kind"] == "unresolvable" and turn["answerable"]:
                problems.append(f"{where}: an unresolvable turn cannot be answerable")
            # The chat set expects no fact of a turn whose good answers may quote different sentences.
            problems += check_item(where, turn["answerable"], turn["gold"], turn["expect"], path == DIALOGUES)
            for name in turn["must_not_cite"]:
                reply_text(name)  # the excluded reply exists
                if name in {g["file"] for g in turn["gold"]}:
                    problems.append(f"{where}: {name} is both gold and must_not_cite")
            if turn["kind"] in ("contrast", "switch") and not turn["must_not_cite"]:
                problems.append(f"{where}: a {turn['kind']} turn names the replies it must not inherit")
    assert not problems, "\n".join(problems)


def test_dialogue_splits_alternate_within_each_follow_up_kind():
    # Dialogues written later for tuning (origin "tuning") are dev only and stay out of the alternation.
    dialogues = rows(DIALOGUES)
    assert all(d["split"] == "dev" for d in dialogues if d.get("origin") == "tuning")
    assert not not_alternating([d for d in dialogues if d.get("origin") != "tuning"], "kind")


@pytest.mark.parametrize("path", [CHAT_DIALOGUES, CHAT_ROUND_2], ids=["chat", "chat2"])
def test_chat_dialogues_hold_out_every_third_and_cover_every_follow_up_kind(path: Path):
    dialogues = rows(path)
    assert [d["split"] for d in dialogues] == ["heldout" if n % 3 == 0 else "dev" for n in range(1, len(dialogues) + 1)]
    kinds = Counter(turn["kind"] for d in dialogues for turn in d["turns"][1:])
    assert set(FOLLOW_UPS) <= set(kinds), kinds
    for d in dialogues:
        assert 2 <= len(d["turns"]) <= 4 and d["turns"][0]["kind"] == "first", d["id"]


def test_third_chat_round_holds_out_a_random_third_and_stresses_contrast_and_switch():
    # Its held-out third was drawn at random (seed in chat/README.md) when the file was written, not every third.
    dialogues = rows(CHAT_ROUND_3)
    assert len(dialogues) >= 24 and len({d["id"] for d in dialogues}) == len(dialogues)
    held = [d for d in dialogues if d["split"] == "heldout"]
    assert {d["split"] for d in dialogues} == {"dev", "heldout"} and len(held) == len(dialogues) // 3
    kinds = Counter(turn["kind"] for d in dialogues for turn in d["turns"][1:])
    assert set(FOLLOW_UPS) <= set(kinds) and kinds["contrast"] >= 6 and kinds["switch"] >= 5, kinds
    for d in dialogues:
        assert 2 <= len(d["turns"]) <= 4 and d["turns"][0]["kind"] == "first", d["id"]


CITIZEN = DATA / "citizen"


@cache
def archive_reply(name: str) -> tuple[str, Reply]:
    """A reply of the citizen set's archive (any format the reader takes), as text and parsed."""
    from eval.run import citizen_archive
    from indexer.read import read_source

    paths = [f for p in citizen_archive() for f in (sorted(p.iterdir()) if p.is_dir() else [p]) if f.name == name]
    assert len(paths) == 1, f"{name} is not (exactly once) in the citizen set's archive"
    source = read_source(paths[0])
    return source.text.replace("**", ""), parse_reply(source.text, name, source.hints)


def test_citizen_set_gold_is_verbatim_field_gold_in_header_or_closing_and_a_third_is_held_out():
    questions = rows(CITIZEN / "questions.jsonl")
    counts = Counter(q["type"] for q in questions)
    assert counts["field"] >= 30 and counts["multi"] >= 8 and counts["unanswerable_domain"] >= 12
    problems = []
    for row in questions:
        if not row["answerable"]:
            problems += [f"{row['id']}: unanswerable but has gold or expect"] if row["gold"] or row["expect"] else []
            continue
        for ref in row["gold"]:
            text, reply = archive_reply(ref["file"])
            sections = find_section(reply, ref["anchor"])
            if text.count(ref["anchor"]) != 1 or len(sections) != 1:
                problems.append(f"{row['id']}: anchor {ref['anchor']!r} is not once in one section of {ref['file']}")
                continue
            in_metadata = reply.section(sections[0]).kind in ("header", "closing")
            if in_metadata != (row["type"] == "field"):
                problems.append(f"{row['id']} ({row['type']}): {ref['anchor']!r} is in a {reply.section(sections[0]).kind} section")
        problems += [f"{row['id']}: {e!r} is in none of its gold replies" for e in row["expect"]
                     if not any(e in archive_reply(g["file"])[0] for g in row["gold"])]
    assert not problems, "\n".join(problems)
    for kind in counts:
        held = sum(q["split"] == "test" for q in questions if q["type"] == kind)
        assert held == round(counts[kind] / 3), kind


def test_the_rule_writing_replies_parse_the_same_as_web_pages_docx_and_fixed_width_text(tmp_path):
    """eval/format_variants.py without LibreOffice: every rule-writing reply rebuilt as four kinds of
    web page, a python-docx .docx and a .txt broken at 28 characters a line parses to its golden fields
    (the fixed-width text may lose a section tree where a heading broke mid-line)."""
    from eval.format_variants import write_variants
    from eval.parse_eval import RULE_SET, score_folder

    for variant, folder in write_variants(tmp_path, sets=(RULE_SET,), office=False).items():
        score = score_folder(folder)
        assert score.replies >= 40, variant
        misses = [m for m in score.misses if not (variant.startswith(".txt") and "sections" in m)]
        assert misses == [], variant


def test_header_and_closing_fields_parse_in_every_order():
    """eval.field_order on every non-blind .txt reply: header lines shuffled, closing lines shuffled with
    header fields moved last, header fields joined on one line; every field as its golden file says."""
    from eval.field_order import closing_orders, header_orders, joined_orders, replies, score

    found = replies()
    for kind in (header_orders, closing_orders, joined_orders):
        result = score(kind, found, orders=2)
        assert result.variants > 40 and result.misses == [], kind.__name__


def test_a_reply_file_the_indexer_cannot_read_is_a_parse_miss_not_a_crash(tmp_path):
    """A golden file beside a file of a kind no reader knows (here .xyz, bytes of no known format) scores
    nothing and says so; the other replies of the folder are still scored."""
    from eval.parse_eval import RULE_SET, score_folder

    good = next(iter(sorted(RULE_SET.glob("*.golden.json"))))
    name = good.name.removesuffix(".golden.json")
    reply = next(p for p in RULE_SET.glob(name + ".*") if not p.name.endswith(".golden.json"))
    (tmp_path / good.name).write_bytes(good.read_bytes())
    (tmp_path / reply.name).write_bytes(reply.read_bytes())
    (tmp_path / "unread.golden.json").write_bytes(good.read_bytes())
    (tmp_path / "unread.xyz").write_bytes(b"\x00\x01 not a reply of any known format")
    score = score_folder(tmp_path)
    assert score.replies == 2
    assert [m for m in score.misses if m.startswith("unread: not read (")] and score.correct["agency"] == 1


def test_field_questions_name_each_reply_hold_a_third_out_and_score_the_value_stated(tmp_path: Path):
    """eval.field_questions: every field a golden file fills is asked of its reply, named by agency and number or
    by its proposal's topic (an agency question never names the agency); a third of the replies is held out;
    a date counts in any writing, a result by its class, a phone whatever its spacing."""
    from eval.field_questions import Question, questions, states

    for n in range(6):
        meta = {"agency": f"某市第{n}局", "proposal_numbers": [f"00{n}"], "proposal_kind": "建议", "date": "2024-06-12",
                "resolution": "A", "contact": {"name": "王某", "phone": "0731-88661234"}, "cc": [], "signer": None}
        (tmp_path / f"r{n}.golden.json").write_text(json.dumps({"meta": meta}, ensure_ascii=False), encoding="utf-8")
    asked = questions(tmp_path, {f"r{n}": "关于加快老年助餐服务的建议" for n in range(6)})
    assert {q.field for q in asked} == {"agency", "date", "resolution", "phone", "contact"}
    assert len({q.reply for q in asked if q.held_out}) == 2 and len({q.reply for q in asked}) == 6
    assert all("老年助餐" in q.text and "局" not in q.text for q in asked if q.field == "agency")
    assert all(f"第{q.reply[1]}局" in q.text or "老年助餐" in q.text for q in asked)
    date = Question("r0", "date", "?", "2024-06-12", False)
    assert states("…在2024年6月12日对第001号建议的答复中写明", date) and not states("2024年6月21日", date)
    result = Question("r0", "resolution", "?", "A", False)
    assert states("办理结果：A类（已解决或基本解决）", result) and states("答复类别：解决或采纳", result)
    assert not states("办理结果：B类", result)
    assert states("联系电话：0731 — 88661234", Question("r0", "phone", "?", "0731-88661234", False))


# --- The held-out sets' self-checks (eval/data/selfcheck.py and each set's check.py) -------------------------

def set_check(name: str):
    """A held-out set's check.py as a module: its READERS and `main(folder)`."""
    spec = importlib.util.spec_from_file_location(f"{name}_check", DATA / name / "check.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def check_copy(folder: Path, capsys, name: str = "fresh7") -> list[str]:
    """The problems `name`'s check.py reports on `folder` (empty when it prints its ok line and exits 0)."""
    status = set_check(name).main(folder)
    out = capsys.readouterr().out.splitlines()
    assert status == (0 if out[0].startswith("ok:") else 1), out
    return [] if status == 0 else out


@pytest.fixture
def fresh7(tmp_path: Path) -> Path:
    """A copy of the open set fresh7 to break."""
    return Path(shutil.copytree(DATA / "fresh7", tmp_path / "fresh7"))


def utf8_text(path: Path) -> bool:
    """A .txt reply in UTF-8 (the sets also have GBK ones), so a test can edit it as text."""
    try:
        return path.suffix == ".txt" and bool(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        return False


def dev_item_with_txt_anchor(folder: Path) -> tuple[list[dict], dict]:
    """The questions and the first dev question whose first gold is an anchor in a UTF-8 .txt reply."""
    questions = rows(folder / "questions.jsonl")
    return questions, next(q for q in questions if q["split"] == "dev" and q["gold"] and q["expect"]
                           and q["gold"][0].get("anchor") and utf8_text(folder / q["gold"][0]["file"]))


def write_rows(path: Path, items: list[dict]) -> None:
    path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in items), encoding="utf-8")


def test_an_intact_copy_of_an_open_set_passes_its_check(fresh7, capsys):
    assert check_copy(fresh7, capsys) == []


def test_a_golden_value_not_in_its_reply_is_reported(fresh7, capsys):
    golden_path = sorted(fresh7.glob("*.golden.json"))[0]
    golden = json.loads(golden_path.read_text(encoding="utf-8"))
    golden["meta"]["agency"] = "不存在的办理单位"
    golden_path.write_text(json.dumps(golden, ensure_ascii=False), encoding="utf-8")
    reply = golden_path.name.removesuffix(".golden.json")
    assert any(p.startswith(reply) and "golden value '不存在的办理单位' not in the text" in p
               for p in check_copy(fresh7, capsys))


def test_a_heading_moved_into_a_paragraph_is_reported(fresh7, capsys):
    reply = next(p for p in sorted(fresh7.glob("*.txt")) if utf8_text(p))
    golden = json.loads((fresh7 / (reply.stem + ".golden.json")).read_text(encoding="utf-8"))
    heading = golden["sections"][-1]["heading"]
    text = reply.read_text(encoding="utf-8")
    assert any(line.strip().startswith(heading) for line in text.splitlines())
    reply.write_text("\n".join("现将有关情况答复如下：" + line.strip() if line.strip().startswith(heading) else line
                               for line in text.splitlines()), encoding="utf-8")
    assert f"{reply.name}: heading {heading!r} does not open exactly one line" in check_copy(fresh7, capsys)


def test_an_anchor_that_occurs_twice_is_reported(fresh7, capsys):
    _, question = dev_item_with_txt_anchor(fresh7)
    gold = question["gold"][0]
    reply = fresh7 / gold["file"]
    reply.write_text(reply.read_text(encoding="utf-8") + "\n\n" + gold["anchor"] + "\n", encoding="utf-8")
    assert (f"{question['id']}: anchor {gold['anchor']!r} not exactly once outside headings of {gold['file']}"
            in check_copy(fresh7, capsys))


def test_an_expected_string_in_no_gold_reply_is_reported(fresh7, capsys):
    questions, question = dev_item_with_txt_anchor(fresh7)
    question["expect"] = ["任何答复中都没有的字符串"]
    write_rows(fresh7 / "questions.jsonl", questions)
    assert (f"{question['id']}: expected '任何答复中都没有的字符串' in none of its gold files"
            in check_copy(fresh7, capsys))


def test_a_repeated_id_and_a_missing_split_mark_are_reported(fresh7, capsys):
    questions = rows(fresh7 / "questions.jsonl")
    dev = [q for q in questions if q["split"] == "dev"]
    dev[1]["id"] = dev[0]["id"]
    del dev[2]["split"]
    write_rows(fresh7 / "questions.jsonl", questions)
    problems = check_copy(fresh7, capsys)
    assert f"questions.jsonl: id {dev[0]['id']} used twice" in problems
    assert f"questions.jsonl: {dev[2]['id']} has split None" in problems


def test_a_reply_removed_leaves_its_golden_and_its_gold_references_reported(fresh7, capsys):
    _, question = dev_item_with_txt_anchor(fresh7)
    name = question["gold"][0]["file"]
    (fresh7 / name).unlink()
    problems = check_copy(fresh7, capsys)
    assert f"{Path(name).stem}.golden.json: no reply beside it" in problems
    assert f"{question['id']}: gold file {name} is not a reply here" in problems


def test_a_run_on_heading_may_end_at_an_english_full_stop_only_where_a_set_says_so(capsys):
    """fresh8 has a reply written with English punctuation: its run-on headings end at ". ". With the common
    heading rule (a heading ends at "。") they would open no line, so the rule stays fresh8's own."""
    assert check_copy(DATA / "fresh8", capsys, "fresh8") == []
    fresh8 = set_check("fresh8")
    assert fresh8.selfcheck.run(DATA / "fresh8", fresh8.READERS) == 1
    problems = capsys.readouterr().out.splitlines()
    assert problems and all(": heading " in p and "does not open exactly one line" in p for p in problems)


def test_layout_lines_are_joined_and_lose_spaces_and_wrap_headings_only_where_a_set_says_so(tmp_path):
    """PDF and OFD lines are layout wraps: joined again before searching. fresh5 and fresh6 also drop
    LibreOffice's and easyofd's ASCII spaces there (`2017 年`) and let a heading wrap onto the next line; other
    sets keep the spaces and the lines as they are, and a .txt line is a paragraph in every set."""
    selfcheck = set_check("fresh5").selfcheck
    for name in ("a.pdf", "b.txt"):
        (tmp_path / name).write_text("", encoding="utf-8")
    layout = {suffix: lambda path: "一、关于2017 年\n工作情况。已完成\n" for suffix in (".pdf", ".txt")}
    plain, spaceless = selfcheck.EvalSet(tmp_path, layout), selfcheck.EvalSet(tmp_path, layout, spaceless_layout=True)
    assert plain.flat["a.pdf"] == "一、关于2017 年工作情况。已完成" and plain.flat["b.txt"].count("\n") == 2
    assert spaceless.flat["a.pdf"] == "一、关于2017年工作情况。已完成" and spaceless.flat["b.txt"] == plain.flat["b.txt"]
    heading = "一、关于2017年工作情况"
    assert selfcheck.opens_line(spaceless.lines("a.pdf"), 0, heading, ("。",), wrapped=True)
    assert not selfcheck.opens_line(spaceless.lines("a.pdf"), 0, heading + "已", ("。",), wrapped=True)
    assert not selfcheck.opens_line(plain.lines("a.pdf"), 0, heading, ("。",), wrapped=False)


def test_readers_decode_what_each_set_met(tmp_path):
    """The readers keep what the sets' checks learnt: Notepad's UTF-16 text and CRLF; a page declared gb2312
    holding a GBK-only character, with an upper-case <HEAD>; Word's numbered list markers, which are not in the
    paragraph's text."""
    selfcheck = set_check("fresh7").selfcheck
    notepad = tmp_path / "a.txt"
    notepad.write_bytes("一、总体情况\r\n办理结果：A\r\n".encode("utf-16"))
    assert selfcheck.text_file(notepad) == "一、总体情况\n办理结果：A\n"
    page = tmp_path / "a.html"
    page.write_bytes('<HTML><HEAD><meta charset="gb2312"><TITLE>网站标题</TITLE></HEAD><body><p>朱镕基路改造</p>'
                     "</body></HTML>".encode("gbk"))
    text = selfcheck.page_with_spaces(page)
    assert "朱镕基路改造" in text and "网站标题" not in text
    docx = tmp_path / "a.docx"
    numbered = ('<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr>'
                "<w:r><w:t>{}</w:t></w:r></w:p>")
    with zipfile.ZipFile(docx, "w") as archive:
        archive.writestr("word/document.xml", "<w:document><w:body>" + numbered.format("总体情况")
                         + numbered.format("下一步工作") + "</w:body></w:document>")
        archive.writestr("word/numbering.xml", '<w:numbering><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0">'
                         '<w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl></w:abstractNum>'
                         '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>')
    assert selfcheck.docx_numbered(docx).split("\n\n") == ["一、总体情况", "二、下一步工作"]
    assert selfcheck.docx_paragraphs(docx).split("\n\n") == ["总体情况", "下一步工作"]
