"""The services catalog is made of, built once by the composition root and shared by servicers."""

from __future__ import annotations

from dataclasses import dataclass

from rr_catalog.bookable.service import BookableService
from rr_catalog.groups.service import GroupService
from rr_catalog.hours.service import HoursService
from rr_catalog.imports.service import ExportService, ImportService
from rr_catalog.labels.service import LabelService
from rr_catalog.legacy_import.service import ResourceImport
from rr_catalog.legacy_import.taxonomy import TaxonomyImport
from rr_catalog.resources.service import ResourceService
from rr_catalog.resources.suggestions import SuggestionService
from rr_catalog.site.service import SiteService
from rr_catalog.status.service import StatusService
from rr_common.db import Database


@dataclass(frozen=True)
class Services:
    db: Database
    resources: ResourceService
    suggestions: SuggestionService
    status: StatusService
    hours: HoursService
    site: SiteService
    bookable: BookableService
    groups: GroupService
    labels: LabelService
    imports: ImportService
    exports: ExportService
    resource_import: ResourceImport
    taxonomy_import: TaxonomyImport


def build_services(db: Database) -> Services:
    labels = LabelService()
    return Services(
        db=db,
        resources=ResourceService(labels),
        suggestions=SuggestionService(),
        status=StatusService(),
        hours=HoursService(),
        site=SiteService(),
        bookable=BookableService(),
        groups=GroupService(),
        labels=labels,
        imports=ImportService(),
        exports=ExportService(),
        resource_import=ResourceImport(),
        taxonomy_import=TaxonomyImport(),
    )
