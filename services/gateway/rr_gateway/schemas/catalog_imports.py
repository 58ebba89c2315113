"""CSV import report."""

from __future__ import annotations

from pydantic import BaseModel, Field
from rr.catalog.v1 import catalog_pb2


class ImportErrorOut(BaseModel):
    line: int = Field(description="Line in the file (the header is line 1)")
    message: str


class ImportReportOut(BaseModel):
    created: int
    updated: int
    skipped: int = Field(description="Valid rows that changed nothing")
    errors: list[ImportErrorOut] = Field(description="The first 1,000 errors by line")
    error_count: int
    rows: int
    applied: bool = Field(description="False: nothing was written (dry run, or errors while all-or-nothing)")
    dry_run: bool

    @classmethod
    def of(cls, r: catalog_pb2.ImportReport) -> ImportReportOut:
        return cls(
            created=r.created,
            updated=r.updated,
            skipped=r.skipped,
            errors=[ImportErrorOut(line=e.line, message=e.message) for e in r.errors],
            error_count=r.error_count,
            rows=r.rows,
            applied=r.applied,
            dry_run=r.dry_run,
        )
