"""Load and latency benchmarks of the whole stack: `python -m bench` (see bench/README.md)."""

import sys

try:
    import sniffio  # noqa: F401
except ImportError:
    # httpcore imports sniffio on every request when it is missing, and a failed import walks
    # every path entry and import hook each time; None makes it fail at once instead.
    sys.modules["sniffio"] = None  # type: ignore[assignment]
