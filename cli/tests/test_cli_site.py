"""rr site hours / blackouts: the site-wide calendar every resource follows, and who may change it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from cli.tests.support import Cli


@pytest.fixture
def clean_site(admin: Cli) -> Iterator[None]:
    """The site calendar is shared by the whole stack: leave it empty again."""
    yield
    admin("site", "hours", "clear", "--yes").ok()
    for blackout in admin.json("site", "blackouts", "list")["data"]:
        admin("site", "blackouts", "remove", blackout["id"]).ok()


@pytest.mark.usefixtures("clean_site")
def test_site_hours_show_set_and_clear(admin: Cli, user: Cli, resource: dict[str, object]) -> None:
    rid = resource["id"]
    saved = admin.json("site", "hours", "set", "mon-fri 08:00-18:00")
    assert [(i["day_of_week"], i["open_time"], i["close_time"]) for i in saved["intervals"]] == [
        (d, "08:00", "18:00") for d in range(5)
    ]
    shown = user("site", "hours", "show").ok().out
    assert "Mon" in shown and "Fri" in shown and "18:00" in shown and "Sat" not in shown
    # A resource without hours of its own says where its hours come from.
    inherited = admin("resources", "hours", "show", rid).ok().out
    assert "inherited from the site" in inherited and "18:00" in inherited
    assert admin.json("resources", "hours", "show", rid)["source"] == "site"
    admin("resources", "hours", "set", rid, "sat 10:00-12:00").ok()
    assert "inherited" not in admin("resources", "hours", "show", rid).ok().out
    assert "follows the site-wide hours" in admin("resources", "hours", "clear", rid, "--yes").ok().out

    refused = user("site", "hours", "set", "mon 09:00-10:00")
    assert refused.code != 0 and "admin" in (refused.out + refused.err).lower()
    assert admin("site", "hours", "set", "someday 9-5").code == 2
    admin("site", "hours", "clear", "--yes").ok()
    assert "around the clock" in user("site", "hours", "show").ok().out


@pytest.mark.usefixtures("clean_site")
def test_site_blackouts_list_add_remove(admin: Cli, user: Cli) -> None:
    added = admin.json("site", "blackouts", "add", "2035-05-01", "--reason", "Labour Day", "--yearly")
    assert (added["start_date"], added["end_date"], added["yearly"], added["reason"]) == (
        "2035-05-01",
        "2035-05-01",
        True,
        "Labour Day",
    )
    assert "Labour Day" in user("site", "blackouts", "list").ok().out
    assert user("site", "blackouts", "remove", added["id"]).code != 0
    assert [b["id"] for b in admin.json("site", "blackouts", "list")["data"]] == [added["id"]]
    admin("site", "blackouts", "remove", added["id"]).ok()
    assert admin.json("site", "blackouts", "list")["data"] == []
    assert admin("site", "blackouts", "add", "not-a-day").code == 2
