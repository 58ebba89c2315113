"""Import the old system's database into Resource Reserver (`make import-old-system OLD_DB=...`)."""
