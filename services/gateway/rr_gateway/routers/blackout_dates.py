"""DELETE /blackout-dates/{id}: the original API's short path to remove a blackout."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Response, status
from rr.catalog.v1 import catalog_pb2

from rr_gateway.deps import UpstreamsDep
from rr_gateway.schemas.common import ERROR_RESPONSES
from rr_gateway.security import ManagerCaller

router = APIRouter(prefix="/blackout-dates", tags=["resources"], responses=ERROR_RESPONSES)


@router.delete(
    "/{blackout_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    summary="Remove a blackout (admin/manager)",
)
async def remove_blackout(
    blackout_id: Annotated[int, Path(ge=1, le=2**62)], caller: ManagerCaller, up: UpstreamsDep
) -> Response:
    await up.catalog.RemoveBlackout(catalog_pb2.RemoveBlackoutRequest(id=blackout_id), metadata=caller.metadata)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
