"""users.mfa_secret holds a sealed token (Fernet), not the base32 secret

A Fernet token of a 32-character secret is 140 characters: the column becomes text. The rows
themselves are sealed by auth when it starts (it holds the key; migrations do not).

Revision ID: 0003
Revises: 0002
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.alter_column('users', 'mfa_secret', type_=sa.Text(), existing_type=sa.String(length=64), existing_nullable=True)


def downgrade() -> None:
    # Sealed secrets do not fit in 64 characters, and the code before this revision reads only
    # plaintext: refuse rather than truncate (or strand) anyone's second factor.
    sealed = op.get_bind().scalar(sa.text('SELECT count(*) FROM users WHERE length(mfa_secret) > 64'))
    if sealed:
        raise RuntimeError(
            f'{sealed} user(s) hold a sealed MFA secret, which earlier releases cannot read. Turn their two-factor '
            'authentication off first (UPDATE users SET mfa_enabled = false, mfa_secret = NULL, mfa_last_step = NULL '
            'WHERE length(mfa_secret) > 64); they enrol again afterwards.'
        )
    op.alter_column('users', 'mfa_secret', type_=sa.String(length=64), existing_type=sa.Text(), existing_nullable=True)
