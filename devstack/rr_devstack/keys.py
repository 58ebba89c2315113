"""Secrets of the dev stack, generated once per data directory so they survive restarts: the
auth service's JWT signing key and MFA secret key, and the OAuth2 client secrets of the waitlist
and of the gateway."""

from __future__ import annotations

import json
import os
import secrets
from pathlib import Path

from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

KEY_FILE = Path("keys") / "jwt-private.pem"
MFA_KEY_FILE = Path("keys") / "mfa-secret.key"
WAITLIST_SECRET_FILE = Path("keys") / "waitlist-client.secret"
WAITLIST_CLIENT_ID = "rr-waitlist"
# What the waitlist does with its token: hold, confirm and release slots for users; see queues.
WAITLIST_CLIENT_SCOPES = ("reservations:manage", "waitlist:manage")
# The old-system importer (`make import-old-system`): the services' import RPCs need this scope.
IMPORTER_SECRET_FILE = Path("keys") / "importer-client.secret"
IMPORTER_CLIENT_ID = "rr-importer"
IMPORTER_CLIENT_SCOPES = ("data:import",)
GATEWAY_SECRET_FILE = Path("keys") / "gateway-client.secret"
GATEWAY_CLIENT_ID = "rr-gateway"
# None: the gateway's token only reads the catalog for anonymous callers (see rr_gateway.readers).
GATEWAY_CLIENT_SCOPES: tuple[str, ...] = ()


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
    _write_private(path, pem)
    return pem


def ensure_mfa_secret_key(data_dir: Path) -> str:
    """The Fernet key auth seals TOTP secrets with, generated once: with an ephemeral key every
    MFA enrolment would become unusable at auth's next start."""
    path = data_dir / MFA_KEY_FILE
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.parent.chmod(0o700)
    key = Fernet.generate_key().decode()
    _write_private(path, key)
    return key


def ensure_waitlist_client_secret(data_dir: Path) -> str:
    """The waitlist's client secret, generated once; auth declares the client with it."""
    return _ensure_client_secret(data_dir / WAITLIST_SECRET_FILE)


def ensure_gateway_client_secret(data_dir: Path) -> str:
    """The gateway's client secret, generated once; auth declares the client with it."""
    return _ensure_client_secret(data_dir / GATEWAY_SECRET_FILE)


def ensure_importer_client_secret(data_dir: Path) -> str:
    """The old-system importer's client secret, generated once; the importer reads it there."""
    return _ensure_client_secret(data_dir / IMPORTER_SECRET_FILE)


def _ensure_client_secret(path: Path) -> str:
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.parent.chmod(0o700)
    secret = secrets.token_urlsafe(32)
    _write_private(path, secret)
    return secret


def declared_clients_json(waitlist_secret: str = "", gateway_secret: str = "", importer_secret: str = "") -> str:
    """RR_AUTH_SERVICE_CLIENTS for the dev stack: each client whose secret is given."""
    clients = []
    if waitlist_secret:
        clients.append(
            {
                "client_id": WAITLIST_CLIENT_ID,
                "secret": waitlist_secret,
                "scopes": list(WAITLIST_CLIENT_SCOPES),
                "name": "waitlist service",
            }
        )
    if gateway_secret:
        clients.append(
            {
                "client_id": GATEWAY_CLIENT_ID,
                "secret": gateway_secret,
                "scopes": list(GATEWAY_CLIENT_SCOPES),
                "name": "gateway (anonymous catalog reads)",
            }
        )
    if importer_secret:
        clients.append(
            {
                "client_id": IMPORTER_CLIENT_ID,
                "secret": importer_secret,
                "scopes": list(IMPORTER_CLIENT_SCOPES),
                "name": "old-system importer",
            }
        )
    return json.dumps(clients)


def _write_private(path: Path, text: str) -> None:
    # Create with 0600 from the start (O_EXCL) so the secret is never briefly world-readable.
    tmp = path.with_suffix(f".tmp{os.getpid()}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(text)
    os.replace(tmp, path)
