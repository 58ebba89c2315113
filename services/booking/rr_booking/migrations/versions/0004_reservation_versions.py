"""reservation versions: each change of a reservation bumps its version, which its events carry
so consumers can ignore an event older than one they already handled

Revision ID: 0004
Revises: 0003
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column('reservations', sa.Column('version', sa.BigInteger(), server_default=sa.text('1'), nullable=False))
    # A trigger, so that every UPDATE (ORM, set-based or textual) bumps it.
    op.execute(
        "CREATE FUNCTION reservations_bump_version() RETURNS trigger LANGUAGE plpgsql AS"
        " $$ BEGIN NEW.version := OLD.version + 1; RETURN NEW; END $$"
    )
    op.execute(
        "CREATE TRIGGER reservations_version BEFORE UPDATE ON reservations"
        " FOR EACH ROW EXECUTE FUNCTION reservations_bump_version()"
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER reservations_version ON reservations")
    op.execute("DROP FUNCTION reservations_bump_version()")
    op.drop_column('reservations', 'version')
