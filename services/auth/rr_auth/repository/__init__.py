"""Every query auth makes, one module per table family."""
