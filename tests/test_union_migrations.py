"""The union's schema has a history of its own: `union init` upgrades it under Alembic, a union made before
that (its tables made directly) is stamped at the first revision and keeps its data, and the models and the
migrations agree."""

from __future__ import annotations

from typing import Any

from sqlalchemy import create_engine, text

from db.models import Base
from desk_app.union import schema
from desk_app.union.migrate import check_union
from tests.environments import empty_database
from tests.test_union_service import carddesk


def _engine(url: str) -> Any:
    return create_engine(url.replace("postgresql://", "postgresql+psycopg://"))


def test_union_init_makes_the_schema_by_its_migrations_and_again_changes_nothing(postgres):
    url = empty_database(postgres, "union_migrations_new")
    for _ in range(2):
        made = carddesk("union", "init", "--db", url)
        assert made.returncode == 0, made.stderr
    engine = _engine(url)
    try:
        with engine.connect() as connection:
            assert connection.execute(text("SELECT version_num FROM union_alembic_version")).scalars().all() == [
                "u0001"
            ]
        check_union(engine)  # raises when a model changed without a revision
    finally:
        engine.dispose()


def test_a_union_made_before_its_history_is_stamped_and_keeps_its_data(postgres):
    url = empty_database(postgres, "union_migrations_old")
    engine = _engine(url)
    try:
        Base.metadata.create_all(engine)  # as `union init` made it in sessions 5 to 8
        schema.service.create_all(engine)
        with engine.begin() as connection:
            connection.execute(text("INSERT INTO branches (code, name) VALUES ('OLD1', '旧分馆')"))
        made = carddesk("union", "init", "--db", url)
        assert made.returncode == 0, made.stderr
        with engine.connect() as connection:
            assert connection.execute(text("SELECT version_num FROM union_alembic_version")).scalar() == "u0001"
            assert connection.execute(text("SELECT name FROM branches WHERE code = 'OLD1'")).scalar() == "旧分馆"
    finally:
        engine.dispose()
