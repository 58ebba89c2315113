"""What a valid label is: a name, a #rrggbb colour and a short description. Pure."""

from __future__ import annotations

import re

from rr_catalog.validation import FieldErrors, check_text, fail_if

COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
NAME_MAX = 50
DESCRIPTION_MAX = 500
DEFAULT_COLOR = "#808080"


def label_fields(
    name: str | None, color: str | None, description: str | None
) -> tuple[str | None, str | None, str | None]:
    """Validated name, colour and description (None: not given)."""
    errors: FieldErrors = []
    if name is not None:
        name = name.strip()
        if not 1 <= len(name) <= NAME_MAX:
            errors.append({"loc": "name", "msg": f"A label name must be 1-{NAME_MAX} characters."})
    if color is not None:
        color = color.strip().lower()
        if not COLOR.match(color):
            errors.append({"loc": "color", "msg": "The colour must be written #rrggbb, for example #1e90ff."})
    if description is not None:
        description = check_text(errors, "description", description, DESCRIPTION_MAX, "Description")
    fail_if(errors)
    return name, color, description
