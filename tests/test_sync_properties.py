"""Random operations and network partitions at two desks against one central PostgreSQL (hypothesis,
stateful): whatever happens, once every desk is back and has synced, every desk and the central database
agree, nothing is lost, nothing is applied twice, and no person holds two live cards."""

from __future__ import annotations

import itertools
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from db.central.apply import Change, apply_change
from db.models import OutboxRow
from desk_app.core.errors import DeskError
from desk_app.core.services.issue import issue_card
from desk_app.core.services.lifecycle import report_loss
from tests.central_fixtures import union
from tests.test_issue_card import adult_cmd

DESKS = ("a", "b")
_runs = itertools.count()


def test_random_operations_and_partitions_converge(postgres: Any) -> None:
    class Partitions(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            root = Path(tempfile.mkdtemp(prefix=f"carddesk-prop-{next(_runs)}-"))
            self._union = union(postgres, root)
            self.u = self._union.__enter__()
            self.d = {"a": self.u.desk("a", "FSLIB"), "b": self.u.desk("b", "SSLIB")}
            self.people = [self.d["a"].desk.person(age) for age in (25, 35, 45, 55)]
            self.issued: list[str] = []

        @rule(desk=st.sampled_from(DESKS), who=st.integers(0, 3))
        def issue(self, desk: str, who: int) -> None:
            d = self.d[desk]
            try:
                card = d.run(issue_card, adult_cmd(self.people[who], provisional=not d.online))
            except DeskError:
                return  # this desk already knows the person has a card: refused at the counter
            self.issued.append(card.card_id.replace("-", ""))

        @rule(desk=st.sampled_from(DESKS), pick=st.integers(0, 20))
        def report_loss(self, desk: str, pick: int) -> None:
            d = self.d[desk]
            active = sorted(k for k, v in d.cards().items() if v == "active")
            if not active:
                return
            with d.local.connect() as connection:
                number = connection.execute(
                    text("SELECT number FROM cards WHERE id = :i"), {"i": active[pick % len(active)]}
                ).scalar_one()
            d.run(report_loss, number)

        @rule(desk=st.sampled_from(DESKS))
        def partition_or_heal(self, desk: str) -> None:
            d = self.d[desk]
            if d.online:
                d.go_offline(postgres)
            else:
                d.come_back()
            d.online = not d.online

        @rule(desk=st.sampled_from(DESKS))
        def sync(self, desk: str) -> None:
            d = self.d[desk]
            if d.online:
                d.sync.sync()
            else:
                try:
                    d.sync.sync()
                except DBAPIError:
                    pass
                else:
                    raise AssertionError("a partitioned desk reached the central database")

        @rule(desk=st.sampled_from(DESKS))
        def push_twice_out_of_band(self, desk: str) -> None:
            """A retry that overlaps the real push: the same changes arrive twice, the later ones first."""
            d = self.d[desk]
            if not d.online:
                return
            with d.factory() as session:
                rows = session.query(OutboxRow).order_by(OutboxRow.seq.desc()).limit(6).all()
                changes = [Change(r.change_id, r.entity, r.entity_id, r.op, r.payload) for r in rows]
            with d.central.begin() as connection:
                for change in changes + changes:
                    apply_change(connection, d.role, change)

        @rule(desk=st.sampled_from(DESKS))
        def resolve(self, desk: str) -> None:
            d = self.d[desk]
            if not d.online:
                return
            for conflict in d.sync_conflicts():
                how = "cancel-local" if conflict.entity == "cards" else "dismiss"
                d.link().resolve(d.desk.ctx(d.branch), conflict.change_id, how)

        @invariant()
        def the_central_rule_holds(self) -> None:
            with self.u.admin.connect() as connection:
                doubles = connection.execute(
                    text(
                        "SELECT d.person_key FROM cards c JOIN identity_documents d ON d.reader_id = c.reader_id"
                        " WHERE c.status IN ('active', 'lost', 'provisional', 'pending_consent')"
                        " GROUP BY d.person_key HAVING count(DISTINCT c.id) > 1"
                    )
                ).all()
            assert doubles == [], "a person holds two live cards centrally"

        def teardown(self) -> None:
            try:
                for d in self.d.values():
                    if not d.online:
                        d.come_back()
                        d.online = True
                for _round in range(3):
                    for d in self.d.values():
                        d.sync.sync()
                        for conflict in d.sync_conflicts():
                            how = "cancel-local" if conflict.entity == "cards" else "dismiss"
                            d.link().resolve(d.desk.ctx(d.branch), conflict.change_id, how)
                for d in self.d.values():
                    d.sync.sync()
                central = _cards(self.u)
                for d in self.d.values():
                    assert d.sync.pending() == 0
                    assert {k.replace("-", ""): v for k, v in d.cards().items()} == central
                assert set(self.issued) <= set(central), "a card issued at a desk never reached the union"
                with self.u.admin.connect() as connection:
                    seqs = connection.execute(text("SELECT seq FROM change_log ORDER BY seq")).scalars().all()
                assert seqs == list(range(1, len(seqs) + 1))
            finally:
                self._union.__exit__(None, None, None)

    run_state_machine_as_test(
        Partitions,
        settings=settings(
            max_examples=20,
            stateful_step_count=20,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            database=None,
        ),
    )


def _cards(u: Any) -> dict[str, str]:
    with u.admin.connect() as connection:
        return {str(k).replace("-", ""): v for k, v in connection.execute(text("SELECT id, status FROM cards"))}
