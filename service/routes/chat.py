"""Conversations over HTTP: the JSON API (/api/chat…) and the conversation page (/chat/{id}).

The page works without JavaScript: the form posts to /chat, which answers and redirects to the
conversation's own address (post/redirect/get), so a reload never asks twice and the URL can be shared.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from service.answer import QuestionError
from service.chat import ChatRequest, ChatResponse, ChatService, ConversationPublic
from service.conversations import ConversationNotFoundError, Feedback, StoreUnavailableError, valid_conversation_id
from service.retrieve import Filters
from service.routes.deps import get_engine, render

api_router = APIRouter(prefix="/api/chat", tags=["chat"])
page_router = APIRouter(include_in_schema=False)

NOT_FOUND = "没有这个对话，可能已过保留期限：请开始新对话 (no such conversation; it may have expired)"
UNAVAILABLE = "对话记录暂时无法读取，请稍后再试 (the conversation store is unavailable)"


def get_chat(request: Request) -> ChatService:
    """One ChatService per app, made on first use once the engine is loaded."""
    engine = get_engine(request)
    chat = getattr(request.app.state, "chat", None)
    if chat is None or chat.engine is not engine:
        chat = ChatService.from_settings(engine, request.app.state.settings)
        request.app.state.chat = chat
    return chat


ChatDep = Annotated[ChatService, Depends(get_chat)]


class FeedbackRequest(BaseModel):
    turn: int = Field(ge=1)
    rating: Literal["up", "down"]
    comment: str | None = Field(None, max_length=1000)


def checked_id(conversation_id: str) -> str:
    if not valid_conversation_id(conversation_id):
        raise HTTPException(404, NOT_FOUND)
    return conversation_id


def thread(chat: ChatService, conversation_id: str) -> ConversationPublic:
    try:
        return chat.conversation(checked_id(conversation_id))
    except ConversationNotFoundError as error:
        raise HTTPException(404, NOT_FOUND) from error
    except StoreUnavailableError as error:
        raise HTTPException(503, UNAVAILABLE) from error


def ask(chat: ChatService, message: str, conversation_id: str | None, filters: Filters | None = None,
        k: int | None = None) -> ChatResponse:
    try:
        return chat.chat(message, conversation_id, filters=filters, k=k)
    except ConversationNotFoundError as error:
        raise HTTPException(404, NOT_FOUND) from error


def record_feedback(chat: ChatService, conversation_id: str, body: FeedbackRequest) -> Feedback:
    try:
        return chat.store.add_feedback(checked_id(conversation_id), body.turn, body.rating, body.comment)
    except ConversationNotFoundError as error:
        raise HTTPException(404, "没有这一轮对话 (no such conversation turn)") from error
    except StoreUnavailableError as error:
        raise HTTPException(503, "反馈暂时无法保存，请稍后再试 (feedback could not be saved)") from error


@api_router.post("", response_model=ChatResponse)
def chat_api(request: ChatRequest, chat: ChatDep) -> ChatResponse:
    """Ask or follow up in a conversation. The answer is /api/ask's object plus `conversation_id`, `turn` and
    `understood_as` (the standalone question answered)."""
    if request.conversation_id is not None:
        checked_id(request.conversation_id)
    return ask(chat, request.message, request.conversation_id, request.filters, request.k)


@api_router.get("/{conversation_id}", response_model=ConversationPublic)
def conversation_api(conversation_id: str, chat: ChatDep) -> ConversationPublic:
    """Every turn of a conversation, as /api/chat answered it."""
    return thread(chat, conversation_id)


@api_router.post("/{conversation_id}/feedback", response_model=Feedback, status_code=201)
def feedback_api(conversation_id: str, body: FeedbackRequest, chat: ChatDep) -> Feedback:
    """👍 or 👎 (and an optional comment) on one answer of the conversation."""
    return record_feedback(chat, conversation_id, body)


# -- pages -------------------------------------------------------------------------------------


def chat_page(request: Request, chat: ChatService, conversation: ConversationPublic | None,
              error: str | None = None, status: int = 200, thanks: int | None = None) -> HTMLResponse:
    from service.routes.pages import EXAMPLES, facets

    settings = chat.engine.settings
    return render(request, "chat.html", {
        "conversation": conversation, "error": error, "examples": EXAMPLES, "facets": facets(chat.engine),
        "filters": Filters(), "max_chars": settings.max_question_chars, "thanks": thanks,
    }, status)


def after_turn(request: Request, chat: ChatService, response: ChatResponse) -> Response:
    if response.conversation_id is None:  # not saved: show this one answer, statelessly
        conversation = ConversationPublic(conversation_id="", turns=[response])
        return chat_page(request, chat, conversation)
    return RedirectResponse(f"/chat/{response.conversation_id}#turn-{response.turn}", status_code=303)


def form_filters(agency: str | None, year: str | None, category: str | None) -> Filters:
    from service.routes.pages import text_param, year_param

    return Filters(agency=text_param(agency), year=year_param(year), category=text_param(category))


@page_router.get("/chat", response_class=HTMLResponse)
def new_chat_page(request: Request, chat: ChatDep, q: str | None = None) -> Response:
    if q and q.strip():
        try:
            return after_turn(request, chat, ask(chat, q, None))
        except QuestionError as problem:
            return chat_page(request, chat, None, str(problem), 422)
    return chat_page(request, chat, None)


@page_router.post("/chat", response_class=HTMLResponse)
def post_chat_page(request: Request, chat: ChatDep, q: Annotated[str, Form()] = "",
                   conversation_id: Annotated[str, Form()] = "", agency: Annotated[str | None, Form()] = None,
                   year: Annotated[str | None, Form()] = None, category: Annotated[str | None, Form()] = None) -> Response:
    current = checked_id(conversation_id) if conversation_id else None
    try:
        return after_turn(request, chat, ask(chat, q, current, form_filters(agency, year, category)))
    except QuestionError as problem:
        return chat_page(request, chat, thread(chat, current) if current else None, str(problem), 422)


@page_router.get("/chat/{conversation_id}", response_class=HTMLResponse)
def conversation_page(request: Request, conversation_id: str, chat: ChatDep, q: str | None = None,
                      thanks: int | None = None) -> Response:
    conversation = thread(chat, conversation_id)
    if q and q.strip():
        # A suggested question is a link; a reload of it must not ask it twice.
        if conversation.turns and conversation.turns[-1].message == q.strip():
            return RedirectResponse(f"/chat/{conversation_id}#turn-{conversation.turns[-1].turn}", status_code=303)
        try:
            return after_turn(request, chat, ask(chat, q, conversation_id))
        except QuestionError as problem:
            return chat_page(request, chat, conversation, str(problem), 422)
    return chat_page(request, chat, conversation, thanks=thanks)


@page_router.get("/chat/{conversation_id}/turns/{turn}", response_class=HTMLResponse)
def turn_fragment(request: Request, conversation_id: str, turn: int, chat: ChatDep) -> Response:
    """One turn as HTML, for the page's script to insert without drawing the answer a second way."""
    conversation = thread(chat, conversation_id)
    found = next((t for t in conversation.turns if t.turn == turn), None)
    if found is None:
        raise HTTPException(404, "没有这一轮对话 (no such conversation turn)")
    return render(request, "_turn.html", {"t": found, "conversation_id": conversation_id, "thanks": None})


@page_router.post("/chat/{conversation_id}/feedback", response_class=HTMLResponse)
def feedback_page(conversation_id: str, chat: ChatDep, turn: Annotated[int, Form()],
                  rating: Annotated[Literal["up", "down"], Form()], comment: Annotated[str | None, Form(max_length=1000)] = None,
                  ) -> Response:
    record_feedback(chat, conversation_id, FeedbackRequest(turn=turn, rating=rating, comment=(comment or "").strip() or None))
    return RedirectResponse(f"/chat/{conversation_id}?thanks={turn}#turn-{turn}", status_code=303)
