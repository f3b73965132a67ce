"""SQLAlchemy models, Alembic migrations and the unit of work of the desk's local database."""
