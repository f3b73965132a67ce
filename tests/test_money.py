"""Money at the desk: the ledger's directions, deposits and pre-deposits, refunds from application to
archive (the union's part is in test_union_service), the credit-reading waiver, day-end."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from desk_app.core.entities import LedgerEntry, LedgerKind, Loan
from desk_app.core.errors import DeskError
from desk_app.core.ids import new_id
from desk_app.core.money import EFFECTS, balances, open_deposits
from desk_app.core.passwords import hash_password
from desk_app.core.presence import staff_present
from desk_app.core.services import refunds
from desk_app.core.services.attachments import attach
from desk_app.core.services.day_end import day_end
from desk_app.core.services.deposits import account, refund_pre_deposit, take
from desk_app.core.services.fines import pay_fine
from desk_app.core.services.inputs import DocumentInput
from desk_app.core.services.issue import issue_card
from desk_app.core.services.lifecycle import cancel_card
from desk_app.core.services.print_history import record_document
from desk_app.core.services.refunds import AgentInput, LegacyInput, RefundApplication
from tests.conftest import NOW, TODAY, Desk, id_card
from tests.test_issue_card import adult_cmd, guardian_for


def _card_with_deposit(desk: Desk, age: int = 40, amount: int = 10000, branch: str | None = None) -> tuple[Any, Any]:
    person = desk.person(age)
    issued = desk.run(issue_card, adult_cmd(person), branch=branch)
    desk.run(
        take,
        LedgerKind.DEPOSIT_TAKEN,
        issued.card_number,
        amount,
        against_policy="前政策下收取的押金",
        role="deposit",
        branch=branch,
    )
    return person, issued


def _entries_written(desk: Desk, request_id: uuid.UUID) -> None:
    """The plan's entries, as the union writes them when it runs the payment (`settle_refund`)."""

    def write(uow: Any) -> None:
        for entry in refunds.planned_entries(uow.refunds.get(request_id)):
            if uow.ledger.get(entry.id) is None:
                uow.ledger.add(entry)
        uow.commit()

    desk.read(write)


def _pay_locally(desk: Desk, request_id: uuid.UUID, branch: str | None = None) -> refunds.RefundView:
    desk.run(refunds.begin_payment, request_id, role="deposit", branch=branch)
    _entries_written(desk, request_id)
    return desk.run(refunds.complete_payment, request_id, role="deposit", branch=branch)


def _loan(desk: Desk, card_number: str, branch: str, overdue_days: int, returned: bool = False) -> uuid.UUID:
    def write(uow: Any) -> uuid.UUID:
        card = uow.cards.where(number=card_number)[0]
        due = TODAY - timedelta(days=overdue_days)
        loan = Loan(new_id(), card.reader_id, card.id, "B1", "小王子", False, branch, NOW - timedelta(days=40), due,
                    returned_on=TODAY if returned else None)  # fmt: skip
        uow.loans.add(loan)
        uow.commit()
        return loan.id

    result: uuid.UUID = desk.read(write)
    return result


def _pupil(desk: Desk) -> tuple[Any, Any]:
    """Chongqing's cards are for pupils, always with a guardian's consent; 17 applies for a refund alone."""
    pupil = desk.person(17)
    return pupil, desk.run(issue_card, adult_cmd(pupil, guardian=guardian_for(desk)))


def test_the_ledger_gives_each_kind_its_direction_and_balances_are_its_sum(make_desk: Any) -> None:
    desk = make_desk("foshan")
    _person, issued = _card_with_deposit(desk)
    desk.run(take, LedgerKind.PRE_DEPOSIT, issued.card_number, 5000, role="deposit")
    shown = desk.run(account, issued.card_number, role="deposit")
    assert (shown.deposit_fen, shown.pre_deposit_fen, shown.open_deposits) == (10000, 5000, 1)
    assert [line.kind for line in shown.history] == ["deposit_taken", "pre_deposit"]
    entries = desk.read(lambda uow: uow.ledger.where())
    assert all(e.amount_fen > 0 and e.staff_id and e.desk_code == "D1" for e in entries)
    assert {e.authorised_by for e in entries} == {f"card:{issued.card_number}"}
    assert balances(entries).deposit_fen == 10000
    with pytest.raises(DeskError) as zero:
        desk.run(
            take, LedgerKind.DEPOSIT_TAKEN, issued.card_number, 0, against_policy="前政策下收取的押金", role="deposit"
        )
    assert zero.value.code == "money.amount"
    # Every movement is on the audit log, naming who and where.
    assert len(desk.read(lambda uow: uow.audit.where(entity="ledger"))) == 2


def test_receipts_are_numbered_per_desk_so_offline_desks_never_collide(make_desk: Any) -> None:
    desk = make_desk("foshan")
    _p, a = _card_with_deposit(desk)
    with desk.open_uow() as uow:
        take(uow, desk.ctx(desk="D2", role="deposit"), LedgerKind.PRE_DEPOSIT, a.card_number, 100)
    numbers = sorted(e.receipt_no for e in desk.read(lambda uow: uow.ledger.where()))
    assert numbers == ["FSLIB-D1-00000001", "FSLIB-D2-00000001"]


def test_a_fine_settled_from_the_pre_deposit_moves_no_cash(make_desk: Any) -> None:
    desk = make_desk("chongqing")
    card = _pupil(desk)[1]
    branch = desk.profile.branches[0].code
    loan = _loan(desk, card.card_number, branch, overdue_days=10, returned=True)
    with pytest.raises(DeskError) as short:
        desk.run(pay_fine, loan, 200, True)
    assert short.value.code == "money.pre_deposit_short"
    desk.run(take, LedgerKind.PRE_DEPOSIT, card.card_number, 1000, role="deposit")
    entry = desk.run(pay_fine, loan, 200, True)
    assert entry.kind is LedgerKind.PRE_DEPOSIT_USED and entry.authorised_by == f"loan:{loan}"
    assert desk.run(account, card.card_number).pre_deposit_fen == 800
    report = desk.run(day_end, TODAY, role="deposit")
    assert report.cash_in_fen == 1000 and report.cash_out_fen == 0  # the pre-deposit, not the fine


def test_refund_from_application_to_archive(make_desk: Any, tmp_path: Any) -> None:
    desk = make_desk("foshan")
    person, issued = _card_with_deposit(desk)
    with pytest.raises(DeskError) as elsewhere:
        desk.run(refunds.apply_for_refund, RefundApplication(issued.card_number, id_card(person),
                card_presented=True), branch="SSLIB",
                 role="deposit")  # fmt: skip
    assert elsewhere.value.code == "refund.home_branch_only" and "佛山市图书馆" in elsewhere.value.message()
    stranger = desk.person(33)
    with pytest.raises(DeskError) as wrong:
        desk.run(
            refunds.apply_for_refund,
            RefundApplication(issued.card_number, id_card(stranger), card_presented=True),
            role="deposit",
        )
    assert wrong.value.code == "reader.identity_mismatch"
    with pytest.raises(DeskError) as counter:
        desk.run(refunds.apply_for_refund, RefundApplication(issued.card_number, id_card(person), card_presented=True))
    assert counter.value.code == "staff.not_permitted"
    view = desk.run(
        refunds.apply_for_refund,
        RefundApplication(issued.card_number, id_card(person), card_presented=True),
        role="deposit",
    )
    assert (view.status, view.deposit_fen, view.refund_fen, view.applicant) == ("applied", 10000, 10000, "reader")
    with pytest.raises(DeskError) as twice:
        desk.run(
            refunds.apply_for_refund,
            RefundApplication(issued.card_number, id_card(person), card_presented=True),
            role="deposit",
        )
    assert twice.value.code == "refund.already_open"
    request_id = uuid.UUID(view.id)
    with pytest.raises(DeskError) as early:
        desk.run(refunds.begin_payment, request_id, role="deposit")
    assert early.value.code == "refund.bad_status"
    desk.run(refunds.approve_refund, request_id, role="deposit")
    first = desk.run(refunds.begin_payment, request_id, role="deposit")
    again = desk.run(refunds.begin_payment, request_id, role="deposit")  # a retried click: the same plan
    assert first.plan == again.plan and len(first.plan["entries"]) == 1
    with pytest.raises(DeskError) as unconfirmed:
        desk.run(refunds.complete_payment, request_id, role="deposit")
    assert unconfirmed.value.code == "refund.not_confirmed"
    paid = _pay_locally(desk, request_id)
    assert paid.status == "paid" and paid.receipts == ["FSLIB-D1-00000002"]
    with pytest.raises(DeskError) as paid_twice:
        desk.run(refunds.begin_payment, request_id, role="deposit")
    assert paid_twice.value.code == "refund.already_paid" and "FSLIB-D1-00000002" in paid_twice.value.message()
    entries = desk.read(lambda uow: uow.ledger.where())
    assert balances(entries).deposit_fen == 0 and open_deposits(entries) == []
    refund_entry = next(e for e in entries if e.kind is LedgerKind.DEPOSIT_REFUNDED)
    assert refund_entry.authorised_by == f"refund:{request_id}" and refund_entry.amount_fen == 10000
    with pytest.raises(DeskError) as incomplete:
        desk.run(refunds.archive_refund, request_id, role="deposit")
    assert incomplete.value.code == "refund.archive_missing" and "押金退还申请表" in incomplete.value.message()
    for kind in refunds.ARCHIVE_ITEMS:
        desk.run(attach, "refund", str(request_id), kind, b"%PDF-1.4 scan", role="deposit")
    archived = desk.run(refunds.archive_refund, request_id, role="deposit")
    assert archived.status == "archived" and archived.missing_archive == []
    actions = [r.action for r in desk.read(lambda uow: uow.audit.where(entity="refund")) if "attach" not in r.action]
    assert actions == ["refund_applied", "refund_approved", "refund_paying", "refund_paid", "refund_archived"]


def test_proxy_refund_needs_the_agents_document_and_where_asked_a_power_of_attorney(make_desk: Any) -> None:
    desk = make_desk("foshan")
    person, issued = _card_with_deposit(desk)
    agent = desk.person(50)
    app = RefundApplication(
        issued.card_number, id_card(person), card_presented=True, agent=AgentInput(agent.name, id_card(agent))
    )
    with pytest.raises(DeskError) as no_letter:
        desk.run(refunds.apply_for_refund, app, role="deposit")
    assert no_letter.value.code == "refund.power_of_attorney"
    with pytest.raises(DeskError) as self_agent:
        desk.run(refunds.apply_for_refund, replace(app, agent=AgentInput(person.name, id_card(person)),
                                                   power_of_attorney="P-1"), role="deposit")  # fmt: skip
    assert self_agent.value.code == "refund.agent_is_reader"
    bad = replace(app, agent=AgentInput(agent.name, DocumentInput("resident_id", agent.citizen_number[:-1] + "0")))
    with pytest.raises(DeskError):
        desk.run(refunds.apply_for_refund, replace(bad, power_of_attorney="P-1"), role="deposit")
    view = desk.run(refunds.apply_for_refund, replace(app, power_of_attorney="纸档 2026-118"), role="deposit")
    assert view.applicant == "agent"
    assert view.missing_archive == ["document_copy", "application", "receipt", "agent_document_copy",
                                    "power_of_attorney"]  # fmt: skip
    stored = desk.read(lambda uow: uow.refunds.get(uuid.UUID(view.id)))
    assert stored.applicant["doc_number"] == agent.citizen_number and stored.applicant["name"] == agent.name
    # Chongqing 五（五）asks the agent for the reader's card and documents and their own, no letter.
    cq = make_desk("chongqing")
    pupil, card = _pupil(cq)
    cq.run(take, LedgerKind.DEPOSIT_TAKEN, card.card_number, 5000, against_policy="前政策下收取的押金", role="deposit")
    parent = cq.person(45)
    proxy = RefundApplication(
        card.card_number, id_card(pupil), card_presented=True, agent=AgentInput(parent.name, id_card(parent))
    )
    assert cq.run(refunds.apply_for_refund, proxy, role="deposit").applicant == "agent"


def test_a_reader_under_16_comes_with_a_guardian(make_desk: Any) -> None:
    desk = make_desk("foshan")
    child = desk.person(12)
    issued = desk.run(issue_card, adult_cmd(child, guardian=guardian_for(desk)), role="children")
    desk.run(
        take, LedgerKind.DEPOSIT_TAKEN, issued.card_number, 10000, against_policy="前政策下收取的押金", role="deposit"
    )
    app = RefundApplication(issued.card_number, id_card(child), card_presented=True)
    with pytest.raises(DeskError) as alone:
        desk.run(refunds.apply_for_refund, app, role="deposit")
    assert alone.value.code == "refund.guardian_needed"
    parent = desk.person(41)
    view = desk.run(refunds.apply_for_refund, replace(app, guardian=AgentInput(parent.name, id_card(parent))),
                    role="deposit")  # fmt: skip
    assert view.applicant == "guardian"


def test_fines_are_settled_first_or_from_the_deposit(make_desk: Any) -> None:
    desk = make_desk("chongqing")
    person, issued = _pupil(desk)
    desk.run(
        take, LedgerKind.DEPOSIT_TAKEN, issued.card_number, 1000, against_policy="前政策下收取的押金", role="deposit"
    )
    branch = desk.profile.branches[0].code
    out = _loan(desk, issued.card_number, branch, overdue_days=5)
    app = RefundApplication(issued.card_number, id_card(person), card_presented=True)
    with pytest.raises(DeskError) as loans:
        desk.run(refunds.apply_for_refund, app, role="deposit")
    assert loans.value.code == "card.loans_out"

    def give_back(uow: Any) -> None:
        loan = uow.loans.get(out)
        loan.returned_on = TODAY
        uow.loans.save(loan)
        uow.commit()

    desk.read(give_back)  # 5 days late at 0.20 a day: 1.00 owed
    with pytest.raises(DeskError) as owed:
        desk.run(refunds.apply_for_refund, app, role="deposit")
    assert owed.value.code == "refund.fines_due" and "1.00" in owed.value.message()
    view = desk.run(refunds.apply_for_refund, replace(app, settle_fines=True), role="deposit")
    assert (view.deposit_fen, view.fines_fen, view.refund_fen) == (1000, 100, 900)
    request_id = uuid.UUID(view.id)
    desk.run(refunds.approve_refund, request_id, role="deposit")
    paid = _pay_locally(desk, request_id)
    entries = desk.read(lambda uow: uow.ledger.where())
    applied = [e for e in entries if e.kind is LedgerKind.DEPOSIT_APPLIED]
    refunded = [e for e in entries if e.kind is LedgerKind.DEPOSIT_REFUNDED]
    assert [e.amount_fen for e in applied] == [100] and applied[0].for_branch_code == branch
    assert [e.amount_fen for e in refunded] == [900] and "实退" in refunded[0].note
    assert paid.refund_fen == 900 and balances(entries).deposit_fen == 0
    assert desk.read(lambda uow: uow.loans.get(out)).fine_paid_fen == 100
    cash = desk.run(day_end, TODAY, role="deposit")
    assert cash.cash_in_fen == 1000 and cash.cash_out_fen == 900
    assert {t.kind: t.cash_fen for t in cash.totals}["deposit_applied"] == 0


def test_a_deposit_all_used_for_fines_is_closed_by_the_deduction(make_desk: Any) -> None:
    desk = make_desk("chongqing")
    person, issued = _pupil(desk)
    desk.run(
        take, LedgerKind.DEPOSIT_TAKEN, issued.card_number, 100, against_policy="前政策下收取的押金", role="deposit"
    )
    _loan(desk, issued.card_number, desk.profile.branches[0].code, overdue_days=5, returned=True)
    app = RefundApplication(issued.card_number, id_card(person), card_presented=True, settle_fines=True)
    view = desk.run(refunds.apply_for_refund, app, role="deposit")
    assert view.refund_fen == 0
    desk.run(refunds.approve_refund, uuid.UUID(view.id), role="deposit")
    _pay_locally(desk, uuid.UUID(view.id))
    entries = desk.read(lambda uow: uow.ledger.where())
    closing = [e for e in entries if e.refund_of is not None]
    assert len(closing) == 1 and closing[0].kind is LedgerKind.DEPOSIT_APPLIED
    assert not [e for e in entries if e.kind is LedgerKind.DEPOSIT_REFUNDED]


def test_a_legacy_card_needs_its_evidence_and_a_supervisor(make_desk: Any) -> None:
    desk = make_desk("foshan")
    person = desk.person(60)
    issued = desk.run(issue_card, adult_cmd(person))
    old = LegacyInput("FSA0012345", "1998-0457", 5000, original_card_seen=True, reader_signed=False)
    app = RefundApplication(issued.card_number, id_card(person), card_presented=True, legacy=old)
    with pytest.raises(DeskError) as unsigned:
        desk.run(refunds.apply_for_refund, app, role="deposit")
    assert unsigned.value.code == "refund.legacy_evidence"
    app = replace(app, legacy=replace(old, reader_signed=True))
    view = desk.run(refunds.apply_for_refund, app, role="deposit")
    assert view.legacy and view.deposit_fen == 5000 and view.card_number == issued.card_number
    request_id = uuid.UUID(view.id)
    with pytest.raises(DeskError) as alone:
        desk.run(refunds.approve_refund, request_id, role="deposit")
    assert alone.value.code == "refund.supervisor_needed"

    def give_password(uow: Any) -> None:
        boss = uow.staff.get(desk.member(role="supervisor").id)
        boss.password_hash = hash_password("Boss-2026!")
        uow.staff.save(boss)
        uow.commit()

    desk.read(give_password)
    boss = desk.member(role="supervisor").username
    with pytest.raises(DeskError) as bad:
        desk.run(refunds.approve_refund, request_id, (boss, "wrong"), role="deposit")
    assert bad.value.code == "staff.bad_credentials"
    # As the union service runs it: the supervisor named, and present only with a sign-in at this desk.
    with pytest.raises(DeskError) as absent:
        desk.run(refunds.approve_refund, request_id, supervisor_present=boss, role="deposit")
    assert absent.value.code == "union.sign_in_needed"
    with staff_present({desk.member(role="deposit").id}), pytest.raises(DeskError) as clerk_only:
        desk.run(refunds.approve_refund, request_id, supervisor_present=boss, role="deposit")
    assert clerk_only.value.code == "union.sign_in_needed"  # the clerk's own presence is not the supervisor's
    approved = desk.run(refunds.approve_refund, request_id, (boss, "Boss-2026!"), role="deposit")
    assert approved.status == "approved"
    assert desk.read(lambda uow: uow.refunds.get(request_id)).approved_by == desk.member(role="supervisor").id
    _pay_locally(desk, request_id)
    entries = desk.read(lambda uow: uow.ledger.where())
    recorded = next(e for e in entries if e.kind is LedgerKind.DEPOSIT_RECORDED)
    assert recorded.id == refunds.legacy_deposit_id("foshan", "FSA0012345") and "1998-0457" in recorded.note
    assert balances(entries).deposit_fen == 0
    report = desk.run(day_end, TODAY, role="deposit")
    assert report.cash_in_fen == 0 and report.cash_out_fen == 5000  # the old deposit was not taken today
    with pytest.raises(DeskError) as known:
        desk.run(refunds.apply_for_refund, app, role="deposit")
    assert known.value.code == "refund.legacy_known"


def test_chongqing_swaps_an_old_deposit_card_for_a_free_student_card(make_desk: Any) -> None:
    """五（五）: at the library that issued the old card, with the old card and the pupil's document; the old
    deposit is refunded the same way (here a card from before the system: a legacy refund)."""
    desk = make_desk("chongqing")
    pupil = desk.person(12)
    student = desk.run(issue_card, adult_cmd(pupil, guardian=guardian_for(desk)), role="children")
    assert student.card_type_code == "student" and student.deposit_fen == 0
    parent = desk.person(40)
    old = LegacyInput("CQ-OLD-778", "2015-3321", 10000, original_card_seen=True, reader_signed=True)
    app = RefundApplication(student.reader_id, id_card(pupil), card_presented=True,
            guardian=AgentInput(parent.name, id_card(parent)),
                            legacy=old, reason="swap")  # fmt: skip
    view = desk.run(refunds.apply_for_refund, app, role="deposit")
    assert (view.reason, view.applicant, view.legacy, view.deposit_fen) == ("swap", "guardian", True, 10000)

    def give_password(uow: Any) -> None:
        boss = uow.staff.get(desk.member(role="supervisor").id)
        boss.password_hash = hash_password("Boss-2026!")
        uow.staff.save(boss)
        uow.commit()

    desk.read(give_password)
    desk.run(refunds.approve_refund, uuid.UUID(view.id), (desk.member(role="supervisor").username, "Boss-2026!"),
             role="deposit")  # fmt: skip
    paid = _pay_locally(desk, uuid.UUID(view.id))
    assert paid.refund_fen == 10000 and paid.receipts
    assert balances(desk.read(lambda uow: uow.ledger.where())).deposit_fen == 0


def test_a_request_can_be_withdrawn_before_payment(make_desk: Any) -> None:
    desk = make_desk("foshan")
    person, issued = _card_with_deposit(desk)
    view = desk.run(
        refunds.apply_for_refund,
        RefundApplication(issued.card_number, id_card(person), card_presented=True),
        role="deposit",
    )
    done = desk.run(refunds.withdraw_refund, uuid.UUID(view.id), "读者改变主意", role="deposit")
    assert done.status == "withdrawn"
    assert desk.run(refunds.refunds_of, "open", role="deposit") == []
    again = desk.run(
        refunds.apply_for_refund,
        RefundApplication(issued.card_number, id_card(person), card_presented=True),
        role="deposit",
    )
    assert again.status == "applied"


def test_credit_reading_waives_the_deposit_on_a_good_record(make_desk: Any) -> None:
    desk = make_desk("zhejiang")
    good = desk.person(35)
    cmd = adult_cmd(good, credit_reference="ZJ-CREDIT-1")
    issued = desk.run(issue_card, cmd)
    assert issued.deposit_fen == 0
    event = desk.read(lambda uow: uow.events.where(kind="issue")[0])
    assert "免押金" in event.detail["deposit_waiver"] and event.detail["deposit_fen"] == 0
    assert desk.read(lambda uow: uow.ledger.where()) == []
    # The same reader later, after a loan 45 days overdue: the deposit is due, and the reason is said.
    _loan(desk, issued.card_number, "ZJLIB", overdue_days=45, returned=True)

    def settle(uow: Any) -> None:
        for loan in uow.loans.where():
            loan.fine_paid_fen = 10**6
            uow.loans.save(loan)
        uow.commit()

    desk.read(settle)
    desk.run(cancel_card, issued.card_number, id_card(good))
    with pytest.raises(DeskError) as due:
        desk.run(issue_card, cmd)
    assert due.value.code == "card.credit_standing" and "逾期45天" in due.value.message()
    again = desk.run(issue_card, replace(cmd, deposit_paid_fen=10000))
    assert again.deposit_fen == 10000
    waiver = desk.read(lambda uow: [e for e in uow.events.where(kind="issue") if e.card_id == uuid.UUID(again.card_id)])
    assert "逾期45天" in waiver[0].detail["deposit_waiver"]


def test_day_end_checks_the_ledger_against_the_receipts(make_desk: Any) -> None:
    desk = make_desk("foshan")
    _p1, a = _card_with_deposit(desk)
    _p2, b = _card_with_deposit(desk)
    report = desk.run(day_end, TODAY, role="deposit")
    assert report.cash_in_fen == 20000 and report.net_cash_fen == 20000
    assert [t.count for t in report.totals] == [2]
    assert report.problems == ["收据 FSLIB-D1-00000001 未打印", "收据 FSLIB-D1-00000002 未打印"]
    for number in ("FSLIB-D1-00000001", "FSLIB-D1-00000002"):
        desk.run(record_document, "receipt", None, number, "/tmp/x.pdf", "0" * 64, role="deposit")
    assert desk.run(day_end, TODAY, role="deposit").agrees
    desk.run(record_document, "receipt", None, "FSLIB-D1-00000009", "/tmp/y.pdf", "0" * 64, role="deposit")
    problems = desk.run(day_end, TODAY, role="deposit").problems
    assert problems == ["打印过的收据 FSLIB-D1-00000009 不在账上"]
    # Another day, another desk: nothing of today's.
    assert desk.run(day_end, TODAY - timedelta(days=1), role="deposit").receipts == []
    assert desk.run(day_end, TODAY, "D2", role="deposit").receipts == []
    # A gap in the desk's numbering is reported.
    from desk_app.core.services.day_end import _holes

    assert _holes({"FSLIB-D1-00000001", "FSLIB-D1-00000003"}) == ["收据号 FSLIB-D1-00000002 缺失"]
    del a, b


def test_day_end_counts_the_library_s_local_day(make_desk: Any) -> None:
    """A day is midnight to midnight where the library is (UTC+8), not in UTC: a deposit at 23:59:59 local
    time belongs to that day, one at midnight to the next."""
    desk = make_desk("foshan")
    desk.now = datetime(2026, 11, 22, 15, 59, 59, tzinfo=UTC)  # 23:59:59 in Foshan
    _card_with_deposit(desk)
    desk.now = datetime(2026, 11, 22, 16, 0, tzinfo=UTC)  # midnight in Foshan: the 23rd
    _card_with_deposit(desk)
    first, second = (desk.run(day_end, TODAY + timedelta(days=n), role="deposit") for n in (0, 1))
    assert [r.receipt_no for r in first.receipts] == ["FSLIB-D1-00000001"] and first.receipts[0].at == "23:59:59"
    assert [r.receipt_no for r in second.receipts] == ["FSLIB-D1-00000002"] and second.receipts[0].at == "00:00:00"


def test_balances_always_equal_the_sum_of_the_ledger(tmp_path: Any) -> None:
    """Random deposits, pre-deposits, fines paid from the pre-deposit, refunds (some refused) on a real
    SQLite desk: the balances the desk shows always equal an independent model of what happened and a plain
    SQL sum over the ledger; no balance goes below zero; no deposit is closed twice."""
    from hypothesis import HealthCheck, settings
    from hypothesis import strategies as st
    from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test
    from sqlalchemy import text as sql

    from db.engine import make_engine, make_session_factory, sqlite_url
    from db.migrate import upgrade
    from db.uow import SqlUnitOfWork
    from desk_app.core.policy import load_profile
    from desk_app.core.services.setup import ensure_profile_branches
    from desk_app.demo.people import PeopleFactory

    template = tmp_path / "template.sqlite"
    engine = make_engine(sqlite_url(template))
    upgrade(engine)
    engine.dispose()
    signed = (
        "SELECT coalesce(sum(CASE kind WHEN 'deposit_taken' THEN amount_fen WHEN 'deposit_recorded' THEN amount_fen"
        " WHEN 'deposit_refunded' THEN -amount_fen WHEN 'deposit_applied' THEN -amount_fen ELSE 0 END), 0),"
        " coalesce(sum(CASE kind WHEN 'pre_deposit' THEN amount_fen WHEN 'pre_deposit_used' THEN -amount_fen"
        " ELSE 0 END), 0) FROM ledger_entries WHERE reader_id = :reader"
    )
    runs = iter(range(10**6))

    class Money(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            path = tmp_path / f"run{next(runs)}.sqlite"
            path.write_bytes(template.read_bytes())
            self.engine = make_engine(sqlite_url(path))
            factory = make_session_factory(self.engine)
            self.desk = Desk(load_profile("chongqing"), lambda: SqlUnitOfWork(factory), PeopleFactory("chongqing", 5))
            with self.desk.open_uow() as uow:
                ensure_profile_branches(uow, self.desk.profile)
            self.person, self.card = _pupil(self.desk)
            self.loan = _loan(self.desk, self.card.card_number, self.desk.profile.branches[0].code, 200, True)
            self.deposit = self.pre = 0
            self.fine_left = 4000  # 200 days at 0.20 a day (under the 50 yuan cap)

        def teardown(self) -> None:
            self.engine.dispose()

        @rule(amount=st.integers(1, 30000))
        def take_deposit(self, amount: int) -> None:
            self.desk.run(
                take,
                LedgerKind.DEPOSIT_TAKEN,
                self.card.card_number,
                amount,
                against_policy="前政策下收取的押金",
                role="deposit",
            )
            self.deposit += amount

        @rule(amount=st.integers(1, 3000))
        def take_pre_deposit(self, amount: int) -> None:
            self.desk.run(take, LedgerKind.PRE_DEPOSIT, self.card.card_number, amount, role="deposit")
            self.pre += amount

        @rule(amount=st.integers(1, 2000))
        def pay_fine_from_pre_deposit(self, amount: int) -> None:
            try:
                self.desk.run(pay_fine, self.loan, amount, True, role="deposit")
            except DeskError as err:
                assert err.code in ("money.pre_deposit_short", "fine.amount", "fine.nothing_owed")
                assert amount > self.pre or amount > self.fine_left
                return
            self.pre -= amount
            self.fine_left -= amount

        @rule(settle=st.booleans(), withdraw=st.booleans())
        def refund(self, settle: bool, withdraw: bool) -> None:
            app = RefundApplication(
                self.card.card_number, id_card(self.person), card_presented=True, settle_fines=settle
            )
            try:
                view = self.desk.run(refunds.apply_for_refund, app, role="deposit")
            except DeskError as err:
                assert err.code in ("paper.no_deposit", "refund.fines_due", "refund.fines_exceed_deposit")
                return
            request_id = uuid.UUID(view.id)
            if withdraw:
                self.desk.run(refunds.withdraw_refund, request_id, "改变主意", role="deposit")
                return
            self.desk.run(refunds.approve_refund, request_id, role="deposit")
            paid = _pay_locally(self.desk, request_id)
            assert paid.refund_fen == self.deposit - paid.fines_fen
            self.fine_left -= paid.fines_fen
            self.deposit = 0

        @invariant()
        def balances_are_the_ledger(self) -> None:
            shown = self.desk.run(account, self.card.card_number, role="deposit")
            with self.engine.connect() as connection:
                summed = tuple(connection.execute(sql(signed), {"reader": uuid.UUID(shown.reader_id).hex}).one())
            assert (shown.deposit_fen, shown.pre_deposit_fen) == (self.deposit, self.pre) == summed
            assert self.deposit >= 0 and self.pre >= 0
            with self.engine.connect() as connection:
                closed = connection.execute(
                    sql("SELECT refund_of, count(*) FROM ledger_entries WHERE refund_of IS NOT NULL GROUP BY 1")
                ).all()
            assert all(n == 1 for _r, n in closed)

    run_state_machine_as_test(
        Money,
        settings=settings(
            max_examples=25, stateful_step_count=12, deadline=None, suppress_health_check=list(HealthCheck)
        ),
    )


def test_a_deposit_the_policy_does_not_ask_for_is_refused_unless_the_clerk_says_why(make_desk):
    desk = make_desk("foshan")
    issued = desk.run(issue_card, adult_cmd(desk.person(40)))
    with pytest.raises(DeskError) as refused:
        desk.run(take, LedgerKind.DEPOSIT_TAKEN, issued.card_number, 10000, role="deposit")
    assert refused.value.code == "money.no_policy_deposit" and "表A1" in refused.value.message("zh")
    assert desk.read(lambda uow: uow.ledger.where()) == []
    desk.run(take, LedgerKind.PRE_DEPOSIT, issued.card_number, 5000, role="deposit")  # a pre-deposit is no deposit
    desk.run(take, LedgerKind.DEPOSIT_TAKEN, issued.card_number, 10000, against_policy="旧一卡通换证", role="deposit")
    deposit = desk.read(lambda uow: uow.ledger.where(kind=LedgerKind.DEPOSIT_TAKEN))[0]
    assert "旧一卡通换证" in deposit.note
    shown = desk.run(account, issued.card_number, role="deposit")
    assert shown.policy_deposit_fen == 0


def test_the_policy_deposit_is_taken_without_a_reason_and_another_amount_is_not(make_desk):
    desk = make_desk("foshan")
    issued = desk.run(issue_card, adult_cmd(desk.person(40)))
    # As if the library's policy took a deposit of 100 yuan for this card type.
    types = tuple(replace(ct, deposit_fen=10000) for ct in desk.profile.card_types)
    desk.profile = replace(desk.profile, card_types=types)
    with pytest.raises(DeskError) as other:
        desk.run(take, LedgerKind.DEPOSIT_TAKEN, issued.card_number, 5000, role="deposit")
    assert other.value.code == "money.deposit_not_policy" and "100.00" in other.value.message("zh")
    desk.run(take, LedgerKind.DEPOSIT_TAKEN, issued.card_number, 10000, role="deposit")


def test_a_pre_deposit_is_paid_back_at_the_home_branch_with_its_receipt(make_desk):
    desk = make_desk("foshan")
    issued = desk.run(issue_card, adult_cmd(desk.person(40)))
    desk.run(take, LedgerKind.PRE_DEPOSIT, issued.card_number, 5000, role="deposit")
    with pytest.raises(DeskError) as elsewhere:
        desk.run(refund_pre_deposit, issued.card_number, None, role="deposit", branch="SDLIB")
    assert elsewhere.value.code == "refund.home_branch_only"
    with pytest.raises(DeskError) as too_much:
        desk.run(refund_pre_deposit, issued.card_number, 5001, role="deposit")
    assert too_much.value.code == "money.pre_deposit_short"
    first = desk.run(refund_pre_deposit, issued.card_number, 2000, role="deposit")
    second = desk.run(refund_pre_deposit, issued.card_number, None, role="deposit")
    entries = desk.read(lambda uow: uow.ledger.where(reader_id=uuid.UUID(issued.reader_id)))
    assert balances(entries).pre_deposit_fen == 0
    back = [e for e in entries if e.kind is LedgerKind.PRE_DEPOSIT_REFUNDED]
    assert sorted(e.amount_fen for e in back) == [2000, 3000] and {e.receipt_no for e in back} == {first, second}
    with pytest.raises(DeskError):
        desk.run(refund_pre_deposit, issued.card_number, None, role="deposit")
    report = desk.run(day_end, TODAY, role="deposit")
    assert report.cash_out_fen == 5000 and report.cash_in_fen == 5000


def test_the_deposit_desk_lists_money_in_the_librarys_time_as_its_receipts_do(make_desk):
    desk = make_desk("foshan")
    issued = desk.run(issue_card, adult_cmd(desk.person(40)))
    desk.run(take, LedgerKind.PRE_DEPOSIT, issued.card_number, 5000, role="deposit")
    shown = desk.run(account, issued.card_number, role="deposit")
    assert shown.history[0].at.startswith("2026-11-22T10:00") and shown.history[0].at.endswith("+08:00")


def test_the_day_ends_problems_are_said_in_the_language_asked():
    """#21.4: the day-end's problem lines are message codes rendered at the edge, not Chinese built in."""
    from desk_app.core.services.day_end import _holes

    assert _holes({"FSLIB-D1-00000001", "FSLIB-D1-00000003"}, "en") == ["Receipt number FSLIB-D1-00000002 is missing"]
    assert _holes({"FSLIB-D1-00000001", "FSLIB-D1-00000003"}) == ["收据号 FSLIB-D1-00000002 缺失"]


@pytest.mark.parametrize("uow_kind", ["sqlite"])
def test_the_database_counts_a_day_as_the_reference_does(make_desk: Any) -> None:
    """Day-end's questions answered by SQL (GROUP BY, anti-joins, runs of numbers) and by the reference that
    walks the entries one by one agree on a messy day: holes, receipts unprinted or printed at another desk,
    cash without a receipt number, numbers not of a desk's shape, another desk's and another day's entries,
    receipts printed but on no ledger (or on another day's)."""
    from desk_app.core.day_ledger import DayDesk, RepositoryDayLedger
    from desk_app.core.entities import PrintedDocument

    desk = make_desk("foshan")
    _person, issued = _card_with_deposit(desk)
    staff = desk.member(role="deposit")
    reader = desk.read(lambda uow: uow.cards.where(number=issued.card_number)[0].reader_id)
    start = datetime(2026, 11, 21, 16, 0, tzinfo=UTC)  # midnight of TODAY in Foshan
    day = DayDesk("FSLIB", "D1", start, start + timedelta(days=1))
    entries = [  # (minutes into the day, kind, amount, receipt number, desk)
        (5, LedgerKind.PRE_DEPOSIT, 300, "FSLIB-D1-00000010", "D1"),
        (6, LedgerKind.PRE_DEPOSIT, 200, "FSLIB-D1-00000013", "D1"),
        (6, LedgerKind.FINE_PAID, 150, "FSLIB-D1-00000012", "D1"),
        (7, LedgerKind.CARD_FEE, 1000, None, "D1"),
        (8, LedgerKind.PRE_DEPOSIT_USED, 150, None, "D1"),
        (9, LedgerKind.DEPOSIT_REFUNDED, 5000, "FSLIB-D1-00000016", "D1"),
        (10, LedgerKind.FINE_PAID, 100, "HAND-WRITTEN-7", "D1"),
        (11, LedgerKind.PRE_DEPOSIT, 100, "FSLIB-D2-00000001", "D2"),
        (-30, LedgerKind.PRE_DEPOSIT, 100, "FSLIB-D1-00000009", "D1"),
        (1500, LedgerKind.PRE_DEPOSIT, 100, "FSLIB-D1-00000020", "D1"),
    ]
    with desk.open_uow() as uow:
        for minutes, kind, amount, number, desk_code in entries:
            uow.ledger.add(
                LedgerEntry(
                    new_id(),
                    reader,
                    None,
                    kind,
                    amount,
                    start + timedelta(minutes=minutes),
                    staff.id,
                    "FSLIB",
                    desk_code,
                    number,
                    "测试",
                )
            )
        for number, desk_code, minutes in [
            ("FSLIB-D1-00000010", "D1", 5),
            ("FSLIB-D1-00000013", "D2", 6),  # printed at another desk: not this desk's print
            ("FSLIB-D1-00000016", "D1", 9),
            ("FSLIB-D1-00000031", "D1", 12),  # printed, on no ledger
            ("FSLIB-D1-00000009", "D1", 12),  # printed today, on yesterday's ledger
            ("FSLIB-D1-00000032", "D1", -40),  # printed yesterday
        ]:
            uow.prints.add(
                PrintedDocument(
                    new_id(),
                    "receipt",
                    reader,
                    number,
                    "/tmp/r.pdf",
                    "0" * 64,
                    start + timedelta(minutes=minutes),
                    staff.id,
                    "FSLIB",
                    desk_code,
                )
            )
        uow.commit()
    with desk.open_uow() as uow:
        sql, reference = uow.day_ledger, RepositoryDayLedger(uow)
        cash = [k for k, effect in EFFECTS.items() if effect.cash]
        for ask in (
            lambda source: source.tally(day, cash),
            lambda source: source.troubled(day, cash),
            lambda source: source.printed_off_ledger(day),
            lambda source: source.number_runs(day),
            lambda source: source.numbers(day, "FSLIB-D1-"),
            lambda source: source.lines(day),
        ):
            assert ask(sql) == ask(reference)
        assert sql.printed_off_ledger(day) == ["FSLIB-D1-00000031"]
        assert [t.receipt_no for t in sql.troubled(day, cash)][:3] == ["FSLIB-D1-00000012", "FSLIB-D1-00000013", None]
    report = desk.run(day_end, TODAY, role="deposit")
    assert [p for p in report.problems if "缺失" in p] == [
        f"收据号 FSLIB-D1-000000{n} 缺失" for n in ("02", "03", "04", "05", "06", "07", "08", "09", "11", "14", "15")
    ]
