"""python -m rr_importer --old-db <sqlite path or postgresql URL> [--dry-run]"""

from rr_importer.cli import main

raise SystemExit(main())
