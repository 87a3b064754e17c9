"""Alembic environment: runs migrations on the connection that backstride hands over."""

from __future__ import annotations

from alembic import context

from backstride.store.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - backstride always passes its connection
    raise RuntimeError("backstride migrations run through backstride.store.migrate")

context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
