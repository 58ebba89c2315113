"""TOTP secrets at rest: the database holds them sealed (rr_auth.mfa.secret_box). Rows written before
sealing existed hold the plaintext base32 secret; they are read as they are and sealed at start."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rr_auth.mfa.repository import StoredSecretRepository
from rr_auth.mfa.secret_box import SecretBox, UnreadableSecret
from rr_common.db import Database
from rr_common.logs import get_logger

log = get_logger("rr.auth.mfa_secrets")

# What new_secret() of mfa/domain.py makes. A Fernet token always starts with "gAAAAA", never matches this.
_PLAINTEXT = re.compile(r"[A-Z2-7]{32}")
BATCH_SIZE = 500


def is_plaintext(stored: str) -> bool:
    return _PLAINTEXT.fullmatch(stored) is not None


def reveal(box: SecretBox, stored: str) -> str:
    """The secret of a stored value. A plaintext one is met between the migration and the sealing
    pass, or when a replica of the previous release enrolled someone during a rolling update."""
    return stored if is_plaintext(stored) else box.open(stored)


@dataclass
class SealingReport:
    sealed: int = 0  # plaintext rows now sealed
    resealed: int = 0  # rows of a previous key now sealed with the current one
    unreadable: int = 0  # rows no configured key opens (left as they are)


async def seal_stored_secrets(db: Database, box: SecretBox, batch_size: int = BATCH_SIZE) -> SealingReport:
    """Seal every plaintext secret and re-seal those of previous keys, one transaction per batch.
    Each write is conditional on the value read, so replicas running this together (or users
    enrolling meanwhile) lose nothing: whoever comes second changes no row."""
    report = SealingReport()
    after = 0
    while True:
        async with db.session() as session:
            repo = StoredSecretRepository(session)
            rows = await repo.after(after, batch_size)
            for user_id, stored in rows:
                if is_plaintext(stored):
                    report.sealed += await repo.replace(user_id, stored, box.seal(stored))
                elif not box.is_current(stored):
                    try:
                        sealed = box.reseal(stored)
                    except UnreadableSecret:
                        report.unreadable += 1
                        continue
                    report.resealed += await repo.replace(user_id, stored, sealed)
        if len(rows) < batch_size:
            break
        after = rows[-1][0]
    if report.unreadable:
        log.error(
            "stored MFA secrets no configured key opens: if the key was rotated, put the former one in"
            " RR_AUTH_MFA_PREVIOUS_SECRET_KEYS; otherwise those users can only use backup codes until they re-enrol",
            users=report.unreadable,
        )
    if report.sealed or report.resealed:
        log.info("MFA secrets sealed", sealed=report.sealed, resealed=report.resealed)
    return report
