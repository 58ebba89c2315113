"""Catalog's own error codes: one class per code, named after it, on the kind of refusal it is
(the HTTP status follows from the base). Codes several services raise live in rr_common.errors."""

from __future__ import annotations

from rr_common.errors import Conflict, InvalidInput, NotFound

# CSV import


class InvalidCsv(InvalidInput):
    default_code = "invalid_csv"


class InvalidCsvEncoding(InvalidInput):
    default_code = "invalid_csv_encoding"


class ImportNotFound(NotFound):
    default_code = "import_not_found"


class TooManyRows(InvalidInput):
    default_code = "too_many_rows"


class DuplicateLines(InvalidInput):
    default_code = "duplicate_lines"


class ImportConflict(Conflict):
    default_code = "import_conflict"
