"""teams: signed links that have been used (each works once) and the journal of webhook posts

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24 00:10:00
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel.sql.sqltypes



revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('usedlink',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('nonce', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('action', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('obligation_id', sa.Integer(), nullable=True),
    sa.Column('nudge_id', sa.Integer(), nullable=True),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('usedlink', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_usedlink_nonce'), ['nonce'], unique=True)
        batch_op.create_index(batch_op.f('ix_usedlink_obligation_id'), ['obligation_id'], unique=False)

    op.create_table('teamspost',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('state', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('status', sa.Integer(), nullable=True),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('teamspost', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_teamspost_key'), ['key'], unique=True)


def downgrade() -> None:
    with op.batch_alter_table('teamspost', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_teamspost_key'))
    op.drop_table('teamspost')
    with op.batch_alter_table('usedlink', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_usedlink_obligation_id'))
        batch_op.drop_index(batch_op.f('ix_usedlink_nonce'))
    op.drop_table('usedlink')
