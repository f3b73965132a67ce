"""One text rule for every way text comes in: form, command line, import and device (docs/rules.md)."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desk_app.core.errors import DeskError
from desk_app.core.services.issue import issue_card
from desk_app.core.services.lifecycle import report_loss_by_phone
from desk_app.core.text_rules import clean_free_text, clean_person_name
from tests.cli_staff import DEMO_PASSWORD, demo_staff
from tests.test_issue_card import adult_cmd

# Characters the rule refuses wherever they stand: controls, escapes, bidi and line separators.
REFUSED = ["\x00", "\x1b[31m", "\u202e", "\u2066", "\r\n", "\n", "\t", "\u2028", "\ue000"]


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        ("王 小明", "王小明"),
        ("王\u3000小明", "王小明"),
        (" 王  小 明 ", "王小明"),
        ("\u200b王小明\ufeff", "王小明"),
        ("ＷＡＮＧ  Ｘｉａｏ", "WANG Xiao"),
        ("Anna   Maria  Eriksson", "Anna Maria Eriksson"),
        ("买买提 ・ 艾力", "买买提·艾力"),
        ("𠮷野 家", "𠮷野家"),
    ],
)
def test_names_are_stored_in_one_form(raw, stored):
    assert clean_person_name(raw) == stored


@pytest.mark.parametrize("bad", REFUSED)
def test_control_escape_and_bidi_characters_are_refused_with_their_position(bad):
    with pytest.raises(DeskError) as refused:
        clean_person_name("王" + bad + "明")
    assert refused.value.code == "input.invisible_character"
    assert "第2个字符" in refused.value.message("zh") and "position 2" in refused.value.message("en")
    with pytest.raises(DeskError):
        clean_free_text("某路" + bad + "1号", 200, "通讯地址")


@given(st.text(max_size=80))
def test_whatever_is_typed_is_refused_or_stored_clean(text):
    try:
        name = clean_person_name(text)
    except DeskError as err:
        assert err.message("zh") and err.message("en")
        return
    assert name == name.strip() and "  " not in name and len(name) <= 50
    assert not any(ord(c) < 0x20 or 0x202A <= ord(c) <= 0x202E or ord(c) in (0x200B, 0xFEFF) for c in name)
    assert clean_person_name(name) == name  # one form: cleaning again changes nothing


def test_a_guardian_name_follows_the_same_rule_as_the_readers(make_desk):
    from tests.test_issue_card import guardian_for

    desk = make_desk("foshan")
    guardian = guardian_for(desk)
    with pytest.raises(DeskError) as refused:
        desk.run(issue_card, adult_cmd(desk.person(10), guardian=replace(guardian, name="张\x00三")))
    assert refused.value.code == "input.invisible_character"


def test_a_callers_name_that_is_too_long_is_refused_not_cut(make_desk):
    desk = make_desk("foshan")
    issued = desk.run(issue_card, adult_cmd(desk.person(30)))
    questions = list(desk.profile.phone_loss_questions)
    with pytest.raises(DeskError) as refused:
        desk.run(report_loss_by_phone, issued.card_number, "来" * 10_000, questions, len(questions))
    assert refused.value.code == "input.too_long"


def test_the_command_line_stores_and_finds_the_same_name(tmp_path):
    carddesk = [sys.executable, "-m", "desk_app", "--db", str(tmp_path / "d.sqlite"), "--profile", "foshan"]

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*carddesk, *demo_staff("FSLIB"), *args], capture_output=True, text=True,
                              input=DEMO_PASSWORD + "\n", timeout=120, check=False)  # fmt: skip

    assert run("demo-data", "--readers", "3").returncode == 0
    long_caller = run("report-loss", "NOPE", "--phone", "--caller", "x" * 10_000, "--asked", "a,b,c", "--correct", "3")
    assert long_caller.returncode == 2 and "过长" in long_caller.stderr
    escaped = run("report-loss", "NOPE", "--phone", "--caller", "\x1b[31m红", "--asked", "a,b,c", "--correct", "3")
    assert escaped.returncode == 2 and "\x1b" not in escaped.stderr


def test_a_name_typed_with_a_space_finds_the_reader_stored_without(tmp_path):
    from desk_app.bootstrap import open_desk
    from desk_app.core.entities import Actor
    from desk_app.core.services.context import DeskContext
    from desk_app.core.services.setup import add_staff
    from desk_app.demo.people import PeopleFactory
    from tests.conftest import NOW, TODAY

    desk = open_desk(tmp_path / "d.sqlite", "foshan")
    try:
        with desk.uow() as uow:
            staff = add_staff(uow, "c", "柜台", "FSLIB", "counter")
        ctx = DeskContext(Actor(staff.id, "FSLIB", "D1"), desk.profile, clock=lambda: NOW)
        with desk.uow() as uow:
            issue_card(uow, ctx, replace(adult_cmd(PeopleFactory("foshan", 5).person(30, TODAY)), name="王 小明"))
        assert [r.name for r in desk.directory().search("王小明")] == ["王小明"]
        assert [r.name for r in desk.directory().search("王 小 明")] == ["王小明"]
    finally:
        desk.close()


def test_ideographs_newer_than_pythons_unicode_tables_are_kept():
    assert clean_person_name("吉\U0002ebf0") == "吉\U0002ebf0"  # CJK extension I (Unicode 15.1)
