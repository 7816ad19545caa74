"""What the routers share: the engine dependency (`EngineDep`) and the Jinja2 templates."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated

from fastapi import Depends, Request
from fastapi.templating import Jinja2Templates

from indexer.grammar import parse_agency
from service.engine import Engine, ReplyNotFoundError

TEMPLATES = Path(__file__).resolve().parent.parent.parent / "web" / "templates"

# Reply ids are made by indexer.parse.make_reply_id: word characters (incl. Chinese), dots and dashes.
REPLY_ID = re.compile(r"[\w.\-]{1,120}")

NO_INDEX = "索引尚未加载，暂时无法查询 (no index is loaded)"


class IndexUnavailableError(RuntimeError):
    """No index could be loaded at start-up; the message says why and what to do."""


def get_engine(request: Request) -> Engine:
    """The engine of the build `current` points to now (service/live.py follows `dafu index`)."""
    live = request.app.state.live
    engine = live.get()
    if engine is None:
        reason = live.load_error or ""
        raise IndexUnavailableError(f"{NO_INDEX}：{reason} 请管理员建好索引后刷新页面 (build the index; the service loads it on the next request)")
    return engine


EngineDep = Annotated[Engine, Depends(get_engine)]


def citizen_text(message: str) -> str:
    """The Chinese part of a message, for a page.

    Messages are written "中文 (English detail)": the JSON API and the CLI give both, pages only the
    Chinese. The English detail is a parenthesis opened by " (" and a Latin letter, nesting included:
    问题过长：最多 200 个字 (question longer than 200 characters) → 问题过长：最多 200 个字.
    """
    kept: list[str] = []
    i = 0
    while i < len(message):
        if message.startswith(" (", i) and message[i + 2 : i + 3].isascii() and message[i + 2 : i + 3].isalpha():
            depth, j = 0, i + 1
            while j < len(message):
                depth += {"(": 1, ")": -1}.get(message[j], 0)
                if depth == 0:
                    break
                j += 1
            i = j + 1
            continue
        kept.append(message[i])
        i += 1
    return "".join(kept).strip() or message


def checked_reply_id(reply_id: str) -> str:
    """Reject ids that cannot exist (slashes, '..', control characters) before any lookup."""
    if not REPLY_ID.fullmatch(reply_id) or reply_id.startswith(".") or ".." in reply_id:
        raise ReplyNotFoundError(f"答复编号格式不正确：{reply_id[:120]!r} (not a valid reply id; `GET /api/replies` lists them)")
    return reply_id


QUARTERS = {"Q1": "第一季度", "Q2": "第二季度", "Q3": "第三季度", "Q4": "第四季度", "H1": "上半年", "H2": "下半年"}


def deadline_label(deadline: str | None) -> str:
    """2025 → 2025年, 2025-Q3 → 2025年第三季度, 2025-12 → 2025年12月 (the extractor's formats)."""
    if not deadline:
        return ""
    year, _, rest = deadline.partition("-")
    if not rest:
        return f"{year}年"
    if rest in QUARTERS:
        return f"{year}年{QUARTERS[rest]}"
    if rest.isdigit():
        return f"{year}年{int(rest)}月"
    return deadline


def short_agency(agency: str | None) -> str:
    """上海市浦东新区科技和经济委员会 → 区科技和经济委员会: the places only take room in a table."""
    if not agency:
        return ""
    parsed = parse_agency(agency)
    if not parsed.places or not parsed.core:
        return agency
    return parsed.places[-1][-1] + parsed.core


def make_templates() -> Jinja2Templates:
    """The page templates, made once per app in create_app (kept on app.state, not at import)."""
    # Jinja2Templates autoescapes .html templates: questions and quotes are always text, never HTML.
    templates = Jinja2Templates(directory=TEMPLATES)
    templates.env.filters["deadline"] = deadline_label
    templates.env.filters["short_agency"] = short_agency
    return templates


def render(request: Request, name: str, context: dict, status: int = 200):
    return request.app.state.templates.TemplateResponse(request, name, context, status_code=status)
