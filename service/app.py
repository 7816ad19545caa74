"""The web edge: create_app(settings) builds the FastAPI app serving the pages and the HTTP API.

The engine (index + model) is loaded once in the lifespan and kept on app.state; handlers reach it
through `EngineDep` (service/routes/deps.py). Domain errors from the core are translated here into
HTTP answers: JSON for /api and /healthz, an HTML page for the citizens' pages. Never a stack trace.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.middleware.gzip import GZipMiddleware
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from indexer.embed import ModelNotFoundError
from indexer.store import DafuIndexError
from service.answer import QuestionError
from service.engine import Engine, ReplyNotFoundError
from service.live import LiveEngine
from service.model_process import ModelProcess
from service.middleware import BodyLimitMiddleware, HeadMiddleware, SecurityHeadersMiddleware
from service.routes import api, chat, health, pages
from service.routes.deps import IndexUnavailableError, citizen_text, make_templates, render
from service.settings import Settings

logger = logging.getLogger(__name__)

STATIC = Path(__file__).resolve().parent.parent / "web" / "static"


def wants_json(request: Request) -> bool:
    path = request.url.path
    return path.startswith("/api") or path == "/healthz" or path.startswith("/docs") or path == "/openapi.json"


def error_response(request: Request, status: int, detail: str) -> Response:
    if wants_json(request):
        return JSONResponse({"detail": detail}, status_code=status)
    return render(request, "error.html", {"status": status, "detail": citizen_text(detail)}, status)


def validation_message(error: RequestValidationError) -> str:
    parts = []
    for item in error.errors():
        where = ".".join(str(p) for p in item.get("loc", ()) if p not in ("body", "query", "path"))
        parts.append(f"{where or '请求'}: {item.get('msg', '')}")
    return "请求参数不正确 (invalid request): " + "; ".join(parts)


def mount_api_docs(app: FastAPI) -> None:
    """OpenAPI docs at /docs with Swagger UI 5 (it renders OpenAPI 3.1, which FastAPI writes) from the
    swagger-ui-bundle-v2 package: no CDN, and web/static/docs.js starts it, so no inline script."""
    from swagger_ui_bundle import swagger_ui_path

    app.mount("/docs-static", StaticFiles(directory=str(swagger_ui_path)), name="docs-static")

    @app.get("/docs", include_in_schema=False)
    def api_docs(request: Request) -> Response:
        return render(request, "docs.html", {"title": "Dafu 答复 API", "openapi_url": app.openapi_url or "/openapi.json"})


def create_app(settings: Settings, engine: Engine | None = None, model: ModelProcess | None = None) -> FastAPI:
    """Build the app. Pass `engine` to reuse one already loaded (tests); otherwise the lifespan loads
    it, with `model` when a model process was started before (`dafu serve`)."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.live = LiveEngine(settings, engine, model)
        if engine is None:
            # Loading the model blocks for seconds: keep the event loop free meanwhile. Without an
            # index the app starts anyway: /healthz and every page say what is wrong and how to fix it.
            await run_in_threadpool(app.state.live.get)
        yield
        app.state.live.close()
        app.state.live = LiveEngine(settings)

    app = FastAPI(
        title="Dafu 答复",
        description="政府答复文件检索问答：每句答案都引用到答复的具体章节 (search and cite government replies).",
        version="0.1.0",
        lifespan=lifespan,
        docs_url=None,  # FastAPI's default /docs loads Swagger UI from a CDN; serve it from disk instead
        redoc_url=None,
    )
    mount_api_docs(app)
    app.state.settings = settings
    app.state.templates = make_templates()
    app.state.live = LiveEngine(settings, engine)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    # Last added runs first: headers go on every answer, the 413 and HEAD answers included.
    app.add_middleware(GZipMiddleware, minimum_size=1024)
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_body_bytes)
    app.add_middleware(HeadMiddleware)
    app.add_middleware(SecurityHeadersMiddleware, static_prefixes=("/static/", "/docs-static/"))
    app.include_router(health.router)
    app.include_router(api.router)
    app.include_router(chat.api_router)
    app.include_router(chat.page_router)
    app.include_router(pages.router)

    @app.exception_handler(QuestionError)
    def question_error(request: Request, error: QuestionError) -> Response:
        return error_response(request, 422, str(error))

    @app.exception_handler(ReplyNotFoundError)
    def reply_not_found(request: Request, error: ReplyNotFoundError) -> Response:
        return error_response(request, 404, str(error))

    @app.exception_handler(IndexUnavailableError)
    def index_unavailable(request: Request, error: IndexUnavailableError) -> Response:
        if wants_json(request):
            return error_response(request, 503, str(error))
        # The reason names server folders and commands: for the operator (log, /healthz), not citizens.
        return error_response(request, 503, "暂时无法查询：答复库正在准备中，请稍后再试；如果一直如此，请联系网站管理员。")

    @app.exception_handler(RequestValidationError)
    def invalid_request(request: Request, error: RequestValidationError) -> Response:
        return error_response(request, 422, validation_message(error))

    @app.exception_handler(StarletteHTTPException)
    def http_error(request: Request, error: StarletteHTTPException) -> Response:
        detail = error.detail if isinstance(error.detail, str) else str(error.detail)
        if error.status_code == 404 and detail == "Not Found":
            detail = f"没有这个页面：{request.url.path} (not found)"
        response = error_response(request, error.status_code, detail)
        if error.headers:
            response.headers.update(error.headers)
        return response

    @app.exception_handler(Exception)
    def unexpected_error(request: Request, error: Exception) -> Response:
        logger.exception("unexpected error on %s", request.url.path)
        return error_response(request, 500, "服务器内部错误，请稍后再试；如果一直出现，请联系管理员 (internal error; see the server log)")

    return app
