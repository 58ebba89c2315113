"""rr.auth.v1.MfaService: TOTP enrolment of the calling user."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias

import grpc
from rr.auth.v1 import mfa_pb2, mfa_pb2_grpc

from rr_auth.guard import rejecting_nul
from rr_common.authz import require_principal

if TYPE_CHECKING:
    from rr_auth.wiring import Services

Context: TypeAlias = grpc.aio.ServicerContext


@rejecting_nul
class MfaServicer(mfa_pb2_grpc.MfaServiceServicer):
    def __init__(self, app: Services) -> None:
        self.app = app

    async def SetupMfa(self, request: mfa_pb2.SetupMfaRequest, context: Context) -> mfa_pb2.SetupMfaResponse:
        principal = require_principal()
        async with self.app.db.session() as session:
            e = await self.app.mfa.setup(session, principal)
        return mfa_pb2.SetupMfaResponse(
            secret=e.secret,
            totp_uri=e.totp_uri,
            qr_code_png=e.qr_code_png,
            qr_code_svg=e.qr_code_svg,
            backup_codes=e.backup_codes,
        )

    async def VerifyMfa(self, request: mfa_pb2.VerifyMfaRequest, context: Context) -> mfa_pb2.VerifyMfaResponse:
        principal = require_principal()
        async with self.app.db.session() as session:
            await self.app.mfa.verify(session, principal, request.code)
        return mfa_pb2.VerifyMfaResponse()

    async def DisableMfa(self, request: mfa_pb2.DisableMfaRequest, context: Context) -> mfa_pb2.DisableMfaResponse:
        principal = require_principal()
        async with self.app.db.session() as session:
            await self.app.mfa.disable(session, principal, request.code)
        return mfa_pb2.DisableMfaResponse()

    async def RegenerateBackupCodes(
        self, request: mfa_pb2.RegenerateBackupCodesRequest, context: Context
    ) -> mfa_pb2.RegenerateBackupCodesResponse:
        principal = require_principal()
        async with self.app.db.session() as session:
            codes = await self.app.mfa.regenerate_backup_codes(session, principal, request.code)
        return mfa_pb2.RegenerateBackupCodesResponse(backup_codes=codes)
