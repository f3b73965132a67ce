"""A push applied set-based (rows read for the whole turn, written by COPY) gives exactly what the same push
gives command by command in savepoints: the same outcomes, rows, audit chain and change log. When the set-based
turn cannot decide as the database would (a number the union already has), the turn runs again one by one."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, event, select, text
from sqlalchemy.orm import sessionmaker

from db.engine import make_engine, make_session_factory, sqlite_url
from db.migrate import upgrade
from db.models import CommandOutboxRow
from db.uow import SqlUnitOfWork
from desk_app.core import commands
from desk_app.core.commands import CardAndDocument, CardRef, DetailsChange, MoneyTaken
from desk_app.core.entities import Actor
from desk_app.core.errors import DeskError
from desk_app.core.ids import ids_of_command
from desk_app.core.policy import load_profile
from desk_app.core.presence import staff_present
from desk_app.core.services.context import DeskContext
from desk_app.core.services.issue import issue_card
from desk_app.core.services.setup import ensure_profile_branches
from desk_app.core.services.staff_accounts import create_first_admin_of_branch
from desk_app.demo.people import PeopleFactory
from desk_app.union import apply, store
from desk_app.union.apply import PushedCommand, apply_batch
from desk_app.union.turn import SlowPath
from desk_app.union_desk import RecordingUnitOfWork
from tests.conftest import id_card
from tests.environments import empty_database
from tests.test_issue_card import adult_cmd

PROFILE = load_profile("foshan")
NOW = datetime.now(UTC)
TODAY = NOW.date()
# What each copy of the union is compared by: every table a command writes, in a stable order.
COMPARED = {
    "readers": "id", "identity_documents": "id", "guardians": "id", "cards": "id", "card_events": "id",
    "ledger_entries": "id", "loans": "id", "audit_log": "seq", "sequences": "name",
    "union_changes": "seq", "union_commands": "id",
}  # fmt: skip


@dataclass
class Union:
    url: str
    engine: Engine
    desk: store.EnrolledDesk
    staff: dict[str, uuid.UUID]


def _engine(url: str) -> Engine:
    return create_engine(url.replace("postgresql://", "postgresql+psycopg://"))


@pytest.fixture
def union(postgres: Any) -> Iterator[Union]:
    """A union with an administrator at FSLIB (whose desk D1 pushes) and one at SDLIB."""
    url = empty_database(postgres, "union_turns")
    engine = _engine(url)
    store.init_union(engine, PROFILE)
    staff = {}
    for branch in ("FSLIB", "SDLIB"):
        with SqlUnitOfWork(sessionmaker(engine)) as uow:
            made = create_first_admin_of_branch(uow, f"{branch.lower()}-admin", "馆长", branch, "admin",
                                                "Turns-admin-2026", NOW)  # fmt: skip
            staff[branch] = made.id
    _, token = store.redeem(engine, store.enrol_desk(engine, "FSLIB", "D1")["code"], NOW)
    desk = store.desk_for_token(engine, token)
    assert desk is not None
    made = Union(url, engine, desk, staff)
    yield made
    made.engine.dispose()


def _copy_of(postgres: Any, union: Union, name: str) -> Engine:
    """A second union database exactly like the first one now (PostgreSQL's template copy)."""
    maintenance = create_engine(postgres.url(), isolation_level="AUTOCOMMIT")
    union.engine.dispose()
    with maintenance.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        connection.execute(text(f"CREATE DATABASE {name} TEMPLATE union_turns"))
    maintenance.dispose()
    return _engine(union.url.rsplit("/", 1)[0] + f"/{name}")


class Desk:
    """FSLIB's desk D1 as a desk runs commands: each use case here, its command queued in its outbox."""

    def __init__(self, tmp_path: Path, union: Union) -> None:
        engine = make_engine(sqlite_url(tmp_path / "desk.sqlite"))
        upgrade(engine)
        self.factory = make_session_factory(engine)
        with SqlUnitOfWork(sessionmaker(union.engine)) as there, SqlUnitOfWork(self.factory) as here:
            ensure_profile_branches(here, PROFILE)
            here.staff.add(there.staff.get(union.staff["FSLIB"]))  # type: ignore[arg-type]
            here.commit()
        self.ctx = DeskContext(Actor(union.staff["FSLIB"], "FSLIB", "D1"), PROFILE, lambda: NOW)

    def run(self, name: str, inputs: Any) -> Any:
        command_id = uuid.uuid4()
        with (
            ids_of_command(command_id),
            staff_present({self.ctx.actor.staff_id}),
            RecordingUnitOfWork(self.factory, command_id, name, self.ctx, inputs) as uow,
        ):
            return commands.HANDLERS[name].run(uow, self.ctx, inputs)

    def outbox(self) -> list[PushedCommand]:
        with self.factory() as session:
            rows = session.scalars(select(CommandOutboxRow).order_by(CommandOutboxRow.seq)).all()
            return [PushedCommand(r.id, r.name, r.staff_id, r.at, r.inputs, r.numbers) for r in rows]


def _issue_at_the_union(union: Union, branch: str, cmd: Any) -> Any:
    ctx = DeskContext(Actor(union.staff[branch], branch, "X1"), PROFILE, lambda: NOW)
    with SqlUnitOfWork(sessionmaker(union.engine)) as uow:
        return issue_card(uow, ctx, cmd)


def _mixed_push(tmp_path: Path, union: Union) -> list[PushedCommand]:
    """Issues, a deposit, a loss, a cancellation and the same person registered again, a change of details;
    two issues the union refuses (a card at another branch, a barcode taken there), a command the union
    cannot read, the same command twice, and one whose staff member has not signed in at this desk."""
    people = PeopleFactory("foshan", seed=4242)
    p1, p2, elsewhere, p4, p5 = (people.person(age, TODAY) for age in (30, 41, 52, 63, 24))
    _issue_at_the_union(union, "SDLIB", adult_cmd(elsewhere))
    _issue_at_the_union(union, "SDLIB", adult_cmd(p5, barcode="SD0000777"))
    desk = Desk(tmp_path, union)
    first = desk.run("issue_card", adult_cmd(p1))
    desk.run("take_money", MoneyTaken(first.card_number, "deposit_taken", 10000, "前政策下收取的押金"))
    second = desk.run("issue_card", adult_cmd(p2, barcode="FS0000123"))
    desk.run("report_loss", CardRef(first.card_number))
    desk.run("cancel_card", CardAndDocument(second.card_number, id_card(p2)))
    desk.run("issue_card", adult_cmd(p2))  # the same reader again
    desk.run("change_details", DetailsChange(first.reader_id, (("phone", "13800001111"),), id_card(p1)))
    desk.run("issue_card", adult_cmd(elsewhere))
    desk.run("issue_card", adult_cmd(p4, barcode="SD0000777"))
    pushed = desk.outbox()
    unreadable = PushedCommand(uuid.uuid4(), "issue_card", union.staff["FSLIB"], NOW, {"name": 7}, {})
    absent = PushedCommand(uuid.uuid4(), "report_loss", uuid.uuid4(), NOW, {"card": second.card_number}, {})
    return [*pushed[:3], unreadable, pushed[3], pushed[3], absent, *pushed[4:]]


def _dump(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    with engine.connect() as connection:
        found = {}
        for table, order in COMPARED.items():
            rows = connection.execute(text(f"SELECT * FROM {table} ORDER BY {order}"))  # noqa: S608
            skip = {"received_at", "seq"} if table in ("union_commands", "union_changes") else set()
            found[table] = [tuple(v for k, v in r._mapping.items() if k not in skip) for r in rows]
        return found


def _apply(union: Union, engine: Engine, batch: list[PushedCommand]) -> list[tuple[str, str, str, Any]]:
    outcomes = apply_batch(engine, PROFILE, union.desk, {union.staff["FSLIB"]}, batch)
    return [(o.id, o.status, o.code, o.result) for o in outcomes]


def test_a_push_set_based_gives_what_it_gives_command_by_command(postgres, union, tmp_path, monkeypatch):
    batch = _mixed_push(tmp_path, union)
    one_by_one = _copy_of(postgres, union, "union_turns_slow")
    union.engine = _engine(union.url)
    statements: list[str] = []
    event.listen(union.engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    set_based = _apply(union, union.engine, batch)

    def refuse(*_args: Any) -> Any:
        raise SlowPath("as if the turn could not decide")

    monkeypatch.setattr(apply.Turn, "set_based", refuse)
    assert _apply(union, one_by_one, batch) == set_based
    assert [status for _id, status, _code, _result in set_based] == [
        "applied", "applied", "applied", "refused", "applied", "duplicate", "needs_sign_in", "applied",
        "applied", "applied", "refused", "refused",
    ]  # fmt: skip
    assert [code for _id, _status, code, _result in set_based][-2:] == ["card.already_has_card", "card.barcode_taken"]
    assert _dump(union.engine) == _dump(one_by_one)
    # Set-based: the turn's reads and its COPY, not two dozen statements a command.
    assert len(statements) < 40, statements
    one_by_one.dispose()


def test_a_turn_the_database_refuses_at_the_copy_runs_again_command_by_command(union, tmp_path):
    people = PeopleFactory("foshan", seed=99)
    desk = Desk(tmp_path, union)
    issued = [desk.run("issue_card", adult_cmd(people.person(35, TODAY))) for _ in range(5)]
    # A card the union holds under the number the desk's third issue drew (a union moved from elsewhere):
    # the rules do not look for it, PostgreSQL's unique number does.
    _issue_at_the_union(union, "SDLIB", adult_cmd(people.person(44, TODAY)))
    with union.engine.begin() as connection:
        connection.execute(text("UPDATE cards SET number = :n WHERE home_branch_code = 'SDLIB'"),
                           {"n": issued[2].card_number})  # fmt: skip
    outcomes = _apply(union, union.engine, desk.outbox())
    assert [status for _id, status, _code, _result in outcomes] == ["applied"] * 2 + ["refused"] + ["applied"] * 2
    assert outcomes[2][2] == "union.conflict"
    with union.engine.connect() as connection:
        numbers = connection.execute(text("SELECT number FROM cards WHERE home_branch_code = 'FSLIB'")).scalars()
        assert sorted(numbers) == sorted(i.card_number for n, i in enumerate(issued) if n != 2)


def test_a_command_refused_set_based_leaves_nothing_behind(union, tmp_path):
    people = PeopleFactory("foshan", seed=5)
    elsewhere = people.person(33, TODAY)
    _issue_at_the_union(union, "SDLIB", adult_cmd(elsewhere))
    desk = Desk(tmp_path, union)
    desk.run("issue_card", adult_cmd(elsewhere))
    with pytest.raises(DeskError):
        desk.run("issue_card", adult_cmd(elsewhere))  # the desk itself now knows the person
    (outcome,) = _apply(union, union.engine, desk.outbox())
    assert outcome[1:3] == ("refused", "card.already_has_card")
    with union.engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM readers")).scalar() == 1
        assert connection.execute(text("SELECT count(*) FROM union_changes WHERE command_id = :c"),
                                  {"c": uuid.UUID(outcome[0])}).scalar() == 0  # fmt: skip
