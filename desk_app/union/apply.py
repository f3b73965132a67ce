"""A batch of a desk's commands, run again through the core rules, in turns (one PostgreSQL transaction each):
set-based (`turn.py`) where the turn can decide as the database would, else a savepoint per command; each
command applied once (by its id) and its outcome recorded."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, Self

from sqlalchemy import Connection, Engine, event, insert, select, text, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from db import models as m
from db.uow import SqlUnitOfWork
from desk_app.core import commands
from desk_app.core.entities import Actor
from desk_app.core.errors import DeskError
from desk_app.core.ids import ids_of_command
from desk_app.core.policy import Profile
from desk_app.core.presence import staff_present
from desk_app.core.services.context import DeskContext
from desk_app.crashpoints import crashpoint
from desk_app.union import changes, schema
from desk_app.union.store import EnrolledDesk
from desk_app.union.turn import SlowPath, TurnStore, TurnUnitOfWork, drawn_number

# A command stamped further ahead than this is refused: a desk's clock may drift, not leap.
CLOCK_SLACK = timedelta(minutes=5)


@dataclass(frozen=True)
class PushedCommand:
    id: uuid.UUID
    name: str
    staff_id: uuid.UUID
    at: datetime
    inputs: dict[str, Any]
    # The numbers the desk drew from its sequences while running it, by sequence name, in order.
    numbers: dict[str, list[int]]


@dataclass(frozen=True)
class Outcome:
    id: str
    status: str  # applied | duplicate | refused | needs_sign_in
    code: str = ""
    message: str = ""
    result: Any = None


class ReplayUnitOfWork(SqlUnitOfWork):
    """The union's unit of work for one command: numbers come from what the desk drew, never twice."""

    def __init__(self, factory: sessionmaker[Session], numbers: dict[str, list[int]], command_id: uuid.UUID) -> None:
        super().__init__(factory)
        self._numbers = {name: list(values) for name, values in numbers.items()}
        self._command_id = command_id

    def commit(self) -> None:
        self.session.flush()
        changes.record(self.session, self._command_id)
        super().commit()

    def next_number(self, sequence: str) -> int:
        row = self.session.get(m.SequenceRow, sequence, with_for_update=True)
        value = drawn_number(self._numbers, sequence, row.next_value if row is not None else None)
        if row is None:
            self.session.add(m.SequenceRow(name=sequence, next_value=value + 1))
        else:
            row.next_value = value + 1
        return value


# A batch is applied in transactions of about this long each: between them other desks' commands, sign-ins
# and views take their turn on the audit chain, so a desk's large (or slow) push never holds up another
# desk's single issue for more than this. Each command and its outcome commit together, so a cut between
# two transactions leaves whole commands, and the push again answers `duplicate` for them.
TURN_SECONDS = 0.3
# The most commands one set-based turn reads for up front (it stops sooner after TURN_SECONDS).
SET_TURN = 500
CHAIN_LOCK = text("SELECT pg_advisory_xact_lock(hashtext('carddesk-union-commands'))")


class ChainedUnitOfWork(SqlUnitOfWork):
    """A unit of work at the union that writes audit records: it takes its turn on the union's one audit
    chain first (the same lock a batch's transaction takes), so two writers never draw the same link."""

    def __enter__(self) -> Self:
        super().__enter__()
        self.session.execute(CHAIN_LOCK)
        return self


def apply_batch(
    engine: Engine,
    profile: Profile,
    desk: EnrolledDesk,
    present: set[uuid.UUID],
    batch: list[PushedCommand],
    outbox_depth: int = 0,
    audit_head: tuple[int, str] | None = None,
) -> list[Outcome]:
    now = datetime.now(UTC)
    outcomes: list[Outcome] = []
    waiting = list(batch)
    decoded = {c.id: _decoded(c) for c in batch}
    while True:
        with engine.connect() as connection, connection.begin():
            # The lock is held while PostgreSQL works, never while a desk's bytes are on the way: the whole
            # batch arrived before this point.
            connection.execute(CHAIN_LOCK)
            turn = Turn(connection, profile, desk, present, now, decoded)
            try:
                with connection.begin_nested():
                    done = turn.set_based(waiting)
            except (SlowPath, IntegrityError):
                done = turn.one_by_one(waiting)
            outcomes += done
            del waiting[: len(done)]
            if not waiting:
                connection.execute(
                    update(schema.desks)
                    .where(schema.desks.c.id == desk.id)
                    .values(last_push_at=now, outbox_depth=outbox_depth)
                )
                if audit_head is not None:
                    seq, digest = audit_head
                    connection.execute(
                        pg_insert(schema.audit_heads)
                        .values(desk_id=desk.id, seq=seq, hash=digest, received_at=now)
                        .on_conflict_do_nothing()
                    )
        if not waiting:
            return outcomes
        crashpoint("union.turn_committed")  # between two turns of one batch: what the first wrote is kept


@dataclass(frozen=True)
class Recorded:
    """A command's outcome as the union recorded it."""

    desk_id: uuid.UUID
    code: str
    message: str
    result: Any


Runner = Callable[[PushedCommand, DeskContext, commands.Command], Any]


class Turn:
    """One transaction's share of a batch (about TURN_SECONDS of work), under the lock on the audit chain."""

    def __init__(
        self,
        connection: Connection,
        profile: Profile,
        desk: EnrolledDesk,
        present: set[uuid.UUID],
        now: datetime,
        decoded: dict[uuid.UUID, commands.Command | Exception],
    ) -> None:
        self.decoded = decoded
        self.connection = connection
        self.profile = profile
        self.desk = desk
        self.present = present
        self.now = now

    def set_based(self, waiting: list[PushedCommand]) -> list[Outcome]:
        """The commands run on the rows read for all of them at once; their rows written by COPY at the end."""
        store = TurnStore(self.connection)
        waiting = waiting[:SET_TURN]
        recorded = self._recorded([c.id for c in waiting])
        reads: dict[str, list[tuple[Any, date]]] = {}
        for command in waiting:
            found = self.decoded[command.id]
            if isinstance(found, commands.Command) and commands.HANDLERS[found.name].reads is not None:
                reads.setdefault(found.name, []).append((found.inputs, command.at.date()))
        for name, runs in reads.items():
            read = commands.HANDLERS[name].reads
            assert read is not None
            read(store.load, runs)

        def run(command: PushedCommand, ctx: DeskContext, decoded: commands.Command) -> Any:
            with TurnUnitOfWork(store, command.numbers, command.id) as uow:
                return commands.run(uow, ctx, decoded)

        def step(command: PushedCommand) -> Outcome:
            outcome, record = self._decide(command, recorded.get(command.id), run, self.decoded[command.id])
            if record:
                store.outcomes.append(self._outcome_row(command, outcome))
                recorded[command.id] = Recorded(self.desk.id, outcome.code, outcome.message, outcome.result)
            return outcome

        outcomes = self._in_turn(waiting, step)
        store.flush()
        return outcomes

    def one_by_one(self, waiting: list[PushedCommand]) -> list[Outcome]:
        """Each command in a savepoint of its own, through the ORM: exactly what the database says."""
        factory = sessionmaker(bind=self.connection, join_transaction_mode="create_savepoint", expire_on_commit=False)
        event.listen(factory, "before_flush", changes.capture)

        def run(command: PushedCommand, ctx: DeskContext, decoded: commands.Command) -> Any:
            with ReplayUnitOfWork(factory, command.numbers, command.id) as uow:
                return commands.run(uow, ctx, decoded)

        def step(command: PushedCommand) -> Outcome:
            recorded = self._recorded([command.id]).get(command.id)
            outcome, record = self._decide(command, recorded, run, self.decoded[command.id])
            if record:
                self.connection.execute(insert(schema.commands).values(self._outcome_row(command, outcome)))
            return outcome

        return self._in_turn(waiting, step)

    def _in_turn(self, waiting: list[PushedCommand], step: Callable[[PushedCommand], Outcome]) -> list[Outcome]:
        """The commands one turn takes: at least one, then as many as fit in TURN_SECONDS."""
        outcomes: list[Outcome] = []
        began = time.monotonic()
        for command in waiting:
            if outcomes and time.monotonic() - began >= TURN_SECONDS:
                break
            outcomes.append(step(command))
        return outcomes

    def _recorded(self, ids: list[uuid.UUID]) -> dict[uuid.UUID, Recorded]:
        table = schema.commands
        query = select(table.c.id, table.c.desk_id, table.c.code, table.c.message, table.c.result)
        return {
            row.id: Recorded(row.desk_id, row.code, row.message, row.result)
            for start in range(0, len(ids), 5000)
            for row in self.connection.execute(query.where(table.c.id.in_(ids[start : start + 5000])))
        }

    def _outcome_row(self, command: PushedCommand, outcome: Outcome) -> dict[str, Any]:
        return {
            "id": command.id,
            "desk_id": self.desk.id,
            "staff_id": command.staff_id,
            "name": command.name[:40],
            "at": command.at,
            "received_at": self.now,
            "status": outcome.status,
            "code": outcome.code,
            "message": outcome.message,
            "result": outcome.result,
        }

    def _decide(
        self,
        command: PushedCommand,
        done: Recorded | None,
        run: Runner,
        decoded: commands.Command | Exception,
    ) -> tuple[Outcome, bool]:
        """The command's outcome, and whether it is one to record (applied or refused by the rules)."""
        if done is not None:
            if done.desk_id != self.desk.id:
                return Outcome(str(command.id), "refused", "union.command_id_taken", "", None), False
            return Outcome(str(command.id), "duplicate", done.code, done.message, done.result), False
        if command.staff_id not in self.present:
            # Kept at the desk until that staff member signs in online there again and vouches for it.
            return Outcome(str(command.id), "needs_sign_in"), False
        status, code, message, result = "applied", "", "", None
        try:
            if command.at > self.now + CLOCK_SLACK:
                raise DeskError("union.clock_ahead", at=command.at.isoformat())
            if isinstance(decoded, Exception):
                raise decoded
            ctx = DeskContext(Actor(command.staff_id, self.desk.branch_code, self.desk.desk_code), self.profile,
                              lambda: command.at)  # fmt: skip
            with ids_of_command(command.id, command.numbers), staff_present(self.present):
                result = run(command, ctx, decoded)
        except DeskError as err:
            if err.code == "union.sign_in_needed":
                # A second person the command names (a supervisor) has not signed in at this desk yet.
                return Outcome(str(command.id), "needs_sign_in", err.code, err.message("zh")), False
            status, code, message = "refused", err.code, err.message("zh")
        except (ValueError, TypeError) as err:
            status, code, message = "refused", "union.bad_command", str(err)[:300]
        except IntegrityError as err:
            # The union's own constraints (one entry closing each deposit, one card per number): refused as
            # the rules would have, never a failed batch.
            status, code, message = "refused", "union.conflict", str(err.orig)[:300]
        return Outcome(str(command.id), status, code, message, result), True


def _decoded(command: PushedCommand) -> commands.Command | Exception:
    try:
        return commands.decode(command.name, command.inputs)
    except (ValueError, TypeError) as err:
        return err
