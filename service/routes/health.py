"""GET /healthz: is an index loaded, with which model, how many replies and chunks."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from service.routes.deps import NO_INDEX
from service.schemas import Health

router = APIRouter(tags=["health"])


@router.get("/healthz", response_model=Health, responses={503: {"model": Health, "description": "no index loaded"}})
def healthz(request: Request):
    """200 with counts when the index is loaded; 503 with the reason (and what to do) when it is not."""
    live = request.app.state.live
    engine = live.get()
    if engine is None:
        body = Health(index_loaded=False, detail=f"{NO_INDEX}：{live.load_error or ''}")
        return JSONResponse(body.model_dump(), status_code=503)
    index = engine.index
    return Health(
        index_loaded=True, model=index.model, replies=len(index.replies), chunks=index.documents.live_chunks,
        commitments=len(index.commitments), index=str(index.folder),
        format_version=index.manifest.get("format_version"), created=index.manifest.get("created"),
    )
