"""Auth's rules, one module per subdomain. Functions take the session of the caller's transaction
and only flush; the RPC boundary commits or rolls back."""
