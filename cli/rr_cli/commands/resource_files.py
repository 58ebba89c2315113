"""rr resources upload / export: resources in and out as CSV."""

from __future__ import annotations

from pathlib import Path
from typing import IO, Annotated, Any

import typer
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TransferSpeedColumn

from rr_cli.commands.options import Output
from rr_cli.downloads import download_to
from rr_cli.errors import ApiError
from rr_cli.help import examples
from rr_cli.output import Column
from rr_cli.output import Output as Printer
from rr_cli.state import get_state

UPLOAD_EXAMPLES = examples(
    "rr resources upload rooms.csv --dry-run",
    "rr resources upload rooms.csv --mode upsert",
    "rr resources upload rooms.csv --partial",
    "rr --json resources upload rooms.csv",
)
EXPORT_EXAMPLES = examples("rr resources export -o resources.csv", "rr resources export > resources.csv")
ERROR_COLUMNS = [Column("Line", "line", justify="right"), Column("Problem", "message")]


class ProgressReader:
    """A file whose reads advance a progress bar (httpx reads the upload in chunks)."""

    def __init__(self, handle: IO[bytes], progress: Progress | None, task: Any) -> None:
        self.handle, self.progress, self.task = handle, progress, task

    def read(self, size: int = -1) -> bytes:
        chunk = self.handle.read(size)
        if self.progress is not None:
            self.progress.update(self.task, advance=len(chunk))
        return chunk

    def __getattr__(self, name: str) -> Any:
        return getattr(self.handle, name)


def upload(
    ctx: typer.Context,
    path: Annotated[
        Path,
        typer.Argument(
            exists=True,
            dir_okay=False,
            readable=True,
            help="UTF-8 CSV: name,tags,available[,description,location,capacity,group,timezone].",
        ),
    ],
    mode: Annotated[
        str, typer.Option("--mode", help="create: a known name is an error; upsert: it is updated.")
    ] = "create",
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Check every row and report; write nothing.")] = False,
    partial: Annotated[
        bool, typer.Option("--partial", help="Import the valid rows even if others have errors.")
    ] = False,
) -> None:
    """Import resources from a CSV file (admins and managers), with a progress bar and a per-row report.

    Without --partial nothing is written when any row has an error.
    """
    if mode not in ("create", "upsert"):
        raise typer.BadParameter("Use create or upsert.", param_hint="--mode")
    state = get_state(ctx)
    out = state.output
    size = path.stat().st_size
    with path.open("rb") as handle, _progress(out) as progress:
        task = progress.add_task(f"Uploading {path.name}", total=size) if progress else None
        files = {"file": (path.name, ProgressReader(handle, progress, task), "text/csv")}
        params = {"mode": mode, "dry_run": dry_run, "partial": partial}
        try:
            report = state.client.post("/resources/upload", params=params, files=files)
        except ApiError as exc:
            if "errors" in exc.body and "rows" in exc.body:
                _report(out, exc.body, failed=True)
            if exc.code == "import_rejected":
                exc.message = exc.message.replace("import with partial=true", "add --partial")
            raise
    _report(out, report)


def _progress(out: Printer) -> Progress:
    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        console=out.err,
        transient=True,
        disable=not (out.is_table and out.err.is_terminal),
    )
    return progress


def _report(out: Printer, report: dict[str, Any], failed: bool = False) -> None:
    if failed and not out.is_table:
        return
    if not out.is_table:
        out.done("", report)
        return
    errors = report.get("errors") or []
    verb = "Would import" if report.get("dry_run") else ("Imported" if report.get("applied") else "Checked")
    summary = (
        f"{verb} {report.get('rows', 0)} row(s): {report.get('created', 0)} created, {report.get('updated', 0)} updated, "
        f"{report.get('skipped', 0)} unchanged, {report.get('error_count', len(errors))} with errors."
    )
    target = out.err if failed else out.out
    target.print(summary, markup=False, highlight=False, style="red" if failed else ("yellow" if errors else "green"))
    if errors:
        shown = len(errors)
        total = int(report.get("error_count") or shown)
        out.table(
            errors,
            ERROR_COLUMNS,
            title="Rows with errors" + (f" (first {shown} of {total})" if total > shown else ""),
            stderr=failed,
        )


def export(ctx: typer.Context, output: Output = None) -> None:
    """Export every resource as CSV that `rr resources upload --mode upsert` reads back (admins and managers)."""
    download_to(get_state(ctx), "/resources/export.csv", output)
