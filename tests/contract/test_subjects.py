"""Every subject of the event contract is named once, in rr_common.subjects: each golden's
subject is there, and nothing there is a subject no producer publishes (wildcards aside)."""

from __future__ import annotations

from rr_common import subjects
from tests.contract.events.cases import MESSAGE_TYPES


def named() -> set[str]:
    return {v for k, v in vars(subjects).items() if k.isupper() and isinstance(v, str)}


def test_every_published_subject_is_named_in_the_kernel() -> None:
    assert set(MESSAGE_TYPES) - named() == set(), "add the subject to rr_common/subjects.py"


def test_the_kernel_names_only_subjects_that_are_published() -> None:
    extra = {s for s in named() - set(MESSAGE_TYPES) if not s.endswith(".*")} - {subjects.IMPORTER_OLD_SYSTEM_IMPORTED}
    assert extra == set(), "a subject nobody publishes"
