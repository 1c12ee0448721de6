"""``GET /api/v1/ready``: whether this process can serve (for load balancers and orchestrators).

``GET /api/v1/health`` (in ``home``) says the process is alive; this one also asks the
database and compares its schema with the one this version runs.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from eurasec.web import service
from eurasec.web.problems import declare

__all__ = ["router"]

router = APIRouter(tags=["meta"])


class ReadyPublic(BaseModel):
    """A process that can serve: the log's size, the backend and the process id."""

    status: str
    tree_size: int
    backend: str
    pid: int


@router.get("/api/v1/ready", responses=declare(503))
async def ready(request: Request) -> ReadyPublic:
    """200 when the database answers and its schema is current; 503 ``not_ready`` otherwise."""
    return ReadyPublic(**await run_in_threadpool(service.readiness, request.app.state))
