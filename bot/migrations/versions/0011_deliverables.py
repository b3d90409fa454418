"""Deliverables: what a deadline asks each unit to hand in, the hand-ins with their files, and the
queue of hand-ins whose files are still being downloaded.

Revision ID: 0011
Revises: 0005
"""

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision = "0011"
down_revision = "0005"
branch_labels = None
depends_on = None

# The built-in plan's forslagsfrist asks for proposals (text or files) or "ingen forslag".
FORSLAGSFRIST = "forslagsfrist-landsmotet-2027"


def upgrade() -> None:
    with op.batch_alter_table("planevent") as batch:
        batch.add_column(
            sa.Column(
                "deliverable",
                sqlmodel.sql.sqltypes.AutoString(length=16),
                nullable=False,
                server_default="none",
            )
        )
        batch.add_column(
            sa.Column(
                "deliverable_none_ok", sa.Boolean(), nullable=False, server_default=sa.false()
            )
        )
        batch.add_column(
            sa.Column("deliver_after_due", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    event = sa.table(
        "planevent",
        sa.column("key", sa.String),
        sa.column("deliverable", sa.String),
        sa.column("deliverable_none_ok", sa.Boolean),
    )
    op.execute(
        event.update()
        .where(event.c.key == FORSLAGSFRIST, event.c.deliverable == "none")
        .values(deliverable="text_or_files", deliverable_none_ok=True)
    )

    op.create_table(
        "delivery",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("obligation_id", sa.Integer(), nullable=False),
        sa.Column("text", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("none_answer", sa.Boolean(), nullable=False),
        sa.Column("handed_in_by", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("handed_in_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changed_by", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["obligation_id"], ["obligation.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("delivery") as batch:
        batch.create_index(batch.f("ix_delivery_obligation_id"), ["obligation_id"], unique=True)

    op.create_table(
        "deliveryfile",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("delivery_id", sa.Integer(), nullable=False),
        sa.Column("source_id", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("filename", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
        sa.Column("mimetype", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("added_by", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["delivery_id"], ["delivery.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("delivery_id", "source_id"),
    )
    with op.batch_alter_table("deliveryfile") as batch:
        batch.create_index(batch.f("ix_deliveryfile_delivery_id"), ["delivery_id"], unique=False)

    op.create_table(
        "pendingdelivery",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("obligation_id", sa.Integer(), nullable=False),
        sa.Column("actor", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("replace", sa.Boolean(), nullable=False),
        sa.Column("text", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("none_answer", sa.Boolean(), nullable=False),
        sa.Column("files", sa.JSON(), nullable=False),
        sa.Column("reply_to", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("state", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["obligation_id"], ["obligation.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("pendingdelivery") as batch:
        batch.create_index(batch.f("ix_pendingdelivery_key"), ["key"], unique=True)
        batch.create_index(
            batch.f("ix_pendingdelivery_obligation_id"), ["obligation_id"], unique=False
        )
        batch.create_index("ix_pendingdelivery_state_next", ["state", "next_attempt_at"])


def downgrade() -> None:
    op.drop_table("pendingdelivery")
    op.drop_table("deliveryfile")
    op.drop_table("delivery")
    with op.batch_alter_table("planevent") as batch:
        batch.drop_column("deliver_after_due")
        batch.drop_column("deliverable_none_ok")
        batch.drop_column("deliverable")
