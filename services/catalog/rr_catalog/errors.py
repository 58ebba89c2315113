"""The machine codes catalog raises, one class each (codes shared with other services live in
`rr_common.errors`). The sentence a user reads stays at the raise site; the class fixes the code
and, through its base, the status."""

from __future__ import annotations

from rr_common.errors import Conflict, InvalidInput, NotFound, PreconditionFailed

# -- resources --------------------------------------------------------------------------------


class ResourceNameTaken(Conflict):
    default_code = "resource_name_taken"


class UnknownReference(InvalidInput):
    default_code = "unknown_reference"


# -- groups -----------------------------------------------------------------------------------


class GroupNotFound(NotFound):
    default_code = "group_not_found"


class GroupNameTaken(Conflict):
    default_code = "group_name_taken"


class UnknownGroup(InvalidInput):
    default_code = "unknown_group"


class GroupTooDeep(InvalidInput):
    default_code = "group_too_deep"


class GroupCycle(InvalidInput):
    default_code = "group_cycle"


class GroupNotEmpty(PreconditionFailed):
    default_code = "group_not_empty"


# -- labels -----------------------------------------------------------------------------------


class LabelNotFound(NotFound):
    default_code = "label_not_found"


class LabelNameTaken(Conflict):
    default_code = "label_name_taken"


# -- hours and blackouts (a resource's and the site's) ---------------------------------------


class BlackoutNotFound(NotFound):
    default_code = "blackout_not_found"


class TooManyBlackouts(PreconditionFailed):
    default_code = "too_many_blackouts"


# -- CSV import and export ---------------------------------------------------------------------


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
