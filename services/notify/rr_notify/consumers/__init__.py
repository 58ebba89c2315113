"""The durable consumers of notify: one per producing service (notify-<producer>)."""
