"""The JWT signing key for the auth service, persisted so tokens survive restarts."""

from __future__ import annotations

import os
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

KEY_FILE = Path("keys") / "jwt-private.pem"


def ensure_jwt_private_key(data_dir: Path) -> str:
    """Return the PEM of ``<data_dir>/keys/jwt-private.pem``, generating an RSA-2048 key once.

    Without a stable key auth would generate an ephemeral one on every start and every token
    issued before a restart (including by fault-injection tests) would stop verifying.
    """
    path = data_dir / KEY_FILE
    if path.exists():
        return path.read_text()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.parent.chmod(0o700)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        encoding=serialization.Encoding.PEM,
        format=serialization.PrivateFormat.PKCS8,
        encryption_algorithm=serialization.NoEncryption(),
    ).decode()
    # Create with 0600 from the start (O_EXCL) so the key is never briefly world-readable.
    tmp = path.with_suffix(f".tmp{os.getpid()}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(pem)
    os.replace(tmp, path)
    return pem
