"""Resource groups form a tree (site -> building -> floor ...). Rules free of I/O."""

from __future__ import annotations

from rr_catalog.validation import FieldErrors, check_text, fail_if

NAME_MAX = 100
DESCRIPTION_MAX = 1000
DEPTH_MAX = 10


def group_fields(name: str | None, description: str | None) -> tuple[str | None, str | None]:
    """Validated name and description (None: not given)."""
    errors: FieldErrors = []
    if name is not None:
        name = name.strip()
        if not 1 <= len(name) <= NAME_MAX or "/" in name:
            errors.append({"loc": "name", "msg": f"A group name must be 1-{NAME_MAX} characters and contain no '/'."})
    if description is not None:
        description = check_text(errors, "description", description, DESCRIPTION_MAX, "Description")
    fail_if(errors)
    return name, description


def path_ids(path: str) -> list[int]:
    """'/3/7/12/' -> [3, 7, 12]: the ids from the root down to the group itself."""
    return [int(part) for part in path.strip("/").split("/") if part]


def child_path(parent_path: str, group_id: int) -> str:
    return f"{parent_path or '/'}{group_id}/"
