"""The guides' screenshots are the ones tools/docs_screenshots.py takes: each screen in light and
dark, each shown in a guide as a light/dark pair, and no file that the tool no longer makes."""

from __future__ import annotations

import re

from tests.docs.test_guide_examples import DOCS, guide_pages
from tools import docs_screenshots

IMAGE = re.compile(
    r"!\[[^\]]*\]\((?:\.\./)*assets/screenshots/(?P<name>[\w-]+)-(?P<scheme>light|dark)\.png#only-(?P<only>light|dark)\)"
)


def test_every_screen_is_taken_light_and_dark_and_nothing_else_is_kept() -> None:
    expected = {f"{s.name}-{scheme}.png" for s in docs_screenshots.SCREENS for scheme in docs_screenshots.SCHEMES}
    assert {p.name for p in docs_screenshots.OUT.glob("*.png")} == expected, "run `make docs-screenshots`"


def test_guides_show_each_screenshot_in_the_palette_it_was_taken_in() -> None:
    shown: dict[str, set[str]] = {}
    for page in guide_pages():
        for match in IMAGE.finditer(page.read_text(encoding="utf-8")):
            assert match["scheme"] == match["only"], f"{page.relative_to(DOCS)}: {match[0]}"
            shown.setdefault(match["name"], set()).add(match["scheme"])
    assert shown, "the guides show no screenshot"
    assert {name: schemes for name, schemes in shown.items() if schemes != {"light", "dark"}} == {}
    assert set(shown) == {s.name for s in docs_screenshots.SCREENS}, (
        "a screen taken but shown nowhere, or shown but not taken"
    )
