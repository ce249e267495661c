"""Alembic revisions (a package only so that they are installed with the service)."""
