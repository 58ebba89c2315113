"""One module per peer the waitlist calls over gRPC."""
