"""The policy rules on their own: guardians by age, eligibility, loans, fines, passwords."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from desk_app.core.clock import age_on, local_date
from desk_app.core.eligibility import eligible_card_types, require_usual_age_at_the_counter
from desk_app.core.entities import Loan
from desk_app.core.errors import DeskError
from desk_app.core.guardian_rules import guardian_requirement
from desk_app.core.ids import new_id
from desk_app.core.loan_rules import (
    check_new_loan,
    check_renewal,
    due_date_for,
    fine_accrued_fen,
    renewed_due_date,
    unpaid_fines_fen,
)
from desk_app.core.passwords import check_strength, default_password
from desk_app.core.policy import load_profile
from forms.identity_documents import DocumentType as D

TODAY = date(2026, 11, 22)
CQ = load_profile("chongqing").card_type("student")


def loan(due, returned=None, foreign=False, renewals=0, paid=0):
    return Loan(
        new_id(),
        new_id(),
        new_id(),
        "B1",
        "书",
        foreign,
        "SPBLIB",
        datetime(2026, 1, 1, tzinfo=UTC),
        due,
        returned,
        renewals,
        paid,
    )


def test_age_is_completed_years_in_the_librarys_time_zone():
    assert age_on(date(2010, 11, 23), TODAY) == 15
    assert age_on(date(2010, 11, 22), TODAY) == 16
    # 23:30 UTC on the 21st is already the 22nd in Beijing.
    assert local_date(datetime(2026, 11, 21, 23, 30, tzinfo=UTC), "Asia/Shanghai") == TODAY
    with pytest.raises(ValueError, match="naive"):
        local_date(datetime(2026, 11, 21, 23, 30), "Asia/Shanghai")  # noqa: DTZ001


@pytest.mark.parametrize(
    ("profile", "card_type", "age", "consent", "accompany", "children"),
    [
        ("shenzhen", "library_city", 2, True, True, True),
        ("shenzhen", "library_city", 3, True, True, True),
        ("shenzhen", "library_city", 8, True, True, True),
        ("shenzhen", "library_city", 9, True, False, True),
        ("shenzhen", "library_city", 13, True, False, True),
        ("shenzhen", "library_city", 14, False, False, False),
        ("foshan", "id_card", 15, True, False, False),
        ("foshan", "id_card", 16, False, False, False),
        ("foshan", "yikatong", 10, True, False, False),
        ("chongqing", "student", 17, True, False, False),
        ("zhejiang", "credit_reading", 30, False, False, False),
    ],
)
def test_who_signs_and_who_comes_along(profile, card_type, age, consent, accompany, children):
    need = guardian_requirement(load_profile(profile).card_type(card_type), age)
    assert (need.consent_required, need.must_accompany, need.children_desk) == (consent, accompany, children)


@pytest.mark.parametrize(
    ("profile", "card_type", "age", "signers"),
    [
        ("shenzhen", "library_city", 5, ("guardian",)),
        ("shenzhen", "library_city", 8, ("reader", "guardian")),
        ("foshan", "id_card", 15, ("reader", "guardian")),
        ("foshan", "id_card", 16, ("reader",)),
        ("chongqing", "student", 4, ("guardian",)),
        ("chongqing", "student", 18, ("reader", "guardian")),
    ],
)
def test_who_signs_the_form(profile, card_type, age, signers):
    assert guardian_requirement(load_profile(profile).card_type(card_type), age).signers == signers


def test_foshan_eligibility_by_document_and_age():
    foshan = load_profile("foshan")
    codes = lambda docs, age: [ct.code for ct in eligible_card_types(foshan, docs, age)]  # noqa: E731
    assert codes([D.RESIDENT_ID], 30) == ["id_card"]
    assert codes([D.RESIDENT_ID], 15) == ["id_card", "yikatong"]
    assert codes([D.PASSPORT], 30) == ["yikatong"]
    assert codes([D.HOUSEHOLD_REGISTER], 8) == ["yikatong"]
    assert codes([D.FOREIGN_PERMANENT_RESIDENCE], 40) == ["id_card"]


def test_chongqing_student_card_is_for_pupils_whatever_their_age():
    """一、办理对象: enrolled pupils, not an age range; at the counter an unusual age is refused (the school's
    list brings such a pupil, confirmed by a supervisor)."""
    cq = load_profile("chongqing")
    student = cq.card_type("student")
    assert [ct.code for ct in eligible_card_types(cq, [D.RESIDENT_ID], 20)] == ["student"]
    assert eligible_card_types(cq, [D.MILITARY_ID], 10) == []
    require_usual_age_at_the_counter(student, 3)
    require_usual_age_at_the_counter(student, 19)
    for unusual in (2, 20, 38):
        with pytest.raises(DeskError) as refused:
            require_usual_age_at_the_counter(student, unusual)
        assert "学校名单" in refused.value.message("zh")


def test_chongqing_loan_limits_eight_items_three_foreign():
    out = [loan(TODAY + timedelta(days=9)) for _ in range(7)]
    assert check_new_loan(out, CQ, foreign_language=False).allowed
    assert not check_new_loan([*out, loan(TODAY)], CQ, foreign_language=False).allowed
    foreign = [loan(TODAY, foreign=True) for _ in range(3)]
    assert check_new_loan(foreign, CQ, foreign_language=False).allowed
    check = check_new_loan(foreign, CQ, foreign_language=True)
    assert not check.allowed and "3" in check.reason
    returned = [loan(TODAY, returned=TODAY) for _ in range(20)]
    assert check_new_loan(returned, CQ, foreign_language=True).allowed


def test_foshan_twenty_books_and_no_foreign_limit():
    fs = load_profile("foshan").card_type("id_card")
    assert check_new_loan([loan(TODAY, foreign=True) for _ in range(19)], fs, foreign_language=True).allowed
    assert not check_new_loan([loan(TODAY) for _ in range(20)], fs, foreign_language=False).allowed


def test_chongqing_fines_twenty_fen_a_day_capped_at_fifty_yuan_per_item():
    assert fine_accrued_fen(loan(TODAY), CQ, TODAY) == 0
    assert fine_accrued_fen(loan(TODAY - timedelta(days=1)), CQ, TODAY) == 20
    assert fine_accrued_fen(loan(TODAY - timedelta(days=100)), CQ, TODAY) == 2000
    assert fine_accrued_fen(loan(TODAY - timedelta(days=250)), CQ, TODAY) == 5000
    assert fine_accrued_fen(loan(TODAY - timedelta(days=900)), CQ, TODAY) == 5000
    # The fine stops growing on the day the item came back.
    assert fine_accrued_fen(loan(TODAY - timedelta(days=30), returned=TODAY - timedelta(days=25)), CQ, TODAY) == 100
    items = [loan(TODAY - timedelta(days=10), paid=150), loan(TODAY - timedelta(days=300))]
    assert unpaid_fines_fen(items, CQ, TODAY) == 50 + 5000


def test_no_fine_where_the_policy_sets_none():
    assert fine_accrued_fen(loan(TODAY - timedelta(days=99)), load_profile("foshan").card_type("id_card"), TODAY) == 0


def test_chongqing_loan_period_and_one_renewal_from_the_day_of_renewal():
    assert due_date_for(CQ, TODAY) == TODAY + timedelta(days=30)
    current = loan(TODAY + timedelta(days=3))
    assert check_renewal(current, CQ, TODAY).allowed
    assert renewed_due_date(CQ, TODAY, current.due_date) == TODAY + timedelta(days=30)
    assert not check_renewal(loan(TODAY + timedelta(days=3), renewals=1), CQ, TODAY).allowed
    assert not check_renewal(loan(TODAY - timedelta(days=1)), CQ, TODAY).allowed
    assert not check_renewal(current, CQ, TODAY, reserved=True).allowed
    assert not check_renewal(loan(TODAY, returned=TODAY), CQ, TODAY).allowed


def test_default_password_and_strength():
    assert default_password("44060419900615123X") == "15123X"
    for weak in ("abc123", "abcdefgh", "12345678"):
        with pytest.raises(DeskError):
            check_strength(weak)
    check_strength("reader2026")


@pytest.mark.parametrize("name", ["shenzhen", "foshan", "chongqing", "zhejiang"])
def test_the_card_type_a_form_selects_admits_the_document_read(name: str) -> None:
    """A passport read at the counter selects a card type that admits a passport (not the ID-card type),
    before the birth date is known and after."""
    from desk_app.core.eligibility import card_type_for_document

    profile = load_profile(name)
    admitting = [ct for ct in profile.card_types if any(D.PASSPORT in rule.documents for rule in ct.eligibility)]
    for age in (None, 30):
        chosen = card_type_for_document(profile, D.PASSPORT, age)
        if not admitting:  # Zhejiang's credit reading is for resident ID holders only: the form leaves the choice
            assert chosen is None
            continue
        assert chosen in admitting
        if age is not None:
            assert chosen in eligible_card_types(profile, [D.PASSPORT], age)
    resident = card_type_for_document(profile, D.RESIDENT_ID, 30)
    assert resident is not None and resident.code == profile.default_card_type
