"""The HTTP API on a real index of the fixture archive: shapes, filters and errors (JSON, never a trace)."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from indexer.grammar import session_key
from service.answer import Answer
from service.app import create_app
from service.engine import Engine
from service.retrieve import Filters
from service.schemas import reply_json, reply_summary
from service.settings import Settings

REAL_ID = "浦科经委办理-2025-61"
QUESTION = "GID链主企业的培育目标是多少？"


def assert_error(response, status: int) -> str:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"detail"} and isinstance(body["detail"], str) and body["detail"]
    assert "Traceback" not in response.text
    return body["detail"]


def test_healthz_reports_the_loaded_index(client: TestClient, engine: Engine) -> None:
    body = client.get("/healthz").json()
    assert body["index_loaded"] is True
    assert body["model"] == engine.index.model == "m3e-small"
    assert body["replies"] == len(engine.index.replies) >= 2
    assert body["chunks"] == len(engine.index.chunks) > 0
    assert body["commitments"] == len(engine.index.commitments)


def test_ask_returns_the_same_object_as_the_cli(client: TestClient, engine: Engine) -> None:
    response = client.post("/api/ask", json={"question": QUESTION})
    assert response.status_code == 200
    body = response.json()
    assert body == engine.ask(QUESTION).model_dump()
    Answer.model_validate(body)
    assert not body["abstained"] and body["citations"] and body["sentences"]
    first = body["citations"][0]
    assert first["url"].startswith("/replies/") and f"#sec-{first['section_id']}" in first["url"]
    assert {s["n"] for s in body["sentences"]} <= {c["n"] for c in body["citations"]}


def test_ask_honours_k_and_filters(client: TestClient, engine: Engine) -> None:
    body = client.post("/api/ask", json={"question": "新增多少个", "k": 2}).json()
    assert len(body["citations"]) <= 2
    body = client.post("/api/ask", json={"question": "长者食堂 新增", "k": 5,
                                         "filters": {"agency": "区科经委"}}).json()
    assert all(c["reply_id"] == REAL_ID for c in body["citations"])
    assert body == engine.ask("长者食堂 新增", k=5, filters=Filters(agency="区科经委")).model_dump()


@pytest.mark.parametrize("payload, fragment", [
    ({"question": ""}, "为空"),
    ({"question": "   "}, "为空"),
    ({"question": "问" * 201}, "过长"),
    ({"question": QUESTION, "k": 0}, "k"),
    ({"question": QUESTION, "k": 21}, "k"),
    ({"question": QUESTION, "k": "many"}, "k"),
    ({}, "question"),
    ({"question": QUESTION, "filters": {"year": "last"}}, "year"),
])
def test_ask_rejects_bad_input_with_a_message(client: TestClient, payload: dict, fragment: str) -> None:
    assert fragment in assert_error(client.post("/api/ask", json=payload), 422)


def test_ask_rejects_a_body_that_is_not_json(client: TestClient) -> None:
    assert_error(client.post("/api/ask", content=b"question=hi", headers={"content-type": "text/plain"}), 422)


def test_replies_list_matches_the_cli_json(client: TestClient, engine: Engine) -> None:
    body = client.get("/api/replies").json()
    assert body == [reply_summary(r) for r in engine.replies()]
    assert REAL_ID in {r["reply_id"] for r in body}


@pytest.mark.parametrize("params, check", [
    ({"agency": "区科经委"}, lambda r: r["reply_id"] == REAL_ID),
    ({"year": 2025}, lambda r: r["meta"]["year"] == 2025),
    # One vocabulary: a result filter takes its class (解决或采纳 and 已经解决 are both A), a session filter
    # its term and sitting (浦东新区政协七届四次会议 and 浦东新区第七届人民代表大会第四次会议).
    ({"category": "解决或采纳"}, lambda r: r["meta"]["resolution"] == "A"),
    ({"category": "A"}, lambda r: r["meta"]["resolution"] == "A"),
    ({"session": "七届四次"}, lambda r: session_key(r["meta"]["session"]) == (7, 4)),
    ({"session": "人大七届五次"}, lambda r: r["meta"]["session"] == "浦东新区第七届人民代表大会第五次会议"),
    ({"session": "政协第七届第四次会议"}, lambda r: r["meta"]["session"] == "浦东新区政协七届四次会议"),
])
def test_replies_filters(client: TestClient, params: dict, check) -> None:
    body = client.get("/api/replies", params=params).json()
    everything = client.get("/api/replies").json()
    assert body and all(check(r) for r in body)
    assert {r["reply_id"] for r in body} == {r["reply_id"] for r in everything if check(r)}


def test_replies_filter_with_no_match_is_an_empty_list(client: TestClient) -> None:
    assert client.get("/api/replies", params={"year": 1999}).json() == []
    assert_error(client.get("/api/replies", params={"year": "soon"}), 422)


def test_one_reply_matches_dafu_show_json(client: TestClient, engine: Engine, index_settings: Settings,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    body = client.get(f"/api/replies/{REAL_ID}").json()
    assert body == reply_json(engine.reply(REAL_ID))
    assert [s["section_id"] for s in body["sections"]][:2] == ["header", "intro"]

    from service import cli

    monkeypatch.setattr(Engine, "load", classmethod(lambda cls, settings, **kw: engine))
    result = CliRunner().invoke(cli.app, ["show", REAL_ID, "--index", str(index_settings.index), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == body


@pytest.mark.parametrize("reply_id", ["no-such-reply", "..", "...", "a..b", "%2e%2e", "<script>", "x" * 300])
def test_unknown_or_malformed_reply_id_is_404(client: TestClient, reply_id: str) -> None:
    assert_error(client.get(f"/api/replies/{reply_id}"), 404)


def test_path_tricks_never_reach_a_file(client: TestClient) -> None:
    for path in ["/api/replies/..%2F..%2Fetc%2Fpasswd", "/api/replies/%2Fetc%2Fpasswd", "/static/..%2F..%2Fservice%2Fapp.py"]:
        response = client.get(path)
        assert response.status_code == 404
        assert "root:" not in response.text and "create_app" not in response.text


def test_commitments_list_and_filters(client: TestClient, engine: Engine) -> None:
    everything = client.get("/api/commitments").json()
    assert everything == [c.model_dump() for c in engine.index.commitments]
    gid = [c for c in everything if c["reply_id"] == REAL_ID and "30家" in c["targets"]]
    assert gid and gid[0]["deadline"].startswith("2025")

    mine = client.get("/api/commitments", params={"agency": "区科经委"}).json()
    assert mine and all(c["reply_id"] == REAL_ID for c in mine)
    assert all(c["year"] == 2024 for c in client.get("/api/commitments", params={"year": 2024}).json())

    due = client.get("/api/commitments", params={"due_before": 2025}).json()
    assert due and all(c["kind"] == "commitment" and int(c["deadline"][:4]) <= 2025 for c in due)
    assert due == [c.model_dump() for c in engine.commitments(due_before=2025)]
    assert_error(client.get("/api/commitments", params={"due_before": "soon"}), 422)


def test_without_an_index_the_app_starts_and_answers_503(tmp_path: Path) -> None:
    settings = Settings(index=tmp_path / "empty")
    with TestClient(create_app(settings)) as client:
        health = client.get("/healthz")
        assert health.status_code == 503
        assert health.json()["index_loaded"] is False and "dafu index" in health.json()["detail"]
        for response in [client.post("/api/ask", json={"question": QUESTION}), client.get("/api/replies"),
                         client.get(f"/api/replies/{REAL_ID}"), client.get("/api/commitments")]:
            detail = assert_error(response, 503)
            assert "索引" in detail and "index" in detail and "dafu index" in detail
        page = client.get("/")
        assert page.status_code == 503 and "text/html" in page.headers["content-type"]
        # Citizens get a Chinese sentence; the operator's detail (folder, command) stays in the JSON.
        assert "暂时无法查询" in page.text and str(tmp_path) not in page.text


def test_unexpected_errors_are_json_500_without_a_trace(index_settings: Settings, engine: Engine,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args, **kwargs):
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(engine, "ask", broken)
    with TestClient(create_app(index_settings, engine=engine), raise_server_exceptions=False) as client:
        response = client.post("/api/ask", json={"question": QUESTION})
        detail = assert_error(response, 500)
        assert "secret" not in detail
        page = client.get("/", params={"q": QUESTION})
        assert page.status_code == 500 and "secret" not in page.text and "Traceback" not in page.text


def test_engine_is_loaded_once_and_shared_by_concurrent_requests(index_settings: Settings, engine: Engine,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[Settings] = []

    def load(cls, settings, **kwargs):
        calls.append(settings)
        return engine

    monkeypatch.setattr(Engine, "load", classmethod(load))
    with TestClient(create_app(index_settings)) as client:
        results: list[int] = []

        def worker() -> None:
            for question in (QUESTION, "长者食堂新增多少家？"):
                results.append(client.post("/api/ask", json={"question": question}).status_code)

        threads = [threading.Thread(target=worker) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert results == [200] * 8
    assert len(calls) == 1


def test_openapi_documents_the_api(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/ask", "/api/replies", "/api/replies/{reply_id}", "/api/commitments", "/healthz"} <= set(paths)
    assert client.get("/docs").status_code == 200


def test_api_docs_page_is_served_without_a_cdn(client: TestClient) -> None:
    page = client.get("/docs").text
    assert "/docs-static/swagger-ui-bundle.js" in page and "/openapi.json" in page
    assert "cdn." not in page and "https://" not in page.replace("https://swagger.io", "")
    script = client.get("/docs-static/swagger-ui-bundle.js")
    assert script.status_code == 200 and len(script.content) > 100_000
