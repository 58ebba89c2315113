"""Pure rules of accounts: what a username and an e-mail address look like, and the name a
deleted account is left with."""

from __future__ import annotations

import re

USERNAME = re.compile(r"^[A-Za-z0-9_.-]{3,50}$")
EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")


def placeholder_name(user_id: int) -> str:
    # ":" is refused in usernames at registration, so nobody can take or be mistaken for it.
    return f"deleted:{user_id}"
