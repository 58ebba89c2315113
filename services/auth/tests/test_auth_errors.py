"""Every machine code auth raises is spelled once: a class in rr_auth/errors.py (or rr_common's
for codes several services share), never a `code="..."` at a raise site."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import rr_auth
from rr_auth import errors
from rr_common import errors as common
from rr_common.errors import DomainError

PACKAGE = Path(rr_auth.__file__).parent
KINDS = {
    common.InvalidInput,
    common.NotFound,
    common.Conflict,
    common.PreconditionFailed,
    common.Unauthenticated,
    common.PermissionDenied,
    common.TooManyRequests,
    common.Unavailable,
}


def _classes(module: object) -> list[type[DomainError]]:
    return [
        cls
        for _, cls in inspect.getmembers(module, inspect.isclass)
        if issubclass(cls, DomainError) and cls.__module__ == getattr(module, "__name__", "")
    ]


def test_no_raise_site_spells_a_code() -> None:
    spelled = [
        f"{path.relative_to(PACKAGE)}:{number}"
        for path in PACKAGE.rglob("*.py")
        if "migrations" not in path.parts
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if re.search(r"\bcode=\"", line)
    ]
    assert spelled == []


def test_each_class_is_one_code_on_one_kind() -> None:
    ours = _classes(errors)
    assert ours
    for cls in ours:
        assert cls.__bases__[0] in KINDS, f"{cls.__name__} must derive from a kind of rr_common.errors"
        assert cls.default_code != cls.__bases__[0].default_code, f"{cls.__name__} needs its own code"
    # A code has one class per kind: a second class for a code is only for another kind.
    seen: dict[tuple[str, type[DomainError]], str] = {}
    shared = [cls for cls in _classes(common) if cls is not DomainError and cls not in KINDS]
    for cls in [*ours, *shared]:
        key = (cls.default_code, next(base for base in cls.__mro__ if base in KINDS))
        assert key not in seen, f"{cls.__name__} repeats {seen.get(key)}"
        seen[key] = cls.__name__


def test_class_names_are_their_codes() -> None:
    for cls in _classes(errors):
        camel = "".join(part.capitalize() for part in cls.default_code.split("_"))
        assert cls.__name__.startswith(camel), f"{cls.__name__} raises {cls.default_code}"
