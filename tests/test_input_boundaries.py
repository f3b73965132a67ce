"""Fuzzing the boundaries: whatever is typed, scanned or pasted gets a clear refusal or a clean value."""

from __future__ import annotations

import contextlib
import re
import uuid
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from desk_app.core.errors import DeskError
from desk_app.core.exports import write_table
from desk_app.core.privacy import mask_text
from desk_app.core.services.inputs import clean_barcode, clean_chip_uid, clean_name, clean_phone, clean_text
from desk_app.core.services.issue import IssueCardCommand, issue_card
from desk_app.demo.people import citizen_number
from forms.identity_documents import DocumentType, check_document

TODAY = date(2026, 11, 22)
# Rare characters (CJK extension B), control characters, full-width forms, emoji and plain text.
messy = st.text(
    alphabet=st.one_of(
        st.characters(min_codepoint=0x20000, max_codepoint=0x2A6DF),
        st.characters(max_codepoint=0x1F),
        st.characters(min_codepoint=0xFF01, max_codepoint=0xFF5E),
        st.sampled_from("王李张𠮷x X-=+@\t\r\n\u200b😀0123456789"),
    ),
    max_size=300,
)


@given(messy)
def test_cleaners_return_clean_text_or_refuse(text):
    for cleaner in (clean_name, clean_phone, clean_barcode, clean_chip_uid, lambda t: clean_text(t, 200, "地址")):
        try:
            value = cleaner(text)
        except DeskError as err:
            assert err.message("zh") and err.message("en")
            continue
        assert not re.search(r"[\x00-\x1f\x7f]", value)
    with contextlib.suppress(DeskError):
        assert len(clean_name(text)) <= 50


@given(st.sampled_from(list(DocumentType)), messy, st.one_of(st.none(), st.dates()), st.one_of(st.none(), messy))
def test_any_document_input_is_checked_or_refused_with_a_reason(doc_type, number, valid_until, nationality):
    try:
        checked = check_document(doc_type, number, TODAY, valid_until, nationality)
    except DeskError as err:
        assert err.message("zh")
    else:
        assert checked.person_key and checked.number


@given(st.dates(min_value=date(1930, 1, 1), max_value=date(2020, 1, 1)), st.integers(0, 499), st.booleans(), messy)
def test_masked_text_never_holds_a_full_citizen_number(birth, seq, male, noise):
    number = citizen_number("110101", birth, seq, male)
    for text in (f"{noise}{number}{noise}", f"号码：{number}。", number + "x"):
        assert number not in mask_text(text)


@given(st.lists(messy, min_size=1, max_size=5))
@settings(max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_exported_cells_never_become_formulas(tmp_path, cells):
    cells = [*cells, '=HYPERLINK("http://x","y")', "+1+1", "-2", "@SUM(A1)"]
    book = load_workbook(write_table(tmp_path / "out.xlsx", ["v"] * len(cells), [cells]))
    sheet = book.active
    for cell in sheet[2]:
        assert cell.data_type != "f"
        if cell.value:
            assert not str(cell.value).startswith(("=", "+", "-", "@"))
    csv_text = write_table(tmp_path / "out.csv", ["v"] * len(cells), [cells]).read_text("utf-8-sig")
    assert ",=HYPERLINK" not in csv_text and "\n=" not in csv_text


@given(name=messy, address=messy, phone=st.one_of(messy, st.just("13900001111")))
@settings(max_examples=40, deadline=None)
def test_issuing_with_any_typed_details_succeeds_or_refuses_cleanly(name, address, phone):
    from desk_app.core.entities import Actor, Staff
    from desk_app.core.ids import new_id
    from desk_app.core.policy import load_profile
    from desk_app.core.services.context import DeskContext
    from desk_app.core.services.inputs import DocumentInput
    from tests.conftest import NOW
    from tests.fakes import FakeUnitOfWork, seed

    profile = load_profile("foshan")
    uow = FakeUnitOfWork()
    staff = Staff(new_id(), "c", "柜台", "FSLIB", "counter")
    seed(uow, list(profile.branches), [staff])
    ctx = DeskContext(Actor(staff.id, "FSLIB", "D1"), profile, clock=lambda: NOW)
    number = citizen_number("110101", date(1990, 1, 1), 3, True)
    cmd = IssueCardCommand(name=name, phone=phone, address=address, documents=(DocumentInput("resident_id", number),))
    try:
        issued = issue_card(uow, ctx, cmd)
    except DeskError as err:
        assert err.message("zh")
        assert uow.readers.where() == []
    else:
        reader = uow.readers.get(uuid.UUID(issued.reader_id))
        assert reader.address == clean_text(address, 200, "地址")


def test_a_long_address_is_refused_not_cut():
    with pytest.raises(DeskError) as refused:
        clean_text("路" * 201, 200, "通讯地址")
    assert "通讯地址" in refused.value.message() and "200" in refused.value.message()


@pytest.mark.parametrize(
    ("raw", "label"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\x\\学生名单.xlsx", "学生名单.xlsx"),
        ("名单\u202excod.xlsx", "名单xcod.xlsx"),
        ("CON.xlsx", "_CON.xlsx"),
        ("...", "导入文件"),
        ("", "导入文件"),
    ],
)
def test_incoming_file_names_become_safe_labels(raw, label):
    from desk_app.core.filenames import safe_file_label

    assert safe_file_label(raw) == label


@given(messy)
def test_any_file_name_becomes_a_short_label_without_paths_or_hidden_characters(raw):
    from desk_app.core.filenames import MAX_LENGTH, safe_file_label

    label = safe_file_label(raw)
    assert label and len(label) <= MAX_LENGTH
    assert "/" not in label and "\\" not in label and not label.startswith(".")
    assert not re.search(r"[\x00-\x1f\x7f\u202a-\u202e]", label)
