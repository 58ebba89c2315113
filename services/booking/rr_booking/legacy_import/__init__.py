"""Reservations and series moved in from the old system (see rr.booking.v1.LegacyImportService)."""
