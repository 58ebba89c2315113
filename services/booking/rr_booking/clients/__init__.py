"""Booking's clients of other services over gRPC: one module per peer."""
