"""Two-factor authentication shapes (compatible with the original API)."""

from __future__ import annotations

from pydantic import BaseModel, Field


class MfaSetupOut(BaseModel):
    secret: str = Field(description="Base32 TOTP secret, for apps that cannot scan the QR code")
    totp_uri: str = Field(description="otpauth:// URI")
    qr_code: str = Field(description="QR code of totp_uri as a PNG data: URI")
    qr_code_svg: str = Field(description="The same QR code as an SVG data: URI")
    backup_codes: list[str] = Field(description="Single-use codes for when the phone is lost; shown only now")
    message: str


class MfaCodeIn(BaseModel):
    code: str = Field(
        min_length=6, max_length=32, description="A 6-digit code from the app (or, to disable, a backup code)"
    )


class MfaStatusOut(BaseModel):
    message: str
    mfa_enabled: bool


class BackupCodesOut(BaseModel):
    backup_codes: list[str]
    message: str
