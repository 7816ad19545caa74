"""The JSON API under /api: ask, replies, one reply, commitments (same objects as `dafu … --json`),
and the values of the filter fields.

Handlers are plain `def`: the model and FAISS calls block, so FastAPI runs them in its threadpool.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response

from indexer.models import Commitment
from service.answer import Answer
from service.retrieve import Filters
from service.engine import Page
from service.facets import FacetField, FacetValue
from service.routes.deps import EngineDep, checked_reply_id
from service.schemas import AskRequest, ReplyPublic, ReplySummary, reply_json, reply_summary

router = APIRouter(prefix="/api", tags=["api"])

ERRORS = {
    404: {"description": "unknown reply", "content": {"application/json": {"example": {"detail": "没有编号为 'x' 的答复"}}}},
    422: {"description": "empty or over-long question, bad k or bad parameter",
          "content": {"application/json": {"example": {"detail": "问题不能为空 (the question is empty)"}}}},
    503: {"description": "no index loaded", "content": {"application/json": {"example": {"detail": "索引尚未加载"}}}},
}

AgencyQuery = Annotated[str | None, Query(description="agency name or alias, e.g. 区科经委", max_length=100)]
YearQuery = Annotated[int | None, Query(description="year of the reply", ge=1900, le=2100)]
CategoryQuery = Annotated[str | None, Query(description="办理结果 as written (解决或采纳) or its class (A, B, C): every "
                                                        "reply of that class however its place writes it", max_length=50)]
SessionQuery = Annotated[str | None, Query(description="the session: term and sitting however written (七届四次, "
                                                       "第七届第四次), or part of its name", max_length=50)]
# Paging is opt-in and leaves the body a plain list: without limit, the whole listing comes back as
# before. X-Total-Count always gives the listing's size; Link gives the next page when there is one.
LimitQuery = Annotated[int | None, Query(description="page size (omit for the whole listing)", ge=1, le=1000)]
OffsetQuery = Annotated[int, Query(description="items to skip (with limit)", ge=0)]


def page_headers(page: Page, request: Request, response: Response) -> None:
    response.headers["X-Total-Count"] = str(page.total)
    if page.limit is not None and page.offset + page.limit < page.total:
        url = request.url.include_query_params(offset=page.offset + page.limit, limit=page.limit)
        response.headers["Link"] = f'<{url.path}?{url.query}>; rel="next"'


@router.post("/ask", response_model=Answer, responses={k: ERRORS[k] for k in (422, 503)})
def ask(request: AskRequest, engine: EngineDep) -> Answer:
    """Answer a question with quotes cited to reply sections (as `dafu ask --json`)."""
    return engine.ask(request.question, k=request.k, filters=request.filters)


@router.get("/replies", response_model=list[ReplySummary], responses={k: ERRORS[k] for k in (422, 503)})
def replies(engine: EngineDep, request: Request, response: Response, agency: AgencyQuery = None,
            year: YearQuery = None, category: CategoryQuery = None, session: SessionQuery = None,
            limit: LimitQuery = None, offset: OffsetQuery = 0) -> list[dict]:
    """List replies with their metadata (as `dafu replies --json`), newest first; page with limit/offset."""
    filters = Filters(agency=agency, year=year, category=category, session=session)
    page = engine.replies_page(filters, limit=limit, offset=offset)
    page_headers(page, request, response)
    return [reply_summary(r) for r in page.items]


@router.get("/replies/{reply_id}", response_model=ReplyPublic, responses={k: ERRORS[k] for k in (404, 503)})
def reply(reply_id: Annotated[str, Path(description="as GET /api/replies lists")], engine: EngineDep) -> dict:
    """One whole reply, section by section (as `dafu show --json`)."""
    return reply_json(engine.reply(checked_reply_id(reply_id)))


@router.get("/commitments", response_model=list[Commitment], responses={k: ERRORS[k] for k in (422, 503)})
def commitments(engine: EngineDep, request: Request, response: Response, agency: AgencyQuery = None,
                year: YearQuery = None,
                due_before: Annotated[int | None, Query(description="deadline in or before this year", ge=1900, le=2100)] = None,
                limit: LimitQuery = None, offset: OffsetQuery = 0) -> list[Commitment]:
    """Commitments (promises with targets and deadlines) and reported progress (as `dafu commitments --json`);
    page with limit/offset."""
    page = engine.commitments_page(Filters(agency=agency, year=year), due_before=due_before, limit=limit, offset=offset)
    page_headers(page, request, response)
    return page.items


@router.get("/facets/{field}", response_model=list[FacetValue], responses={k: ERRORS[k] for k in (422, 503)})
def facets(field: Annotated[FacetField, Path(description="agency, session, category or year")], engine: EngineDep,
           request: Request, response: Response,
           q: Annotated[str | None, Query(description="only values containing this, e.g. 民政", max_length=100)] = None,
           limit: LimitQuery = None, offset: OffsetQuery = 0) -> list[FacetValue]:
    """A filter field's values with their numbers of replies, most replies first (years newest
    first); `q` searches them; page with limit/offset."""
    page = engine.facet_page(field, q, limit=limit, offset=offset)
    page_headers(page, request, response)
    return page.items
