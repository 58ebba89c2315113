"""The gateway's own error codes: one class per machine code only the gateway raises.

`errors.py` renders every failure as HTTP; this module only names the codes, so routers import
their errors without the rendering. Codes several services raise (`validation_failed`,
`invalid_time_range`, `invalid_client`, ...) are classes of `rr_common.errors`; import those.
"""

from __future__ import annotations

from rr_common.errors import InvalidInput, Unavailable


class UnsupportedGrantType(InvalidInput):
    default_code = "unsupported_grant_type"


class DurationTooShort(InvalidInput):
    default_code = "duration_too_short"


class DurationTooLong(InvalidInput):
    default_code = "duration_too_long"


class RateLimitUnavailable(Unavailable):
    """Also the code of the 503 the rate limiter writes itself when its storage is down."""

    default_code = "rate_limit_unavailable"


class AccountCheckUnavailable(Unavailable):
    default_code = "account_check_unavailable"


class ImportRejected(InvalidInput):
    # A CSV import whose rows have errors and applied nothing (all-or-nothing); the body carries the report.
    default_code = "import_rejected"
