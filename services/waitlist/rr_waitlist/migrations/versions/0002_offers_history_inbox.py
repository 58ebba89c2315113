"""offers, history, inbox

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 10:00:00.000000
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LIVE = sa.text("status IN ('waiting', 'offered')")


def upgrade() -> None:
    op.add_column('waitlist_entries', sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False))
    op.add_column('waitlist_entries', sa.Column('offered_start', sa.DateTime(timezone=True), nullable=True))
    op.add_column('waitlist_entries', sa.Column('offered_end', sa.DateTime(timezone=True), nullable=True))
    op.add_column('waitlist_entries', sa.Column('reservation_id', sa.BigInteger(), nullable=True))
    op.add_column('waitlist_entries', sa.Column('resource_name', sa.String(length=200), server_default=sa.text("''"), nullable=False))
    # An offered entry still counts as the user's place for that range.
    op.drop_index('uq_waitlist_entries_waiting', table_name='waitlist_entries', postgresql_where=sa.text("status = 'waiting'"))
    op.create_index('uq_waitlist_entries_live', 'waitlist_entries', ['user_id', 'resource_id', 'desired_start', 'desired_end'], unique=True, postgresql_where=LIVE)
    op.create_index('ix_waitlist_entries_live', 'waitlist_entries', ['resource_id', 'id'], unique=False, postgresql_where=LIVE)
    op.create_index('ix_waitlist_entries_offer_due', 'waitlist_entries', ['offer_expires_at'], unique=False, postgresql_where=sa.text("status = 'offered'"))
    op.create_index('ix_waitlist_entries_waiting_until', 'waitlist_entries', ['desired_end'], unique=False, postgresql_where=sa.text("status = 'waiting'"))
    op.create_index('uq_waitlist_entries_reservation', 'waitlist_entries', ['reservation_id'], unique=True, postgresql_where=sa.text('reservation_id IS NOT NULL'))
    op.create_table('waitlist_history',
    sa.Column('id', sa.BigInteger(), nullable=False),
    sa.Column('entry_id', sa.BigInteger(), nullable=False),
    sa.Column('from_status', sa.String(length=20), server_default=sa.text("''"), nullable=False),
    sa.Column('to_status', sa.String(length=20), nullable=False),
    sa.Column('actor_user_id', sa.BigInteger(), server_default=sa.text('0'), nullable=False),
    sa.Column('reason', sa.String(length=500), server_default=sa.text("''"), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['entry_id'], ['waitlist_entries.id'], name=op.f('fk_waitlist_history_entry_id_waitlist_entries'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_waitlist_history'))
    )
    op.create_index('ix_waitlist_history_entry', 'waitlist_history', ['entry_id', 'id'], unique=False)
    # Entries that joined before history existed get their first line.
    op.execute("INSERT INTO waitlist_history (entry_id, to_status, actor_user_id, reason, created_at) SELECT id, status, user_id, 'joined', created_at FROM waitlist_entries")
    op.create_table('inbox',
    sa.Column('consumer', sa.String(length=100), nullable=False),
    sa.Column('event_id', sa.String(length=64), nullable=False),
    sa.Column('processed_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('consumer', 'event_id', name=op.f('pk_inbox'))
    )
    op.create_table('dead_letters',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('consumer', sa.String(length=100), nullable=False),
    sa.Column('event_id', sa.String(length=64), nullable=False),
    sa.Column('subject', sa.String(length=200), nullable=False),
    sa.Column('payload', sa.LargeBinary(), nullable=False),
    sa.Column('headers', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('error', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dead_letters'))
    )


def downgrade() -> None:
    op.drop_table('dead_letters')
    op.drop_table('inbox')
    op.drop_index('ix_waitlist_history_entry', table_name='waitlist_history')
    op.drop_table('waitlist_history')
    op.drop_index('uq_waitlist_entries_reservation', table_name='waitlist_entries', postgresql_where=sa.text('reservation_id IS NOT NULL'))
    op.drop_index('ix_waitlist_entries_waiting_until', table_name='waitlist_entries', postgresql_where=sa.text("status = 'waiting'"))
    op.drop_index('ix_waitlist_entries_offer_due', table_name='waitlist_entries', postgresql_where=sa.text("status = 'offered'"))
    op.drop_index('ix_waitlist_entries_live', table_name='waitlist_entries', postgresql_where=LIVE)
    op.drop_index('uq_waitlist_entries_live', table_name='waitlist_entries', postgresql_where=LIVE)
    op.create_index('uq_waitlist_entries_waiting', 'waitlist_entries', ['user_id', 'resource_id', 'desired_start', 'desired_end'], unique=True, postgresql_where=sa.text("status = 'waiting'"))
    op.drop_column('waitlist_entries', 'resource_name')
    op.drop_column('waitlist_entries', 'reservation_id')
    op.drop_column('waitlist_entries', 'offered_end')
    op.drop_column('waitlist_entries', 'offered_start')
    op.drop_column('waitlist_entries', 'updated_at')
