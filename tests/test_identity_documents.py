"""Document checks: check digits, birth dates, expiry, and one person key across documents."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from stdnum.cn import ric

from desk_app.core.errors import DeskError
from desk_app.demo.people import citizen_number
from forms.identity_documents import DocumentType, check_document

TODAY = date(2026, 11, 22)
VALID = citizen_number("110101", date(1990, 6, 15), 12, male=True)


def with_check_digit(body17: str) -> str:
    return body17 + ric.calc_check_digit(body17 + "0")


def test_resident_id_gives_birth_date_gender_and_key():
    doc = check_document("resident_id", VALID, TODAY)
    assert doc.birth_date == date(1990, 6, 15) and doc.gender == "M"
    assert doc.person_key == f"CN:{VALID}"


def test_full_width_spaces_and_small_x_are_normalised():
    body = "11010119900615"
    number = next(
        with_check_digit(body + f"{s:03d}") for s in range(1000) if with_check_digit(body + f"{s:03d}").endswith("X")
    )
    typed = " " + number[:-1].translate(str.maketrans("0123456789", "０１２３４５６７８９")) + "x "
    assert check_document("resident_id", typed, TODAY).number == number


@pytest.mark.parametrize(
    ("number", "code"),
    [
        (VALID[:-1] + str((int(VALID[-1]) + 1) % 10 if VALID[-1] != "X" else 0), "document.bad_check_digit"),
        (VALID[:10], "document.bad_format"),
        (with_check_digit("11010119900230123"), "document.bad_birth_date"),
        (with_check_digit("99060419900615123"), "document.unknown_region"),
        (with_check_digit("00000019900615123"), "document.unknown_region"),
        (with_check_digit("11010120990101123"), "document.future_birth_date"),
        ("", "document.number_missing"),
    ],
)
def test_bad_resident_ids_are_refused_with_the_reason(number, code):
    with pytest.raises(DeskError) as refused:
        check_document("resident_id", number, TODAY)
    assert refused.value.code == code


def _county_codes() -> list[str]:
    """Every six-digit address code in python-stdnum's table (GB/T 2260, every year it lists)."""
    import stdnum.cn

    codes, province = [], ""
    for line in (Path(stdnum.cn.__file__).parent / "loc.dat").read_text(encoding="utf-8").splitlines():
        if line[:1].isdigit():
            province = line.split()[0]
        elif line.startswith("  ") and line.strip()[:4].isdigit():
            codes.append(province + line.split()[0])
    return codes


def test_every_county_code_of_the_table_is_accepted_for_every_birth_year():
    """A number keeps the county code where it was first assigned, whenever the county existed."""
    codes = _county_codes()
    assert len(codes) > 3000 and "500103" in codes and "440304" in codes
    refused = []
    for year in range(1900, TODAY.year + 1):
        for code in codes:
            number = with_check_digit(f"{code}{year}0101{year % 1000:03d}")
            try:
                check_document("resident_id", number, TODAY)
            except DeskError as err:
                refused.append((number, err.code))
    assert refused == []


@pytest.mark.parametrize("number", ["500103198506010011", "440304197001010012"])
def test_the_numbers_the_field_reported_are_accepted(number):
    doc = check_document("resident_id", number, TODAY)
    assert doc.number == number and doc.birth_date is not None


def test_documents_carrying_the_citizen_number_share_the_person_key():
    keys = {
        check_document(t, VALID, TODAY, valid_until=date(2030, 1, 1)).person_key
        for t in ("resident_id", "household_register", "drivers_licence", "social_security_card")
    }
    assert keys == {f"CN:{VALID}"}


def test_expired_and_undated_documents():
    with pytest.raises(DeskError) as expired:
        check_document("resident_id", VALID, TODAY, valid_until=date(2026, 11, 21))
    assert expired.value.code == "document.expired"
    assert check_document("resident_id", VALID, TODAY, valid_until=TODAY).valid_until == TODAY
    with pytest.raises(DeskError) as undated:
        check_document("passport", "E12345678", TODAY, nationality="CHN")
    assert undated.value.code == "document.expiry_required"
    with pytest.raises(DeskError) as stateless:
        check_document("passport", "E12345678", TODAY, valid_until=date(2030, 1, 1))
    assert stateless.value.code == "document.nationality_required"


def test_hong_kong_macau_taiwan_residence_permits():
    for prefix in ("810000", "820000", "830000"):
        number = with_check_digit(prefix + "19950101002")
        doc = check_document("hmt_residence_permit", number, TODAY, valid_until=date(2030, 1, 1))
        assert doc.birth_date == date(1995, 1, 1) and doc.gender == "F"
    with pytest.raises(DeskError) as mainland:
        check_document("hmt_residence_permit", VALID, TODAY, valid_until=date(2030, 1, 1))
    assert mainland.value.code == "document.bad_format"


def test_foreign_permanent_residence_2017_and_2023_layouts():
    old = check_document("foreign_permanent_residence", "USA440119860512", TODAY, valid_until=date(2030, 1, 1))
    assert old.person_key == "FPR:USA440119860512" and old.birth_date is None
    # 9, province 44, country 840, birth date, sequence, gender digit, check digit.
    new_number = with_check_digit("94484019860512121")
    new = check_document("foreign_permanent_residence", new_number, TODAY, valid_until=date(2030, 1, 1))
    assert new.birth_date == date(1986, 5, 12)
    with pytest.raises(DeskError):
        check_document(
            "foreign_permanent_residence",
            with_check_digit("44034011986051210")[:18],
            TODAY,
            valid_until=date(2030, 1, 1),
        )


@pytest.mark.parametrize(
    ("doc_type", "good", "bad"),
    [
        (DocumentType.HK_MACAU_TRAVEL_PERMIT, "H12345678", "X12345678"),
        (DocumentType.TAIWAN_COMPATRIOT_PERMIT, "12345678", "1234"),
        (DocumentType.PASSPORT, "E12345678", "E1"),
        (DocumentType.MILITARY_ID, "军字第20261234号", "军"),
    ],
)
def test_other_document_numbers(doc_type, good, bad):
    kw = {"valid_until": date(2030, 1, 1), "nationality": "CHN"}
    assert check_document(doc_type, good, TODAY, **kw).number
    with pytest.raises(DeskError) as refused:
        check_document(doc_type, bad, TODAY, **kw)
    assert refused.value.code == "document.bad_format"


def test_passport_key_includes_the_nationality():
    a = check_document("passport", "E12345678", TODAY, valid_until=date(2030, 1, 1), nationality="chn")
    b = check_document("passport", "E12345678", TODAY, valid_until=date(2030, 1, 1), nationality="GBR")
    assert a.person_key != b.person_key


def test_unknown_document_type():
    with pytest.raises(DeskError) as refused:
        check_document("library_card", "123", TODAY)
    assert refused.value.code == "document.unknown_type"


def test_messages_have_both_languages():
    err = DeskError("document.expired", doc_name="护照", valid_until="2020-01-01")
    assert "过期" in err.message("zh") and "expired" in err.message("en")
