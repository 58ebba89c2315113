"""E-mail bodies (HTML + text) from Jinja2 templates; a field a template needs but the
notification lacks is an error naming that field, never an e-mail saying "None"."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, TemplateNotFound, UndefinedError, select_autoescape

_ENV = Environment(
    loader=PackageLoader("rr_notify.email", "templates"),
    undefined=StrictUndefined,
    autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=False),
    trim_blocks=True,
    lstrip_blocks=True,
)


class TemplateProblem(Exception):
    """The template cannot be rendered with what the notification carries (not worth retrying)."""


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    text: str
    html: str


def _template_name(kind: str, extension: str) -> str:
    try:
        _ENV.get_template(f"{kind}.{extension}")
    except TemplateNotFound:
        return f"notification.{extension}"
    return f"{kind}.{extension}"


def _missing_field(error: UndefinedError) -> str:
    match = re.search(r"has no attribute '([^']+)'", str(error)) or re.search(r"'([^']+)' is undefined", str(error))
    return match.group(1) if match else str(error)


def render(kind: str, context: Mapping[str, Any]) -> RenderedEmail:
    """Render the templates for notification type `kind` (falling back to the generic ones)."""
    try:
        text = _ENV.get_template(_template_name(kind, "txt")).render(context)
        html = _ENV.get_template(_template_name(kind, "html")).render(context)
        subject = str(context["title"])
    except UndefinedError as exc:
        raise TemplateProblem(
            f"The e-mail template for '{kind}' needs the field '{_missing_field(exc)}', which this notification does not have."
        ) from exc
    except KeyError as exc:
        raise TemplateProblem(
            f"The e-mail for '{kind}' needs the field '{exc.args[0]}', which this notification does not have."
        ) from exc
    return RenderedEmail(subject=subject, text=text, html=html)
