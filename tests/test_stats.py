"""Yearly figures on a database seeded with known events, against hand-counted values."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine

from db.engine import make_engine, make_session_factory, sqlite_url
from db.migrate import upgrade
from db.stats_source import SqlStatsSource
from db.uow import SqlUnitOfWork
from desk_app.core.entities import Batch, BatchRow, LedgerEntry, LedgerKind, Loan
from desk_app.core.errors import DeskError
from desk_app.core.ids import new_id
from desk_app.core.policy import load_profile
from desk_app.core.services.issue import issue_card
from desk_app.core.services.lifecycle import cancel_card, replace_card, report_loss
from desk_app.core.services.setup import ensure_profile_branches
from desk_app.core.stats import Report, yearly_report
from desk_app.demo.people import PeopleFactory
from tests.conftest import Desk, id_card
from tests.test_issue_card import adult_cmd

TZ = "Asia/Shanghai"


def beijing(y: int, mo: int, d: int, h: int = 10, mi: int = 0) -> datetime:
    """A Beijing wall-clock moment, stored as UTC as the desk stores it."""
    return datetime(y, mo, d, h, mi, tzinfo=ZoneInfo(TZ)).astimezone(UTC)


def seed(desk: Desk) -> dict[str, Any]:
    def at(moment: datetime) -> None:
        desk.now = moment

    people = {name: desk.person(age) for name, age in {"A": 30, "B": 45, "D": 70, "E": 25, "F": 50, "G": 33}.items()}
    cards: dict[str, Any] = {}
    at(beijing(2025, 12, 31, 23))  # 2025 in Beijing, though the same UTC day as nothing else
    cards["F"] = desk.run(issue_card, adult_cmd(people["F"]), branch="FSLIB")
    at(beijing(2026, 1, 15))
    cards["A"] = desk.run(issue_card, adult_cmd(people["A"]), branch="FSLIB")
    cards["B"] = desk.run(issue_card, adult_cmd(people["B"]), branch="FSLIB")
    at(beijing(2026, 3, 3))
    cards["D"] = desk.run(issue_card, adult_cmd(people["D"]), branch="SSLIB")
    at(beijing(2026, 3, 31, 23, 30))  # still March in Beijing (15:30 UTC)
    cards["E"] = desk.run(issue_card, adult_cmd(people["E"]), branch="SSLIB")
    at(beijing(2026, 5, 6))
    desk.run(report_loss, cards["A"].card_number, branch="SSLIB")
    at(beijing(2026, 6, 1))
    fee = desk.profile.card_type(cards["A"].card_type_code).card_fee_fen or 0
    desk.run(replace_card, cards["A"].card_number, id_card(people["A"]), "FS90000001", fee_paid_fen=fee, branch="FSLIB")
    at(beijing(2026, 7, 9))
    desk.run(cancel_card, cards["B"].card_number, id_card(people["B"]), branch="FSLIB")
    at(beijing(2027, 1, 1, 0, 30))  # 2027 in Beijing, 2026 in UTC: must not count for 2026
    cards["G"] = desk.run(issue_card, adult_cmd(people["G"]), branch="FSLIB")

    def write(uow: Any) -> None:
        staff = desk.member("FSLIB").id

        def loan(who: str, moment: datetime, branch: str) -> None:
            card = uow.cards.where(number=cards[who].card_number)[0]
            uow.loans.add(
                Loan(
                    new_id(), card.reader_id, card.id, "B1", "书", False, branch, moment, date(2026, 12, 1), None, 0, 0
                )
            )

        loan("A", beijing(2026, 2, 2), "FSLIB")
        loan("A", beijing(2026, 2, 20), "FSLIB")  # the same card twice in February: one active card
        loan("D", beijing(2026, 3, 10), "SSLIB")
        loan("F", beijing(2026, 8, 1), "GMLIB")
        reader = uow.cards.where(number=cards["F"].card_number)[0].reader_id

        def money(kind: LedgerKind, fen: int, moment: datetime, branch: str, receipt: str) -> None:
            uow.ledger.add(LedgerEntry(new_id(), reader, None, kind, fen, moment, staff, branch, "D1", receipt))

        money(LedgerKind.DEPOSIT_TAKEN, 10000, beijing(2025, 6, 1), "FSLIB", "R1")
        money(LedgerKind.DEPOSIT_TAKEN, 5000, beijing(2026, 4, 1), "FSLIB", "R2")
        money(LedgerKind.DEPOSIT_TAKEN, 3000, beijing(2026, 4, 2), "SSLIB", "R3")
        money(LedgerKind.DEPOSIT_REFUNDED, 10000, beijing(2026, 9, 1), "FSLIB", "R4")
        batch = Batch(new_id(), "一年级", "list.xlsx", "FSLIB", "child", beijing(2026, 9, 5), staff, "approved")
        uow.batches.add(batch)
        for row, status in enumerate(["approved", "approved", "approved", "rejected", "exists"], start=2):
            uow.batch_rows.add(BatchRow(new_id(), batch.id, row, f"X{row}", f"学生{row}", "resident_id", status))
        old = Batch(new_id(), "去年", "old.xlsx", "FSLIB", "child", beijing(2025, 9, 5), staff, "approved")
        uow.batches.add(old)
        uow.batch_rows.add(BatchRow(new_id(), old.id, 2, "X", "学生", "resident_id", "approved"))
        uow.commit()

    desk.read(write)
    return cards


@pytest.fixture
def seeded(tmp_path: Path) -> Iterator[tuple[Engine, Desk]]:
    engine = make_engine(sqlite_url(tmp_path / "stats.sqlite"))
    upgrade(engine)
    factory = make_session_factory(engine)
    profile = load_profile("foshan")
    desk = Desk(profile, lambda: SqlUnitOfWork(factory), PeopleFactory("foshan", seed=11))
    with SqlUnitOfWork(factory) as uow:
        ensure_profile_branches(uow, profile)
    seed(desk)
    yield engine, desk
    engine.dispose()


def _report(engine: Engine, branch: str | None = None) -> Report:
    return yearly_report(SqlStatsSource(engine), 2026, TZ, branch)


ISSUED, REPLACED, CANCELLED, LOST, ACTIVE = range(5)


def test_figures_by_month_are_counted_in_beijing_time(seeded: tuple[Engine, Desk]) -> None:
    report = _report(seeded[0])
    months = dict(report.view("by_month").rows)
    assert months["01"] == [2, 0, 0, 0, 0]
    assert months["02"] == [0, 0, 0, 0, 1]  # two loans on one card: one active card
    assert months["03"] == [2, 0, 0, 0, 1]  # E at 23:30 on 31 March counts in March
    assert months["05"] == [0, 0, 0, 1, 0]
    assert months["06"] == [0, 1, 0, 0, 0]
    assert months["07"] == [0, 0, 1, 0, 0]
    assert months["08"] == [0, 0, 0, 0, 1]
    assert "04" not in months and "12" not in months
    assert months["合计"] == [4, 1, 1, 1, 3]


def test_figures_by_branch_age_band_and_document(seeded: tuple[Engine, Desk]) -> None:
    report = _report(seeded[0])
    branches = dict(report.view("by_branch").rows)
    assert branches["FSLIB"] == [2, 1, 1, 0, 1]
    assert branches["SSLIB"] == [2, 0, 0, 1, 1]
    assert branches["GMLIB"] == [0, 0, 0, 0, 1]
    bands = dict(report.view("by_age_band").rows)
    assert bands["18–35"] == [2, 1, 0, 1, 1]  # A (30) and E (25); A's loss, replacement and loans
    assert bands["36–59"] == [1, 0, 1, 0, 1]  # B (45) issued and cancelled; F (50) issued in 2025, active now
    assert bands["60+"] == [1, 0, 0, 0, 1]
    documents = dict(report.view("by_document").rows)
    assert documents["resident_id"] == [4, 1, 1, 1, 3]
    types = dict(report.view("by_card_type").rows)
    assert sum(v[ISSUED] for k, v in types.items() if k != "合计") == 4


def test_deposits_and_batches(seeded: tuple[Engine, Desk]) -> None:
    report = _report(seeded[0])
    deposits = dict(report.view("deposits").rows)
    assert deposits["FSLIB"] == [1, 5000, 1, 10000, 5000]  # 100 + 50 taken, 100 refunded: 50 held at year end
    assert deposits["SSLIB"] == [1, 3000, 0, 0, 3000]
    assert deposits["合计"] == [2, 8000, 1, 10000, 8000]
    batches = dict(report.view("batches").rows)
    assert batches["FSLIB"] == [1, 5, 3, 0.6]


def test_one_branch_only(seeded: tuple[Engine, Desk]) -> None:
    report = _report(seeded[0], "SSLIB")
    assert dict(report.view("by_month").rows)["合计"] == [2, 0, 0, 1, 1]
    assert dict(report.view("deposits").rows)["合计"][4] == 3000


def test_drill_down_lists_the_cards_behind_a_figure(seeded: tuple[Engine, Desk]) -> None:
    engine, desk = seeded
    report = _report(engine)
    view = report.view("by_month")
    assert view.drill is not None
    issued_in_march = view.drill("03", "issued")
    numbers = desk.read(lambda uow: {uow.cards.get(c).number for c in issued_in_march})
    assert len(numbers) == 2
    assert len(view.drill("合计", "active")) == 3


def test_the_unions_postgresql_gives_the_same_figures(postgres: Any, seeded: tuple[Engine, Desk]) -> None:
    from sqlalchemy import create_engine, text

    from db.models import Base

    admin = create_engine(postgres.url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text("DROP DATABASE IF EXISTS stats_copy"))
        connection.execute(text("CREATE DATABASE stats_copy"))
    admin.dispose()
    union = create_engine(postgres.url("stats_copy"))
    Base.metadata.create_all(union)
    local = seeded[0]
    with local.connect() as source, union.begin() as target:
        for table in Base.metadata.sorted_tables:
            rows = [dict(r._mapping) for r in source.execute(table.select())]
            if rows:
                target.execute(table.insert(), rows)
    try:
        on_pg, on_sqlite = _report(union), _report(local)
        for view in on_sqlite.views:
            assert on_pg.view(view.key).rows == view.rows, view.key
    finally:
        union.dispose()


def test_stats_command_writes_a_formatted_workbook(seeded: tuple[Engine, Desk], tmp_path: Path) -> None:
    from openpyxl import load_workbook

    engine, _desk = seeded
    out = tmp_path / "stats-2026.xlsx"
    done = subprocess.run(
        [sys.executable, "-m", "desk_app", "--db", str(engine.url.database), "--profile", "foshan",
         "stats", "--year", "2026", "--out", str(out)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    book = load_workbook(out)
    assert book.sheetnames[:2] == ["说明", "按月份"]
    assert "图表" in [s.title for s in book.chartsheets]
    months = book["按月份"]
    assert months.freeze_panes == "B3"
    header = [c.value for c in months[2]]
    assert header[:3] == ["月份", "新办证", "补办"]
    total = next(r for r in months.iter_rows(values_only=True) if r[0] == "合计")
    assert list(total[1:6]) == [4, 1, 1, 1, 3]
    deposits = book["押金"]
    money_cell = next(r for r in deposits.iter_rows() if r[0].value == "FSLIB")[2]
    assert money_cell.value == 50 and money_cell.number_format == "#,##0.00"  # shown in yuan
    assert "本服务台数据库" in book["说明"]["B3"].value


def _stats_desk(engine: Engine, role: str) -> Any:
    from desk_app.bootstrap import open_desk
    from desk_app.core.entities import Actor
    from desk_app.core.services.setup import add_staff
    from desk_app.stats_desk import StatsDesk

    opened = open_desk(Path(str(engine.url.database)), "foshan")
    with opened.uow() as uow:
        staff = add_staff(uow, f"stats-{role}", "统计员", "FSLIB", role)
    return StatsDesk(opened, opened.context(Actor(staff.id, "FSLIB", "D1")))


def test_stats_screen_shows_each_view_and_drills_down_to_masked_cards(qtbot: Any, seeded: tuple[Engine, Desk]) -> None:
    from desk_app.ui.stats_window import StatsWindow

    stats = _stats_desk(seeded[0], "supervisor")
    window = StatsWindow(stats, [("FSLIB", "佛山市图书馆"), ("SSLIB", "顺德图书馆")], 2026)
    qtbot.addWidget(window)
    window.show()
    try:
        with qtbot.waitSignal(window.report_shown, timeout=10000):
            window.load()
        titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
        assert titles[:2] == ["按月份", "按分馆"] and "押金" in titles
        assert "本服务台数据库" in window.source.text()
        view = window.report.view("by_month")
        march = [k for k, _ in view.rows].index("03")
        with qtbot.waitSignal(window.drill_shown, timeout=10000) as shown:
            window.drill(view, march, 1)  # cards issued in March
        rows = shown.args[0]
        assert len(rows) == 2
        assert all(r.masked_name.endswith("*") and "*" in r.masked_document for r in rows)
        window.branch.setCurrentIndex(2)  # SSLIB only
        with qtbot.waitSignal(window.report_shown, timeout=10000) as again:
            window.refresh.click()
        assert dict(again.args[0].view("by_month").rows)["合计"] == [2, 0, 0, 1, 1]
    finally:
        window.operations.wait()
        stats.desk.close()


def test_only_oversight_roles_see_the_cards_behind_a_figure(seeded: tuple[Engine, Desk]) -> None:
    stats = _stats_desk(seeded[0], "counter")
    try:
        report = stats.report(2026, None)
        ids = report.view("by_month").drill("03", "issued")
        with pytest.raises(DeskError):
            stats.cards(ids)
    finally:
        stats.desk.close()


def test_each_reader_keeps_the_facts_of_their_first_card(seeded: tuple[Engine, Desk]) -> None:
    """The columns the database counts by say what the reader's earliest issue event says (A's June
    replacement does not move A's facts)."""

    def facts(uow: Any) -> tuple[dict[Any, Any], dict[Any, Any]]:
        cards = {c.id: c for c in uow.cards.where()}
        first: dict[Any, Any] = {}
        for event in sorted(uow.events.where(kind="issue"), key=lambda e: e.at):
            first.setdefault(
                cards[event.card_id].reader_id,
                (event.at, event.detail["age_at_issue"], event.detail["document_types"][0]),
            )
        kept = {r.id: (r.first_issued_at, r.age_at_first_issue, r.first_document_type) for r in uow.readers.where()}
        # Each card and each of its events carries a copy (the events also the card's type).
        for card in cards.values():
            assert (card.age_at_first_issue, card.first_document_type) == kept[card.reader_id][1:]
        for event in uow.events.where():
            card = cards[event.card_id]
            assert (event.card_type_code, event.age_at_first_issue, event.first_document_type) == (
                card.card_type_code, card.age_at_first_issue, card.first_document_type
            )  # fmt: skip
        return first, kept

    from_events, kept = seeded[1].read(facts)
    assert len(from_events) == 6 and kept == from_events


def test_migration_0015_fills_the_facts_of_readers_recorded_before_it(tmp_path: Path) -> None:
    from sqlalchemy import text

    engine = make_engine(sqlite_url(tmp_path / "old.sqlite"))
    upgrade(engine, "0014")
    stamp = "2020-05-01 02:00:00.000000"
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO branches (code, name) VALUES ('FSLIB', '佛山市图书馆')"))
        connection.execute(
            text("INSERT INTO staff (id, username, display_name, branch_code, role, password_hash, failed_attempts,"
                 " active) VALUES ('00000000000000000000000000000001', 's', 'S', 'FSLIB', 'admin', '', 0, 1)")
        )  # fmt: skip
        for reader in ("0000000000000000000000000000000a", "0000000000000000000000000000000b"):
            connection.execute(
                text("INSERT INTO readers (id, name, gender, birth_date, phone, address, work_unit,"
                     " home_branch_code, password_hash, password_must_change, created_at, updated_at)"
                     " VALUES (:id, '甲', 'M', '2000-01-01', '', '', '', 'FSLIB', '', 1, :at, :at)"),
                {"id": reader, "at": stamp},
            )  # fmt: skip
        for n, (at, age, document) in enumerate(
            [("2021-01-01 02:00:00.000000", 21, "passport"), ("2020-06-01 02:00:00.000000", 20, "resident_id")]
        ):
            card = f"{n + 1:032x}".replace("0", "c", 1)
            connection.execute(
                text("INSERT INTO cards (id, reader_id, number, card_type_code, home_branch_code, status, is_virtual,"
                     " issued_at) VALUES (:id, '0000000000000000000000000000000a', :number, 'adult', 'FSLIB',"
                     " 'active', 1, :at)"),
                {"id": card, "number": f"C{n}", "at": at},
            )  # fmt: skip
            connection.execute(
                text("INSERT INTO card_events (id, card_id, kind, to_status, at, staff_id, branch_code, desk_code,"
                     " detail) VALUES (:id, :card, 'issue', 'active', :at, '00000000000000000000000000000001',"
                     " 'FSLIB', 'D1', :detail)"),
                {"id": f"{n + 1:032x}".replace("0", "e", 1), "card": card, "at": at,
                 "detail": f'{{"age_at_issue": {age}, "document_types": ["{document}"]}}'},
            )  # fmt: skip
    upgrade(engine)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                text("SELECT id, first_issued_at, age_at_first_issue, first_document_type FROM readers ORDER BY id")
            ).all()
        assert [tuple(r[1:]) for r in rows] == [
            ("2020-06-01 02:00:00.000000", 20, "resident_id"),  # the earlier of reader a's two cards
            (None, None, None),  # reader b never had a card
        ]
        with engine.connect() as connection:
            cards = connection.execute(text("SELECT age_at_first_issue, first_document_type FROM cards")).all()
            events = connection.execute(
                text("SELECT card_type_code, age_at_first_issue, first_document_type FROM card_events")
            ).all()
        assert [tuple(c) for c in cards] == [(20, "resident_id")] * 2  # both of a's cards: a's first
        assert [tuple(e) for e in events] == [("adult", 20, "resident_id")] * 2
    finally:
        engine.dispose()


def test_a_drill_down_reads_the_cards_behind_a_figure_a_page_at_a_time(seeded: tuple[Engine, Desk]) -> None:
    engine = seeded[0]
    view = _report(engine).view("by_month")
    assert view.drill is not None
    assert len(view.drill("02", "active")) == 1  # two loans on one card in February
    branches = _report(engine).view("by_branch")
    assert branches.drill is not None and len(branches.drill("GMLIB", "active")) == 1
    everything = view.drill("合计", "issued")
    pages = [view.drill("合计", "issued", limit=1, offset=n) for n in range(5)]
    assert [len(p) for p in pages] == [1, 1, 1, 1, 0]
    assert [p[0] for p in pages[:4]] == everything  # one order, page after page
    assert everything == sorted(everything)  # in the cards' records' order, which needs no sort of them all
    ages = _report(engine).view("by_age_band")
    assert ages.drill is not None and len(ages.drill("60+", "issued")) == 1
    documents = _report(engine).view("by_document")
    assert documents.drill is not None and len(documents.drill("resident_id", "active")) == 3


def test_months_follow_a_time_zone_with_daylight_saving(seeded: tuple[Engine, Desk]) -> None:
    """In New York, 23:30 on 31 October (summer time, UTC-4) is still October; in Beijing it is November."""
    engine, desk = seeded
    october_night = datetime(2026, 10, 31, 23, 30, tzinfo=ZoneInfo("America/New_York"))
    desk.now = october_night.astimezone(UTC)
    desk.run(issue_card, adult_cmd(desk.person(40)), branch="FSLIB")
    in_new_york = dict(yearly_report(SqlStatsSource(engine), 2026, "America/New_York").view("by_month").rows)
    in_beijing = dict(_report(engine).view("by_month").rows)
    assert in_new_york["10"][ISSUED] == 1 and "11" not in in_new_york
    assert in_beijing["11"][ISSUED] == 1 and "10" not in in_beijing


def test_the_drill_down_dialog_asks_for_the_next_and_previous_pages(qtbot: Any) -> None:
    from PyQt6.QtCore import Qt
    from PyQt6.QtWidgets import QWidget

    from desk_app.core.services.figures import DrillRow
    from desk_app.ui.stats_window import PAGE, DrillDialog

    parent = QWidget()
    qtbot.addWidget(parent)
    dialog = DrillDialog("月份 合计 · 活跃证", PAGE + 50, parent)
    rows = [DrillRow(f"C{n:04d}", "张*", "110***", "adult", "active", "FSLIB") for n in range(PAGE)]
    dialog.show_page(0, rows)
    assert dialog.next.isEnabled() and not dialog.previous.isEnabled()
    assert dialog.where.text() == f"第 1–{PAGE} 张，共 {PAGE + 50} 张"
    with qtbot.waitSignal(dialog.wanted) as asked:
        dialog.next.click()
    assert asked.args == [PAGE] and not dialog.next.isEnabled()  # nothing more is asked for while it loads
    dialog.show_page(PAGE, rows[:50])
    assert dialog.previous.isEnabled() and not dialog.next.isEnabled()
    assert dialog.model.headerData(0, Qt.Orientation.Vertical) == str(PAGE + 1)
    with qtbot.waitSignal(dialog.wanted) as back:
        dialog.previous.click()
    assert back.args == [0]
