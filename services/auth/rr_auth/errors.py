"""The machine codes auth raises, one class each: the base is the kind (and so the HTTP status),
the class name is the code. Codes other services raise too (validation_failed, invalid_cursor,
account_inactive, invalid_client, invalid_scope, ...) are classes of rr_common.errors.

A code raised with two kinds has two classes; the second one's name says where it is used."""

from __future__ import annotations

from rr_common.errors import (
    Conflict,
    InvalidInput,
    NotFound,
    PermissionDenied,
    PreconditionFailed,
    TooManyRequests,
    Unauthenticated,
)

# -- accounts ------------------------------------------------------------------------------------


class UsernameTaken(Conflict):
    default_code = "username_taken"


class EmailTaken(Conflict):
    default_code = "email_taken"


class SetupComplete(Conflict):
    default_code = "setup_complete"


class WeakPassword(InvalidInput):
    default_code = "weak_password"


class WrongCurrentPassword(InvalidInput):
    default_code = "wrong_current_password"


class PasswordUnchanged(InvalidInput):
    default_code = "password_unchanged"


class BatchTooLarge(InvalidInput):
    default_code = "batch_too_large"


class UserNotFound(NotFound):
    default_code = "user_not_found"


class UserRequired(PermissionDenied):
    default_code = "user_required"


class AccountMissing(Unauthenticated):
    default_code = "account_missing"


class LastAdmin(PreconditionFailed):
    default_code = "last_admin"


class AdminRequired(PermissionDenied):
    default_code = "admin_required"


class OwnAccount(InvalidInput):
    default_code = "own_account"


# -- sessions and lockout ------------------------------------------------------------------------


class InvalidCredentials(Unauthenticated):
    default_code = "invalid_credentials"


class InvalidRefreshToken(Unauthenticated):
    default_code = "invalid_refresh_token"


class RefreshTokenReused(Unauthenticated):
    default_code = "refresh_token_reused"


class AccountInactiveOnRefresh(Unauthenticated):
    # rr_common's AccountInactive is a 403 (a sign-in or a call by a deactivated account); a
    # refresh of such an account's session is a 401, so the client goes back to signing in.
    default_code = "account_inactive"


class UnsupportedTokenType(InvalidInput):
    default_code = "unsupported_token_type"


class AccountLocked(TooManyRequests):
    default_code = "account_locked"


class PasswordChangeBlocked(TooManyRequests):
    default_code = "password_change_blocked"


# -- second factor -------------------------------------------------------------------------------


class MfaRequired(Unauthenticated):
    default_code = "mfa_required"


class MfaRequiredInput(InvalidInput):
    # Signing in without the code is a 401 (MfaRequired); a signed-in user deleting the account
    # without it left out a field: 422 naming it.
    default_code = "mfa_required"


class InvalidMfaCode(Unauthenticated):
    default_code = "invalid_mfa_code"


class InvalidMfaCodeInput(InvalidInput):
    # A wrong code at sign-in is a 401 (InvalidMfaCode); a signed-in user's wrong code (MFA
    # enrolment, backup codes, account deletion) is a 422 naming the field.
    default_code = "invalid_mfa_code"


class MfaCodeRequired(InvalidInput):
    default_code = "mfa_code_required"


class MfaAlreadyEnabled(PreconditionFailed):
    default_code = "mfa_already_enabled"


class MfaNotSetUp(PreconditionFailed):
    default_code = "mfa_not_set_up"


class MfaNotEnabled(PreconditionFailed):
    default_code = "mfa_not_enabled"


class MfaSecretUnreadable(PreconditionFailed):
    default_code = "mfa_secret_unreadable"


# -- roles ---------------------------------------------------------------------------------------


class RoleExists(Conflict):
    default_code = "role_exists"


class RoleNotFound(NotFound):
    default_code = "role_not_found"


# -- password reset ------------------------------------------------------------------------------


class InvalidResetToken(InvalidInput):
    default_code = "invalid_reset_token"


# -- OAuth2 --------------------------------------------------------------------------------------


class ClientNotFound(NotFound):
    default_code = "client_not_found"


class InvalidClientInput(InvalidInput):
    # rr_common's InvalidClient is a 401 (credentials that do not authenticate); an authorization
    # request naming no active client is a 422: the browser is shown the error, never redirected.
    default_code = "invalid_client"


class UnauthorizedClient(InvalidInput):
    default_code = "unauthorized_client"


class InvalidRedirectUri(InvalidInput):
    default_code = "invalid_redirect_uri"


class InvalidGrant(InvalidInput):
    default_code = "invalid_grant"
