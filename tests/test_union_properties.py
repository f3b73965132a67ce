"""Random issues, losses, restorations, partitions, repeated pushes and resolutions at three desks of two
branches through the union service (hypothesis, stateful): whatever happens, once every desk is back and has
synced and resolved its conflicts, every desk holds its branch's cards as the union has them, nothing issued
is lost, nothing is applied twice, and no person holds two live cards in the union."""

from __future__ import annotations

import itertools
import os
import uuid
from collections.abc import Iterator
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test
from sqlalchemy import bindparam, create_engine, select, text

from db.models import CommandOutboxRow
from desk_app.bootstrap import open_desk
from desk_app.core.commands import CardAndDocument, CardRef
from desk_app.core.errors import DeskError
from desk_app.core.services.inputs import DocumentInput
from desk_app.core.services.issue import IssueCardCommand
from desk_app.demo.people import PeopleFactory
from desk_app.union import store
from desk_app.union_client import UnionClient, store_token
from desk_app.union_desk import UnionLink, _wire, local_card_of, run_command
from tests.test_union_faults import Service, started_service
from tests.test_union_service import ADMIN_PASSWORD

DESKS = ("a", "b", "c")
BRANCHES = {"a": "FSLIB", "b": "FSLIB", "c": "SDLIB"}
STAFF = {"FSLIB": "fs-admin", "SDLIB": "sd-admin"}
LIVE = ("active", "lost", "provisional", "pending_consent")
NOWHERE = "https://127.0.0.1:9"  # a partitioned desk's union: nothing listens there
_runs = itertools.count(1)
EXAMPLES = int(os.environ.get("CARDDESK_UNION_EXAMPLES", "20"))
# One source of people for every example: examples never share a person by chance.
PEOPLE = PeopleFactory("foshan", seed=313)


@pytest.fixture(scope="module")
def service(postgres: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Service]:
    with started_service(postgres, tmp_path_factory.mktemp("union-properties"), "union_properties", STAFF) as running:
        yield running


class JoinedDesk:
    """A desk joined to the union in this process, with its branch's administrator signed in online."""

    def __init__(self, service: Service, root: Path, union: Any, code: str, branch: str) -> None:
        self.branch, self.code = branch, code
        path = root / code / "desk.sqlite"
        made = store.enrol_desk(union, branch, code)
        joined = UnionClient(service.url, ca_file=str(service.ca.ca_file)).enrol(made["code"])
        store_token(path, joined["token"])
        self.desk = open_desk(path, "foshan")
        self.union_settings = {"url": service.url, "ca_file": str(service.ca.ca_file), "database": str(path)}
        self.link = UnionLink(self.desk, {"union": dict(self.union_settings), "branch": branch, "desk": code},
                              check_every=0)  # fmt: skip
        self.ctx, session = self.link.sign_in(STAFF[branch], ADMIN_PASSWORD, code)
        self.link.signed_in(session)
        self.online = True

    def partition(self, online: bool) -> None:
        self.link.settings["union"]["url"] = self.union_settings["url"] if online else NOWHERE
        self.online = online

    def cards(self) -> dict[str, tuple[str, str]]:
        """Every card here: id → (status, home branch)."""
        with self.desk.uow() as uow:
            return {str(c.id): (c.status.value, c.home_branch_code) for c in uow.cards.where()}

    def resolve_all(self) -> None:
        for conflict in self.link.conflicts():
            how = "cancel-local" if conflict.entity == "issue_card" else "dismiss"
            try:
                self.link.resolve(self.ctx, conflict.change_id, how)
            except DeskError as err:
                assert err.code == "sync.not_a_card", err.code  # a refused issue whose card is gone already
                self.link.resolve(self.ctx, conflict.change_id, "dismiss")


def test_random_operations_and_partitions_converge_through_the_service(
    service: Service, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, test_keyring: None
) -> None:
    monkeypatch.setenv("CARDDESK_TEST_KEYRING", str(tmp_path / "keyring.cfg"))
    union = create_engine(service.db.replace("postgresql://", "postgresql+psycopg://"))
    today = datetime.now(UTC).date()

    class Partitions(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            run = next(_runs)
            self.stack = ExitStack()
            self.d = {name: JoinedDesk(service, tmp_path / f"run{run}", union, f"P{run:03d}{name.upper()}",
                                       BRANCHES[name]) for name in DESKS}  # fmt: skip
            for joined in self.d.values():
                self.stack.callback(joined.desk.close)
            self.people = [PEOPLE.person(age, today) for age in (24, 37, 46, 58)]
            self.issued: set[str] = set()
            self.cancelled_here: set[str] = set()

        def _document(self, who: int) -> DocumentInput:
            return DocumentInput("resident_id", self.people[who].citizen_number)

        @rule(desk=st.sampled_from(DESKS), who=st.integers(0, 3))
        def issue(self, desk: str, who: int) -> None:
            d, person = self.d[desk], self.people[who]
            cmd = IssueCardCommand(name=person.name, phone=person.phone, documents=(self._document(who),))
            try:
                issued = run_command(d.desk, d.ctx, "issue_card", cmd)
            except DeskError:
                return  # this desk already knows the person has a card: refused at the counter
            self.issued.add(str(issued.card_id))

        @rule(first=st.sampled_from(DESKS), second=st.sampled_from(DESKS), who=st.integers(0, 3))
        def issue_at_two_desks(self, first: str, second: str, who: int) -> None:
            """One person registered at two desks before either synced (offline, or in the same minute)."""
            self.issue(first, who)
            self.issue(second, who)

        def _card(self, desk: str, pick: int, status: str) -> tuple[str, int] | None:
            d = self.d[desk]
            with d.desk.uow() as uow:
                found = sorted((c.number, c.reader_id) for c in uow.cards.where() if c.status.value == status)
                if not found:
                    return None
                number, reader_id = found[pick % len(found)]
                documents = uow.documents.where(reader_id=reader_id)
            keys = [p.citizen_number for p in self.people]
            owner = next((keys.index(doc.number) for doc in documents if doc.number in keys), None)
            return (number, owner) if owner is not None else None

        @rule(desk=st.sampled_from(DESKS), pick=st.integers(0, 20))
        def report_loss(self, desk: str, pick: int) -> None:
            found = self._card(desk, pick, "active")
            if found is not None:
                run_command(self.d[desk].desk, self.d[desk].ctx, "report_loss", CardRef(found[0]))

        @rule(desk=st.sampled_from(DESKS), pick=st.integers(0, 20))
        def restore(self, desk: str, pick: int) -> None:
            found = self._card(desk, pick, "lost")
            if found is not None:
                d = self.d[desk]
                run_command(d.desk, d.ctx, "restore_card", CardAndDocument(found[0], self._document(found[1])))

        @rule(desk=st.sampled_from(DESKS))
        def partition_or_heal(self, desk: str) -> None:
            d = self.d[desk]
            d.partition(not d.online)

        @rule(desk=st.sampled_from(DESKS))
        def sync(self, desk: str) -> None:
            d = self.d[desk]
            try:
                d.link.sync()
            except DeskError as err:
                assert not d.online and err.code == "union.unreachable", err.code
            else:
                assert d.online, "a partitioned desk reached the union"

        @rule(desk=st.sampled_from(DESKS))
        def push_whose_answer_is_lost(self, desk: str) -> None:
            """The union applies a push whose answer never reaches the desk: the next sync pushes the same
            commands again, and the union answers `duplicate` for each."""
            d = self.d[desk]
            if not d.online:
                return
            with d.desk.session_factory() as session:
                rows = session.scalars(
                    select(CommandOutboxRow).where(CommandOutboxRow.status != "refused").order_by(CommandOutboxRow.seq)
                ).all()
                batch = [_wire(r.id, r.name, r.staff_id, r.at, r.inputs, r.numbers) for r in rows]
            if batch:
                d.link.client().push(batch, {str(s.staff_id): s.token for s in d.link.sessions})

        @rule(desk=st.sampled_from(DESKS))
        def resolve(self, desk: str) -> None:
            d = self.d[desk]
            if d.online:
                self.cancelled_here |= _cancelled_locally(d)
                d.resolve_all()

        @invariant()
        def one_live_card_per_person_in_the_union(self) -> None:
            keys = [p.citizen_number for p in self.people]
            with union.connect() as connection:
                doubles = connection.execute(
                    text(
                        "SELECT d.number FROM cards c JOIN identity_documents d ON d.reader_id = c.reader_id"
                        " WHERE c.status IN :live AND d.number IN :keys"
                        " GROUP BY d.number HAVING count(DISTINCT c.id) > 1"
                    ).bindparams(bindparam("live", expanding=True), bindparam("keys", expanding=True)),
                    {"live": list(LIVE), "keys": keys},
                ).all()
            assert doubles == [], "a person holds two live cards in the union"

        def teardown(self) -> None:
            with self.stack:
                for d in self.d.values():
                    d.partition(True)
                for _round in range(3):
                    for d in self.d.values():
                        d.link.sync()
                        self.cancelled_here |= _cancelled_locally(d)
                        d.resolve_all()
                for d in self.d.values():
                    d.link.sync()
                at_union = _union_cards(union)
                for d in self.d.values():
                    assert d.link.pending() == 0 and d.link.conflicts() == []
                    here = d.cards()
                    theirs = {k: v for k, v in at_union.items() if v[1] == d.branch}
                    assert {k: here.get(k) for k in theirs} == theirs, "a desk disagrees with the union"
                    for card_id, (status, _branch) in here.items():
                        if card_id not in at_union:
                            # Only a card the union refused, cancelled here when staff resolved it.
                            assert card_id in self.cancelled_here and status == "cancelled", card_id
                lost = self.issued - set(at_union) - self.cancelled_here
                assert not lost, "a card issued at a desk never reached the union"

    try:
        run_state_machine_as_test(
            Partitions,
            settings=settings(max_examples=EXAMPLES, stateful_step_count=18, deadline=None,
                              suppress_health_check=list(HealthCheck), database=None),
        )  # fmt: skip
    finally:
        union.dispose()


def _cancelled_locally(d: JoinedDesk) -> set[str]:
    """The cards of refused issues here, which resolving cancels at this desk (the union never had them)."""
    found = set()
    for conflict in d.link.conflicts():
        if conflict.entity == "issue_card":
            card = local_card_of(d.desk, uuid.UUID(conflict.change_id))
            if card is not None:
                found.add(str(card))
    return found


def _union_cards(union: Any) -> dict[str, tuple[str, str]]:
    """The union's cards (earlier examples' too, which their branch's desks pull): id → (status, branch)."""
    with union.connect() as connection:
        rows = connection.execute(text("SELECT id::text, status, home_branch_code FROM cards")).all()
    return {r[0]: (r[1], r[2]) for r in rows}
