"""Whether a slot can be booked on a resource: pure rules shared by catalog, which owns the
resources, and booking, which judges from its projection of them without asking catalog."""
