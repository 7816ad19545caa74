"""Probes a careless or hostile user tried against the web edge and the CLI (issue 12), each kept
as a test through the real app on a real index: bad text, oversized bodies, headers, HEAD, gzip,
cache lifetimes, and pages that speak Chinese."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from service.app import create_app
from service.cli import app as cli
from service.settings import Settings

QUESTION = "GID链主企业的培育目标是多少？"
REAL_ID = "浦科经委办理-2025-61"
PAGES = ["/", f"/?q={QUESTION}", "/replies", f"/replies/{REAL_ID}", "/commitments", "/docs"]


def json_error(response, status: int) -> str:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    assert "Traceback" not in response.text
    return response.json()["detail"]


# --- bad text -------------------------------------------------------------------------------------

@pytest.mark.parametrize("body", [
    '{"question": "\\ud800abc"}',                     # a lone high surrogate
    '{"question": "问题\\udfff"}',                     # a lone low surrogate
    '{"question": "GID\\u0000链主企业"}',              # a NUL byte
])
def test_question_that_is_not_valid_text_is_422(client: TestClient, body: str) -> None:
    detail = json_error(client.post("/api/ask", content=body, headers={"content-type": "application/json"}), 422)
    assert "无法识别的字符" in detail
    assert client.get("/healthz").status_code == 200  # and the server goes on


def test_filter_that_is_not_valid_text_is_422(client: TestClient) -> None:
    body = '{"question": "人工智能", "filters": {"agency": "\\udc80科经委"}}'
    json_error(client.post("/api/ask", content=body, headers={"content-type": "application/json"}), 422)


@pytest.mark.parametrize("filters, field", [
    ({"agency": "科" * 101}, "agency"),
    ({"category": "解" * 51}, "category"),
    ({"session": "届" * 51}, "session"),
    ({"year": 99999}, "year"),
])
def test_filter_fields_are_limited_in_post_as_in_get(client: TestClient, filters: dict, field: str) -> None:
    assert field in json_error(client.post("/api/ask", json={"question": QUESTION, "filters": filters}), 422)


def test_cli_question_with_undecodable_bytes_exits_1_with_a_message(tmp_path: Path) -> None:
    # What Python makes of `dafu ask $'\xff\xfe 问题'`: undecodable argv bytes become lone surrogates.
    question = b"\xff\xfe \xe9\x97\xae\xe9\xa2\x98".decode("utf-8", "surrogateescape")
    result = CliRunner().invoke(cli, ["ask", question, "--index", str(tmp_path / "none")])
    assert result.exit_code == 1, result.output
    assert "无法识别的字符" in result.output
    assert isinstance(result.exception, SystemExit)  # a message, not a traceback


@pytest.mark.parametrize("question", ["", "   ", "问" * 201])
def test_cli_checks_the_question_before_loading_anything(tmp_path: Path, question: str) -> None:
    # The index does not exist: exit 1 (bad input), not 3 (no index), proves nothing was loaded first.
    started = time.perf_counter()
    result = CliRunner().invoke(cli, ["ask", question, "--index", str(tmp_path / "none")])
    assert result.exit_code == 1, result.output
    assert time.perf_counter() - started < 3


# --- request size ---------------------------------------------------------------------------------

def test_body_over_the_limit_is_413_before_parsing(client: TestClient, index_settings: Settings) -> None:
    limit = index_settings.max_body_bytes
    body = '{"question": "' + "问" * limit + '"}'
    assert "最多" in json_error(client.post("/api/ask", content=body.encode(), headers={"content-type": "application/json"}), 413)


def test_streamed_body_without_length_is_counted_and_refused(client: TestClient, index_settings: Settings) -> None:
    sent = []

    def chunks():
        for _ in range(64):
            sent.append(1)
            yield b" " * 4096  # JSON whitespace: valid until the very end, 256 KB in all

    response = client.post("/api/ask", content=chunks(), headers={"content-type": "application/json"})
    json_error(response, 413)
    assert client.post("/api/ask", json={"question": QUESTION}).status_code == 200


def test_body_under_the_limit_is_answered(client: TestClient) -> None:
    assert client.post("/api/ask", json={"question": QUESTION, "filters": {"agency": "区科经委"}}).status_code == 200


# --- headers ------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", PAGES + ["/healthz", "/api/replies", "/static/style.css", "/replies/nope", "/nowhere"])
def test_every_answer_carries_the_security_headers(client: TestClient, path: str) -> None:
    headers = client.get(path).headers
    policy = headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy and "frame-ancestors 'none'" in policy
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    assert headers["referrer-policy"] == "same-origin"


@pytest.mark.parametrize("path", PAGES)
def test_pages_hold_no_inline_script_or_style(client: TestClient, path: str) -> None:
    html = client.get(path).text
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in tag, f"inline script on {path}: {tag}"
    assert not re.search(r"<script\b[^>]*>\s*[^<\s]", html), f"script body on {path}"
    assert "<style" not in html and " style=" not in html and " on" + "click=" not in html


@pytest.mark.parametrize("path", ["/", "/healthz", "/replies", "/static/style.css"])
def test_head_is_answered_like_get_without_a_body(client: TestClient, path: str) -> None:
    response = client.head(path)
    assert response.status_code == 200
    assert response.content == b""
    assert response.headers["content-type"] == client.get(path).headers["content-type"]


def test_pages_are_gzipped_for_clients_that_accept_it(client: TestClient) -> None:
    response = client.get("/commitments", headers={"accept-encoding": "gzip"})
    assert response.headers.get("content-encoding") == "gzip"
    assert "承诺跟踪" in response.text  # httpx decodes it


@pytest.mark.parametrize("path", ["/static/style.css", "/static/app.js", "/docs-static/swagger-ui-bundle.js"])
def test_static_files_say_how_long_to_cache_them(client: TestClient, path: str) -> None:
    headers = client.get(path).headers
    assert re.fullmatch(r"public, max-age=\d+", headers["cache-control"])
    assert "etag" in headers


# --- pages speak Chinese --------------------------------------------------------------------------

LATIN_WORDS = re.compile(r"\b(?!API\b|HTTP\b|Dafu\b|GID\b|AI\b|AIGC\b)[A-Za-z]{3,}\b")


def visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


@pytest.mark.parametrize("path, status", [
    ("/replies/nope", 404),
    ("/replies/..%2Fetc", 404),
    ("/nowhere", 404),
    ("/?q=" + "问" * 201, 422),
])
def test_error_pages_speak_chinese(client: TestClient, path: str, status: int) -> None:
    response = client.get(path)
    assert response.status_code == status
    text = visible_text(response.text)
    assert "dafu replies" not in text and "`" not in text
    text = re.sub(r"/replies/|nope|etc|nowhere", "", text)  # the address asked for is echoed
    assert not LATIN_WORDS.findall(text), LATIN_WORDS.findall(text)


def test_without_an_index_the_page_speaks_chinese(tmp_path: Path) -> None:
    with TestClient(create_app(Settings(index=tmp_path / "none"))) as client:
        response = client.get("/replies")
        assert response.status_code == 503
        assert not LATIN_WORDS.findall(visible_text(response.text))
        assert "run `dafu index`" in client.get("/api/replies").json()["detail"]  # the API keeps the detail


def test_home_examples_stand_on_their_own(client: TestClient) -> None:
    from service.routes.pages import EXAMPLES

    for example in EXAMPLES:
        # The home page shows no document yet: "这份答复" / "该答复" / "本答复" point at nothing.
        assert not re.search(r"(这|该|本|此)(份|篇|个)?(答复|文件|提案)", example), example
        answer = client.post("/api/ask", json={"question": example}).json()
        assert answer["abstained"] is False and answer["citations"], example
