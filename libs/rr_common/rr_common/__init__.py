"""Resource Reserver plumbing kernel (no domain code)."""
