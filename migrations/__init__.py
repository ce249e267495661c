"""The alembic environment and revisions, installed with the service (``verification migrate``
finds them through this package, in a checkout or in an installed wheel)."""
