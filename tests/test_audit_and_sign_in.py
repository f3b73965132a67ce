"""The hash-chained audit log catches edits and deletions; staff sign-in locks after repeated failures."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from desk_app.bootstrap import open_desk
from desk_app.core.audit_chain import verify
from desk_app.core.errors import DeskError
from desk_app.core.services.audit_log import search_audit, view_reader_details
from desk_app.core.services.issue import issue_card
from desk_app.core.services.lifecycle import report_loss
from desk_app.core.services.staff_accounts import (
    MAX_FAILURES,
    create_first_admin,
    create_staff,
    set_password,
    sign_in,
    unlock,
)
from tests.conftest import NOW
from tests.environments import keyed_desk_file
from tests.test_issue_card import adult_cmd

CARDDESK = Path(sys.executable).parent / "carddesk"


def fill(desk, readers=3):
    people = [desk.person(30 + n) for n in range(readers)]
    issued = [desk.run(issue_card, adult_cmd(person)) for person in people]
    desk.run(report_loss, issued[0].card_number, branch="NHLIB")
    return people


def test_the_chain_of_a_busy_desk_verifies(make_desk):
    desk = make_desk("foshan")
    fill(desk)
    records = desk.read(lambda uow: uow.audit.where())
    assert [r.seq for r in sorted(records, key=lambda r: r.seq)] == list(range(1, len(records) + 1))
    assert verify(records).ok


def test_an_edited_or_deleted_record_is_found_by_audit_verify(tmp_path):
    from desk_app.demo.demo_data import make_demo_data

    path = tmp_path / "desk.sqlite"
    desk = open_desk(path, "foshan")
    make_demo_data(desk.uow_factory(), desk.profile, readers=6, clock=lambda: NOW)
    desk.close()
    done = subprocess.run(
        [str(CARDDESK), "--db", str(path), "audit", "verify", "--json"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0 and json.loads(done.stdout)["ok"]

    # Someone with the file opens it directly: the triggers are the first thing they must remove.
    raw = keyed_desk_file(path)
    raw.execute("DROP TRIGGER audit_log_no_update")
    raw.execute("UPDATE audit_log SET reason = 'nothing to see' WHERE seq = 7")
    raw.commit()
    raw.close()
    done = subprocess.run(
        [str(CARDDESK), "--db", str(path), "audit", "verify", "--json"], capture_output=True, text=True, check=False
    )
    report = json.loads(done.stdout)
    assert done.returncode == 3 and report["first_bad_seq"] == 7 and "changed" in report["problem"]

    raw = keyed_desk_file(path)
    raw.execute("UPDATE audit_log SET reason = (SELECT reason FROM audit_log WHERE seq = 8) WHERE seq = 7")
    raw.execute("DROP TRIGGER audit_log_no_delete")
    raw.execute("DELETE FROM audit_log WHERE seq = 12")
    raw.commit()
    raw.close()
    done = subprocess.run(
        [str(CARDDESK), "--db", str(path), "audit", "verify"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 3 and "record" in done.stdout


def test_supervisors_search_and_export_the_log_and_the_search_is_logged(make_desk, tmp_path):
    from desk_app.core.exports import write_table

    desk = make_desk("foshan")
    people = fill(desk)
    with pytest.raises(DeskError):
        desk.run(search_audit, role="counter")
    found = desk.run(search_audit, action="report_loss", role="supervisor")
    assert [(e.action, e.branch_code) for e in found] == [("report_loss", "NHLIB")]
    assert desk.read(lambda uow: uow.audit.where(action="audit_search"))
    everything = desk.run(search_audit, role="supervisor")
    out = write_table(
        tmp_path / "audit.csv", ["action", "before", "after"], [[e.action, e.before, e.after] for e in everything]
    )
    text = out.read_text("utf-8-sig")
    assert "register" in text
    for person in people:
        assert person.citizen_number not in text and person.phone not in text and person.name not in text


def test_full_details_are_shown_with_a_reason_and_audited(make_desk):
    import uuid

    desk = make_desk("foshan")
    person = desk.person(33)
    issued = desk.run(issue_card, adult_cmd(person))
    with pytest.raises(DeskError) as why:
        desk.run(view_reader_details, uuid.UUID(issued.reader_id), "  ")
    assert why.value.code == "privacy.reason_required"
    details = desk.run(view_reader_details, uuid.UUID(issued.reader_id), "读者本人在场核对信息")
    assert details.documents == (("居民身份证", person.citizen_number),) and details.phone == person.phone
    seen = desk.read(lambda uow: uow.audit.where(action="view_details"))
    assert len(seen) == 1 and seen[0].reason == "读者本人在场核对信息" and seen[0].desk_code == "D1"


def test_sign_in_locks_after_repeated_failures(make_desk):
    desk = make_desk("foshan")
    member = desk.member("FSLIB", "counter")
    desk.run(set_password, member.username, "desk2026a", role="admin")
    signed = desk.read(lambda uow: sign_in(uow, member.username, "desk2026a", "D3", NOW))
    assert (signed.actor.branch_code, signed.actor.desk_code, signed.role) == ("FSLIB", "D3", "counter")
    for _ in range(MAX_FAILURES):
        with pytest.raises(DeskError) as wrong:
            desk.read(lambda uow: sign_in(uow, member.username, "guess", "D3", NOW))
        assert wrong.value.code == "staff.bad_credentials"
    with pytest.raises(DeskError) as locked:
        desk.read(lambda uow: sign_in(uow, member.username, "desk2026a", "D3", NOW + timedelta(minutes=5)))
    assert locked.value.code == "staff.locked"
    later = NOW + timedelta(minutes=16)
    assert desk.read(lambda uow: sign_in(uow, member.username, "desk2026a", "D3", later)).role == "counter"
    with pytest.raises(DeskError) as nobody:
        desk.read(lambda uow: sign_in(uow, "nobody", "desk2026a", "D3", NOW))
    assert nobody.value.code == "staff.bad_credentials"  # the same answer: no hint which part was wrong
    failures = desk.read(lambda uow: uow.audit.where(action="sign_in_failed"))
    assert len(failures) == MAX_FAILURES and failures[-1].after in ({"locked": True}, {"locked": False})


def test_only_a_branch_admin_adds_staff_and_only_to_their_branch(make_desk):
    desk = make_desk("foshan")
    with pytest.raises(DeskError):
        desk.run(create_staff, "bob", "鲍勃", "counter", "abcd1234", role="supervisor")
    with pytest.raises(DeskError) as weak:
        desk.run(create_staff, "bob", "鲍勃", "counter", "short", role="admin")
    assert weak.value.code == "password.too_weak"
    bob = desk.run(create_staff, "bob", "鲍勃", "children", "abcd1234", branch="SDLIB", role="admin")
    assert bob.branch_code == "SDLIB" and bob.role == "children"


def test_an_admin_sets_passwords_and_unlocks_only_their_branch_and_the_audit_names_them(make_desk):
    desk = make_desk("foshan")
    member = desk.member("FSLIB", "counter")
    other = desk.member("SDLIB", "counter")
    with pytest.raises(DeskError) as clerk:
        desk.run(set_password, member.username, "desk2026a", role="counter")
    assert clerk.value.code == "staff.not_permitted"
    with pytest.raises(DeskError) as elsewhere:
        desk.run(set_password, other.username, "desk2026a", role="admin")
    assert elsewhere.value.code == "staff.other_branch"
    admin = desk.member("FSLIB", "admin")
    desk.run(set_password, member.username, "desk2026a", role="admin")
    desk.run(unlock, member.username, role="admin")
    done = {e.action: e for e in desk.read(lambda uow: uow.audit.where(entity_id=str(member.id)))}
    assert done["set_staff_password"].staff_id == admin.id and done["unlock_staff"].staff_id == admin.id


def test_the_first_admin_is_made_only_while_nobody_can_sign_in(make_desk):
    desk = make_desk("foshan")
    first = desk.read(lambda uow: create_first_admin(uow, "boss", "馆长", "FSLIB", "first2026a", "D1", NOW))
    assert first.role == "admin"
    with pytest.raises(DeskError) as again:
        desk.read(lambda uow: create_first_admin(uow, "boss2", "馆长", "FSLIB", "first2026a", "D1", NOW))
    assert again.value.code == "staff.first_admin_exists"
