"""The queue: joining for a taken slot, positions, leaving; a resource's queue for managers."""
