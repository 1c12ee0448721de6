"""Dependency aliases for route functions: the store, settings, the as-of rule and paging.

The as-of rule (``docs/reference/api.md``) lives here once for the API and the pages:

- a read of the **registry** (reference data about the world) defaults to today;
- a read of the **record's institutions** defaults to the record's current day: today, or the
  date of its newest institutional act when the record runs ahead of the calendar
  (:func:`eurasec.institutions.clock.current_day`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Query, Request
from fastapi.templating import Jinja2Templates

from eurasec.institutions.clock import current_day
from eurasec.settings import Settings
from eurasec.storage import Store
from eurasec.web.schemas.common import Links, Page

__all__ = [
    "MAX_LIMIT",
    "MAX_OFFSET",
    "PagingDep",
    "RecordDayDep",
    "RecordNowDep",
    "RegistryDayDep",
    "SettingsDep",
    "StoreDep",
    "envelope",
    "record_day",
    "templates",
]

templates = Jinja2Templates(
    directory=str(__import__("pathlib").Path(__file__).with_name("templates"))
)

#: Largest page a collection answers.
MAX_LIMIT = 1000
#: Largest ``offset`` a collection takes (record entries take any index up to 2^53).
MAX_OFFSET = 1_000_000
#: Page size when ``limit`` is not given.
DEFAULT_LIMIT = 100

P = TypeVar("P", bound=Page[Any])


# Dependencies that do no I/O are coroutines: FastAPI runs a plain function in a worker
# thread, which costs more than the work itself on every request. (``_store`` was a plain
# function once, so that a submission yielded there and the group committer got fuller
# batches; once the append path lost its per-act round trips that hop cost more than it won,
# and the act routes now take no dependency at all: docs/operations.md.)
async def _store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


async def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


StoreDep = Annotated[Store, Depends(_store)]
SettingsDep = Annotated[Settings, Depends(_settings)]


def record_day(store: Store) -> dt.date:
    """The record's current day: the default ``as_of`` of every read of the institutions."""
    with store.connect() as conn:
        return current_day(conn)


async def _registry_day(
    as_of: Annotated[
        dt.date | None,
        Query(description="Date YYYY-MM-DD the answer describes (default: today)."),
    ] = None,
) -> dt.date:
    return as_of or dt.date.today()


def _record_day(
    store: StoreDep,
    as_of: Annotated[
        dt.date | None,
        Query(
            description="Date YYYY-MM-DD the answer describes (default: the record's current "
            "day: today, or the date of its newest act if that is later)."
        ),
    ] = None,
) -> dt.date:
    return as_of or record_day(store)


def _record_now(store: StoreDep) -> dt.date:
    return record_day(store)


#: ``as_of`` of a registry read (query parameter; default today).
RegistryDayDep = Annotated[dt.date, Depends(_registry_day)]
#: ``as_of`` of a read of the institutions (query parameter; default the record's current day).
RecordDayDep = Annotated[dt.date, Depends(_record_day)]
#: The record's current day, for reads of the institutions' present state (no parameter).
RecordNowDep = Annotated[dt.date, Depends(_record_now)]


def envelope(
    model: type[P],
    request: Request,
    data: Sequence[Any],
    *,
    count: int,
    limit: int,
    offset: int,
    as_of: dt.date | None,
) -> P:
    """The page ``data`` (already cut) of a collection of ``count`` rows, with its links."""

    def href(at: int) -> str:
        params: dict[str, str | int] = {"limit": limit, "offset": at}
        if as_of is not None:
            params["as_of"] = as_of.isoformat()
        url = request.url.include_query_params(**params)
        return f"{url.path}?{url.query}"

    links = Links(
        self_=href(offset),
        next=href(offset + limit) if offset + limit < count else None,
        prev=href(max(0, offset - limit)) if offset > 0 else None,
    )
    return model(data=list(data), count=count, limit=limit, offset=offset, as_of=as_of, links=links)


class Paging:
    """``limit`` and ``offset`` of one request (bounded), and the page they select."""

    def __init__(self, request: Request, limit: int, offset: int) -> None:
        """The page of ``limit`` rows after ``offset`` asked for by ``request``."""
        self.request = request
        self.limit = limit
        self.offset = offset

    def page(
        self,
        model: type[P],
        rows: Sequence[Any],
        as_of: dt.date | None = None,
        each: Callable[[Any], Any] | None = None,
    ) -> P:
        """The page of ``rows`` (the whole collection) asked for; ``each`` maps its rows."""
        cut = rows[self.offset : self.offset + self.limit]
        return envelope(
            model,
            self.request,
            [each(r) for r in cut] if each else cut,
            count=len(rows),
            limit=self.limit,
            offset=self.offset,
            as_of=as_of,
        )


async def _paging(
    request: Request,
    limit: Annotated[
        int, Query(ge=1, le=MAX_LIMIT, description="Page size (at most 1000).")
    ] = DEFAULT_LIMIT,
    offset: Annotated[
        int, Query(ge=0, le=MAX_OFFSET, description="Rows to skip before the page.")
    ] = 0,
) -> Paging:
    return Paging(request, limit, offset)


PagingDep = Annotated[Paging, Depends(_paging)]
