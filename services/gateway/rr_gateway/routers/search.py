"""GET /search/suggestions: autocomplete over resource names, tags, locations and groups."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from rr.catalog.v1 import catalog_pb2

from rr_gateway.deps import UpstreamsDep
from rr_gateway.schemas.catalog_search import SuggestionOut, SuggestionsOut
from rr_gateway.schemas.common import ERROR_RESPONSES
from rr_gateway.security import CurrentCaller

router = APIRouter(prefix="/search", tags=["resources"], responses=ERROR_RESPONSES)


@router.get("/suggestions", response_model=SuggestionsOut, summary="Autocomplete by prefix")
async def suggestions(
    caller: CurrentCaller,
    up: UpstreamsDep,
    q: Annotated[str, Query(min_length=1, max_length=100)],
    limit: Annotated[int, Query(ge=1, le=20)] = 10,
) -> SuggestionsOut:
    answer = await up.catalog.SuggestResources(
        catalog_pb2.SuggestResourcesRequest(prefix=q, limit=limit), metadata=caller.metadata
    )
    return SuggestionsOut(
        query=q, suggestions=[SuggestionOut(kind=s.kind, text=s.text, id=s.id or None) for s in answer.suggestions]
    )
