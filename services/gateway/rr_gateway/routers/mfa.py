"""Two-factor authentication (TOTP) of the signed-in user."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from rr.auth.v1 import mfa_pb2, mfa_pb2_grpc

from rr_gateway.deps import UpstreamsDep
from rr_gateway.schemas.auth_mfa import BackupCodesOut, MfaCodeIn, MfaSetupOut, MfaStatusOut
from rr_gateway.schemas.common import ERROR_RESPONSES, ErrorBody
from rr_gateway.security import CurrentCaller

router = APIRouter(prefix="/auth/mfa", tags=["mfa"], responses=ERROR_RESPONSES)
KEEP_THEM = "Save these backup codes somewhere safe: each works once, and they are not shown again."


async def _stub(up: UpstreamsDep) -> mfa_pb2_grpc.MfaServiceStub:
    return up.mfa


Mfa = Annotated[mfa_pb2_grpc.MfaServiceStub, Depends(_stub)]


@router.post(
    "/setup",
    response_model=MfaSetupOut,
    summary="Start enrolment: secret, QR code and backup codes",
    responses={409: {"model": ErrorBody, "description": "Two-factor authentication is already on"}},
)
async def setup(caller: CurrentCaller, mfa: Mfa) -> MfaSetupOut:
    e = await mfa.SetupMfa(mfa_pb2.SetupMfaRequest(), metadata=caller.metadata)
    return MfaSetupOut(
        secret=e.secret,
        totp_uri=e.totp_uri,
        qr_code=e.qr_code_png,
        qr_code_svg=e.qr_code_svg,
        backup_codes=list(e.backup_codes),
        message="Scan the QR code, then confirm with POST /api/v1/auth/mfa/verify. " + KEEP_THEM,
    )


@router.post(
    "/verify", response_model=MfaStatusOut, summary="Confirm a code from the app: turns two-factor authentication on"
)
async def verify(body: MfaCodeIn, caller: CurrentCaller, mfa: Mfa) -> MfaStatusOut:
    await mfa.VerifyMfa(mfa_pb2.VerifyMfaRequest(code=body.code), metadata=caller.metadata)
    return MfaStatusOut(message="Two-factor authentication is on: signing in now needs a code.", mfa_enabled=True)


@router.post(
    "/disable",
    response_model=MfaStatusOut,
    summary="Turn two-factor authentication off (needs a current or backup code)",
)
async def disable(body: MfaCodeIn, caller: CurrentCaller, mfa: Mfa) -> MfaStatusOut:
    await mfa.DisableMfa(mfa_pb2.DisableMfaRequest(code=body.code), metadata=caller.metadata)
    return MfaStatusOut(message="Two-factor authentication is off.", mfa_enabled=False)


@router.post(
    "/backup-codes", response_model=BackupCodesOut, summary="Replace the backup codes (needs a current or backup code)"
)
async def backup_codes(body: MfaCodeIn, caller: CurrentCaller, mfa: Mfa) -> BackupCodesOut:
    answer = await mfa.RegenerateBackupCodes(
        mfa_pb2.RegenerateBackupCodesRequest(code=body.code), metadata=caller.metadata
    )
    return BackupCodesOut(backup_codes=list(answer.backup_codes), message=KEEP_THEM)
