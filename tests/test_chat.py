"""Conversations with real parts: the real model and index, a real SQLite application database.

The archive is the session's (the real reply and tests/fixtures/replies) plus tests/fixtures/chat:
three fictional replies on meals for older people from agencies in three cities and two years.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from indexer.store import open_index
from service.app import create_app
from service.chat import ChatService
from service.cli import app as cli
from service.conversations import ConversationStore
from service.engine import Engine
from service.followup import CitedItem, FollowupResolver, TurnState, _without_modal, plain_agency, with_stated_unit, word_pieces
from service.settings import Settings
from tests.conftest import FIXTURES, index_with

CHAT_FIXTURES = FIXTURES / "chat"
WUHOU, LIXIA, GUSU = "武民函-2024-112", "历下卫健函-2023-45", "姑商函-2024-31"
FIRST = "武侯区对老年助餐有哪些措施？"


@pytest.fixture(scope="module")
def chat_index(tmp_path_factory: pytest.TempPathFactory, archive: Path, embedder) -> Settings:
    return index_with(tmp_path_factory, embedder, archive, CHAT_FIXTURES, "chat")


@pytest.fixture(scope="module")
def chat_engine(chat_index: Settings, embedder) -> Engine:
    return Engine.load(chat_index, embedder=embedder)


@pytest.fixture(scope="module")
def resolver(chat_engine: Engine) -> FollowupResolver:
    """One resolver for the tests that read follow-ups without answering them (it keeps only a cache)."""
    return FollowupResolver(chat_engine.index.documents, chat_engine.tokenizer)


@pytest.fixture
def settings(chat_index: Settings, tmp_path: Path) -> Settings:
    return chat_index.model_copy(update={"app_db": tmp_path / "app.sqlite"})


@pytest.fixture
def chat(chat_engine: Engine, settings: Settings) -> ChatService:
    chat_engine.settings = settings
    return ChatService.from_settings(chat_engine, settings)


def chat_over(engine: Engine, tmp_path: Path) -> ChatService:
    """A chat service over `engine` with an application database of its own (one per test)."""
    settings = engine.settings.model_copy(update={"app_db": tmp_path / "app.sqlite"})
    engine.settings = settings
    return ChatService.from_settings(engine, settings)


def converse(chat: ChatService, *messages: str):
    conversation_id, answers = None, []
    for message in messages:
        answer = chat.chat(message, conversation_id)
        conversation_id = answer.conversation_id
        answers.append(answer)
    return answers


def replies_of(answer) -> set[str]:
    return {c.reply_id for c in answer.citations}


def quoted_replies(answer) -> set[str]:
    return {c.reply_id for c in answer.citations if c.in_answer}


def test_first_question_answers_from_the_archive(chat: ChatService) -> None:
    (first,) = converse(chat, FIRST)
    assert first.followup == "first" and first.turn == 1 and first.conversation_id
    assert first.citations[0].reply_id == WUHOU and not first.abstained


def test_ellipsis_asks_the_reply_cited_last(chat: ChatService) -> None:
    _, second = converse(chat, FIRST, "那联系电话呢？")
    assert second.followup == "ellipsis" and second.turn == 2
    assert "第112号提案" in second.understood_as and "联系电话" in second.understood_as
    assert (second.citations[0].reply_id, second.citations[0].section_id) == (WUHOU, "closing")
    assert "028-85071234" in second.answer
    assert replies_of(second) == {WUHOU}  # the scope holds the reply, nothing else is cited


def test_reference_to_this_reply_and_to_these_measures(chat: ChatService) -> None:
    _, date, deadline = converse(chat, FIRST, "这份答复是哪天发的？", "这些什么时候完成？")
    assert date.followup == "reference" and "2024年6月12日" in date.answer
    assert deadline.followup == "reference" and replies_of(deadline) == {WUHOU}
    assert "分别" in deadline.understood_as  # a plural referent asks about each thing it points at
    assert "2025年6月底前" in deadline.answer


def test_pointing_back_is_not_a_description(chat: ChatService) -> None:
    _, earlier, said = converse(chat, FIRST, "前面那份答复的联系电话是多少？", "刚才说的补贴标准是多少？")
    assert earlier.followup == "reference" and "028-85071234" in earlier.answer
    assert said.followup == "reference" and "答复中的补贴标准" in said.understood_as and "3元" in said.answer


def test_a_year_contrast_drops_the_year_asked_before(chat: ChatService) -> None:
    _, other = converse(chat, "2024年武侯区对老年助餐有哪些措施？", "那2023年呢？")
    assert other.followup == "contrast" and "2023年" in other.understood_as and "2024" not in other.understood_as
    assert quoted_replies(other) == {LIXIA}


def test_which_other_agencies_is_a_contrast(chat: ChatService) -> None:
    _, other = converse(chat, FIRST, "还有哪些部门提到了？")
    assert other.followup == "contrast" and other.citations and WUHOU not in replies_of(other)


def test_a_relative_year_is_a_year(chat_engine: Engine) -> None:
    resolver = FollowupResolver(chat_engine.index.documents, chat_engine.tokenizer, today=date(2025, 3, 1))
    resolved = resolver.resolve("去年呢？", TurnState(topic=FIRST, quoted=[WUHOU]))
    assert resolved.kind == "contrast" and resolved.scope.year == 2024


def test_a_question_within_the_reply_just_quoted_continues_it(chat: ChatService) -> None:
    _, meal, new = converse(chat, FIRST, "每餐补几元？", "浦东的公共数据开放有哪些举措？")
    assert meal.followup == "ellipsis" and replies_of(meal) == {WUHOU} and "3元" in meal.answer
    assert new.followup == "switch" and WUHOU not in replies_of(new)


def test_a_named_programme_is_looked_up_in_the_reply_that_named_it(resolver: FollowupResolver) -> None:
    state = TurnState(topic="老年助餐有哪些做法？", quoted=[WUHOU, GUSU], names=["《姑苏美食地图》"],
                      named_in={"《姑苏美食地图》": GUSU})
    resolved = resolver.resolve("它什么时候推出？", state)
    assert resolved.kind == "reference" and resolved.scope.reply_ids == [GUSU]
    assert resolved.understood_as.startswith("《姑苏美食地图》")


def test_ordinal_item_is_the_replys_numbered_measure(chat: ChatService) -> None:
    _, second = converse(chat, FIRST, "第二条的补贴标准是多少？")
    assert second.followup == "reference" and "（二）落实助餐补贴" in second.understood_as
    assert (second.citations[0].reply_id, second.citations[0].section_id) == (WUHOU, "2.2")
    assert "补贴" in second.answer  # which sentence of the section is quoted is the answerer's choice (the standard: 每餐补贴3元)
    _, out_of_range = converse(chat, FIRST, "第十条呢？")
    assert out_of_range.ask_back and out_of_range.followup == "unresolvable" and not out_of_range.citations


def test_ordinal_source_is_the_answers_numbered_citation(chat: ChatService) -> None:
    first, second = converse(chat, FIRST, "第2处出处说了什么？")
    assert second.followup == "reference" and "第 2 处出处" in (second.note or "")
    assert {c.reply_id for c in second.citations} == {first.citations[1].reply_id}


def test_contrast_leaves_out_the_agency_just_cited(chat: ChatService) -> None:
    _, other = converse(chat, FIRST, "其他部门呢？")
    assert other.followup == "contrast" and other.understood_as.startswith("除武侯区民政局以外")
    assert other.citations and WUHOU not in replies_of(other)
    assert {LIXIA, GUSU} & replies_of(other)


def test_contrast_with_a_named_agency_keeps_the_topic(chat: ChatService) -> None:
    _, other = converse(chat, FIRST, "那姑苏区商务局呢？")
    assert other.followup == "contrast"
    assert other.citations[0].reply_id == GUSU and "助餐" in other.answer


def test_a_named_agency_is_asked_in_the_words_its_replies_use(chat: ChatService) -> None:
    _, other = converse(chat, "姑苏区商务局对开设老年助餐窗口的餐饮企业奖励多少？", "那武侯区民政局呢？")
    assert other.followup == "contrast" and not other.abstained
    assert replies_of(other) == {WUHOU}  # 窗口 and 餐饮企业 are the commerce bureau's words, 老年助餐 is shared


def test_narrowing_to_a_year(chat: ChatService) -> None:
    _, _, narrowed = converse(chat, FIRST, "其他部门呢？", "只看2023年的")
    assert narrowed.followup == "narrowing" and "2023年" in narrowed.understood_as
    assert replies_of(narrowed) == {LIXIA}


def test_topic_switch_inherits_no_scope(chat: ChatService) -> None:
    _, scoped, switched = converse(chat, FIRST, "那联系电话呢？", "浦东的公共数据开放有哪些举措？")
    assert replies_of(scoped) == {WUHOU}
    assert switched.followup == "switch" and "不沿用" in (switched.note or "")
    assert switched.citations[0].reply_id == "浦数据办理-2025-06" and WUHOU not in replies_of(switched)


@pytest.mark.parametrize("message", ["那它呢？", "这份答复的联系电话是多少？", "其他部门呢？", "只看2024年的"])
def test_a_follow_up_without_context_asks_back(chat: ChatService, message: str) -> None:
    (answer,) = converse(chat, message)
    assert answer.followup == "unresolvable" and answer.ask_back and answer.abstained and not answer.citations
    assert "请把问题说完整" in answer.answer


def test_a_person_never_named_is_not_guessed(chat: ChatService) -> None:
    _, answer = converse(chat, FIRST, "他的电话是多少？")
    assert answer.ask_back and not answer.citations


def test_after_an_ask_back_the_earlier_answer_is_still_the_context(chat: ChatService) -> None:
    _, asked_back, phone = converse(chat, FIRST, "他的电话是多少？", "那联系电话呢？")
    assert asked_back.ask_back and phone.followup == "ellipsis" and "028-85071234" in phone.answer


def test_two_replies_named_side_by_side_give_each_its_field_until_one_is_described(chat: ChatService) -> None:
    first, each, described = converse(chat, "武侯区民政局和姑苏区商务局分别怎么支持老年助餐？", "那联系电话呢？",
                                      "商务局那份答复的联系电话是多少？")
    assert {WUHOU, GUSU} <= {c.reply_id for c in first.citations if c.in_answer}
    # both telephones, each under its body's lead
    assert not each.ask_back and "028-85071234" in each.answer and "0512-65223078" in each.answer
    assert {s.reply_id for s in each.sentences if s.lead} == {WUHOU, GUSU}
    assert described.followup == "reference" and described.citations[0].reply_id == GUSU
    assert "0512-65223078" in described.answer


def test_a_reply_is_described_by_its_subject_among_those_quoted(chat: ChatService) -> None:
    both = "武侯区民政局和姑苏区商务局分别怎么支持老年助餐？"
    first, by_title = converse(chat, both, "餐饮企业那份答复的联系电话是多少？")
    assert {WUHOU, GUSU} <= quoted_replies(first)
    assert by_title.followup == "reference" and "0512-65223078" in by_title.answer
    _, by_passage = converse(chat, both, "补贴那份答复是哪天发的？")
    assert by_passage.followup == "reference" and "2024年6月12日" in by_passage.answer


def test_a_question_about_each_of_two_things_leaves_a_singular_follow_up_ambiguous(chat: ChatService) -> None:
    first, ambiguous = converse(chat, "老年助餐补贴和助餐窗口奖励分别是多少？", "那什么时候兑现呢？")
    assert {WUHOU, GUSU} <= quoted_replies(first)
    assert ambiguous.ask_back and ambiguous.followup == "unresolvable" and not ambiguous.citations


@pytest.mark.parametrize("message", ["那去年的呢？", "那武侯区民政局呢？", "只看2024年的"])
def test_nothing_found_leaves_nothing_to_narrow_or_contrast(chat: ChatService, message: str) -> None:
    first, answer = converse(chat, "今天成都天气怎么样？", message)
    assert first.abstained and answer.followup == "unresolvable" and answer.ask_back and not answer.citations


def test_a_described_reply_needs_no_context(chat: ChatService) -> None:
    (answer,) = converse(chat, "历下区卫生健康局营养膳食那份答复的联系电话是多少？")
    assert answer.followup == "first" and not answer.ask_back
    assert (answer.citations[0].reply_id, answer.citations[0].section_id) == (LIXIA, "closing")


def test_narrowing_to_the_kind_of_proposal(chat: ChatService) -> None:
    _, narrowed = converse(chat, "老年助餐有哪些补贴？", "只看代表建议的答复")
    assert narrowed.followup == "narrowing" and replies_of(narrowed) == {LIXIA}  # the only 代表建议 on the topic


def test_next_questions_come_from_what_was_cited(chat: ChatService) -> None:
    (first,) = converse(chat, FIRST)
    texts = [s.text for s in first.next_questions]
    assert any("联系电话" in t and "武民函〔2024〕112号" in t for t in texts)
    assert any("承诺" in t for t in texts)  # the reply promises 20 助餐点 by mid-2025
    assert all(s.url.startswith(f"/chat/{first.conversation_id}?q=") for s in first.next_questions)
    asked = chat.chat(next(t for t in texts if "联系电话" in t), first.conversation_id)
    assert "028-85071234" in asked.answer


def test_conversations_survive_a_restart(chat_engine: Engine, settings: Settings) -> None:
    (first,) = converse(ChatService.from_settings(chat_engine, settings), FIRST)
    restarted = ChatService.from_settings(chat_engine, settings)  # a new process: only the file remains
    second = restarted.chat("那联系电话呢？", first.conversation_id)
    assert second.turn == 2 and "028-85071234" in second.answer
    assert [t.message for t in restarted.conversation(first.conversation_id).turns] == [FIRST, "那联系电话呢？"]


def test_a_conversation_continues_after_the_server_process_restarts(chat_index: Settings, tmp_path: Path) -> None:
    """Two real `dafu serve` processes one after the other on the same index and application database:
    the second answers the follow-up from the turn the first one stored."""
    from tests.serving import post_json as post
    from tests.serving import served

    with served(chat_index.index, tmp_path / "first.log") as first_server:
        first = post(first_server.url, {"message": FIRST})
    assert first["conversation_id"] and first["saved"]
    with served(chat_index.index, tmp_path / "second.log") as second_server:
        second = post(second_server.url, {"message": "那联系电话呢？", "conversation_id": first["conversation_id"]})
    assert second["turn"] == 2 and second["followup"] == "ellipsis" and "028-85071234" in second["answer"]


def test_a_locked_database_degrades_to_stateless_answers(chat: ChatService, settings: Settings,
                                                         caplog: pytest.LogCaptureFixture) -> None:
    (first,) = converse(chat, FIRST)
    chat.store.timeout = 0.1
    locker = sqlite3.connect(settings.app_db_path())
    locker.execute("BEGIN EXCLUSIVE")  # another process holds the write lock
    try:
        with caplog.at_level(logging.WARNING, logger="service.chat"):
            answer = chat.chat(FIRST, first.conversation_id)
    finally:
        locker.rollback()
        locker.close()
    assert not answer.abstained and answer.citations[0].reply_id == WUHOU
    assert answer.saved is False and answer.conversation_id is None
    assert any("locked" in r.getMessage() for r in caplog.records)


def test_a_full_database_degrades_to_stateless_answers(chat_engine: Engine, settings: Settings,
                                                      caplog: pytest.LogCaptureFixture) -> None:
    (first,) = converse(ChatService.from_settings(chat_engine, settings), FIRST)
    # A bound below the file's size: SQLite refuses to add a page with SQLITE_FULL, the error of a full disk.
    full = ChatService.from_settings(chat_engine, settings.model_copy(update={"app_db_max_mb": 0.001}))
    with caplog.at_level(logging.WARNING, logger="service.chat"):
        answer = full.chat("那联系电话呢？", first.conversation_id)
    assert "028-85071234" in answer.answer  # the conversation so far was still read
    assert answer.saved is False and answer.conversation_id is None
    assert any("full" in r.getMessage() for r in caplog.records)


def test_an_unwritable_database_location_degrades_to_stateless_answers(chat_engine: Engine, settings: Settings,
                                                                       tmp_path: Path, caplog) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the database folder should be", encoding="utf-8")
    broken = settings.model_copy(update={"app_db": blocker / "app.sqlite"})
    with caplog.at_level(logging.WARNING, logger="service.chat"):
        answer = ChatService.from_settings(chat_engine, broken).chat(FIRST)
    assert answer.saved is False and answer.citations[0].reply_id == WUHOU
    assert any("statelessly" in r.getMessage() for r in caplog.records)


def test_retention_and_size_bounds(tmp_path: Path) -> None:
    store = ConversationStore(tmp_path / "app.sqlite", retention_days=7, max_conversations=2, max_turns=2)
    old, middle = store.create(), store.create()
    with sqlite3.connect(store.path) as db:
        stale = (datetime.now(timezone.utc) - timedelta(days=8)).isoformat(timespec="seconds")
        db.execute("UPDATE conversations SET updated = ? WHERE id = ?", (stale, old))
    assert store.prune() == 1 and not store.exists(old) and store.exists(middle)
    newest = store.create()
    third = store.create()  # beyond max_conversations: the least recently used goes
    assert not store.exists(middle) and store.exists(newest) and store.exists(third)
    for turn in range(1, 5):
        store.add_turn(third, turn, f"问题{turn}", {"kind": "first", "understood_as": "", "query": "", "topic": ""}, {})
    assert [t.turn for t in store.turns(third)] == [3, 4]


def test_feedback_is_listed_and_exported_for_evaluation(chat: ChatService, settings: Settings, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    first, second = converse(chat, FIRST, "那联系电话呢？")
    chat.store.add_feedback(first.conversation_id, 1, "up", None)
    chat.store.add_feedback(first.conversation_id, 2, "down", "电话不对")
    monkeypatch.setenv("DAFU_APP_DB", str(settings.app_db_path()))
    runner = CliRunner()
    listed = runner.invoke(cli, ["feedback", "--index", str(settings.index), "--json"])
    assert listed.exit_code == 0, listed.output
    rows = json.loads(listed.stdout)
    assert [r["rating"] for r in rows] == ["up", "down"] and rows[1]["comment"] == "电话不对"
    assert rows[1]["answer"]["citations"][0]["section_id"] == "closing"

    out = tmp_path / "from-feedback.jsonl"
    exported = runner.invoke(cli, ["feedback", "--index", str(settings.index), "--to-eval", str(out)])
    assert exported.exit_code == 0, exported.output
    (line,) = out.read_text(encoding="utf-8").splitlines()
    question = json.loads(line)
    assert question["question"] == second.understood_as and question["message"] == "那联系电话呢？"
    assert question["gold"] == [] and question["answerable"] is True and question["comment"] == "电话不对"
    assert "联系电话" in runner.invoke(cli, ["feedback", "--index", str(settings.index)]).output


def test_chat_api_and_pages(chat_engine: Engine, settings: Settings) -> None:
    with TestClient(create_app(settings, engine=chat_engine)) as client:
        first = client.post("/api/chat", json={"message": FIRST}).json()
        cid = first["conversation_id"]
        assert first["turn"] == 1 and first["understood_as"] and first["citations"]
        second = client.post("/api/chat", json={"message": "那联系电话呢？", "conversation_id": cid}).json()
        assert second["turn"] == 2 and "第112号提案" in second["understood_as"]
        assert set(client.post("/api/ask", json={"question": FIRST}).json()) <= set(first)  # /api/ask unchanged, a subset
        thread = client.get(f"/api/chat/{cid}").json()
        assert [t["message"] for t in thread["turns"]] == [FIRST, "那联系电话呢？"]
        assert client.post(f"/api/chat/{cid}/feedback", json={"turn": 2, "rating": "down", "comment": "不对"}).status_code == 201
        assert client.post(f"/api/chat/{cid}/feedback", json={"turn": 9, "rating": "up"}).status_code == 404
        assert client.get("/api/chat/NoSuchConversation00").status_code == 404
        assert client.post("/api/chat", json={"message": "那它呢", "conversation_id": "../../etc"}).status_code == 404
        assert client.post("/api/chat", json={"message": ""}).status_code == 422

        # Without JavaScript: the form posts, the server redirects to the conversation's own address.
        home = client.get("/").text
        assert 'action="/chat"' in home and 'method="post"' in home
        posted = client.post("/chat", data={"q": FIRST, "conversation_id": ""}, follow_redirects=False)
        assert posted.status_code == 303 and posted.headers["location"].startswith("/chat/")
        page_id = posted.headers["location"].split("/")[2].split("#")[0]
        client.post("/chat", data={"q": "其他部门呢？", "conversation_id": page_id})
        page = client.get(f"/chat/{page_id}").text
        assert "我理解为：除武侯区民政局以外" in page and page.count('class="turn"') == 2
        assert 'id="t2-src-1"' in page and "新对话" in page
        suggestion = next(s["url"] for s in first["next_questions"])
        assert client.get(suggestion, follow_redirects=False).status_code == 303
        assert client.get(suggestion, follow_redirects=False).status_code == 303  # a reload does not ask twice
        assert len(client.get(f"/api/chat/{cid}").json()["turns"]) == 3
        fragment = client.get(f"/chat/{cid}/turns/2").text
        assert fragment.lstrip().startswith("<li") and "028-85071234" in fragment
        thanks = client.post(f"/chat/{cid}/feedback", data={"turn": "1", "rating": "up"}, follow_redirects=True)
        assert "谢谢反馈" in thanks.text


def test_place_names_are_dropped_down_to_the_innermost(resolver: FollowupResolver) -> None:
    assert plain_agency("苏州市姑苏区商务局") == "姑苏区商务局"
    assert plain_agency("上海市浦东新区科技和经济委员会") == "浦东新区科技和经济委员会"
    assert plain_agency("上海市教育委员会") == "上海市教育委员会"
    # "其他" inside other words and "应该" are not contrast or reference.
    cues = resolver.cues("尤其是养老服务应该怎么改进？")
    assert cues.singular_ref is None and cues.content
    assert resolver.resolve("尤其是养老服务应该怎么改进？", None).kind == "first"


def test_the_resolver_reads_only_the_replies_a_turn_refers_to(chat_index: Settings, chat_engine: Engine) -> None:
    """At 10k replies a follow-up must not visit the archive: building the resolver reads no reply, and a
    turn reads the replies it refers to (statements traced on a fresh document store's connection)."""
    documents = open_index(chat_index.index).documents
    statements: list[str] = []
    documents.db.set_trace_callback(statements.append)
    resolver = FollowupResolver(documents, chat_engine.tokenizer)
    assert not statements  # names and numbers come from the filter columns loaded with the store
    resolved = resolver.resolve("那联系电话呢？", TurnState(topic=FIRST, quoted=[WUHOU]))
    assert resolved.kind == "ellipsis" and resolved.scope.reply_ids == [WUHOU]
    reads = [s for s in statements if "FROM replies" in s or "FROM sections" in s]
    assert reads and all(WUHOU in s for s in reads), reads
    assert len(documents.replies) > 3  # the archive holds more than the one reply read


def test_an_answer_to_an_ask_back_completes_the_question_asked_back(chat: ChatService) -> None:
    first, asked_back, completed = converse(chat, "武侯区民政局和姑苏区商务局分别怎么支持老年助餐？", "那份答复的联系电话是多少？",
                                            "商务局那份")
    assert asked_back.ask_back and not asked_back.citations
    assert completed.followup == "reference" and not completed.ask_back
    assert "联系电话" in completed.understood_as and "补全上一问" in (completed.note or "")
    assert completed.citations[0].reply_id == GUSU and "0512-65223078" in completed.answer


def test_a_year_or_a_subject_answers_which_one(resolver: FollowupResolver) -> None:
    state = TurnState(topic="老年助餐有哪些补贴？", quoted=[WUHOU, LIXIA], pending="这份答复是哪天发的？")
    by_year = resolver.resolve("2023年那份", state)
    assert by_year.kind == "reference" and by_year.scope.reply_ids == [LIXIA] and "哪天" in by_year.understood_as
    assert resolver.resolve("我是说武侯区的", state).scope.reply_ids == [WUHOU]
    # A message with a question of its own is not an answer to "which one?".
    assert resolver.resolve("2023年那份答复的联系电话是多少？", state).understood_as != by_year.understood_as


def test_a_reply_field_asked_of_it_after_several_replies_asks_back(resolver: FollowupResolver) -> None:
    named = {"names": ["《姑苏美食地图》"], "named_in": {"《姑苏美食地图》": GUSU}}
    several = resolver.resolve("它的联系电话是多少？", TurnState(topic="老年助餐有哪些做法？", quoted=[WUHOU, GUSU], **named))
    assert several.kind == "unresolvable" and several.ask_back and "2份答复" in several.ask_back
    # With one reply quoted, its field is the reply's, not the programme's the answer named.
    one = resolver.resolve("它的联系电话是多少？", TurnState(topic="老年助餐有哪些做法？", quoted=[GUSU], **named))
    assert one.kind == "reference" and one.scope.reply_ids == [GUSU] and "《" not in one.understood_as
    # A programme's own content still goes to the programme.
    assert resolver.resolve("它什么时候推出？", TurnState(topic="老年助餐有哪些做法？", quoted=[WUHOU, GUSU], **named)).kind == "reference"


def test_a_question_about_each_of_two_things_stays_ambiguous_when_one_was_found(resolver: FollowupResolver) -> None:
    state = TurnState(topic="老年助餐补贴和社区食堂检查分别是怎么安排的？", quoted=[WUHOU])
    assert resolver.resolve("那份答复的联系电话是多少？", state).kind == "unresolvable"


def test_a_description_picks_among_the_sources_the_answer_cited(resolver: FollowupResolver) -> None:
    state = TurnState(topic=FIRST, quoted=[WUHOU], items=[CitedItem(n=1, reply_id=WUHOU, section_id="2.2"),
                                                          CitedItem(n=2, reply_id=GUSU, section_id="2.1")])
    picked = resolver.resolve("商务局那份答复的联系电话是多少？", state)
    assert picked.kind == "reference" and picked.scope.reply_ids == [GUSU]


def test_a_modal_verb_is_not_a_subject_and_the_dropped_subject_is_the_topic(chat: ChatService) -> None:
    assert _without_modal("能贷") == "贷" and _without_modal("能源") == "能源" and _without_modal("要求") == "要求"
    _, more = converse(chat, "武侯区对低保老年人每餐补贴多少？", "能发多少？")
    assert more.followup == "ellipsis" and replies_of(more) == {WUHOU} and not more.abstained


@pytest.fixture(scope="module")
def agency_engine(tmp_path_factory: pytest.TempPathFactory, archive: Path, embedder) -> Engine:
    """The chat archive plus a second reply of 武侯区民政局 (tests/fixtures/chat-agency)."""
    settings = index_with(tmp_path_factory, embedder, archive, [CHAT_FIXTURES, FIXTURES / "chat-agency"], "chat-agency")
    return Engine.load(settings.model_copy(update={"app_db": settings.index.parent / "app.sqlite"}), embedder=embedder)


def test_the_same_agencys_other_reply_is_suggested(agency_engine: Engine) -> None:
    (first,) = converse(ChatService.from_settings(agency_engine, agency_engine.settings), FIRST)
    assert first.citations[0].reply_id == WUHOU
    texts = [s.text for s in first.next_questions]
    assert "武侯区民政局对《关于优化婚姻登记预约服务的建议》是怎么答复的？" in texts, texts


def test_other_agencies_are_each_quoted_after_the_best(chat: ChatService) -> None:
    _, other = converse(chat, FIRST, "别的部门是怎么说的？")
    assert other.followup == "contrast" and WUHOU not in replies_of(other)
    assert len(quoted_replies(other)) >= 2  # each other reply by its own sentence, not the best one's alone


def test_other_places_leave_out_the_place_just_cited(chat: ChatService) -> None:
    _, other = converse(chat, FIRST, "别的地方呢？")
    assert other.followup == "contrast" and other.understood_as == "除武侯区以外，其他地方对老年助餐有哪些措施？"
    assert other.citations and not any("武侯区" in c.agency for c in other.citations)


def test_other_cities_are_set_off_at_the_city_the_reply_lies_in(resolver: FollowupResolver) -> None:
    resolved = resolver.resolve("其他城市有类似的做法吗？", TurnState(topic="老年助餐有哪些做法？", quoted=[WUHOU]))
    assert resolved.kind == "contrast" and resolved.understood_as.startswith("除成都市以外，其他城市")
    assert resolved.scope.exclude_agencies and all("成都市" in a for a in resolved.scope.exclude_agencies)
    assert "类似" not in resolved.query and "城市" not in resolved.query  # "the same" is the topic's words


def test_a_place_named_alone_asks_the_topic_there(chat: ChatService) -> None:
    _, there = converse(chat, FIRST, "那姑苏区呢？")
    assert there.followup == "contrast" and there.understood_as == "姑苏区对老年助餐有哪些措施？"
    assert quoted_replies(there) == {GUSU}


def test_an_exception_said_outright_is_left_out_and_not_searched_for(chat: ChatService) -> None:
    _, other = converse(chat, "武侯区民政局对老年助餐有哪些措施？", "除了武侯区民政局，还有哪些部门有助餐措施？")
    assert other.followup == "contrast" and not other.abstained
    assert other.understood_as == "除了武侯区民政局，还有哪些部门有助餐措施？"
    assert WUHOU not in replies_of(other)


def test_other_measures_of_the_same_reply_are_no_contrast(chat: ChatService) -> None:
    _, more = converse(chat, FIRST, "其他措施呢？")
    assert more.followup == "ellipsis" and not more.ask_back and replies_of(more) == {WUHOU}


def test_contrast_restates_the_topic_with_the_other_subject(resolver: FollowupResolver) -> None:
    state = TurnState(topic="武侯区民政局每餐补贴多少钱？", quoted=[WUHOU])
    assert resolver.resolve("其他部门呢？", state).understood_as == "除武侯区民政局以外，其他部门每餐补贴多少钱？"
    assert resolver.resolve("那历下区卫健局呢？", state).understood_as == "历下区卫健局每餐补贴多少钱？"
    dated = TurnState(topic="2024年武侯区民政局每餐补贴多少钱？", quoted=[WUHOU])
    assert resolver.resolve("那2023年呢？", dated).understood_as == "2023年武侯区民政局每餐补贴多少钱？"


def test_a_question_with_a_predicate_and_no_subject_continues_the_reply(resolver: FollowupResolver) -> None:
    state = TurnState(topic=FIRST, quoted=[WUHOU])
    for message in ("具体怎么申请？", "什么时候开始的？"):
        resolved = resolver.resolve(message, state)
        assert resolved.kind == "ellipsis" and resolved.scope.reply_ids == [WUHOU], message
        assert resolved.alternative is not None and resolved.alternative.kind == "switch"
    assert resolver.resolve("姑苏美食地图怎么申请？", state).kind == "switch"  # a subject of its own


def test_a_pointer_into_the_text_and_asking_for_more_keep_to_the_reply(resolver: FollowupResolver) -> None:
    state = TurnState(topic=FIRST, quoted=[WUHOU])
    said = resolver.resolve("文中说的送餐上门由谁登记？", state)
    assert said.kind == "reference" and said.scope.reply_ids == [WUHOU] and "中提到的送餐上门" in said.understood_as
    for message in ("还有呢？", "就这些吗？"):
        more = resolver.resolve(message, state)
        assert more.kind == "ellipsis" and more.scope.reply_ids == [WUHOU] and FIRST.rstrip("？") in more.understood_as


def test_an_agency_or_place_the_archive_does_not_know_is_still_named(resolver: FollowupResolver) -> None:
    state = TurnState(topic=FIRST, quoted=[WUHOU])
    agency = resolver.resolve("那锦江区民政局呢？", state)
    assert agency.kind == "contrast" and agency.scope.agency == "锦江区民政局"
    place = resolver.resolve("那南京市呢？", state)
    assert place.kind == "contrast" and place.understood_as == "南京市对老年助餐有哪些措施？"
    assert place.scope.reply_ids == []  # no reply of the archive lies there: nothing to answer from


def test_narrowing_to_a_place_and_saying_it_as_a_question(chat: ChatService) -> None:
    _, narrowed = converse(chat, "老年助餐有哪些补贴？", "只看苏州市的")
    assert narrowed.followup == "narrowing" and narrowed.understood_as == "苏州市的答复中，老年助餐有哪些补贴？"
    assert quoted_replies(narrowed) == {GUSU}


def test_a_shift_of_what_an_unanswered_question_named_is_still_a_question(resolver: FollowupResolver) -> None:
    unanswered = TurnState(topic="武侯区民政局对老年人理发有什么补贴？")  # nothing found, nothing quoted
    other = resolver.resolve("那姑苏区商务局呢？", unanswered)
    assert other.kind == "contrast" and other.understood_as == "姑苏区商务局对老年人理发有什么补贴？"
    assert resolver.resolve("别的地方呢？", unanswered).kind == "contrast"
    # a year: asked again among that year's replies, and asked back when they have nothing either
    narrowed = resolver.resolve("只看2024年的", unanswered)
    assert narrowed.kind == "narrowing" and narrowed.scope.year == 2024
    assert narrowed.alternative is not None and narrowed.alternative.kind == "unresolvable" and narrowed.alternative.ask_back


def test_leaving_an_agency_out_asks_the_others(resolver: FollowupResolver) -> None:
    state = TurnState(topic="老年助餐有哪些做法？", quoted=[WUHOU, GUSU])
    for message in ("不看武侯区民政局的", "去掉武侯区民政局的答复"):
        resolved = resolver.resolve(message, state)
        assert resolved.kind == "contrast" and resolved.understood_as == "除武侯区民政局以外，其他部门的答复中，老年助餐有哪些做法？"
        assert resolved.scope.exclude_agencies == ["武侯区民政局"] and "不看" not in resolved.query


def test_this_question_is_the_topic_and_this_measure_a_reference(resolver: FollowupResolver) -> None:
    state = TurnState(topic=FIRST, quoted=[WUHOU])
    other = resolver.resolve("那姑苏区商务局对这个问题怎么说？", state)
    assert other.kind == "contrast" and other.scope.agency == "姑苏区商务局"
    measure = resolver.resolve("这项补贴每月发几次？", state)
    assert measure.kind == "reference" and measure.scope.reply_ids == [WUHOU] and "中的补贴" in measure.understood_as
    plural = resolver.resolve("这些窗口分布在哪里？", state)
    assert plural.kind == "reference" and "窗口分别" in plural.understood_as  # each of them, after the thing named
    assert resolver.resolve("负责人是谁？", state).kind == "ellipsis"  # 责人, a piece of 负责人, is no subject


def test_the_same_quantity_is_asked_of_others_in_the_unit_the_answer_stated(resolver: FollowupResolver) -> None:
    assert with_stated_unit("收费标准是多少", ["充电费用每小时不超过0.5元。"]) == "收费标准是多少元"
    assert with_stated_unit("建了多少充电桩", ["2023年以来建成智能充电桩2600个。"]) == "建了多少个充电桩"
    assert with_stated_unit("建了几个点", ["建成托育点6个。"]) == "建了几个点"  # the question says its unit
    # the figure said after the question's own word answers it, not the sentence's first figure
    assert with_stated_unit("护林员一年报酬多少", ["全县选聘护林员312名，每人每年劳务报酬9000元。"]) == "护林员一年报酬多少元"
    assert with_stated_unit("培育了多少", ["已建成4个服务平台、已培育38家企业。"]) == "培育了多少家"
    state = TurnState(topic="武侯区民政局对低保老年人每餐补贴多少？", quoted=[WUHOU],
                      said=["对70周岁以上老年人每餐补贴3元，对低保、特困老年人每餐补贴5元。"])
    assert "多少元" in resolver.resolve("其他部门呢？", state).query
    assert "多少元" in resolver.resolve("那姑苏区呢？", state).query


def test_a_compound_is_made_of_its_words(resolver: FollowupResolver) -> None:
    assert word_pieces("收费标准") == ["收费", "标准"]
    assert word_pieces("普惠托位") == ["普惠", "托位"]  # jieba glued it; four characters are two words


def test_putting_another_in_place_and_a_partys_side_shift_the_question(resolver: FollowupResolver) -> None:
    state = TurnState(topic="武侯区对低保老年人每餐补贴多少？", quoted=[WUHOU])
    swapped = resolver.resolve("换成姑苏区是多少？", state)
    assert swapped.kind == "contrast" and swapped.understood_as == "姑苏区对低保老年人每餐补贴多少？"
    side = resolver.resolve("那商务局那边呢？", state)
    assert side.kind == "contrast" and "那边" not in side.understood_as and side.scope.agency
    again = resolver.resolve("姑苏区补贴多少？", state)  # the words of the question before, of another place
    assert again.kind == "contrast" and again.scope.reply_ids == [GUSU]
    for message in ("姑苏区有没有？", "姑苏区是怎么做的？"):  # a place and nothing of its own
        assert resolver.resolve(message, state).scope.reply_ids == [GUSU], message
    assert resolver.resolve("姑苏区老字号怎么参与？", state).kind == "switch"  # a question of its own


def test_where_words_take_a_question_after_them(resolver: FollowupResolver) -> None:
    state = TurnState(topic="武侯区对老年助餐有哪些措施？", quoted=[WUHOU])
    where = resolver.resolve("除了成都，还有哪里规定了助餐补贴？", state)
    assert where.kind == "contrast" and where.scope.exclude_agencies
    assert all("成都" in a for a in where.scope.exclude_agencies)


def test_what_is_asked_of_the_reply_need_not_be_written_in_it(resolver: FollowupResolver) -> None:
    state = TurnState(topic=FIRST, quoted=[WUHOU])
    dear = resolver.resolve("补贴高不高？", state)
    assert dear.kind == "ellipsis" and dear.scope.reply_ids == [WUHOU] and dear.understood_as.endswith("中，补贴高不高？")
    phone = resolver.resolve("打哪个电话能问到？", state)
    assert phone.kind == "ellipsis" and phone.scope.reply_ids == [WUHOU] and phone.query == "打哪个电话"


def test_a_contrast_bringing_only_a_predicate_keeps_the_topic(resolver: FollowupResolver) -> None:
    resolved = resolver.resolve("其他区补得多吗？", TurnState(topic="武侯区每餐补贴多少钱？", quoted=[WUHOU]))
    assert resolved.kind == "contrast" and "补贴" in resolved.query and resolved.understood_as.startswith("除武侯区以外，其他区")


def test_what_about_after_an_ask_back_on_a_person_is_a_question_of_its_own(chat: ChatService) -> None:
    first, asked, then = converse(chat, FIRST, "她怎么说的？", "那助餐补贴呢？")
    assert asked.ask_back and then.followup == "ellipsis" and not then.abstained
    assert quoted_replies(then) == {WUHOU} and "补贴" in then.answer


def test_another_agency_asked_the_same_in_its_own_words(chat: ChatService) -> None:
    """历下区 checks the staff of meal providers, not "老年食堂": asked again in the words its reply uses."""
    _, there = converse(chat, "武侯区老年食堂多久检查一次？", "那历下区呢？")
    assert there.followup == "contrast" and not there.abstained
    assert quoted_replies(there) == {LIXIA} and "每年进行一次健康检查" in there.answer


def test_the_former_and_the_latter_are_the_first_and_last_reply_cited(resolver: FollowupResolver) -> None:
    items = [CitedItem(n=1, reply_id=WUHOU, section_id="2.2"), CitedItem(n=2, reply_id=GUSU, section_id="2.1")]
    state = TurnState(topic="老年助餐有哪些补贴？", quoted=[WUHOU, GUSU], items=items)
    latter = resolver.resolve("后者的联系电话是多少？", state)
    assert latter.kind == "reference" and latter.scope.reply_ids == [GUSU] and latter.understood_as.endswith("的联系电话是多少？")
    assert resolver.resolve("前者呢？", state).scope.reply_ids == [WUHOU]
    both = resolver.resolve("两者有什么区别？", state)
    assert both.kind == "reference" and both.scope.reply_ids == [WUHOU, GUSU]
    alone = TurnState(topic=FIRST, quoted=[WUHOU], items=items[:1])
    assert resolver.resolve("后者呢？", alone).kind == "unresolvable"


def test_other_places_said_in_one_word_and_a_comparison_shift_the_place(resolver: FollowupResolver) -> None:
    state = TurnState(topic="武侯区对老年助餐有哪些措施？", quoted=[WUHOU])
    for message in ("外地呢？", "隔壁区呢？"):
        other = resolver.resolve(message, state)
        assert other.kind == "contrast" and other.scope.exclude_agencies, message
        assert all("武侯区" in a for a in other.scope.exclude_agencies), message
    assert resolver.resolve("外地方案有哪些？", state).kind != "contrast"  # 外 of 外地方案 is no place
    for message in ("跟姑苏区比呢？", "相比之下姑苏区呢？", "那姑苏区那里呢？"):
        compared = resolver.resolve(message, state)
        assert compared.kind == "contrast" and compared.scope.reply_ids == [GUSU], message
        assert compared.understood_as == "姑苏区对老年助餐有哪些措施？", message


def test_more_of_a_kind_keeps_to_the_replies_quoted(resolver: FollowupResolver) -> None:
    state = TurnState(topic=FIRST, quoted=[WUHOU])
    more = resolver.resolve("还有别的补贴吗？", state)
    assert more.kind == "ellipsis" and more.scope.reply_ids == [WUHOU]
    assert resolver.resolve("还有别的部门吗？", state).kind == "contrast"


def test_an_ordinal_reply_asked_for_a_field_says_so(resolver: FollowupResolver) -> None:
    items = [CitedItem(n=1, reply_id=WUHOU, section_id="2.2"), CitedItem(n=2, reply_id=GUSU, section_id="2.1")]
    dated = resolver.resolve("第二份答复是哪天发的？", TurnState(topic="老年助餐有哪些补贴？", quoted=[WUHOU, GUSU], items=items))
    assert dated.kind == "reference" and dated.scope.reply_ids == [GUSU] and "说了什么" not in dated.understood_as
    assert dated.fallback_query == dated.understood_as


def test_other_is_other_than_what_was_named_and_what_was_quoted(resolver: FollowupResolver) -> None:
    # The question named an agency with nothing on it and the answer came from another: "其他部门" sets both aside.
    state = TurnState(topic="武侯区商务局对老年助餐有哪些措施？", quoted=[WUHOU])
    other = resolver.resolve("其他部门呢？", state)
    assert other.kind == "contrast" and "成都市武侯区民政局" in other.scope.exclude_agencies
    assert "武侯区商务局" in other.scope.exclude_agencies
    # …and a second "other" keeps what the first one left out.
    again = resolver.resolve("还有别的地方吗？", state.model_copy(update={"scope": other.scope, "quoted": [GUSU]}))
    assert again.kind == "contrast" and "成都市武侯区民政局" in again.scope.exclude_agencies
    assert any("姑苏区" in a for a in again.scope.exclude_agencies)
    # a year contrast sets aside the year the question asked as well as the years quoted
    dated = resolver.resolve("其他年份呢？", TurnState(topic="2023年老年助餐有哪些措施？", quoted=[WUHOU]))
    assert dated.understood_as.startswith("除2023、2024年以外")


def test_a_contrast_never_quotes_the_reply_it_sets_aside(chat: ChatService) -> None:
    # 武侯区商务局 wrote no reply: the answer comes from another agency, which "其他部门" sets aside as well
    first, other = converse(chat, "武侯区商务局对老年助餐有哪些措施？", "其他部门呢？")
    assert quoted_replies(first) and not any("武侯区商务局" in c.agency for c in first.citations)
    assert other.followup == "contrast" and not quoted_replies(first) & replies_of(other)


def test_another_province_of_a_municipality_sets_the_municipality_aside(resolver: FollowupResolver) -> None:
    state = TurnState(topic="浦东公共数据开放有哪些举措？", quoted=["浦数据办理-2025-06"])
    other = resolver.resolve("外省有类似的吗？", state)
    assert other.kind == "contrast" and other.understood_as.startswith("除上海市以外，其他省")
    assert other.scope.exclude_agencies and all("上海市" in a for a in other.scope.exclude_agencies)


def test_a_contrast_with_nothing_else_in_the_archive_says_so(chat: ChatService) -> None:
    first, other = converse(chat, "浦东的公共数据开放有哪些举措？", "外地呢？")
    assert not first.abstained
    assert other.followup == "contrast" and other.abstained and not other.ask_back
    assert other.answer.startswith("除浦东新区以外，档案中没有找到其他地方谈到这个问题的答复。")


def test_other_places_after_a_year_narrowing_drop_the_year_and_say_so(chat: ChatService) -> None:
    _, narrowed, other = converse(chat, "老年助餐有哪些措施？", "只看2023年的", "其他地方呢？")
    assert narrowed.followup == "narrowing" and quoted_replies(narrowed) == {LIXIA}
    # no other place has a 2023 reply on it: the year goes, the note says why, and 历下区 stays set aside
    assert other.followup == "contrast" and quoted_replies(other) and LIXIA not in replies_of(other)
    assert "没有2023年的" in (other.note or "") and "不限年份" in other.note


def test_a_new_thing_after_na_is_a_new_question(resolver: FollowupResolver) -> None:
    state = TurnState(topic=FIRST, quoted=[WUHOU])
    switched = resolver.resolve("那农村学校体育老师不够呢？", state)
    assert switched.kind == "switch" and switched.scope.reply_ids == [] and switched.understood_as == "农村学校体育老师不够？"
    assert switched.alternative is not None and switched.alternative.kind == "ellipsis"
    for message in ("那送餐上门呢？", "那联系电话呢？", "那补贴资金呢？"):  # things that reply speaks of
        assert resolver.resolve(message, state).kind == "ellipsis", message


def test_a_place_named_with_a_question_of_its_own_after_na_is_a_new_question(resolver: FollowupResolver) -> None:
    state = TurnState(topic="武侯区老年助餐每餐补几元？", quoted=[WUHOU])
    # 那…呢 soften a question that names its own place and thing: the old topic is not asked of 姑苏区
    switched = resolver.resolve("那姑苏区的老字号餐饮企业怎么参与呢？", state)
    assert switched.kind == "switch" and switched.scope.reply_ids == [] and "补" not in switched.understood_as
    assert switched.alternative is None  # the old topic asked of 姑苏区 is no reading of it
    assert resolver.resolve("那姑苏区呢？", state).kind == "contrast"  # the place alone asks the old topic of it
    assert resolver.resolve("那姑苏区的补贴标准呢？", state).kind == "contrast"  # a thing the reply speaks of


def test_a_question_naming_another_place_is_never_answered_from_the_reply_in_context(chat: ChatService) -> None:
    _, other = converse(chat, FIRST, "历下区对独居老人有上门服务吗？")
    # asked of 历下区, whose reply says nothing of it: never 武侯区's reply read as if 历下区 were not said
    assert other.followup == "switch" and WUHOU not in replies_of(other)


def test_a_field_asked_of_this_reply_in_words_of_its_own_is_answered(chat: ChatService) -> None:
    _, field = converse(chat, "历下区对老年助餐有哪些措施？", "这份答复是写给哪位代表的？")
    assert field.followup == "reference" and not field.abstained and "张某某" in field.answer
    assert replies_of(field) == {LIXIA}


@pytest.mark.parametrize("message", ["占用他人车位怎么处理？", "在他乡看病能直接结算吗？"])
def test_words_made_with_ta_point_at_no_person(resolver: FollowupResolver, message: str) -> None:
    # 他人 (other people) and 他乡 are words of their own: no person is asked about, first or later
    assert resolver.resolve(message, None).kind == "first"
    assert resolver.resolve(message, TurnState(topic=FIRST, quoted=[WUHOU])).kind != "unresolvable"
    assert resolver.resolve("他的电话呢？", TurnState(topic=FIRST, quoted=[WUHOU])).kind == "unresolvable"


def test_a_speakers_opener_and_spoken_interrogatives(resolver: FollowupResolver) -> None:
    state = TurnState(topic=FIRST, quoted=[WUHOU])
    opened = resolver.resolve("还有，浦东公共数据开放有哪些举措？", state)
    assert opened.kind == "switch" and opened.understood_as == "浦东公共数据开放有哪些举措？"
    assert resolver.resolve("还有呢？", state).kind == "ellipsis"  # more of the same, not an opener
    assert resolver.resolve("我想问的是姑苏美食地图怎么申请", state).kind == "switch"
    spoken = resolver.resolve("它是啥时候答复的？", state)
    assert spoken.kind == "reference" and "什么时候" in spoken.understood_as and "啥" not in spoken.query


def test_they_after_an_answer_is_the_office_that_wrote_it(resolver: FollowupResolver) -> None:
    state = TurnState(topic=FIRST, quoted=[WUHOU])
    they = resolver.resolve("他们下一步打算怎么做？", state)
    assert they.kind == "reference" and they.scope.agency == "成都市武侯区民政局"
    where = resolver.resolve("他们在哪办公？", state)  # where an office is: the address its reply closes with
    assert where.scope.reply_ids == [WUHOU] and "联系地址" in where.understood_as
    assert resolver.resolve("他的电话是多少？", state).kind == "unresolvable"  # a person never named


def test_an_ordinal_after_two_places_named_side_by_side_asks_back(resolver: FollowupResolver) -> None:
    state = TurnState(topic="武侯区和姑苏区对老年助餐各有什么措施？", quoted=[WUHOU, GUSU])
    asked = resolver.resolve("第二点具体说说", state)
    assert asked.kind == "unresolvable" and "武侯区" in asked.ask_back and "姑苏区" in asked.ask_back
    one = TurnState(topic="上海市浦东新区公共数据开放有哪些举措？", quoted=["浦数据办理-2025-06"])
    assert resolver.resolve("第二点具体说说", one).kind == "reference"  # one place written whole


@pytest.mark.parametrize("message", ["光看2023年的", "就看民政局的"])
def test_narrowing_adverbs_other_than_only(resolver: FollowupResolver, message: str) -> None:
    state = TurnState(topic="老年助餐有哪些补贴？", quoted=[WUHOU, LIXIA])
    narrowed = resolver.resolve(message, state)
    assert narrowed.kind == "narrowing" and (narrowed.scope.year == 2023 or narrowed.scope.agency == "民政局")


@pytest.mark.parametrize("message", ["只要是独居老人就能申请吗？", "仅限本区户籍老人吗？", "就说说送餐上门怎么收费吧"])
def test_a_condition_or_a_question_of_its_own_is_no_narrowing(resolver: FollowupResolver, message: str) -> None:
    # 只要…就 is "as long as"; 仅限…吗 asks whether a measure is limited; neither keeps a part of what was found
    state = TurnState(topic="老年助餐有哪些补贴？", quoted=[WUHOU, LIXIA])
    assert resolver.resolve(message, state).kind != "narrowing"
    assert resolver.resolve("只看2023年的有哪些？", state).kind == "narrowing"  # a verb of looking, then what is asked


def test_a_narrowing_to_a_place_asks_again_after_nothing_was_found(chat: ChatService) -> None:
    unanswered = TurnState(topic="各地老年人吃饭怎么收费？")  # nothing found, nothing quoted
    narrowed = chat.resolver.resolve("只要苏州的", unanswered)
    assert narrowed.kind == "narrowing" and narrowed.understood_as.startswith("苏州的答复中")
    assert narrowed.scope.reply_ids == [GUSU]


def test_a_short_form_the_archive_never_writes_narrows_to_the_body_it_shortens(resolver: FollowupResolver) -> None:
    # 卫健局 is how people shorten 卫生健康局 (first character, generic last, the rest in order); no alias says so
    state = TurnState(topic="老年助餐有哪些措施？", quoted=[WUHOU, LIXIA])
    narrowed = resolver.resolve("就看卫健局的", state)
    assert narrowed.kind == "narrowing" and narrowed.scope.agency == "济南市历下区卫生健康局"
    assert "健局" not in narrowed.query


def test_an_agency_named_alone_is_the_one_of_the_place_the_question_named(resolver: FollowupResolver) -> None:
    # the answer came from another place (姑苏区); "那民政局呢？" still means the one of 武侯区, the place asked about
    state = TurnState(topic="武侯区商务局对老年助餐有哪些措施？", quoted=[GUSU])
    other = resolver.resolve("那民政局呢？", state)
    assert other.kind == "contrast" and other.scope.agency == "成都市武侯区民政局"
    assert "商务局" not in other.query and "武侯区" not in other.query


def test_these_asked_in_one_sum_are_not_asked_each(resolver: FollowupResolver) -> None:
    previous = TurnState(topic=FIRST, quoted=[WUHOU])
    total = resolver.resolve("这些补贴一共发了多少？", previous)
    assert total.kind == "reference" and "一共" in total.understood_as and "分别" not in total.understood_as
    each = resolver.resolve("这些补贴发了多少？", previous)
    assert "分别" in each.understood_as  # without an adverb of the whole, a plural still asks of each


def test_a_relative_year_asked_of_a_reply_is_searched_as_the_calendar_year(chat: ChatService) -> None:
    chat.__dict__["resolver"] = FollowupResolver(chat.engine.index.documents, chat.engine.tokenizer,
                                                 today=date(2024, 9, 1))
    _, total = converse(chat, FIRST, "这些补贴去年一共发了多少？")
    assert total.followup == "reference" and "去年" in total.understood_as  # the speaker's word is kept
    assert "860万元" in total.answer  # "2023年共发放助餐补贴860万元", not the 3元 a meal


EVAL_REPLIES = Path(__file__).resolve().parent.parent / "eval" / "data" / "replies"  # fictional (eval/data/README.md)


@pytest.fixture(scope="module")
def eval_chat(tmp_path_factory: pytest.TempPathFactory, archive: Path, embedder) -> ChatService:
    settings = index_with(tmp_path_factory, embedder, archive, EVAL_REPLIES, "chat-eval-archive")
    settings = settings.model_copy(update={"app_db": tmp_path_factory.mktemp("chat-eval-app") / "app.sqlite"})
    return ChatService.from_settings(Engine.load(settings, embedder=embedder), settings)


def test_a_follow_up_within_the_reply_lists_the_section_it_quotes_first(eval_chat: ChatService) -> None:
    # "能省多少钱？" shares no word with "为患者节约医疗费用约1.2亿元": its words rank that section of the reply in
    # context below others, though the answer quotes it (a sum for 多少钱); the quoted section leads the sources.
    first = eval_chat.chat("区属医院大型检查集中预约后等候时间缩短到多少？")
    follow = eval_chat.chat("能省多少钱？", first.conversation_id)
    assert follow.followup == "ellipsis" and "1.2亿元" in follow.answer
    quoted = [c for c in follow.citations if c.in_answer]
    assert quoted and follow.citations[: len(quoted)] == quoted
    assert "1.2亿元" in follow.citations[0].quote
    assert quoted[0].rank > min(c.rank for c in follow.citations)  # retrieval alone ranked another section first
    # A first question keeps its sources in retrieval order.
    assert [c.rank for c in first.citations] == sorted(c.rank for c in first.citations)


def _section_saying(resolver: FollowupResolver, reply_id: str, words: str) -> str:
    return next(s.section_id for s in resolver.replies[reply_id].sections if words in s.text)


def test_this_reply_after_a_question_of_the_whole_archive_answered_by_several_bodies_asks_back(resolver: FollowupResolver) -> None:
    # "老年助餐有哪些做法？" names no place: the answer quoted 武侯区's reply and listed 姑苏区's, which speaks of it as fully,
    # so "这份答复" has two antecedents; the one the user picks completes the question.
    items = [CitedItem(n=1, reply_id=WUHOU, section_id=_section_saying(resolver, WUHOU, "每餐补贴3元"), in_answer=True),
             CitedItem(n=2, reply_id=GUSU, section_id=_section_saying(resolver, GUSU, "一次性奖励2万元"))]
    across = TurnState(topic="老年助餐有哪些做法？", quoted=[WUHOU], items=items)
    asked = resolver.resolve("这份答复是哪天发的？", across)
    assert asked.kind == "unresolvable" and asked.ask_back and len(asked.choices) == 2
    picked = resolver.resolve("姑苏那份", across.model_copy(update={"pending": "这份答复是哪天发的？"}))
    assert picked.kind == "reference" and picked.scope.reply_ids == [GUSU] and "哪天" in picked.understood_as
    # A question naming its place is about that place's reply; so is a turn already about one reply.
    named = resolver.resolve("这份答复是哪天发的？", across.model_copy(update={"topic": "武侯区老年助餐有哪些做法？"}))
    assert named.kind == "reference" and named.scope.reply_ids == [WUHOU]
    scoped = across.model_copy(update={"scope": across.scope.model_copy(update={"reply_ids": [WUHOU]})})
    assert resolver.resolve("这份答复是哪天发的？", scoped).scope.reply_ids == [WUHOU]
    # A listed source that speaks of less of the question (历下区's passage on 医养结合, not 助餐) is no antecedent.
    other = CitedItem(n=2, reply_id=LIXIA, section_id=_section_saying(resolver, LIXIA, "医养结合机构9家"))
    single = resolver.resolve("这份答复是哪天发的？", across.model_copy(update={"items": [items[0], other]}))
    assert single.kind == "reference" and single.scope.reply_ids == [WUHOU]


def test_a_place_with_a_headless_de_phrase_puts_it_where_the_topics_modifier_stood(resolver: FollowupResolver) -> None:
    # "龙岗城中村的呢？" after "江汉区老旧小区的充电棚…谁来管？": 城中村 stands where 老旧小区 stood, asked of 龙岗.
    state = TurnState(topic="武侯区社区食堂的补贴怎么发？", quoted=[WUHOU])
    other = resolver.resolve("那姑苏区餐饮企业的呢？", state)
    assert other.kind == "contrast" and other.understood_as == "姑苏区餐饮企业的补贴怎么发？"
    assert "食堂" not in other.query and "餐饮企业" in other.query
    # A thing named without 的 is what is asked of the place, beside the topic.
    covered = resolver.resolve("那姑苏区的覆盖率呢？", state)
    assert covered.kind == "contrast" and "社区食堂" in covered.understood_as and "覆盖率" in covered.understood_as


def test_this_reply_after_one_replys_sections_filled_every_source_asks_whether_another_body_answers(
        chat: ChatService, resolver: FollowupResolver) -> None:
    # One source listed (k=1): 武侯区's; other bodies' replies answer "老年助餐有哪些补贴？" too, though no source showed it, so
    # "这份答复" has two antecedents. The thread alone (a resolver that cannot ask the archive) reads it as 武侯区's.
    first = chat.chat("老年助餐有哪些补贴？", k=1)
    assert {c.reply_id for c in first.citations} == {WUHOU}
    asked = chat.chat("这份答复是哪天发的？", first.conversation_id)
    assert asked.followup == "unresolvable" and asked.ask_back and len(asked.choices) == 2
    state = chat.previous_state(chat.history(first.conversation_id)[:1])
    assert resolver.resolve("这份答复是哪天发的？", state).scope.reply_ids == [WUHOU]
    # Asked of 武侯区 by name, the question has one antecedent.
    named = chat.chat("武侯区老年助餐有哪些补贴？", k=1)
    assert chat.chat("这份答复是哪天发的？", named.conversation_id).followup == "reference"
