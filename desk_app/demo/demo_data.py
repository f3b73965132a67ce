"""Demo data for a new desk, made through the real use cases so that it obeys every rule.

Branches and staff, synthetic readers of every age the profile serves (guardians where needed), a few
non-ID-card readers with physical cards, loans (some overdue, so fines), lost and cancelled cards, and
legacy deposits where the profile had them.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from desk_app.core.clock import Clock, local_date, utc_now
from desk_app.core.eligibility import eligible_card_types
from desk_app.core.entities import Actor, LedgerKind, Loan, Staff
from desk_app.core.errors import DeskError
from desk_app.core.guardian_rules import guardian_requirement
from desk_app.core.ids import new_id
from desk_app.core.passwords import hash_password
from desk_app.core.policy import Profile
from desk_app.core.services.context import DeskContext
from desk_app.core.services.fees import take_money
from desk_app.core.services.inputs import DocumentInput, GuardianInput
from desk_app.core.services.issue import IssueCardCommand, IssuedCard, issue_card
from desk_app.core.services.lifecycle import cancel_card, report_loss
from desk_app.core.services.setup import add_staff, ensure_profile_branches
from desk_app.core.uow import UnitOfWork
from desk_app.demo.people import PeopleFactory, SyntheticPerson
from forms.identity_documents import DocumentType

OpenUow = Callable[[], AbstractContextManager[UnitOfWork]]
# Demo databases only: every demo staff account signs in with this password.
DEMO_PASSWORD = "demo2026"  # noqa: S105
# Demo data made at the union carries a desk code of its own, so no desk that joins draws the same numbers.
DEMO_DESK_AT_UNION = "D0"
DEMO_ROLES = (
    ("counter", "柜台"),
    ("children", "少儿"),
    ("deposit", "押金"),
    ("supervisor", "主管"),
    ("admin", "管理员"),
)
TITLES = ("红楼梦", "呐喊", "城南旧事", "小王子", "The Little Prince", "Charlotte's Web", "十万个为什么", "边城")


@dataclass(frozen=True)
class DemoSummary:
    branches: int
    staff: int
    readers: int
    loans: int
    refused: int


def _command(
    profile: Profile,
    person: SyntheticPerson,
    age: int,
    rng: random.Random,
    parent: SyntheticPerson,
    serial: int,
    today: date,
) -> IssueCardCommand:
    docs = [DocumentType.RESIDENT_ID]
    document = DocumentInput(DocumentType.RESIDENT_ID, person.citizen_number)
    barcode = None
    fitting = eligible_card_types(profile, docs, age)
    card_type = fitting[0] if fitting else profile.card_type(profile.default_card_type)
    if rng.random() < 0.15 and any(ct.virtual_for != card_type.virtual_for for ct in profile.card_types):
        # Some come with a household register instead and need a physical "one card" card.
        document = DocumentInput(DocumentType.HOUSEHOLD_REGISTER, person.citizen_number)
        docs = [DocumentType.HOUSEHOLD_REGISTER]
        fitting = eligible_card_types(profile, docs, age) or fitting
        card_type = fitting[0]
    if DocumentType(document.doc_type) not in card_type.virtual_for or rng.random() < 0.2:
        barcode = f"{profile.card_number_prefix}{serial:08d}"
    need = guardian_requirement(card_type, age)
    guardian = None
    if need.consent_required or need.must_accompany:
        guardian = GuardianInput(
            parent.name,
            rng.choice(("父亲", "母亲")),
            DocumentInput(DocumentType.RESIDENT_ID, parent.citizen_number),
            parent.phone,
            consent_signed=True,
            present=True,
        )
    return IssueCardCommand(
        name=person.name,
        phone=person.phone,
        documents=(document,),
        card_type_code=card_type.code,
        address=f"演示地址{serial}号",
        barcode=barcode,
        guardian=guardian,
        credit_reference=f"DEMO-CREDIT-{serial}" if card_type.credit_check_required else None,
    )


def _ages(profile: Profile) -> list[int]:
    """Ages the counter serves with a resident ID card (for Chongqing: pupils of the usual school ages)."""
    ages = [
        age
        for age in range(3, 90)
        if any(
            ct.review_outside_ages is None or ct.review_outside_ages[0] <= age <= ct.review_outside_ages[1]
            for ct in eligible_card_types(profile, [DocumentType.RESIDENT_ID], age)
        )
    ]
    return ages or [30]


@dataclass
class _DemoRun:
    open_uow: OpenUow
    profile: Profile
    clock: Clock
    rng: random.Random
    desk: str
    counters: dict[str, Staff] = field(default_factory=dict)
    children: dict[str, Staff] = field(default_factory=dict)
    issued: list[tuple[IssuedCard, SyntheticPerson, str]] = field(default_factory=list)

    def ctx(self, branch: str, children_desk: bool = False) -> DeskContext:
        staff = (self.children if children_desk else self.counters)[branch]
        return DeskContext(Actor(staff.id, branch, self.desk), self.profile, self.clock)

    def add_staff(self) -> None:
        for branch in self.profile.branches:
            for role, label in DEMO_ROLES:
                with self.open_uow() as uow:
                    member = add_staff(uow, f"{branch.code.lower()}-{role}", f"{branch.name}{label}", branch.code, role)
                    member.password_hash = hash_password(DEMO_PASSWORD)
                    uow.staff.save(member)
                    uow.commit()
                if role == "counter":
                    self.counters[branch.code] = member
                if role == "children":
                    self.children[branch.code] = member

    def issue(self, readers: int, people: PeopleFactory, today: date) -> int:
        refused = 0
        ages = _ages(self.profile)
        for serial in range(1, readers + 1):
            branch = self.rng.choice(self.profile.branches).code
            age = self.rng.choice(ages)
            person, parent = people.person(age, today), people.person(self.rng.randrange(30, 50), today)
            cmd = _command(self.profile, person, age, self.rng, parent, serial, today)
            card_type = self.profile.card_type(cmd.card_type_code or self.profile.default_card_type)
            ctx = self.ctx(branch, guardian_requirement(card_type, age).children_desk)
            try:
                with self.open_uow() as uow:
                    self.issued.append((issue_card(uow, ctx, cmd), person, branch))
            except DeskError:
                refused += 1
        return refused

    def lend(self, now: datetime, today: date) -> int:
        """Loans are recorded centrally; the demo writes some so that the desk's rules have something to read."""
        rng, count = self.rng, 0
        with self.open_uow() as uow:
            for card, _person, branch in self.issued[: len(self.issued) // 2]:
                for _ in range(rng.randrange(1, 4)):
                    lent = today - timedelta(days=rng.randrange(5, 60))
                    due = lent + timedelta(days=self.profile.card_type(card.card_type_code).loan_days or 30)
                    returned = None if rng.random() < 0.6 else min(today, due + timedelta(days=rng.randrange(-5, 10)))
                    title = rng.choice(TITLES)
                    uow.loans.add(
                        Loan(
                            id=new_id(),
                            reader_id=uuid.UUID(card.reader_id),
                            card_id=uuid.UUID(card.card_id),
                            item_barcode=f"T{rng.randrange(10**7):07d}",
                            title=title,
                            is_foreign_language=title.isascii(),
                            branch_code=branch,
                            loaned_at=now - (today - lent),
                            due_date=due,
                            returned_on=returned,
                        )
                    )
                    count += 1
            uow.commit()
        return count

    def lose_and_cancel(self) -> None:
        for index, (card, person, branch) in enumerate(self.issued[len(self.issued) // 2 :][:4]):
            with self.open_uow() as uow:
                report_loss(uow, self.ctx(branch), card.card_number, channel="phone" if index % 2 else "counter")
            if index == 3:
                shown = DocumentInput(DocumentType.RESIDENT_ID, person.citizen_number)
                with self.open_uow() as uow:
                    cancel_card(uow, self.ctx(branch), card.card_number, shown)

    def legacy_deposits(self) -> None:
        """Foshan 6.4: "one card" cards issued before deposits were dropped still hold 100 yuan."""
        if self.profile.code != "foshan":
            return
        for card, _person, branch in [entry for entry in self.issued if entry[0].card_type_code == "yikatong"][:5]:
            with self.open_uow() as uow:
                holder = uow.cards.get(uuid.UUID(card.card_id))
                take_money(
                    uow,
                    self.ctx(branch),
                    LedgerKind.DEPOSIT_TAKEN,
                    10000,
                    10000,
                    uuid.UUID(card.reader_id),
                    holder,
                    "一卡通押金（历史）",
                )
                uow.commit()


def make_demo_data(
    open_uow: OpenUow,
    profile: Profile,
    readers: int = 40,
    seed: int = 2026,
    clock: Clock = utc_now,
    desk: str = "D1",
) -> DemoSummary:
    run = _DemoRun(open_uow, profile, clock, random.Random(seed), desk)
    with open_uow() as uow:
        ensure_profile_branches(uow, profile)
    run.add_staff()
    now = clock()
    today = local_date(now, profile.timezone)
    refused = run.issue(readers, PeopleFactory(profile.code, seed), today)
    loans = run.lend(now, today)
    run.lose_and_cancel()
    run.legacy_deposits()
    return DemoSummary(len(profile.branches), len(run.counters) * len(DEMO_ROLES), len(run.issued), loans, refused)
