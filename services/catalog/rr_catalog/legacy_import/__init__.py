"""Resources moved in from the old system (see rr.catalog.v1.LegacyImportService)."""
