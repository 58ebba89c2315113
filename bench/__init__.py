"""Load and latency benchmarks of the whole stack: `python -m bench` (see bench/README.md)."""
