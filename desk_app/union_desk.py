"""What a desk that joined the union service does: run use cases as commands (recorded in the transaction that
ran them), sign staff in against the union, and push the queue.

Staff accounts come from the union: a staff member who signs in online here gets a local account with the
union's id and an offline verifier (the argon2 hash of the password they just typed), so they can sign in here
again while the union is away; no other hash ever reaches the desk.
"""

from __future__ import annotations

import logging
import os
import sys
import time
import uuid
from array import array
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Self

from sqlalchemy import delete, event, func, select, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from db.engine import new_private_file
from db.models import Base, CommandOutboxRow, ReaderRow, SequenceRow, SyncStateRow
from db.snapshot import copy_snapshot
from db.sync_codec import decode_row
from db.uow import SqlUnitOfWork
from desk_app.bootstrap import OpenDesk
from desk_app.core import commands
from desk_app.core.clock import local_date
from desk_app.core.entities import LIVE_STATUSES, Actor, Staff
from desk_app.core.errors import DeskError
from desk_app.core.ids import drawn_at_random, ids_of_command, new_id
from desk_app.core.messages import CARD_STATUS_NAMES
from desk_app.core.passwords import hash_password
from desk_app.core.presence import staff_present
from desk_app.core.services.context import DeskContext
from desk_app.core.services.recording import append_audit
from desk_app.core.services.staff_accounts import SignedIn
from desk_app.core.services.sync_conflicts import cancel_refused_card
from desk_app.core.views import ReaderSummary
from desk_app.crashpoints import crashpoint
from desk_app.secrets import secret, store_secret
from desk_app.union.changes import FED, entity_id
from desk_app.union.person_index import entry as index_entry
from desk_app.union_client import UnionClient, stored_token

log = logging.getLogger(__name__)

BATCH = 2000  # commands per request: the union takes up to BATCH_LIMIT (2000)
INDEX_EVERY = 24 * 3600  # the person index is fetched again once a day
CURSOR = "union_cursor"
# Readers served here stay here this many days after the last time (the union sends their changes meanwhile).
SERVED_DAYS = 30


class RecordingUnitOfWork(SqlUnitOfWork):
    """The desk's unit of work for one command: the numbers it draws are noted, and the command is queued in
    the same transaction as what it did (a power cut keeps both or neither)."""

    def __init__(self, factory: sessionmaker[Session], command_id: uuid.UUID, name: str, ctx: DeskContext,
                 inputs: Any) -> None:  # fmt: skip
        super().__init__(factory)
        self._command = (command_id, name, ctx, inputs)
        self._numbers: dict[str, list[int]] = {}
        self._queued: CommandOutboxRow | None = None
        self._touched: dict[tuple[str, str], None] = {}

    def __enter__(self) -> Self:
        super().__enter__()
        event.listen(self.session, "before_flush", self._note_touched)
        return self

    def _note_touched(self, session: Session, _context: Any, _instances: Any) -> None:
        """The rows of the union's tables this command wrote here, for undoing it if the union refuses it."""
        for row in [*session.new, *session.dirty, *session.deleted]:
            if isinstance(row, Base) and row.__tablename__ in FED:
                self._touched[(row.__tablename__, entity_id(row.__tablename__, row))] = None

    def next_number(self, sequence: str) -> int:
        value = super().next_number(sequence)
        self._numbers.setdefault(sequence, []).append(value)
        return value

    def sequences_drawn(self) -> dict[str, list[int]]:
        return {name: list(values) for name, values in self._numbers.items()}

    def drawn(self) -> dict[str, list[int]]:
        """The numbers this command drew from sequences, and at random, for the union to draw the same."""
        return self._numbers | drawn_at_random()

    def commit(self) -> None:
        self.session.flush()  # every row of this step noted before the queue says what the command touched
        touched = [[table, key] for table, key in self._touched]
        if self._queued is None:
            command_id, name, ctx, inputs = self._command
            self._queued = CommandOutboxRow(
                id=command_id,
                name=name,
                staff_id=ctx.actor.staff_id,
                at=ctx.now(),
                inputs=commands.to_json(inputs),
                numbers=self.drawn(),
                status="queued",
                code="",
                message="",
                touched=touched,
            )
            self.session.add(self._queued)
        else:
            self._queued.touched = touched
        super().commit()


def _wire(command_id: uuid.UUID, name: str, staff_id: uuid.UUID, at: datetime, inputs: Any,
          numbers: dict[str, list[int]]) -> dict[str, Any]:  # fmt: skip
    """A command as the union service takes it (`POST /v1/commands`)."""
    return {"id": str(command_id), "name": name, "staff_id": str(staff_id), "at": at.isoformat(),
            "inputs": inputs, "numbers": numbers}  # fmt: skip


def run_command(desk: OpenDesk, ctx: DeskContext, name: str, inputs: Any, present: Iterable[uuid.UUID] = ()) -> Any:
    """Run a use case here as the union will run it again: ids drawn from the command, numbers noted.
    `present`: a second person who confirmed at this desk (a supervisor), besides the signed-in member."""
    with command_unit(desk, ctx, name, inputs, present) as uow:
        return commands.HANDLERS[name].run(uow, ctx, inputs)


@contextmanager
def command_unit(desk: OpenDesk, ctx: DeskContext, name: str, inputs: Any,
                 present: Iterable[uuid.UUID] = ()) -> Iterator[RecordingUnitOfWork]:  # fmt: skip
    """The unit of work of one command, for a caller that runs the command's use case itself with what only
    the desk has (an import's progress bar and its cancel button): the same use case, the same inputs."""
    command_id = uuid.uuid4()
    with (
        ids_of_command(command_id),
        staff_present({ctx.actor.staff_id, *present}),
        RecordingUnitOfWork(desk.session_factory, command_id, name, ctx, inputs) as uow,
    ):
        yield uow


class HeldUnitOfWork(RecordingUnitOfWork):
    """For a step the union decides while the desk waits (a refund paid): the use case's commits only flush,
    and the transaction commits here only once the union applied the same command."""

    def commit(self) -> None:
        self.session.flush()

    def payload(self) -> dict[str, Any]:
        command_id, name, ctx, inputs = self._command
        return _wire(command_id, name, ctx.actor.staff_id, ctx.now(), commands.to_json(inputs), self.drawn())

    def finish(self) -> None:
        self.session.commit()


@dataclass(frozen=True)
class ConflictView:
    change_id: str
    entity: str
    entity_id: str
    reason: str
    detail: str
    detected_at: str


@dataclass(frozen=True)
class UnionSession:
    staff_id: uuid.UUID
    token: str
    role: str


@dataclass(frozen=True)
class PushReport:
    """The shape `carddesk sync --json` has always printed, for a desk that pushes to the union."""

    pushed: int
    duplicates: int
    deferred: int
    conflicts: int
    pulled: int
    skipped: int
    open_conflicts: int
    pending: int


@dataclass
class UnionLink:
    """This desk's link to the union service: the staff signed in online here (their sessions vouch for their
    commands), the queue, the pull, and the conflicts staff resolve. The window and `carddesk sync` share it."""

    desk: OpenDesk
    settings: dict[str, Any]
    sessions: list[UnionSession] = field(default_factory=list)
    current: UnionSession | None = None
    check_every: float = 10.0
    _checked: tuple[float, bool] | None = None

    @property
    def configured(self) -> bool:
        return bool(dict(self.settings.get("union") or {}).get("url"))

    @property
    def union_name(self) -> str:
        """The union's name as it said at `join`, else its address: the window says which union it is on."""
        union = dict(self.settings.get("union") or {})
        return str(union.get("name") or union.get("url") or "")

    def online(self) -> bool:
        if not self.configured:
            return False
        now = time.monotonic()
        if self._checked and now - self._checked[0] < self.check_every:
            return self._checked[1]
        try:
            self.client().health()
            state = True
        except DeskError:
            log.info("union service not reachable", exc_info=True)
            state = False
        self._checked = (now, state)
        return state

    def signed_in(self, session: UnionSession, current: bool = True) -> None:
        """A staff member signed in online here: from now on their session vouches for their commands. The
        current one is who looks readers up (a supervisor who only confirmed a step is not)."""
        self.sessions = [s for s in self.sessions if s.staff_id != session.staff_id] + [session]
        if current:
            self.current = session

    def _current_session(self) -> str:
        if self.current is None:
            raise DeskError("union.sign_in_needed")
        return self.current.token

    def search(self, text: str) -> list[ReaderSummary]:
        """Masked summaries from the whole union, by an identifier (recorded at the union)."""
        return [ReaderSummary(**found) for found in self.client().search_readers(text, self._current_session())]

    def serve(self, reader_id: str) -> int:
        """Fetch a reader of another branch to serve them here; their changes come with the pull from now on."""
        rows = self.client().serve_reader(reader_id, self._current_session())
        written = 0
        with self.desk.session_factory() as session, session.begin():
            for entity, items in _runs(rows):
                written += _write_pulled(session, entity, items)
        return written

    def change_staff(self, action: str, username: str, name: str = "", role: str = "", password: str = "") -> None:
        """Accounts live at the union: added, re-passworded and unlocked there by the signed-in administrator;
        nothing of it is kept here (a member gets an offline verifier by signing in online here)."""
        change = {"action": action, "username": username, "name": name, "role": role, "password": password}
        self.client().change_staff(change, self._current_session())

    def index_file(self) -> Path:
        return self.desk.path.with_name(self.desk.path.name + ".person-index")

    def refresh_index(self) -> int:
        """The union's index of who holds a live card, for the offline check; its key goes to the keyring,
        never beside the file. Returns how many people it holds."""
        key, packed = self.client().person_index(self._current_session())
        store_secret(_index_entry(self.desk.path), key.hex())
        target = self.index_file()
        partial = target.with_name(target.name + ".part")
        with partial.open("wb") as file:
            os.fchmod(file.fileno(), 0o600)
            file.write(packed)
            file.flush()
            os.fsync(file.fileno())
        partial.replace(target)
        return len(packed) // 4

    def maybe_in_union(self, person_keys: list[str]) -> bool:
        """Offline: whether any of these people may hold a live card somewhere in the union (a false positive
        now and then: 0.12% at 5 million people). False when this desk holds no index yet."""
        stored = secret(_index_entry(self.desk.path))
        target = self.index_file()
        if stored is None or not target.exists():
            return False
        data = target.read_bytes()
        entries = array("I", data)
        if sys.byteorder == "little":
            entries.byteswap()  # the file is big-endian
        key = bytes.fromhex(stored)
        for person in person_keys:
            wanted = index_entry(key, person)
            at = bisect_left(entries, wanted)
            if at < len(entries) and entries[at] == wanted:
                return True
        return False

    def details(self, reader_id: str, reason: str) -> dict[str, Any]:
        """The full details, from the union, with the reason the union records."""
        return self.client().reader_details(reader_id, reason, self._current_session())

    def client(self) -> UnionClient:
        union = dict(self.settings.get("union") or {})
        token = stored_token(self.desk.path)
        if not union.get("url") or not token:
            raise DeskError("union.not_joined")
        return UnionClient(str(union["url"]), token, union.get("ca_file") or None)

    def sign_in(self, username: str, password: str, desk_code: str) -> tuple[DeskContext, UnionSession]:
        """Against the union; the local account is brought in line with the union's (id, name, role, verifier)."""
        answer = self.client().sign_in(username, password)
        staff_id = uuid.UUID(answer["staff_id"])
        with self.desk.uow() as uow:
            found = uow.staff.get(staff_id)
            same_name = uow.staff.where(username=username.strip())
            if found is None and same_name:
                raise DeskError("union.staff_id_differs", staff=username)
            member = found or Staff(
                staff_id, username.strip(), answer["display_name"], answer["branch"], answer["role"]
            )
            member.display_name, member.role, member.branch_code = (
                answer["display_name"],
                answer["role"],
                answer["branch"],
            )
            member.password_hash, member.failed_attempts, member.locked_until = hash_password(password), 0, None
            if found is None:
                uow.staff.add(member)
            else:
                uow.staff.save(member)
            actor = Actor(staff_id, answer["branch"], desk_code)
            append_audit(uow, datetime.now(UTC), actor, "sign_in", "staff", staff_id, None, {"at": "union"})
            uow.commit()
        return self.desk.context(actor), UnionSession(staff_id, answer["session"], answer["role"])

    def pending(self) -> int:
        """Commands still to be applied by the union (a refused one is a conflict, not pending)."""
        return self._count(refused=False)

    def _count(self, refused: bool) -> int:
        is_refused = CommandOutboxRow.status == "refused"
        with self.desk.session_factory() as session:
            return int(
                session.scalar(select(func.count()).select_from(CommandOutboxRow).where(
                    is_refused if refused else ~is_refused)) or 0
            )  # fmt: skip

    def push(self, sessions: list[UnionSession]) -> PushReport:
        """The queue in order, in batches; what the union applied (or had applied) leaves the queue, what it
        refused stays as a conflict, what waits for a staff member's sign-in stays queued. One batch is on
        its way at a time (the union applies them in order); this desk reads the next one and settles the last
        one while the union works."""
        tokens = {str(s.staff_id): s.token for s in sessions}
        counts = {"applied": 0, "duplicate": 0, "needs_sign_in": 0, "refused": 0}
        with SqlUnitOfWork(self.desk.session_factory) as head:  # pushing writes no audit record: read it once
            audit_head = head.audit_head()
        left, after = self.pending(), 0
        with self.client() as client, ThreadPoolExecutor(1, thread_name_prefix="carddesk-push") as sending:
            on_the_way: Future[list[dict[str, Any]]] | None = None
            while True:
                rows = self._queued_after(after)
                if not rows and after == 0 and audit_head[0]:
                    client.push([], tokens, 0, audit_head)  # nothing queued: the chain's head is shown all the same
                answered = on_the_way.result() if on_the_way is not None else None
                on_the_way = None
                if rows:
                    after, left = rows[-1].seq, left - len(rows)
                    batch = [_wire(r.id, r.name, r.staff_id, r.at, r.inputs, r.numbers) for r in rows]
                    on_the_way = sending.submit(client.push, batch, tokens, max(0, left), audit_head or None)
                if answered is not None:
                    self._settle(answered, counts)
                if on_the_way is None:
                    break
        refused = self._count(refused=True)
        return PushReport(counts["applied"], counts["duplicate"], counts["needs_sign_in"], counts["refused"], 0, 0,
                          refused, self.pending())  # fmt: skip

    def _queued_after(self, after: int) -> list[CommandOutboxRow]:
        with self.desk.session_factory() as session:
            return list(
                session.scalars(
                    select(CommandOutboxRow)
                    .where(CommandOutboxRow.seq > after, CommandOutboxRow.status != "refused")
                    .order_by(CommandOutboxRow.seq)
                    .limit(BATCH)
                )
            )

    def sync(self, sessions: list[UnionSession] | None = None) -> PushReport:
        try:
            pushed = self.push(self.sessions if sessions is None else sessions)
            pulled, skipped = self.pull()
            self._refresh_index_if_old()
        except DeskError:
            self._checked = (time.monotonic(), False)
            raise
        self._checked = (time.monotonic(), True)
        return PushReport(pushed.pushed, pushed.duplicates, pushed.deferred, pushed.conflicts, pulled, skipped,
                          pushed.open_conflicts, pushed.pending)  # fmt: skip

    def conflicts(self) -> list[ConflictView]:
        return conflicts(self.desk)

    def run_confirmed(
        self,
        ctx: DeskContext,
        name: str,
        inputs: Any,
        command_id: uuid.UUID,
        present: Iterable[uuid.UUID] = (),
        union_wins: bool = False,
    ) -> Any:
        """Run a use case that only the union may decide (money paid out): everything queued goes first, then
        this command alone, and this desk keeps what it did only if the union applied it. The same id for the
        same step (`command_id`): an answer lost on the way is asked again and recognised as the same.

        `union_wins`: a step whose outcome depends on what only the union knows (an approval that finds a
        person already holds a card at another branch): when the union's result differs from this desk's,
        this desk's rows are dropped and the union's are pulled, and the union's result is returned."""
        self.push(self.sessions)
        if self.pending():
            raise DeskError("union.queue_waiting", count=self.pending())
        tokens = {str(s.staff_id): s.token for s in self.sessions}
        with (
            ids_of_command(command_id),
            staff_present({ctx.actor.staff_id, *present}),
            HeldUnitOfWork(self.desk.session_factory, command_id, name, ctx, inputs) as uow,
        ):
            result = commands.HANDLERS[name].run(uow, ctx, inputs)
            (outcome,) = self.client().push([uow.payload()], tokens)
            drawn = uow.sequences_drawn()
            if outcome["status"] == "applied" and not (union_wins and commands.to_json(result) != outcome["result"]):
                crashpoint("union.applied")  # the union has it, this desk not yet: running it again finishes it
                uow.finish()
                return result
        status, code = str(outcome["status"]), str(outcome.get("code") or "")
        if status == "needs_sign_in":
            raise DeskError("union.sign_in_needed")
        if status == "applied" or (status == "duplicate" and not code):
            # Applied before (the answer to an earlier try was lost), or applied otherwise than here: the
            # union's rows come back by pull, and the numbers drawn for it are not drawn again here. (This try
            # drew from where the lost one did, or past it: the union's numbers are behind these.)
            _advance_sequences(self.desk, drawn)
            self.pull()
            return outcome.get("result") if union_wins else None
        raise DeskError("union.command_refused", reason=str(outcome.get("message") or code))

    def resolve(self, ctx: DeskContext, change_id: str, resolution: str) -> str:
        """cancel-local: the card this desk issued, which the union refused (the person keeps the union's one),
        is cancelled here; dismiss: the union's record stands, and what the command did here is undone (the rows
        it wrote taken as the union has them, those the union never had removed). Either way the union records
        who resolved it, and the refused command leaves the queue (nothing of it is pushed)."""
        if resolution not in ("cancel-local", "dismiss"):
            raise DeskError("sync.unknown_resolution", resolution=resolution)
        command_id = uuid.UUID(change_id)
        with self.desk.session_factory() as session:
            row = session.scalars(select(CommandOutboxRow).where(CommandOutboxRow.id == command_id)).first()
            if row is None or row.status != "refused":
                raise DeskError("sync.no_conflict", change_id=change_id)
            name, code, touched = row.name, row.code, list(row.touched or [])
        mine = [s for s in self.sessions if s.staff_id == ctx.actor.staff_id]
        if not mine:
            raise DeskError("union.sign_in_needed")
        card_id = local_card_of(self.desk, command_id) if resolution == "cancel-local" else None
        if resolution == "cancel-local" and (name != "issue_card" or card_id is None):
            raise DeskError("sync.not_a_card", entity=name)
        union_rows = self._as_the_union_has(touched) if resolution == "dismiss" else []
        self.client().resolve(change_id, resolution, mine[0].token)
        with self.desk.uow() as uow:  # one unit: the card cancelled, the record of it, the queue emptied
            append_audit(uow, ctx.now(), ctx.actor, "resolve_conflict", "command", command_id, None,
                         {"resolution": resolution, "code": code})  # fmt: skip
            uow.session.execute(delete(CommandOutboxRow).where(CommandOutboxRow.id == command_id))
            if card_id is not None:
                return cancel_refused_card(uow, ctx, card_id, code)
            _write_rows(uow.session, union_rows)  # what the refused command did here is undone
            uow.commit()
        return ""

    def _as_the_union_has(self, touched: list[list[str]]) -> list[dict[str, Any]]:
        """The rows a refused command wrote here, as the union has them (None: the union never had it). A step
        that moved money here is not undone: erasing the entry would erase the record of cash that changed hands."""
        if not touched:
            return []
        found = self.client().rows(touched)
        if any(item["entity"] == "ledger_entries" and item["row"] is None for item in found):
            raise DeskError("sync.money_moved")
        return found

    def _refresh_index_if_old(self) -> None:
        target = self.index_file()
        if self.current is None:
            return
        if target.exists() and time.time() - target.stat().st_mtime < INDEX_EVERY:
            return
        try:
            self.refresh_index()
        except DeskError:
            log.info("the person index was not refreshed", exc_info=True)

    def pull(self) -> tuple[int, int]:
        """The union's rows for this desk, page by page; the cursor moves in the transaction that writes them,
        so a pull cut anywhere is simply done again. While commands of ours wait to be applied, nothing is
        pulled: our rows are newer than the union's until it has run them."""
        if self.pending():
            return 0, 0
        days = int(dict(self.settings.get("union") or {}).get("served_days", SERVED_DAYS))  # 0: its branch only
        pulled = skipped = 0
        with self.desk.session_factory() as session:
            state = session.get(SyncStateRow, CURSOR)
            cursor = int(state.value) if state else 0
            fresh = state is None and session.scalar(select(func.count()).select_from(ReaderRow)) == 0
        if fresh and self.desk.key is not None:
            taken = self._take_snapshot()
            if taken is not None:
                cursor, pulled = taken
        # The next page is on its way while this desk writes the one before it.
        with self.client() as client, ThreadPoolExecutor(1, thread_name_prefix="carddesk-pull") as fetching:
            coming = fetching.submit(client.changes, cursor, days)
            while True:
                page = coming.result()
                if page["more"]:
                    coming = fetching.submit(client.changes, int(page["cursor"]), days)
                with self.desk.session_factory() as session, session.begin():
                    written, left_out = _write_rows(session, page["rows"])
                    pulled, skipped = pulled + written, skipped + left_out
                    session.merge(SyncStateRow(key=CURSOR, value=str(page["cursor"])))
                if not page["more"]:
                    break
            self._let_go_of_served(client, days)
        return pulled, skipped

    def _let_go_of_served(self, client: UnionClient, days: int) -> int:
        """Readers of another branch this desk no longer serves (their days here are over) leave the desk with
        their rows: a desk holds its own branch and whom it served lately, never more."""
        branch = str(self.settings.get("branch") or "")
        if not branch:
            return 0
        served = client.served(days)
        if served is None:
            return 0
        keep = {uuid.UUID(r) for r in served}
        readers = Base.metadata.tables["readers"]
        with self.desk.session_factory() as session, session.begin():
            held = session.execute(select(readers.c.id).where(readers.c.home_branch_code != branch)).scalars()
            gone = [r for r in held if r not in keep]
            for start in range(0, len(gone), 500):
                _forget_readers(session, gone[start : start + 500])
        if gone:
            log.info("%d readers of other branches left this desk: not served here for %d days", len(gone), days)
        return len(gone)

    def _take_snapshot(self) -> tuple[int, int] | None:
        """A new desk's first pull as the union's file of its branch: (the cursor after it, rows copied). The
        file is encrypted with its own key, and deleted once copied (or not)."""
        target = self.desk.path.with_name(self.desk.path.name + ".snapshot")
        target.unlink(missing_ok=True)
        new_private_file(target)
        try:
            got = self.client().snapshot(target)
            if got is None:
                return None
            cursor, key = got
            return cursor, copy_snapshot(self.desk.engine, target, key, CURSOR, cursor)
        finally:
            target.unlink(missing_ok=True)

    def _settle(self, outcomes: list[dict[str, Any]], counts: dict[str, int]) -> None:
        done: list[uuid.UUID] = []
        with self.desk.session_factory() as session, session.begin():
            for outcome in outcomes:
                status = str(outcome["status"])
                if status == "duplicate" and outcome.get("code"):
                    # Refused the first time, and that answer was lost: it is the same conflict now.
                    status = "refused"
                counts[status] = counts.get(status, 0) + 1
                command_id = uuid.UUID(outcome["id"])
                if status in ("applied", "duplicate"):
                    done.append(command_id)
                else:
                    session.execute(
                        update(CommandOutboxRow)
                        .where(CommandOutboxRow.id == command_id)
                        .values(status=status, code=str(outcome.get("code", ""))[:80],
                                message=str(outcome.get("message", ""))[:400])
                    )  # fmt: skip
            for start in range(0, len(done), 500):
                session.execute(delete(CommandOutboxRow).where(CommandOutboxRow.id.in_(done[start : start + 500])))


def _forget_readers(session: Session, ids: list[uuid.UUID]) -> None:
    """The readers' rows, those that refer to others first; this desk's own print records keep no reader."""
    t = Base.metadata.tables
    cards = select(t["cards"].c.id).where(t["cards"].c.reader_id.in_(ids))
    refunds = [
        str(r)
        for r in session.scalars(select(t["refund_requests"].c.id).where(t["refund_requests"].c.reader_id.in_(ids)))
    ]
    owners = [str(r) for r in ids]
    attachments = t["attachments"]
    session.execute(
        delete(attachments).where(
            ((attachments.c.owner == "reader") & attachments.c.owner_id.in_(owners))
            | ((attachments.c.owner == "refund") & attachments.c.owner_id.in_(refunds))
        )
    )
    session.execute(delete(t["card_events"]).where(t["card_events"].c.card_id.in_(cards)))
    for name in ("refund_requests", "ledger_entries", "loans", "cards", "identity_documents"):
        session.execute(delete(t[name]).where(t[name].c.reader_id.in_(ids)))
    session.execute(delete(t["guardians"]).where(t["guardians"].c.minor_reader_id.in_(ids)))
    _delete_readers(session, ids)


def _delete_readers(session: Session, ids: list[uuid.UUID]) -> None:
    """The reader rows themselves: this desk's own print records outlive them, naming nobody."""
    prints, readers = Base.metadata.tables["printed_documents"], Base.metadata.tables["readers"]
    session.execute(update(prints).where(prints.c.reader_id.in_(ids)).values(reader_id=None))
    session.execute(delete(readers).where(readers.c.id.in_(ids)))


def _write_rows(session: Session, rows: list[dict[str, Any]]) -> tuple[int, int]:
    """The union's rows ({"entity", "id", "row"}): as they are now first (references first), then the rows gone,
    last first (a merged reader goes only after what they held moved to the record kept). (written, left out)"""
    present = [item for item in rows if item["row"] is not None]
    gone = [item for item in rows if item["row"] is None][::-1]
    written = left_out = 0
    for entity, run in [*_runs(present), *_runs(gone)]:
        done = _write_pulled(session, entity, run)
        written, left_out = written + done, left_out + len(run) - done
    return written, left_out


def _runs(rows: list[dict[str, Any]]) -> list[tuple[str, list[dict[str, Any]]]]:
    runs: list[tuple[str, list[dict[str, Any]]]] = []
    for item in rows:
        if runs and runs[-1][0] == item["entity"]:
            runs[-1][1].append(item)
        else:
            runs.append((item["entity"], [item]))
    return runs


def _write_pulled(session: Session, entity: str, items: list[dict[str, Any]]) -> int:
    """A run of one table's rows in one statement; a run that clashes goes row by row, and a row that still
    clashes (it refers to a row this desk does not hold) is left out and logged."""
    try:
        with session.begin_nested():
            _upsert(session, entity, items)
        return len(items)
    except IntegrityError:
        pass
    written = 0
    for item in items:
        try:
            with session.begin_nested():
                _upsert(session, entity, [item])
            written += 1
        except IntegrityError:
            log.warning("pulled %s %s left out: it refers to a row this desk does not hold", entity, item["id"])
    return written


def _upsert(session: Session, entity: str, items: list[dict[str, Any]]) -> None:
    table = Base.metadata.tables[entity]
    gone = [uuid.UUID(i["id"]) for i in items if i["row"] is None]
    if gone and entity == "readers":
        _delete_readers(session, gone)
    elif gone:
        session.execute(delete(table).where(table.c.id.in_(gone)))
    rows = [decode_row(table, i["row"]) for i in items if i["row"] is not None]
    if not rows:
        return
    if entity == "staff":
        # A name this desk gave an account of its own offline (two desks' automatic CLI accounts): the union's
        # member is kept beside it under a name that says whose it is, so the rows naming them still arrive.
        named = select(table.c.username, table.c.id).where(table.c.username.in_([r["username"] for r in rows]))
        taken = {found.username: found.id for found in session.execute(named)}
        for row in rows:
            if taken.get(row["username"], row["id"]) != row["id"]:
                row["username"] = f"{row['username']}@union-{str(row['id'])[:8]}"
    # Never overwritten from the union: a staff member's offline verifier and lock-out, a reader's local hash.
    kept = {"staff": {"password_hash", "failed_attempts", "locked_until", "username"}, "readers": {"password_hash"}}
    keep = kept.get(entity, set())
    statement = sqlite_insert(table)
    columns = [c.name for c in table.columns if c.name != "id" and c.name not in keep]
    session.execute(
        statement.on_conflict_do_update(index_elements=["id"], set_={c: statement.excluded[c] for c in columns}),
        rows,
    )


def _index_entry(database: Path) -> str:
    return f"union-person-index-key@{database.resolve()}"


def issue_in_union(link: UnionLink, ctx: DeskContext, cmd: Any) -> Any:
    """A new card at a desk in a union: online, the union is asked whether the person holds a card anywhere
    (by their document numbers, a recorded look); offline, the desk's index of keyed hashes says whether they
    may, and a possible match waits until the desk is online. Then the issue runs as a command."""
    today = local_date(ctx.now(), ctx.profile.timezone)
    checked = [d.check(today) for d in cmd.documents]
    if link.current is not None and link.online():
        for document in checked:
            for found in link.search(document.number):
                if found.card_number and found.card_status in {s.value for s in LIVE_STATUSES}:
                    raise DeskError("card.already_has_card", branch_name=found.home_branch_name,
                                    card_number=found.card_number,
                                    status=CARD_STATUS_NAMES[found.card_status])  # fmt: skip
    elif link.maybe_in_union([d.person_key for d in checked]):
        raise DeskError("card.maybe_in_union")
    return run_command(link.desk, ctx, "issue_card", cmd)


def _advance_sequences(desk: OpenDesk, drawn: dict[str, list[int]]) -> None:
    """Numbers the union holds for a step whose rows this desk did not keep are never drawn again here."""
    wanted = {name: max(values) + 1 for name, values in drawn.items() if values}
    if not wanted:
        return
    with desk.session_factory() as session, session.begin():
        for name, next_value in wanted.items():
            row = session.get(SequenceRow, name)
            if row is None:
                session.add(SequenceRow(name=name, next_value=next_value))
            elif row.next_value < next_value:
                row.next_value = next_value


def conflicts(desk: OpenDesk) -> list[ConflictView]:
    """Commands the union refused: what this desk did that the union kept otherwise (a second card, …)."""
    with desk.session_factory() as session:
        rows = session.scalars(
            select(CommandOutboxRow).where(CommandOutboxRow.status == "refused").order_by(CommandOutboxRow.seq)
        ).all()
        return [ConflictView(str(r.id), r.name, str(r.id), r.code, r.message, r.at.isoformat()) for r in rows]


def local_card_of(desk: OpenDesk, command_id: uuid.UUID) -> uuid.UUID | None:
    """The card a refused issue made here: its id is one the command drew (the ids are derived from it)."""
    with ids_of_command(command_id):
        candidates = [new_id() for _ in range(32)]
    with desk.uow() as uow:
        for candidate in candidates:
            if uow.cards.get(candidate) is not None:
                return candidate
    return None


def union_sign_in(link: UnionLink, username: str, password: str, desk_code: str, current: bool = True) -> SignedIn:
    """The window's sign-in on a desk that joined: against the union, whose session then vouches for this
    member's commands at this desk. `current` False: a supervisor authorising one step, the clerk stays."""
    ctx, session = link.sign_in(username, password, desk_code)
    link.signed_in(session, current=current)
    with link.desk.uow() as uow:
        member = uow.staff.get(session.staff_id)
        name = member.display_name if member is not None else username
    return SignedIn(ctx.actor, name, session.role)


class ServedDirectory:
    """Reader search at a desk that joined a union: the readers it holds first; with an identifier the clerk
    has in hand and the union online, the union's too. A card or document number found at the union brings
    that reader here to be served (recorded there); a phone number only shows masked summaries."""

    def __init__(self, link: UnionLink, local: Any) -> None:
        self.link = link
        self.local = local

    def search(self, text: str, limit: int = 50) -> list[ReaderSummary]:
        found: list[ReaderSummary] = self.local.search(text, limit)
        term = text.strip()
        if not any(ch.isdigit() for ch in term) or self.link.current is None or not self.link.online():
            return found
        try:
            remote = self.link.search(term)
        except DeskError:
            log.info("union search failed; the desk's own answer", exc_info=True)
            return found
        held = {r.reader_id for r in found}
        exact = [r for r in remote if r.reader_id not in held and r.card_number == term.upper()]
        if not exact and len(term) >= 15:  # a whole document number
            exact = [r for r in remote if r.reader_id not in held]
        for summary in exact[:1]:
            self.link.serve(summary.reader_id)
            found = self.local.search(text, limit)
            held = {r.reader_id for r in found}
        return found + [r for r in remote if r.reader_id not in held][: max(0, limit - len(found))]
