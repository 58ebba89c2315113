"""What the import did, per kind of row: counted as it goes (the progress lines), summed at the
end, and written out: the old -> new id mapping as CSV and JSON, and the whole report as JSON."""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rr.common.v1 import legacy_import_pb2

OUTCOMES = {
    legacy_import_pb2.IMPORT_OUTCOME_CREATED: "created",
    legacy_import_pb2.IMPORT_OUTCOME_ALREADY_THERE: "already there",
    legacy_import_pb2.IMPORT_OUTCOME_SKIPPED: "skipped",
    legacy_import_pb2.IMPORT_OUTCOME_CONFLICT: "conflict",
}


@dataclass
class Report:
    dry_run: bool = False
    counts: dict[str, Counter[str]] = field(default_factory=dict)
    mapping: list[dict[str, object]] = field(default_factory=list)
    skipped: list[dict[str, str]] = field(default_factory=list)
    conflicts: list[dict[str, str]] = field(default_factory=list)
    tables: dict[str, str] = field(default_factory=dict)  # table -> what became of it
    # Reservations the old system double-booked: both imported, the later flagged, holding no slot.
    double_booked: list[dict[str, str]] = field(default_factory=list)

    def pair_double_bookings(self) -> None:
        """Name both sides of each double booking by old and new id, for an administrator."""
        old_of = {str(m["new_id"]): str(m["old_id"]) for m in self.mapping if m["kind"] == "reservations"}
        for conflict in self.conflicts:
            found = re.search(r"double-booked: overlaps reservation #(\d+)", conflict["detail"])
            if conflict["kind"] == "reservations" and found:
                self.double_booked.append(
                    {
                        "earlier_old_id": old_of.get(found.group(1), "?"),
                        "earlier_new_id": found.group(1),
                        "later_old_id": conflict["old_id"],
                        "later_new_id": conflict["new_id"],
                    }
                )

    def add(self, kind: str, rows: Iterable[legacy_import_pb2.ImportedRow]) -> None:
        counts = self.counts.setdefault(kind, Counter())
        for row in rows:
            outcome = OUTCOMES.get(row.outcome, "skipped")
            counts[outcome] += 1
            if row.new_id:
                self.mapping.append(
                    {"kind": kind, "old_id": row.old_id, "new_id": row.new_id, "renumbered": row.renumbered}
                )
            if outcome == "skipped":
                self.skipped.append({"kind": kind, "old_id": row.old_id, "reason": row.detail})
            elif outcome == "conflict":
                self.conflicts.append(
                    {"kind": kind, "old_id": row.old_id, "new_id": str(row.new_id), "detail": row.detail}
                )

    def skip(self, kind: str, old_id: str, reason: str) -> None:
        self.counts.setdefault(kind, Counter())["skipped"] += 1
        self.skipped.append({"kind": kind, "old_id": old_id, "reason": reason})

    def progress(self, kind: str, done: int, total: int) -> str:
        counts = self.counts.get(kind, Counter())
        parts = ", ".join(f"{name} {counts[name]}" for name in OUTCOMES.values())
        return f"  {kind}: {done}/{total} ({parts})"

    @property
    def renumbered(self) -> bool:
        return any(m["renumbered"] for m in self.mapping)

    def lines(self) -> list[str]:
        verb = "would be" if self.dry_run else "were"
        out = ["", f"Import report{' (dry run: nothing written)' if self.dry_run else ''}"]
        for kind, counts in self.counts.items():
            out.append(f"  {kind:<20} " + "  ".join(f"{name}: {counts[name]}" for name in OUTCOMES.values()))
        out.append("Tables:")
        out += [f"  {table:<28} {what}" for table, what in self.tables.items()]
        if self.skipped:
            out.append(f"Rows skipped ({len(self.skipped)}):")
            out += [f"  {s['kind']} old #{s['old_id']}: {s['reason']}" for s in self.skipped[:200]]
        if self.conflicts:
            out.append(f"Conflicts for an administrator ({len(self.conflicts)}):")
            out += [f"  {c['kind']} old #{c['old_id']} -> #{c['new_id']}: {c['detail']}" for c in self.conflicts]
        if self.double_booked:
            out.append(
                f"Double bookings of the old system ({len(self.double_booked)}): both imported; the later is flagged and holds no slot"
            )
            out += [
                f"  old #{p['earlier_old_id']} (now #{p['earlier_new_id']}) and old #{p['later_old_id']} (now #{p['later_new_id']}, flagged)"
                for p in self.double_booked
            ]
        out.append(
            f"Old ids {verb} kept."
            if not self.renumbered
            else "Some rows got new ids (the target was not empty): see mapping.csv / mapping.json."
        )
        return out

    def write(self, folder: Path, say: Callable[[str], None]) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        with (folder / "mapping.csv").open("w", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=["kind", "old_id", "new_id", "renumbered"])
            writer.writeheader()
            writer.writerows(self.mapping)
        (folder / "mapping.json").write_text(json.dumps(self.mapping, indent=1))
        summary = {
            "dry_run": self.dry_run,
            "counts": {k: dict(v) for k, v in self.counts.items()},
            "tables": self.tables,
            "skipped": self.skipped,
            "conflicts": self.conflicts,
            "double_booked": self.double_booked,
        }
        (folder / "report.json").write_text(json.dumps(summary, indent=1))
        say(f"Mapping and report written to {folder}/ (mapping.csv, mapping.json, report.json)")
