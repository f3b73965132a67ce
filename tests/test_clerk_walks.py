"""Walks of the deposit desk as a clerk does them: the real `carddesk gui` on an X server with a window manager,
driven only by key presses (xdotool), against the demo's union on this PC (a private PostgreSQL and the union
service) and a private CUPS whose cups-pdf printer writes what was printed. What the clerk sees is kept as
screenshots; what the desk did is read back from its database, the union and the printer's output."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.clerk_screen import Clerk, x_session
from tests.cli_staff import DEMO_PASSWORD
from tests.cups_server import CupsServer, private_cups
from tests.environments import cli_environment
from tests.printing_fixtures import pdf_text

pytestmark = [pytest.mark.xvfb, pytest.mark.slow]
# Every kind of document the desk prints, each to the private CUPS's cups-pdf.
EVERY_KIND = ("receipt", "refund-application", "proxy-authorisation", "registration", "guardian-consent")


@dataclass
class Demo:
    env: dict[str, str]
    desk: Path
    cups: CupsServer

    def carddesk(self, *args: str, staff: str = "fslib-deposit") -> Any:
        done = subprocess.run(
            [sys.executable, "-m", "desk_app", "--db", str(self.desk), "--staff", staff, "--password-stdin", *args],
            env=self.env, input=DEMO_PASSWORD + "\n", capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout) if "--json" in args else done.stdout

    def configure(self, **values: Any) -> None:
        """Settings of the demo desk (printers, devices), written as the desk writes them."""
        subprocess.run([sys.executable, "-c", "import json, sys; from desk_app.settings import load_settings, "
                        "save_settings; save_settings({**load_settings(), **json.loads(sys.argv[1])})",
                        json.dumps(values)], env=self.env, check=True, timeout=60)  # fmt: skip

    def printed_since(self, since: float) -> list[str]:
        """What cups-pdf wrote since then, oldest first (its folder is shared: a file another test took away
        in the meantime is not ours)."""
        found = []
        for path in self.cups.output_dir.glob("*.pdf"):
            try:
                if path.stat().st_mtime >= since and path.read_bytes().rstrip().endswith(b"%%EOF"):
                    found.append((path.stat().st_mtime, pdf_text(path)))
            except (FileNotFoundError, subprocess.CalledProcessError):
                continue
        return [text for _at, text in sorted(found)]


@pytest.fixture(scope="module")
def display() -> Iterator[str]:
    with x_session() as shown:
        yield shown


@contextmanager
def _demo_union(home: Path, profile: str) -> Iterator[Demo]:
    """The demo's union on this PC with a desk of the profile's first branch joined to it, its receipts and
    forms going to cups-pdf."""
    # Outside pytest's folders: the cluster's `postgres` user and CUPS's `lp` must enter them.
    union = Path(tempfile.mkdtemp(prefix="carddesk-clerk-union-"))
    spool = Path(tempfile.mkdtemp(prefix="carddesk-clerk-cups-"))
    for folder in (union, spool):
        folder.chmod(0o755)
    env = cli_environment(home) | {"CARDDESK_DEMO_UNION": str(union)}
    desk = home / "desk.sqlite"
    try:
        with private_cups(spool) as cups:
            up = subprocess.run([sys.executable, "-m", "desk_app.demo.local_union", "up", "--desk-db", str(desk),
                                 "--profile", profile, "--readers", "80"], env=env, capture_output=True, text=True,
                                timeout=300, check=False)  # fmt: skip
            assert up.returncode == 0, up.stderr
            made = Demo(env, desk, cups)
            kinds = ("receipt", "refund-application", "proxy-authorisation")
            made.configure(cups_server=cups.socket, printers=dict.fromkeys(kinds, cups.printer))
            yield made
    finally:
        subprocess.run([sys.executable, "-m", "desk_app.demo.local_union", "down"], env=env, timeout=120, check=False)
        shutil.rmtree(union, ignore_errors=True)
        shutil.rmtree(spool, ignore_errors=True)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    with _demo_union(tmp_path_factory.mktemp("clerk"), "foshan") as made:
        yield made


def _adults_with_a_deposit(demo: Demo, count: int) -> list[tuple[str, str, str]]:
    """(card, citizen number, name) of adult readers of the branch with nothing on loan, each given a ¥100
    deposit (taken under an earlier policy) through the desk's own command line."""
    import keyring

    from desk_app.bootstrap import open_desk
    from tests.test_keyring_backend import TestKeyring

    previous = keyring.get_keyring()
    keyring.set_keyring(TestKeyring())
    try:
        desk = open_desk(demo.desk, "foshan")
        try:
            with desk.uow() as uow:
                chosen = []
                for card in sorted(uow.cards.where(home_branch_code="FSLIB", status="active"), key=lambda c: c.number):
                    docs = [
                        d
                        for d in uow.documents.where(reader_id=card.reader_id, doc_type="resident_id")
                        if d.number[6:10] < "2000"
                    ]
                    loans = uow.loans.where(reader_id=card.reader_id)
                    if docs and not loans and not uow.ledger.where(reader_id=card.reader_id):
                        reader = uow.readers.get(card.reader_id)
                        chosen.append((card.number, docs[0].number, reader.name if reader else ""))
        finally:
            desk.close()
    finally:
        keyring.set_keyring(previous)
    assert len(chosen) >= count, chosen
    for card, _number, _name in chosen[:count]:
        demo.carddesk("deposit", "take", "--card", card, "--amount", "100", "--against-policy", "前政策下收取的押金")
    return chosen[:count]


def _signed_in(clerk: Clerk, demo: Demo, user: str, profile: str = "foshan") -> None:
    clerk.start("--db", str(demo.desk), "--profile", profile)
    clerk.window("CardDesk 登录", timeout=60)
    clerk.type(user)
    clerk.key("Tab")
    clerk.type(DEMO_PASSWORD)
    clerk.key("Return")
    clerk.gone("CardDesk 登录", timeout=60)
    clerk.window("CardDesk 读者证服务台")


def test_refunds_of_two_readers_in_a_row_each_printed(display: str, demo: Demo) -> None:
    """#27.1/.4 walked: the second reader's refund starts clean on the same open desk, and each receipt comes
    out of the printer with its own reader on it."""
    first, second = _adults_with_a_deposit(demo, 2)
    clerk = Clerk(display, demo.env, "two-refunds")
    try:
        _signed_in(clerk, demo, "fslib-deposit")
        signed_in = clerk.actions
        clerk.key("ctrl+shift+d")
        clerk.window("押金台")
        since = time.time() - 1
        for turn, (card, number, _name) in enumerate((first, second)):
            if turn:
                clerk.key("alt+c")  # back to the card field, its text selected
            clerk.type(card)
            clerk.key("Return")
            clerk.key("alt+2")
            clerk.shot(f"reader-{turn + 1}-refund-tab")
            clerk.key("alt+n")
            clerk.type(number)
            clerk.key("alt+k")
            clerk.key("alt+a")
            clerk.until(f"reader {turn + 1} applied", lambda card=card: _refund_of(demo, card) == "applied")
            clerk.key("alt+v")
            clerk.until(f"reader {turn + 1} approved", lambda card=card: _refund_of(demo, card) == "approved")
            clerk.key("alt+p")
            clerk.until(f"reader {turn + 1} paid", lambda card=card: _refund_of(demo, card) == "paid")
            receipt = _refund(demo, card)["receipts"][0]
            clerk.until(f"receipt {turn + 1} printed",
                        lambda receipt=receipt: any(receipt in text for text in demo.printed_since(since)))  # fmt: skip
            clerk.shot(f"reader-{turn + 1}-paid")
        printed = demo.printed_since(since)
        receipts = [_refund(demo, first[0])["receipts"][0], _refund(demo, second[0])["receipts"][0]]
        # Each reader's application (printed with it, to sign) and receipt, in that order, nothing of the other's.
        assert len(printed) == 4 and receipts[0] in printed[1] and receipts[1] in printed[3]
        assert first[1] in printed[0] and second[1] in printed[2] and first[1] not in printed[2]
        assert "100.00" in printed[1] and "100.00" in printed[3]
        # Per reader: the card, Enter, the refund tab, the document's field and number, the card check, apply,
        # approve, pay (the reader page of #22 is to bring this down to five after a tap).
        assert clerk.actions - signed_in <= 1 + 2 * 9 + 1
    finally:
        clerk.stop()


def _refund(demo: Demo, card: str) -> dict[str, Any]:
    found = [r for r in demo.carddesk("refund", "list", "--json") if r["card_number"] == card]
    return dict(found[0]) if found else {}


def _refund_of(demo: Demo, card: str) -> str:
    return str(_refund(demo, card).get("status", ""))


def test_a_proxy_refund_prints_the_agents_form_and_a_receipt_is_reprinted_from_the_history(
    display: str, demo: Demo
) -> None:
    """#27.3/.4 walked: the agent typed at the desk is on the printed application with the power of attorney;
    the receipt printed once is printed again from the print-history tab."""
    from datetime import UTC, datetime

    from desk_app.demo.people import PeopleFactory

    ((card, number, _name),) = _adults_with_a_deposit(demo, 1)
    agent = PeopleFactory("foshan", seed=7171).person(47, datetime.now(UTC).date())
    clerk = Clerk(display, demo.env, "proxy-refund")
    try:
        _signed_in(clerk, demo, "fslib-deposit")
        clerk.key("ctrl+shift+d")
        clerk.window("押金台")
        clerk.type(card)
        clerk.key("Return")
        clerk.key("alt+2")
        clerk.key("alt+n")
        clerk.type(number)
        clerk.key("alt+k")
        clerk.key("alt+m")
        clerk.type(agent.name)
        clerk.key("alt+d")
        clerk.type(agent.citizen_number)
        clerk.key("alt+w")
        clerk.type("WT-2026-0042")
        since = time.time() - 1
        clerk.key("alt+a")  # recorded, and the agent's form printed with it for the signatures
        clerk.until("the agent's application", lambda: _refund(demo, card).get("applicant") == "agent")
        clerk.until("the form printed", lambda: len(demo.printed_since(since)) == 1)
        form = demo.printed_since(since)[0]
        assert agent.citizen_number in form and number in form  # the agent's and the reader's documents
        clerk.shot("agent-form-printed")
        clerk.key("alt+v")
        clerk.until("approved", lambda: _refund_of(demo, card) == "approved")
        clerk.key("alt+p")
        clerk.until("paid", lambda: _refund_of(demo, card) == "paid")
        receipt = _refund(demo, card)["receipts"][0]
        clerk.until("the receipt printed", lambda: sum(receipt in text for text in demo.printed_since(since)) == 1)
        clerk.key("alt+4")  # the kept documents, the newest (the receipt) chosen
        clerk.shot("print-history")
        clerk.key("alt+i")
        clerk.until("the receipt reprinted", lambda: sum(receipt in text for text in demo.printed_since(since)) == 2)
        clerk.shot("reprinted")
    finally:
        clerk.stop()


def test_a_supervisor_approves_at_the_clerks_desk_the_school_gets_its_list_and_the_parent_taps_consent(
    display: str, demo: Demo, tmp_path: Path
) -> None:
    """#27.5/.6/.7 walked: the clerk's batch approval is authorised by the supervisor at the running desk; the
    results are exported as a workbook with each pupil's card; the listed parent's ID card tapped on the
    reader records the consent, and someone else's is refused."""
    from datetime import UTC, date, datetime

    from openpyxl import Workbook, load_workbook

    from desk_app.demo.people import PeopleFactory
    from devices.emulators.id_reader import IdReaderEmulator
    from devices.idcard.text_block import CardKind, IdCardRecord

    people = PeopleFactory("foshan", seed=8282)
    today = datetime.now(UTC).date()
    first, second, pupil, parent, stranger = (people.person(age, today) for age in (31, 45, 9, 38, 40))
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["身份证号", "姓名", "联系电话", "家长姓名"])
    for person in (first, second, pupil):
        sheet.append([person.citizen_number, person.name, person.phone, parent.name if person is pupil else ""])
    book.save(tmp_path / "reading-camp-list.xlsx")  # ASCII: xdotool may drop a character of CJK it types

    def id_card(person: Any) -> IdCardRecord:
        return IdCardRecord(CardKind.RESIDENT_ID, person.name, "女", person.birth_date, person.citizen_number,
                            "佛山市公安局", date(2020, 1, 1), None, "汉", "佛山市禅城区某路3号")  # fmt: skip

    reader = IdReaderEmulator([id_card(stranger), id_card(parent)], tmp_path / "ttyID")
    demo.configure(devices={"id_reader_port": reader.path})
    clerk = Clerk(display, demo.env, "group-and-consent")
    try:
        _signed_in(clerk, demo, "fslib-counter")
        clerk.key("ctrl+i")  # the school's list, imported at the window
        clerk.window("导入集体办证名单")
        clerk.type(str(tmp_path / "reading-camp-list.xlsx"))
        clerk.key("alt+k")  # not only a check: saved as a batch
        clerk.key("alt+s")
        clerk.until("imported", lambda: bool(demo.carddesk("batch", "list", "--json")), timeout=60)
        time.sleep(1)
        clerk.shot("imported")
        clerk.key("Escape")
        clerk.gone("导入集体办证名单")
        clerk.key("ctrl+shift+b")
        clerk.window("集体办证批次")
        clerk.shot("batch")
        clerk.key("alt+a")  # the whole batch: refused for a counter clerk, so the supervisor is asked
        clerk.window("主管授权")
        clerk.shot("supervisor-asked")
        clerk.type("fslib-supervisor")
        clerk.key("Tab")
        clerk.type(DEMO_PASSWORD)
        clerk.key("Return")
        clerk.until("approved by the supervisor", lambda: _batch(demo)["status"] == "approved", timeout=60)
        log = demo.carddesk("audit", "search", "--action", "approve_batch", "--json", staff="fslib-admin")
        assert log and {entry["staff"] for entry in log} == {"fslib-supervisor"}, log

        clerk.key("alt+e")
        clerk.window("导出结果")
        # No suffix typed; the filter is Excel. (ASCII: xdotool may drop a character of CJK it types.)
        clerk.type(str(tmp_path / "reading-camp"))
        clerk.key("Return")
        clerk.until("exported", lambda: (tmp_path / "reading-camp.xlsx").is_file())
        rows = list(load_workbook(tmp_path / "reading-camp.xlsx").active.iter_rows(min_row=2, values_only=True))
        cards = {row[2]: row[6] for row in rows}
        assert all(cards[p.name] for p in (first, second, pupil)), rows
        waiting = cards[pupil.name]
        clerk.click_on("集体办证批次")  # openbox gives the focus back to no window when the file dialog closes
        clerk.key("Escape")
        clerk.gone("集体办证批次")

        clerk.key("ctrl+f")
        clerk.type(waiting)
        time.sleep(1.5)  # the one reader found is chosen (#22.5)
        clerk.key("ctrl+e")
        clerk.window("借阅证业务")
        clerk.key("End")  # the last action: the guardian's consent
        reader.tap(0)  # someone else's ID card: the form takes the tap
        time.sleep(2.5)
        clerk.key("alt+o")
        time.sleep(2)
        clerk.shot("stranger-refused")
        assert _card_status(demo, waiting) == "pending_consent"
        reader.lift()
        time.sleep(1.5)
        reader.tap(1)  # the parent the school listed
        time.sleep(2.5)
        clerk.key("alt+o")
        clerk.until("consent recorded", lambda: _card_status(demo, waiting) == "active")
        clerk.shot("consent-recorded")
    finally:
        clerk.stop()
        reader.close()


def _batch(demo: Demo) -> dict[str, Any]:
    return dict(demo.carddesk("batch", "list", "--json")[0])


def _card_status(demo: Demo, card: str) -> str:
    found = demo.carddesk("search", card, "--json")
    return str(found[0]["card_status"]) if found else ""


def test_a_replacement_with_its_fee_from_a_tap_prints_the_receipt_and_it_is_reprinted_from_print_history(
    display: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """#22's replacement goal and #27.4 walked (Chongqing, whose replacement costs ¥10): a reader who phoned in
    the loss taps their ID card; from their page the replacement with its fee and printed receipt takes at most
    4 actions (the new card's scan is one); Print → 打印记录与重印 prints the receipt again."""
    from datetime import date

    import keyring

    from desk_app.bootstrap import open_desk
    from devices.emulators.id_reader import IdReaderEmulator
    from devices.emulators.serial_text import ScannerEmulator
    from devices.idcard.text_block import CardKind, IdCardRecord
    from tests.test_keyring_backend import TestKeyring

    with _demo_union(tmp_path_factory.mktemp("clerk-cq"), "chongqing") as demo:
        previous = keyring.get_keyring()
        keyring.set_keyring(TestKeyring())
        try:
            desk = open_desk(demo.desk, "chongqing")
            with desk.uow() as uow:
                card = next(c for c in sorted(uow.cards.where(home_branch_code="CQLIB", status="active"),
                                              key=lambda c: c.number) if c.barcode)  # fmt: skip
                number = next(d.number for d in uow.documents.where(reader_id=card.reader_id)
                              if d.doc_type == "resident_id")  # fmt: skip
                reader = uow.readers.get(card.reader_id)
                assert reader is not None
                name, born = reader.name, reader.birth_date
            desk.close()
        finally:
            keyring.set_keyring(previous)
        demo.carddesk("report-loss", card.number, staff="cqlib-counter")  # phoned in earlier
        home = tmp_path_factory.mktemp("clerk-cq-devices")
        id_reader = IdReaderEmulator([IdCardRecord(CardKind.RESIDENT_ID, name, "女", born, number, "重庆市公安局",
                                                   date(2020, 1, 1), None, "汉", "重庆市渝中区某路7号")],
                                     home / "ttyID")  # fmt: skip
        scanner = ScannerEmulator(home / "ttySCAN")
        demo.configure(devices={"id_reader_port": id_reader.path, "scanner_port": scanner.path})
        clerk = Clerk(display, demo.env, "replacement")
        try:
            _signed_in(clerk, demo, "cqlib-counter", "chongqing")
            id_reader.tap(0)
            clerk.window(f"读者：{name}")  # the page, restore focused and replace beside it
            started = clerk.actions
            time.sleep(1)
            clerk.shot("page-of-a-lost-card")
            clerk.key("alt+b")  # 补办: card services on it, the tapped document in place, the fee filled in
            clerk.window("借阅证业务")
            time.sleep(1.5)
            scanner.scan("CQ77700001")  # the new card's barcode goes where the replacement asks for it
            clerk.actions += 1
            time.sleep(1)
            since = time.time() - 1
            clerk.key("alt+o")
            clerk.until("replaced", lambda: _card_status(demo, "CQ77700001") == "active")
            clerk.until("the fee receipt printed", lambda: len(demo.printed_since(since)) == 1)
            assert clerk.actions - started <= 4, clerk.actions - started
            receipt = demo.printed_since(since)[0]
            assert "10.00" in receipt
            clerk.shot("replaced-and-printed")
            clerk.key("Escape")
            clerk.gone("借阅证业务")
            clerk.click_on(f"读者：{name}")
            clerk.key("Escape")
            clerk.gone(f"读者：{name}")
            clerk.key("ctrl+shift+h")  # Print → 打印记录与重印, the newest (the receipt) chosen
            clerk.window("押金台")
            clerk.shot("print-history")
            clerk.key("alt+i")
            clerk.until("the receipt reprinted", lambda: len(demo.printed_since(since)) == 2)
            assert demo.printed_since(since)[1] == receipt
        finally:
            clerk.stop()
            id_reader.close()
            scanner.close()


def test_english_is_chosen_while_the_desk_runs(display: str, demo: Demo) -> None:
    """#22.6 walked: 语言 / Language → English turns the running window English at once (menus, title, status
    bar) and the deposit desk open beside it too, with what was typed in it; no restart; and back."""
    clerk = Clerk(display, demo.env, "language")
    try:
        _signed_in(clerk, demo, "fslib-counter")
        clerk.key("ctrl+shift+d")
        clerk.window("押金台")
        clerk.type("FS-TYPED-1")  # typed into the card field, not yet looked up
        clerk.click_on("CardDesk 读者证服务台")
        clerk.key("alt+l")
        clerk.key("e")
        clerk.window("CardDesk reader card desk")  # the same window, its title in English
        clerk.window("Deposit desk")  # the dialog left open, said again in English
        time.sleep(1.5)
        clerk.shot("english")
        clerk.click_on("CardDesk reader card desk")
        clerk.key("alt+l")
        clerk.key("z")
        clerk.window("CardDesk 读者证服务台")
        clerk.window("押金台")
        clerk.shot("chinese-again")
    finally:
        clerk.stop()


def test_the_goals_a_tap_opens_the_page_a_loss_in_two_and_a_refund_in_five_actions(
    display: str, demo: Demo, tmp_path: Path
) -> None:
    """#22's goals, counted: a known reader's tap opens their page with no key pressed; a loss report takes 2
    actions from there; a refund at the home branch 5, its application and receipt printed."""
    from datetime import date

    from devices.emulators.id_reader import IdReaderEmulator
    from devices.idcard.text_block import CardKind, IdCardRecord

    (refunding, losing) = _adults_with_a_deposit(demo, 2)

    def id_card(number: str, name: str) -> IdCardRecord:
        born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
        return IdCardRecord(CardKind.RESIDENT_ID, name, "女", born, number, "佛山市公安局", date(2020, 1, 1), None,
                            "汉", "佛山市禅城区某路5号")  # fmt: skip

    reader = IdReaderEmulator([id_card(refunding[1], refunding[2]), id_card(losing[1], losing[2])],
                              tmp_path / "ttyGOAL")  # fmt: skip
    demo.configure(devices={"id_reader_port": reader.path})
    clerk = Clerk(display, demo.env, "goals")
    try:
        _signed_in(clerk, demo, "fslib-deposit")
        before = clerk.actions
        since = time.time() - 1
        reader.tap(0)
        clerk.window(f"读者：{refunding[2]}")  # the page, by the tap alone
        assert clerk.actions == before
        clerk.shot("page-after-tap")
        clerk.key("alt+t")  # 退押金: the deposit desk on this reader, the tapped document in place
        clerk.window("押金台")
        time.sleep(1)
        clerk.key("alt+k")  # the card checked and taken back
        clerk.key("alt+a")  # recorded; the application printed to sign
        clerk.until("applied", lambda: _refund_of(demo, refunding[0]) == "applied")
        clerk.key("alt+v")
        clerk.until("approved", lambda: _refund_of(demo, refunding[0]) == "approved")
        clerk.key("alt+p")
        clerk.until("paid", lambda: _refund_of(demo, refunding[0]) == "paid")
        receipt = _refund(demo, refunding[0])["receipts"][0]
        clerk.until("application and receipt printed", lambda: len(demo.printed_since(since)) == 2)
        assert refunding[1] in demo.printed_since(since)[0] and receipt in demo.printed_since(since)[1]
        assert clerk.actions - before <= 5, clerk.actions - before
        clerk.shot("refunded")
        clerk.key("Escape")
        clerk.gone("押金台")
        clerk.click_on(f"读者：{refunding[2]}")
        clerk.key("Escape")

        reader.lift()
        time.sleep(1)
        before = clerk.actions
        reader.tap(1)
        clerk.window(f"读者：{losing[2]}")
        clerk.key("alt+l")  # 挂失: card services on it, its effects shown first
        clerk.window("借阅证业务")
        time.sleep(1)
        clerk.key("alt+o")
        clerk.until("reported lost", lambda: _card_status(demo, losing[0]) == "lost")
        assert clerk.actions - before <= 2
        clerk.shot("lost")
    finally:
        clerk.stop()
        reader.close()


def _id_card(person: Any, gender: str = "女") -> Any:
    from datetime import date

    from devices.idcard.text_block import CardKind, IdCardRecord

    return IdCardRecord(CardKind.RESIDENT_ID, person.name, gender, person.birth_date, person.citizen_number,
                        "佛山市公安局", date(2020, 1, 1), None, "汉", "佛山市禅城区某路8号")  # fmt: skip


def test_an_adult_is_issued_a_card_with_tap_phone_enter_and_the_confirmation_stays(
    display: str, demo: Demo, tmp_path: Path
) -> None:
    """#22's first goal: an adult with an ID card and no card — tap, phone, Enter; the confirmation (and what to
    tell the reader) stays readable until the clerk moves on, and one more Enter prints the registration form."""
    from datetime import UTC, datetime

    from desk_app.demo.people import PeopleFactory
    from devices.emulators.id_reader import IdReaderEmulator

    person = PeopleFactory("foshan", seed=9393).person(36, datetime.now(UTC).date())
    reader = IdReaderEmulator([_id_card(person)], tmp_path / "ttyADULT")
    demo.configure(devices={"id_reader_port": reader.path}, printers=dict.fromkeys(EVERY_KIND, demo.cups.printer))
    clerk = Clerk(display, demo.env, "adult-issue")
    try:
        _signed_in(clerk, demo, "fslib-counter")
        before = clerk.actions
        reader.tap(0)
        clerk.window("办理新证")  # the new card form, filled from the chip
        time.sleep(1)
        clerk.type(person.phone)
        clerk.key("Return")
        clerk.until("issued", lambda: _card_status(demo, person.citizen_number) in ("active", "provisional"))
        assert clerk.actions - before <= 2
        time.sleep(3)  # the clerk turns to the reader; the confirmation is still there
        clerk.window("办理新证")
        clerk.shot("confirmation-stays")
        since = time.time() - 1
        clerk.key("Return")  # the registration form, for the reader's signature
        clerk.until("the registration form printed", lambda: len(demo.printed_since(since)) == 1)
        assert person.phone in demo.printed_since(since)[0]  # cups-pdf's copy loses the CJK text's mapping
        assert person.name in _kept(demo, person.citizen_number, "registration")
        clerk.shot("registration-printed")
    finally:
        clerk.stop()
        reader.close()


def test_a_child_is_issued_a_card_with_two_taps_a_signature_and_two_actions(
    display: str, demo: Demo, tmp_path: Path
) -> None:
    """#22's children goal: the child's tap opens the children's path with the child filled in (at the children's
    desk), the guardian's tap fills the guardian, the guardian signs on the pad with the mouse, and at most 3
    more actions issue the card and print the authorisation with the signature."""
    from datetime import UTC, datetime

    from desk_app.demo.people import PeopleFactory
    from devices.emulators.id_reader import IdReaderEmulator

    people = PeopleFactory("foshan", seed=9494)
    today = datetime.now(UTC).date()
    child, parent = people.person(8, today), people.person(37, today)
    reader = IdReaderEmulator([_id_card(child, "男"), _id_card(parent)], tmp_path / "ttyCHILD")
    demo.configure(devices={"id_reader_port": reader.path}, printers=dict.fromkeys(EVERY_KIND, demo.cups.printer))
    clerk = Clerk(display, demo.env, "child-issue")
    try:
        _signed_in(clerk, demo, "fslib-children")
        reader.tap(0)  # the child's card
        clerk.window("少儿办证")  # the children's path, never the adult form
        time.sleep(1.5)
        reader.lift()
        time.sleep(1)
        reader.tap(1)  # the guardian's card
        time.sleep(1.5)
        clerk.shot("child-and-guardian-read")
        clerk.sign("少儿办证")
        before = clerk.actions
        clerk.type(parent.phone)  # the guardian's phone: the field the tap left the focus in
        since = time.time() - 1
        clerk.key("alt+i")  # issue, and print the authorisation with the signature
        clerk.until("issued", lambda: _card_status(demo, child.citizen_number) == "active")
        clerk.until("the authorisation printed", lambda: len(demo.printed_since(since)) == 1)
        assert clerk.actions - before <= 3
        consent = _kept(demo, child.citizen_number, "guardian-consent")
        assert child.name in consent and parent.name in consent
        clerk.shot("child-issued")
    finally:
        clerk.stop()
        reader.close()


def _kept(demo: Demo, reader: str, kind: str) -> str:
    """The text of the newest document of that kind the desk kept for the reader (what it sent to the printer)."""
    card = demo.carddesk("search", reader, "--json")[0]["card_number"]
    found = [r for r in demo.carddesk("print-history", "--reader", card, "--json") if r["kind"] == kind]
    assert found and found[0]["status"] == "sent", found
    return pdf_text(Path(found[0]["file_path"]))


def test_a_passport_holder_gets_a_card_from_card_stock_through_the_mrz_reader_scanner_and_chip_reader(
    display: str, demo: Demo, tmp_path: Path
) -> None:
    """The "一卡通" path walked with every device it takes: the passport's MRZ from the MRZ reader and the card
    stock's barcode from the scanner (each on a pseudo-terminal), its chip from the PC/SC reader (pcscd with the
    vpcd driver and a virtual card); the clerk types only the phone and issues; the form is printed."""
    from devices.emulators.serial_text import MrzReaderEmulator, ScannerEmulator
    from devices.emulators.virtual_chip_card import VirtualChipCard
    from tests.pcsc_daemon import PcscDaemon

    mrz = ["P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F3004157ZE184226B<<<<<16"]
    daemon = PcscDaemon()
    daemon.start()
    reader = MrzReaderEmulator(tmp_path / "ttyMRZ")
    scanner = ScannerEmulator(tmp_path / "ttySCAN")
    chip = VirtualChipCard(bytes.fromhex("04C0FFEE123456"))
    demo.configure(devices={"mrz_port": reader.path, "scanner_port": scanner.path, "chip_reader": "Virtual PCD 00 00"},
                   printers=dict.fromkeys(EVERY_KIND, demo.cups.printer))  # fmt: skip
    clerk = Clerk(display, demo.env, "passport")
    try:
        _signed_in(clerk, demo, "fslib-counter")
        clerk.key("ctrl+shift+o")
        clerk.window("一卡通")
        before = clerk.actions
        time.sleep(1)
        reader.present(mrz)  # the passport laid on the MRZ reader
        time.sleep(1.5)
        scanner.scan("FS5550077")  # the card from card stock
        time.sleep(1)
        chip.insert()  # and its chip on the PC/SC reader
        time.sleep(2.5)
        clerk.shot("filled-by-the-devices")
        clerk.key("alt+p")
        clerk.type("19912345678")
        since = time.time() - 1
        clerk.key("alt+i")
        clerk.until("issued", lambda: _card_status(demo, "L898902C3") == "active")
        clerk.until("the registration form printed", lambda: len(demo.printed_since(since)) == 1)
        assert clerk.actions - before <= 3
        found = demo.carddesk("search", "FS5550077", "--json")
        assert found and found[0]["card_status"] == "active", found
        assert "L898902C3" in _kept(demo, "L898902C3", "registration")
        clerk.shot("issued")
    finally:
        clerk.stop()
        chip.remove()
        reader.close()
        scanner.close()
        daemon.finish()
