"""deploy/README.md covers what operators need, and what it names exists."""

from __future__ import annotations

import re
from typing import Any

import pytest

SECTIONS = [
    "Images",
    "Docker Compose",
    "Kubernetes",
    "Install",
    "Upgrade",
    "Scale",
    "Rotate JWT keys",
    "Back up",
    "Observe",
    "Alerts",
    "TLS certificates",
]


@pytest.mark.parametrize("section", SECTIONS)
def test_readme_has_section(support: Any, section: str) -> None:
    headings = re.findall(r"^#+ (.+)$", support.README.read_text(), re.M)
    assert any(section.lower() in heading.lower() for heading in headings), f"no '{section}' section"


def test_every_alert_is_explained(support: Any) -> None:
    readme = support.README.read_text()
    alerts = [rule["alert"] for group in support.load_yaml(support.ALERTS_FILE)["groups"] for rule in group["rules"]]
    assert len(alerts) == len(set(alerts))
    for alert in alerts:
        assert re.search(rf"^\| `{alert}` \| (critical|warning) \|", readme, re.M), (
            f"{alert} is not in the Alerts table"
        )


def test_alert_rules_are_labelled_and_annotated(support: Any) -> None:
    for group in support.load_yaml(support.ALERTS_FILE)["groups"]:
        for rule in group["rules"]:
            assert rule["labels"]["severity"] in ("critical", "warning")
            assert rule["annotations"]["summary"] and rule["annotations"]["description"]
            assert rule["expr"].count("(") == rule["expr"].count(")")


def test_every_required_compose_variable_is_explained(compose: Any, support: Any) -> None:
    readme = support.README.read_text()
    for name in compose.interpolation.required():
        stem = name if not name.endswith("_DB_PASSWORD") else "_DB_PASSWORD"
        assert stem in readme, f"{name} is not explained in deploy/README.md"


# Files the operator creates by following the README.
OPERATOR_FILES = {
    "deploy/compose.env",
    "deploy/compose/traefik/certs/tls.crt",
    "deploy/compose/traefik/dynamic/certificate.yml",
}


def test_paths_named_in_the_readme_exist(support: Any) -> None:
    readme = support.README.read_text()
    paths = set(re.findall(r"`((?:deploy|docs|libs|services)/[\w./-]+)`", readme))
    assert "deploy/compose/postgres/init-databases.sh" in paths
    for path in sorted(paths - OPERATOR_FILES):
        assert (support.REPO / path).exists(), f"README names {path}, which does not exist"
