"""What the commitments list shows a citizen (issue 12): a promise is something the reply itself
undertakes, not the lead-in to a list nor a past act it narrates; one follow-through line per later
reply; and the reply page's "承诺 N 项" opens exactly N. The replies below are fictional."""

from __future__ import annotations

import re
from html import unescape

import pytest
from fastapi.testclient import TestClient

from indexer.commitments import extract_commitments, is_lead_in, opens_with_past_date
from indexer.models import Reply, ReplyMeta, Section
from service.engine import Engine


def reply_of(agency: str, date: str, *paragraphs: str) -> Reply:
    text = "\n".join(paragraphs)
    return Reply(reply_id="r", title="关于某事的答复", source="r.txt",
                 meta=ReplyMeta(agency=agency, date=date, year=int(date[:4])),
                 sections=[Section(section_id="1", heading="一、工作安排", path=["一、工作安排"], level=1, text=text)])


def kinds(reply: Reply) -> dict[str, str]:
    return {c.text: c.kind for c in extract_commitments(reply)}


@pytest.mark.parametrize("agency, date, lead_in, item", [
    ("成都市武侯区教育局", "2024-06-12", "为缓解学位紧张，结合代表建议，我局将重点抓好以下几项工作：",
     "一是力争2025年秋季前新建小学2所，新增学位1800个。"),
    ("青岛市交通运输局", "2023-07-03", "下一步，我们将从三个方面推进：",
     "力争到2024年底新开通社区微循环公交线路12条。"),
    ("黑龙江省农业农村厅", "2025-04-20", "今后，我厅计划采取如下措施:", "年内完成高标准农田建设30万亩。"),
])
def test_a_lead_in_ending_in_a_colon_is_not_a_promise_but_its_items_are(agency, date, lead_in, item) -> None:
    found = kinds(reply_of(agency, date, lead_in, item))
    assert lead_in not in found
    assert found.get(item) == "commitment"


@pytest.mark.parametrize("agency, date, sentence, promise", [
    # Narrates what a document issued before the reply set out: not a promise of this reply.
    ("上海市浦东新区科技和经济委员会", "2025-05-07",
     "2024年3月，我委印发《算力发展三年行动方案》，提出到2025年建成5个公共算力服务平台。", False),
    ("广州市天河区民政局", "2024-08-15", "2023年11月，我局出台养老服务实施意见，明确将新增长者食堂40个。", False),
    ("甘肃省兰州市生态环境局", "2025-03-01", "2024年9月起，我局将黄河兰州段纳入重点监测范围，计划新增监测点8个。", False),
    # A date after the reply's own is a deadline of a promise.
    ("杭州市西湖区卫生健康局", "2024-03-18", "2024年6月底前，我局将完成15家社区卫生服务中心改造。", True),
    ("南宁市住房和城乡建设局", "2025-02-10", "2025年5月，我局将启动老旧小区加装电梯三年行动，力争改造300台。", True),
])
def test_a_sentence_opened_by_a_past_date_narrates_instead_of_promising(agency, date, sentence, promise) -> None:
    found = kinds(reply_of(agency, date, sentence))
    assert (found.get(sentence) == "commitment") is promise


def test_language_rules_hold_for_their_own_cases() -> None:
    assert is_lead_in("我们将从以下几个方面发力：") and not is_lead_in("我们将从以下几个方面发力：一是加强引导；")
    assert opens_with_past_date("2024年3月，我委印发方案。", "2025-05-07", 2025)
    assert not opens_with_past_date("2025年6月，将开通。", "2025-05-07", 2025)
    assert opens_with_past_date("2023年12月，召开推进会。", None, 2024)
    assert not opens_with_past_date("近年来，我委将持续推进。", "2025-05-07", 2025)


def test_the_real_reply_lists_no_lead_in_as_a_promise(engine: Engine) -> None:
    texts = [c.text for c in engine.index.commitments if c.kind == "commitment"]
    assert texts and not [t for t in texts if is_lead_in(t)]


def rows(html: str) -> list[str]:
    return re.findall(r'<tr id="row-\d+".*?</tr>', html, flags=re.S)


def test_each_follow_through_line_appears_once_per_row(client: TestClient) -> None:
    for row in rows(client.get("/commitments").text):
        lines = [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", unescape(p))).strip()
                 for p in re.findall(r'<p class="follow">(.*?)</p>', row, flags=re.S)]
        assert len(lines) == len(set(lines)), lines


def test_the_promise_count_on_a_reply_page_opens_that_many_promises(client: TestClient, engine: Engine) -> None:
    checked = 0
    for reply_id in engine.index.replies:
        page = client.get(f"/replies/{reply_id}").text
        match = re.search(r'<a href="(/commitments\?[^"]+)">(\d+) 项</a>', page)
        if not match:
            continue
        listed = client.get(unescape(match.group(1))).text
        assert len(rows(listed)) == int(match.group(2)), reply_id
        assert all('tag-commitment' in row for row in rows(listed))
        checked += 1
    assert checked >= 2


def test_a_huge_reply_shaped_text_is_linked_in_linear_time(tmp_path) -> None:
    """The probe: the real reply pasted over and over into one 2 MB file (79 s of linking before).
    A statement repeated word for word is one statement, so the work follows the distinct text."""
    import signal
    import time

    from indexer.commitments import extract_archive_commitments
    from indexer.parse import parse_reply
    from tests.conftest import REAL_REPLY

    original = REAL_REPLY.read_text(encoding="utf-8")
    head, _, body = original.partition("现将办理情况答复如下")
    copies = 2_000_000 // len(body) + 1
    text = head + "现将办理情况答复如下" + body * copies
    assert len(text) > 2_000_000
    reply = parse_reply(text, "huge.txt")
    single = extract_archive_commitments([parse_reply(original, "one.txt")])

    def too_slow(*_):
        raise TimeoutError("commitment extraction and linking took over 60 s")

    previous = signal.signal(signal.SIGALRM, too_slow)
    signal.alarm(60)
    try:
        started = time.perf_counter()
        found = extract_archive_commitments([reply])
        seconds = time.perf_counter() - started
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert len({c.text for c in found}) == len(found)
    assert len(found) <= 2 * len(single)
    assert seconds < 60
