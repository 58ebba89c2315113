"""Waitlist entries moved in from the old system (see rr.waitlist.v1.LegacyImportService)."""
