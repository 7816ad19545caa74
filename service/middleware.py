"""ASGI middleware of the web edge: request body limit, HEAD for every GET, security headers.

Pure ASGI (not BaseHTTPMiddleware) so that bodies are counted as they stream in and responses are
passed through without being buffered. create_app (service/app.py) stacks them.
"""

from __future__ import annotations

from fastapi import HTTPException
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# Pages and the API load only their own files: no inline script or style, no third-party origin,
# no framing. Swagger UI (/docs) sets styles through the CSSOM, which style-src does not govern.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "content-security-policy": CONTENT_SECURITY_POLICY,
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
}


class BodyTooLargeError(HTTPException):
    """A request body over the configured limit; FastAPI re-raises HTTPException from body reading,
    so the app's HTTP error handler answers 413 in JSON (API) or as a page."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"请求内容过大：最多 {limit} 字节 (request body larger than {limit} bytes)")


class BodyLimitMiddleware:
    """Answer 413 for a body over `max_bytes` before anything parses it.

    A declared Content-Length over the limit is refused without reading; a body sent in chunks (or
    with a false length) is counted as it arrives and refused at the first byte over the limit.
    """

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = Headers(scope=scope).get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            error = BodyTooLargeError(self.max_bytes)
            await _send_json(send, error.status_code, error.detail)
            return
        received = 0
        refused = False

        async def counted_receive() -> Message:
            nonlocal received, refused
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    refused = True
                    raise BodyTooLargeError(self.max_bytes)
            return message

        async def send_closing(message: Message) -> None:
            # After a refused body the server must not read the rest of it looking for a next request.
            if refused and message["type"] == "http.response.start":
                MutableHeaders(scope=message)["connection"] = "close"
            await send(message)

        await self.app(scope, counted_receive, send_closing)


async def _send_json(send: Send, status: int, detail: str) -> None:
    import json

    body = json.dumps({"detail": detail}, ensure_ascii=False).encode("utf-8")
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
               (b"connection", b"close")]
    headers += [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class HeadMiddleware:
    """HEAD is GET without the body (RFC 9110), for every GET route: monitors and link checkers
    send HEAD / and HEAD /healthz."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def send_headers_only(message: Message) -> None:
            if message["type"] == "http.response.body":
                if message.get("more_body", False):
                    return
                message = {"type": "http.response.body", "body": b""}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, send_headers_only)


class SecurityHeadersMiddleware:
    """Adds SECURITY_HEADERS to every response, and a cache lifetime to static files."""

    def __init__(self, app: ASGIApp, static_prefixes: tuple[str, ...] = (), static_max_age: int = 3600) -> None:
        self.app = app
        self.static_prefixes = static_prefixes
        self.static_cache = f"public, max-age={static_max_age}"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = scope["path"].startswith(self.static_prefixes)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers.setdefault(name, value)
                if static and message["status"] in (200, 304):
                    headers["cache-control"] = self.static_cache
            await send(message)

        await self.app(scope, receive, send_with_headers)
