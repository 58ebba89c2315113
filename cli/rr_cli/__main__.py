"""``python -m rr_cli`` is the same as ``rr``."""

from rr_cli.app import main

if __name__ == "__main__":
    main()
