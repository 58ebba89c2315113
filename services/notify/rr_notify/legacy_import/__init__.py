"""Notifications and webhooks moved in from the old system, and the import's audit records."""
