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

_OLD_READER = """
INSERT INTO staff (id, username, display_name, branch_code, role, password_hash, failed_attempts, active)
  VALUES ('00000000-0000-0000-0000-000000000001', 's', 'S', 'OLD1', 'admin', '', 0, true);
INSERT INTO readers (id, name, gender, birth_date, phone, address, work_unit, home_branch_code, password_hash,
  password_must_change, created_at, updated_at)
  VALUES ('00000000-0000-0000-0000-00000000000a', '甲', 'M', '2000-01-01', '', '', '', 'OLD1', '', true,
  '2020-06-01 02:00+00', '2020-06-01 02:00+00');
INSERT INTO cards (id, reader_id, number, card_type_code, home_branch_code, status, is_virtual, issued_at)
  VALUES ('00000000-0000-0000-0000-0000000000c1', '00000000-0000-0000-0000-00000000000a', 'C1', 'adult', 'OLD1',
  'active', true, '2020-06-01 02:00+00');
INSERT INTO card_events (id, card_id, kind, to_status, at, staff_id, branch_code, desk_code, detail)
  VALUES ('00000000-0000-0000-0000-0000000000e1', '00000000-0000-0000-0000-0000000000c1', 'issue', 'active',
  '2020-06-01 02:00+00', '00000000-0000-0000-0000-000000000001', 'OLD1', 'D1',
  '{"age_at_issue": 20, "document_types": ["resident_id"]}');
"""


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
                "u0002"
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
            # Before u0002 a reader's first-issue facts were only in the issue event's detail.
            connection.execute(text("ALTER TABLE readers DROP COLUMN first_issued_at, DROP COLUMN age_at_first_issue,"
                                    " DROP COLUMN first_document_type"))  # fmt: skip
            connection.execute(text("ALTER TABLE cards DROP COLUMN age_at_first_issue,"
                                    " DROP COLUMN first_document_type"))  # fmt: skip
            connection.execute(text("ALTER TABLE card_events DROP COLUMN card_type_code,"
                                    " DROP COLUMN age_at_first_issue, DROP COLUMN first_document_type"))  # fmt: skip
            connection.execute(text("INSERT INTO branches (code, name) VALUES ('OLD1', '旧分馆')"))
            connection.execute(text(_OLD_READER))
        made = carddesk("union", "init", "--db", url)
        assert made.returncode == 0, made.stderr
        with engine.connect() as connection:
            assert connection.execute(text("SELECT version_num FROM union_alembic_version")).scalar() == "u0002"
            assert connection.execute(text("SELECT name FROM branches WHERE code = 'OLD1'")).scalar() == "旧分馆"
            facts = connection.execute(
                text("SELECT first_issued_at, age_at_first_issue, first_document_type FROM readers")
            ).one()
            assert (facts[0].isoformat(), facts[1], facts[2]) == ("2020-06-01T02:00:00+00:00", 20, "resident_id")
            event = connection.execute(
                text("SELECT card_type_code, age_at_first_issue, first_document_type FROM card_events")
            ).one()
            assert tuple(event) == ("adult", 20, "resident_id")
        check_union(engine)
    finally:
        engine.dispose()
