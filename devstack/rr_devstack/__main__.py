"""``python -m rr_devstack``: see cli.py."""

from .cli import main

raise SystemExit(main())
