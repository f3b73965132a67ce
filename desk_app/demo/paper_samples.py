"""Synthetic records that every printed document can be filled from: the tests and the docs gallery use them."""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from PIL import Image

from desk_app.bootstrap import OpenDesk, open_desk
from desk_app.core.entities import Actor, LedgerKind
from desk_app.core.services.attachments import attach
from desk_app.core.services.context import DeskContext
from desk_app.core.services.fees import take_money
from desk_app.core.services.inputs import DocumentInput, GuardianInput
from desk_app.core.services.issue import IssueCardCommand, IssuedCard, issue_card
from desk_app.core.services.setup import add_staff
from desk_app.demo.people import citizen_number

# A fixed moment, so that the samples (and the committed images of them) do not change from run to run.
SAMPLE_TIME = datetime(2026, 11, 22, 2, 0, tzinfo=UTC)


@dataclass
class PrintDesk:
    desk: OpenDesk
    ctx: DeskContext
    adult: IssuedCard
    adult_passport: DocumentInput
    minor: IssuedCard
    minor_number: str
    guardian_number: str
    receipt_no: str


def png(colour: str, size: tuple[int, int] = (120, 160)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "PNG")
    return buffer.getvalue()


def build(path: Path) -> PrintDesk:
    desk = open_desk(path, "foshan")
    with desk.uow() as uow:
        staff = add_staff(uow, "fslib-deposit", "押金台馆员", "FSLIB", "deposit")
    ctx = DeskContext(Actor(staff.id, "FSLIB", "D2"), desk.profile, clock=lambda: SAMPLE_TIME)
    with desk.uow() as uow:
        clerk = add_staff(uow, "fslib-counter", "柜台馆员", "FSLIB", "counter")
    counter = DeskContext(Actor(clerk.id, "FSLIB", "D1"), desk.profile, clock=lambda: SAMPLE_TIME)
    passport = DocumentInput("passport", "E12345678", valid_until=date(2031, 5, 1), nationality="CHN")
    with desk.uow() as uow:
        adult = issue_card(
            uow,
            counter,
            IssueCardCommand(
                name="吉𠮷",
                phone="19900001111",
                documents=(passport,),
                birth_date=date(1985, 7, 9),
                gender="F",
                address="禅城区演示路8号",
                work_unit="演示科技有限公司",
                barcode="FS20260001",
                chip_uid="04A1B2C3D4E5F6",
            ),
        )
    with desk.uow() as uow:
        # A legacy deposit of 100 yuan, as the one-card cards once took.
        take_money(
            uow,
            ctx,
            LedgerKind.DEPOSIT_TAKEN,
            10000,
            10000,
            uuid.UUID(adult.reader_id),
            uow.cards.get(uuid.UUID(adult.card_id)),
            "一卡通押金（历史）",
        )
        uow.commit()
        receipt_no = uow.ledger.where(kind=LedgerKind.DEPOSIT_TAKEN)[0].receipt_no
    minor_number = citizen_number("110101", date(2014, 4, 5), 21, male=True)
    guardian_number = citizen_number("110101", date(1984, 2, 3), 40, male=False)
    guardian = GuardianInput("孙丽", "母亲", DocumentInput("resident_id", guardian_number), "19900002222", True, True)
    with desk.uow() as uow:
        minor = issue_card(
            uow,
            counter,
            IssueCardCommand(
                name="孙小明",
                phone="19900002222",
                documents=(DocumentInput("resident_id", minor_number),),
                address="南海区演示街3号",
                work_unit="演示小学六年级一班",
                guardian=guardian,
            ),
        )
    with desk.uow() as uow:
        attach(uow, ctx, "reader", minor.reader_id, "photo", png("#88aacc"))
    with desk.uow() as uow:
        guardian_id = str(uow.guardians.where()[0].id)
    with desk.uow() as uow:
        attach(uow, ctx, "guardian", guardian_id, "signature", png("#223344", (300, 80)))
    return PrintDesk(desk, ctx, adult, passport, minor, minor_number, guardian_number, receipt_no or "")
