"""Every machine code is spelled once: a service's own codes are classes of its errors module
(`rr_<service>/errors.py`; the gateway's `rr_gateway/error_codes.py`, since its `errors.py` renders
HTTP), codes several services raise are classes of `rr_common.errors`, and raise sites name the
class instead of writing `code="..."`. See "Errors" in docs/development.md."""

from __future__ import annotations

import ast
import importlib
import importlib.util
import inspect
from pathlib import Path
from types import ModuleType

import pytest

from rr_common import errors as kernel

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ("auth", "catalog", "booking", "waitlist", "notify", "gateway")
KINDS = (
    kernel.InvalidInput,
    kernel.NotFound,
    kernel.Conflict,
    kernel.PreconditionFailed,
    kernel.Unauthenticated,
    kernel.PermissionDenied,
    kernel.TooManyRequests,
    kernel.Unavailable,
)


def kind_of(cls: type) -> type:
    """The status a class answers with, as the kind it derives from (DomainError for none)."""
    return next((base for base in cls.__mro__ if base in KINDS), kernel.DomainError)


# A code is one class per kind: the same code answered with another status (a 401 at sign-in,
# a 422 for a signed-in user's form) is a second class, whose comment says why.
KERNEL_CODES = {
    (cls.default_code, kind_of(cls)): name
    for name, cls in vars(kernel).items()
    if inspect.isclass(cls) and issubclass(cls, kernel.DomainError) and "default_code" in vars(cls)
}


def module_name(service: str) -> str:
    return "rr_gateway.error_codes" if service == "gateway" else f"rr_{service}.errors"


def package(service: str) -> Path:
    return ROOT / "services" / service / f"rr_{service}"


def error_classes(module: ModuleType) -> dict[str, type]:
    """The classes the module defines (not the ones it imports)."""
    return {
        name: value
        for name, value in vars(module).items()
        if inspect.isclass(value) and value.__module__ == module.__name__
    }


def sources(service: str) -> list[tuple[str, ast.Module]]:
    return [
        (str(path.relative_to(ROOT)), ast.parse(path.read_text(encoding="utf-8")))
        for path in sorted(package(service).rglob("*.py"))
    ]


@pytest.mark.parametrize("service", SERVICES)
def test_the_errors_module_defines_one_class_per_code(service: str) -> None:
    name = module_name(service)
    assert importlib.util.find_spec(name) is not None, (
        f"create {name.replace('.', '/')}.py: one class per code only {service} raises"
    )
    module = importlib.import_module(name)
    assert module.__doc__, f"give {name} a module docstring saying what it holds"
    seen: dict[tuple[str, type], str] = {}
    for cls_name, cls in error_classes(module).items():
        assert issubclass(cls, kernel.DomainError), (
            f"{name}.{cls_name} must subclass the rr_common.errors kind its raise sites use (InvalidInput, NotFound, ...)"
        )
        assert "default_code" in vars(cls), f'give {name}.{cls_name} its own default_code = "<the code>"'
        code = cls.default_code
        key = (code, kind_of(cls))
        assert key not in KERNEL_CODES, (
            f"{name}.{cls_name} redefines {code!r}: import rr_common.errors.{KERNEL_CODES[key]} instead"
        )
        assert key not in seen, (
            f"{name} defines {code!r} twice ({seen[key]} and {cls_name}): keep one class, or, for a "
            "second status, derive the second class from another kind and say why in a comment"
        )
        seen[key] = cls_name


@pytest.mark.parametrize("service", SERVICES)
def test_no_raise_site_spells_a_code(service: str) -> None:
    spelled = [
        f"{path}:{node.lineno}"
        for path, tree in sources(service)
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        for keyword in node.keywords
        if keyword.arg == "code" and isinstance(keyword.value, ast.Constant) and isinstance(keyword.value.value, str)
    ]
    assert spelled == [], (
        f'code="..." written at {", ".join(spelled)}: raise the class of that code instead (from '
        f"{module_name(service)}, or rr_common.errors when several services raise it), or use "
        "<Class>.default_code where a code goes into a record"
    )


@pytest.mark.parametrize("service", SERVICES)
def test_every_code_class_is_used(service: str) -> None:
    name = module_name(service)
    module = importlib.import_module(name)
    defining = str(Path(inspect.getfile(module)).relative_to(ROOT))
    used = {
        node.id if isinstance(node, ast.Name) else node.attr
        for path, tree in sources(service)
        if path != defining
        for node in ast.walk(tree)
        if isinstance(node, ast.Name | ast.Attribute)
    }
    unused = sorted(set(error_classes(module)) - used)
    assert unused == [], f"{name} defines {', '.join(unused)}, which nothing in rr_{service} raises: remove them"


def test_no_two_services_define_the_same_code() -> None:
    owners: dict[str, dict[str, str]] = {}
    for service in SERVICES:
        name = module_name(service)
        if importlib.util.find_spec(name) is None:
            continue
        for cls_name, cls in error_classes(importlib.import_module(name)).items():
            if issubclass(cls, kernel.DomainError) and "default_code" in vars(cls):
                owners.setdefault(cls.default_code, {})[service] = f"{name}.{cls_name}"
    shared = {code: sorted(where.values()) for code, where in owners.items() if len(where) > 1}
    assert shared == {}, (
        f"codes defined by several services: {shared}; make each one class among the shared codes of "
        "rr_common/errors.py and import it in each service"
    )
