"""Each library's own rules, applied only where its seed says so (issue: each library's own rules)."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from desk_app.core.entities import LedgerKind, Loan
from desk_app.core.errors import DeskError
from desk_app.core.ids import new_id
from desk_app.core.loan_rules import check_renewal
from desk_app.core.passwords import check_strength
from desk_app.core.policy import load_profile
from desk_app.core.services import refunds
from desk_app.core.services.deposits import take
from desk_app.core.services.inputs import DocumentInput
from desk_app.core.services.issue import issue_card
from desk_app.core.services.lifecycle import cancel_card, replace_card, report_loss, report_loss_by_phone
from desk_app.core.services.refunds import RefundApplication
from desk_app.demo.people import citizen_number
from tests.conftest import NOW, TODAY, id_card
from tests.test_issue_card import adult_cmd, guardian_for


def _loan(desk, card_number, branch, *, due, returned=None, recorded=None):
    def write(uow):
        card = uow.cards.where(number=card_number)[0]
        uow.loans.add(Loan(new_id(), card.reader_id, card.id, "B1", "书", False, branch, NOW, due, returned, 0, 0,
                           recorded))  # fmt: skip
        uow.commit()

    desk.read(write)


def test_a_foshan_id_card_card_is_replaced_only_at_its_home_branch(make_desk):
    """Foshan 6.3.3: 注销和补办……前往原办证馆 — for every card type, not only the 一卡通."""
    desk = make_desk("foshan")
    person = desk.person(30)
    issued = desk.run(issue_card, adult_cmd(person), branch="CCLIB")
    desk.run(report_loss, issued.card_number, branch="SDLIB")
    with pytest.raises(DeskError) as elsewhere:
        desk.run(replace_card, issued.card_number, id_card(person), "FS0000901", branch="SDLIB")
    assert elsewhere.value.code == "card.home_branch_only"
    assert desk.run(replace_card, issued.card_number, id_card(person), "FS0000901", branch="CCLIB").status == "active"


def test_chongqing_replaces_and_cancels_at_any_of_its_libraries(make_desk):
    desk = make_desk("chongqing")
    pupil = desk.person(12)
    issued = desk.run(issue_card, adult_cmd(pupil, guardian=guardian_for(desk)), branch="SPBLIB", role="children")
    desk.run(report_loss, issued.card_number, branch="JBLIB")
    done = desk.run(replace_card, issued.card_number, id_card(pupil), "CQ10000901", branch="JBLIB")
    assert done.status == "active"
    assert desk.run(cancel_card, "CQ10000901", id_card(pupil), branch="YZLIB").status == "cancelled"


@pytest.mark.parametrize(("profile", "allowed"), [("foshan", True), ("shenzhen", False), ("zhejiang", False)])
def test_telephone_loss_reports_only_where_the_seed_allows_them(make_desk, profile, allowed):
    desk = make_desk(profile)
    person = desk.person(30)
    extra = {"credit_reference": "ZJ-CREDIT-001"} if profile == "zhejiang" else {}
    issued = desk.run(issue_card, adult_cmd(person, **extra))
    questions = list(load_profile("foshan").phone_loss_questions)[:3]
    if allowed:
        assert desk.run(report_loss_by_phone, issued.card_number, "本人", questions, 3).status == "lost"
    else:
        with pytest.raises(DeskError) as refused:
            desk.run(report_loss_by_phone, issued.card_number, "本人", questions, 3)
        assert refused.value.code == "loss.no_phone_reports"


def test_one_age_for_the_whole_product_at_a_refund(make_desk):
    """Born 2009-12-03, on 2025-11-30 a reader is 15 (days // 365 made it 16): a guardian comes along."""
    desk = make_desk("foshan")
    desk.now = datetime(2025, 11, 30, 2, 0, tzinfo=UTC)
    number = citizen_number("440604", date(2009, 12, 3), 17, male=True)
    cmd = adult_cmd(desk.person(15), guardian=guardian_for(desk))
    cmd = replace(cmd, documents=(DocumentInput("resident_id", number),))
    issued = desk.run(issue_card, cmd, role="children")
    desk.run(take, LedgerKind.DEPOSIT_TAKEN, issued.card_number, 10000, against_policy="旧证押金", role="deposit")
    shown = DocumentInput("resident_id", number)
    with pytest.raises(DeskError) as guardian:
        desk.run(refunds.apply_for_refund, RefundApplication(issued.card_number, shown, card_presented=True),
                 role="deposit")  # fmt: skip
    assert guardian.value.code == "refund.guardian_needed" and "16" in guardian.value.message()


def test_a_refund_asks_for_the_readers_card(make_desk):
    desk = make_desk("foshan")
    person = desk.person(40)
    issued = desk.run(issue_card, adult_cmd(person))
    desk.run(take, LedgerKind.DEPOSIT_TAKEN, issued.card_number, 10000, against_policy="旧证押金", role="deposit")
    with pytest.raises(DeskError) as no_card:
        desk.run(refunds.apply_for_refund, RefundApplication(issued.card_number, id_card(person)), role="deposit")
    assert no_card.value.code == "refund.card_needed"
    app = RefundApplication(issued.card_number, id_card(person), card_presented=True)
    assert desk.run(refunds.apply_for_refund, app, role="deposit").status == "applied"


def test_chongqing_names_no_guardian_for_a_refund_but_records_one_who_comes(make_desk):
    desk = make_desk("chongqing")
    pupil = desk.person(12)
    issued = desk.run(issue_card, adult_cmd(pupil, guardian=guardian_for(desk)), role="children")
    desk.run(take, LedgerKind.DEPOSIT_TAKEN, issued.card_number, 5000, against_policy="旧证押金", role="deposit")
    app = RefundApplication(issued.card_number, id_card(pupil), card_presented=True)
    assert desk.run(refunds.apply_for_refund, app, role="deposit").applicant == "reader"


def test_the_mainland_residence_permit_is_its_own_document_and_the_hmt_permit_takes_the_one_card(make_desk):
    desk = make_desk("foshan")
    person = desk.person(30)
    permit = DocumentInput("residence_permit", person.citizen_number)
    issued = desk.run(issue_card, replace(adult_cmd(person), documents=(permit,), barcode="FS0000911"))
    assert issued.card_type_code == "id_card"  # 表A1: 身份证/永久居留证/居住证
    assert not issued.is_virtual  # A.2.2: virtual numbers for the ID card and the permanent residence card only
    hmt = citizen_number("810000", date(1995, 1, 1), 2, male=True)
    visitor = replace(adult_cmd(desk.person(31)), documents=(DocumentInput("hmt_residence_permit", hmt,
                      valid_until=date(2030, 1, 1)),), barcode="FS0000912")  # fmt: skip
    assert desk.run(issue_card, visitor).card_type_code == "yikatong"


def test_a_recorded_fine_blocks_a_foshan_cancellation_though_foshan_sets_no_daily_rate(make_desk):
    """6.3.4: 缴清过期违约金 — a member library's fine (按各馆规定) blocks whatever rule computed it."""
    desk = make_desk("foshan")
    person = desk.person(30)
    issued = desk.run(issue_card, adult_cmd(person))
    _loan(desk, issued.card_number, "SDLIB", due=TODAY - timedelta(days=20), returned=TODAY - timedelta(days=2),
          recorded=350)  # fmt: skip
    with pytest.raises(DeskError) as owed:
        desk.run(cancel_card, issued.card_number, id_card(person))
    assert owed.value.code == "card.fines_unpaid" and "3.50 元" in owed.value.message()


def test_a_recorded_fine_stops_the_credit_reading_waiver(make_desk):
    desk = make_desk("zhejiang")
    person = desk.person(30)
    first = desk.run(issue_card, adult_cmd(person, credit_reference="ZJ-CREDIT-002"))
    _loan(desk, first.card_number, "ZJLIB", due=TODAY - timedelta(days=40), returned=TODAY - timedelta(days=35),
          recorded=200)  # fmt: skip
    card = desk.read(lambda uow: uow.cards.where(number=first.card_number)[0])
    from desk_app.core.credit_standing import standing

    ct = desk.profile.card_type("credit_reading")
    assert ct.deposit_waiver is not None
    loans = desk.read(lambda uow: uow.loans.where(reader_id=card.reader_id))
    verdict = standing(ct.deposit_waiver, loans, lambda loan: ct, TODAY)
    assert not verdict.waived and "未缴滞纳金 2.00 元" in verdict.reason


def test_a_breach_on_the_card_blocks_a_renewal_in_chongqing():
    """五（九）: 有违约及违规行为借阅卡不可续借 — another item overdue, or a fine unpaid."""
    cq = load_profile("chongqing").card_type("student")
    reader, card = uuid.uuid4(), uuid.uuid4()

    def loan(due: date, returned: date | None = None) -> Loan:
        return Loan(new_id(), reader, card, "B", "书", False, "SPBLIB", NOW, due, returned)

    current = loan(TODAY + timedelta(days=5))
    assert check_renewal(current, cq, TODAY, card_loans=[current]).allowed
    overdue = loan(TODAY - timedelta(days=3))
    refused = check_renewal(current, cq, TODAY, card_loans=[current, overdue])
    assert not refused.allowed and "违约" in refused.reason
    fined = loan(TODAY - timedelta(days=20), returned=TODAY - timedelta(days=10))  # 10 days late, unpaid
    assert not check_renewal(current, cq, TODAY, card_loans=[current, fined]).allowed


@pytest.mark.parametrize("weak", ["abcdefg１", "ａｂｃｄｅｆｇ1", "abcdefgh", "1234567８"])
def test_a_full_width_digit_or_letter_does_not_make_a_password_strong(weak):
    with pytest.raises(DeskError):
        check_strength(weak)
    check_strength("abcdefg1")


def test_a_shenzhen_two_year_old_is_issued_only_with_the_guardian_present(make_desk):
    desk = make_desk("shenzhen")
    toddler = desk.person(2)
    with pytest.raises(DeskError) as absent:
        desk.run(issue_card, adult_cmd(toddler, guardian=guardian_for(desk, present=False)), role="children")
    assert "陪同" in absent.value.message()
    assert desk.run(issue_card, adult_cmd(toddler, guardian=guardian_for(desk)), role="children").status == "active"


def test_a_credit_check_is_a_reference_number_not_any_text(make_desk):
    desk = make_desk("zhejiang")
    with pytest.raises(DeskError) as text:
        desk.run(issue_card, adult_cmd(desk.person(30), credit_reference="ok"))
    assert text.value.code == "credit.reference_format"
    assert desk.run(issue_card, adult_cmd(desk.person(31), credit_reference="ZJ-2026-000123")).status == "active"


def test_no_screen_or_guide_says_the_desk_lends():
    """Lending is the union's library system's job: the guide says where the loan rules are applied."""
    from desk_app.core.reader_guide import reader_guide

    for name in ("foshan", "chongqing"):
        guide = reader_guide(load_profile(name))
        text = "".join(str(part) for part in guide.__dict__.values())
        assert "借还由图书馆的借阅系统办理" in text
