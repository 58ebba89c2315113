"""Accounts moved in from the old system (see rr.auth.v1.LegacyImportService)."""
