"""The citizens' pages: ask (/), browse (/replies), one reply (/replies/{id}), commitments (/commitments).

Server-rendered with Jinja2 and working without JavaScript; web/static/app.js only makes asking
faster (no reload). Query parameters come from plain HTML forms, so empty selects arrive as "".
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from indexer.grammar import resolution
from indexer.models import Commitment, Reply
from service.answer import Answer, QuestionError, reply_url
from service.engine import Engine, Page
from service.facets import FacetValue
from service.retrieve import Filters
from service.routes.deps import EngineDep, checked_reply_id, citizen_text, render
from service.routes.marks import mark_paragraphs, parse_highlight

router = APIRouter(include_in_schema=False)

EXAMPLES = [
    "GID链主企业的培育目标是多少？",
    "浦东有哪些支持人工智能人才的政策？",
    "浦东的产业投资母基金有哪些？",
    "区科经委承诺过哪些人工智能相关的事？",
]

KIND_LABELS = {"commitment": "承诺", "progress": "进展"}


def text_param(value: str | None) -> str | None:
    value = (value or "").strip()
    return value[:100] or None


def year_param(value: str | None) -> int | None:
    value = (value or "").strip()
    return int(value) if value.isdigit() and 1900 <= int(value) <= 2100 else None


FACET_LIMIT = 30  # agencies or sessions suggested in a filter field; any other is typed (a search)


def facets(engine: Engine) -> dict[str, Page[FacetValue] | list]:
    """Choices for the filter fields, from the archive's filter columns (not its replies): the
    agencies and sessions with the most replies (a large archive has thousands of each), every
    year and result category."""
    return {
        "agencies": engine.facet_page("agency", limit=FACET_LIMIT),
        "sessions": engine.facet_page("session", limit=FACET_LIMIT),
        "years": [v.value for v in engine.facet_page("year").items],
        "categories": result_classes([v.value for v in engine.facet_page("category").items]),
    }


# The national classes of a reply's result, which places write in their own words (A类, 解决或采纳, 已经解决…).
RESULT_CLASSES = {"A": "A 已解决或基本解决、采纳", "B": "B 正在解决、列入计划", "C": "C 留作参考"}


def result_classes(categories: list[str]) -> list[tuple[str, str]]:
    """The result filter's choices: each class the archive's results fall in (a filter by class takes
    every reply of it, however written), then any result that is in no class, as written."""
    classes = sorted({resolution(c) for c in categories} - {None})
    return [(c, RESULT_CLASSES[c]) for c in classes] + [(c, c) for c in categories if resolution(c) is None]


PAGE_SIZE = 50  # replies or commitments per page of /replies and /commitments


def page_param(value: str | None) -> int:
    """1-based page number from the query string; anything else is the first page."""
    value = (value or "").strip()
    return int(value) if value.isdigit() and 0 < int(value) < 10**6 else 1


def pager(request: Request, page: Page) -> dict:
    """Numbers and links for the page navigation under a listing."""
    number = page.offset // PAGE_SIZE + 1
    pages = max(1, -(-page.total // PAGE_SIZE))

    def link(n: int) -> str:
        return f"{request.url.path}?{request.url.include_query_params(page=n).query}"

    return {"number": number, "pages": pages, "total": page.total,
            "previous": link(number - 1) if number > 1 else None,
            "next": link(number + 1) if number < pages else None}


def commitment_url(c: Commitment) -> str:
    return reply_url(c.reply_id, c.section_id, c.start, c.end)


def answer_for(engine: Engine, q: str | None, filters: Filters) -> tuple[Answer | None, str | None]:
    """The answer to `q` (None without a question), or the message of a question the service refuses."""
    if q is None or not q.strip():
        return None, None
    try:
        return engine.ask(q, filters=filters), None
    except QuestionError as problem:
        return None, citizen_text(str(problem))


@router.get("/", response_class=HTMLResponse)
def home(request: Request, engine: EngineDep, q: str | None = None, agency: str | None = None,
         year: str | None = None, category: str | None = None) -> HTMLResponse:
    if q is None or not q.strip():  # the home page is a new conversation; /?q= stays a one-off answer
        from service.routes.chat import chat_page, get_chat

        return chat_page(request, get_chat(request), None)
    filters = Filters(agency=text_param(agency), year=year_param(year), category=text_param(category))
    answer, error = answer_for(engine, q, filters)
    return render(request, "index.html", {
        "q": q or "", "filters": filters, "answer": answer, "error": error, "examples": EXAMPLES,
        "facets": facets(engine), "max_chars": engine.settings.max_question_chars,
    }, status=422 if error else 200)


@router.get("/fragments/answer", response_class=HTMLResponse)
def answer_fragment(request: Request, engine: EngineDep, q: str | None = None, agency: str | None = None,
                    year: str | None = None, category: str | None = None) -> HTMLResponse:
    """The answer as the page renders it, for app.js to insert without reloading (one rendering of an
    answer, in web/templates/_macros.html)."""
    filters = Filters(agency=text_param(agency), year=year_param(year), category=text_param(category))
    answer, error = answer_for(engine, q, filters)
    return render(request, "_answer.html", {"answer": answer, "error": error}, status=422 if error else 200)


@router.get("/replies", response_class=HTMLResponse)
def browse(request: Request, engine: EngineDep, agency: str | None = None, year: str | None = None,
           session: str | None = None, category: str | None = None, page: str | None = None) -> HTMLResponse:
    filters = Filters(agency=text_param(agency), year=year_param(year), session=text_param(session),
                      category=text_param(category))
    found = engine.replies_page(filters, limit=PAGE_SIZE, offset=(page_param(page) - 1) * PAGE_SIZE)
    counts = engine.index.documents.commitment_counts([r.reply_id for r in found.items])
    return render(request, "replies.html", {
        "replies": found.items, "matched": found.total, "pager": pager(request, found), "filters": filters,
        "facets": facets(engine), "total": len(engine.index.replies), "commitment_counts": counts,
    })


@router.get("/replies/{reply_id}", response_class=HTMLResponse)
def reply_page(request: Request, reply_id: str, engine: EngineDep, sec: str | None = None,
               hl: str | None = None) -> HTMLResponse:
    reply: Reply = engine.reply(checked_reply_id(reply_id))
    by_section: dict[str, list[Commitment]] = {}
    for c in engine.index.documents.query_commitments("WHERE reply_id = ?", (reply.reply_id,)):
        by_section.setdefault(c.section_id, []).append(c)
    sections = []
    for section in reply.sections:
        highlight = parse_highlight(hl, len(section.text)) if sec == section.section_id else None
        sections.append({
            "section": section,
            "highlighted": highlight is not None,
            "paragraphs": mark_paragraphs(section.text, highlight, by_section.get(section.section_id, [])),
        })
    return render(request, "reply.html", {
        "reply": reply, "sections": sections, "target": sec, "kind_labels": KIND_LABELS,
        "commitment_count": sum(1 for cs in by_section.values() for c in cs if c.kind == "commitment"),
    })


@router.get("/commitments", response_class=HTMLResponse)
def commitments_page(request: Request, engine: EngineDep, agency: str | None = None, year: str | None = None,
                     due_before: str | None = None, kind: str | None = None, page: str | None = None,
                     reply: str | None = None) -> HTMLResponse:
    # The reply page's "承诺 N 项" opens exactly those N: this reply's promises.
    only_reply = engine.index.replies.get(reply or "")
    filters = Filters(agency=text_param(agency), year=year_param(year),
                      reply_ids=[only_reply.reply_id] if only_reply is not None else None)
    due = year_param(due_before)
    kind = kind if kind in KIND_LABELS else None
    found = engine.commitments_page(filters, due_before=due, kind=kind, limit=PAGE_SIZE,
                                    offset=(page_param(page) - 1) * PAGE_SIZE)
    rows = []
    for c in found.items:
        reply = engine.index.replies.get(c.reply_id)
        links = []
        shown = set()
        for other_id in c.follows:
            other = engine.index.documents.find_commitment(other_id)
            if other is None:
                continue
            earlier, later = (other, c) if (other.year or 0) < (c.year or 0) or (
                (other.year or 0) == (c.year or 0) and other.kind == "commitment") else (c, other)
            # Several sentences of one later reply on the same target read as one line: show it once.
            line = (other.reply_id, other is earlier, earlier.year, later.year, later.kind)
            if line in shown:
                continue
            shown.add(line)
            links.append({"other": other, "other_url": commitment_url(other),
                          "other_reply": engine.index.replies.get(other.reply_id),
                          "earlier": earlier, "later": later, "other_is_earlier": other is earlier})
        rows.append({"c": c, "reply": reply, "url": commitment_url(c), "links": links})
    deadlines = engine.index.documents.deadline_years()
    return render(request, "commitments.html", {
        "rows": rows, "pager": pager(request, found), "filters": filters, "due_before": due, "kind": kind, "facets": facets(engine),
        "deadline_years": deadlines, "kind_labels": KIND_LABELS, "only_reply": only_reply,
    })
