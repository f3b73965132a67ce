"""Every document, filled from real records and blank, read back with pdftotext and rendered with pdftoppm."""

from __future__ import annotations

import re
import subprocess
import uuid

import pytest
from PIL import Image

from desk_app.core.errors import DeskError
from desk_app.core.services.attachments import attach
from desk_app.core.services.paperwork import Agent
from desk_app.documents import produce
from forms.identity_documents import DocumentType
from forms.paper_forms import (
    PASSWORD_REMINDER,
    REFUND_CONDITIONS,
    REFUND_DOCUMENT_BOXES,
    REFUND_FIELDS,
    REGISTRATION_FIELDS,
    BatchResultData,
    BatchRow,
    FormKind,
)
from printing.fonts import load_fonts
from printing.layouts.receipt import capital
from printing.render import render
from tests.conftest import TODAY
from tests.printing_fixtures import build, keep_png, pdf_text, png


@pytest.fixture(scope="module")
def records(tmp_path_factory):
    built = build(tmp_path_factory.mktemp("print") / "desk.sqlite")
    yield built
    built.desk.close()


def squash(text: str) -> str:
    """pdftotext lays CJK text out with spaces; compare without them."""
    return re.sub(r"\s+", "", text)


def test_registration_form_has_every_field_and_the_records_values(records, tmp_path):
    produced = produce(records.desk, records.ctx, "registration", records.minor.card_number, tmp_path / "r.pdf")
    text = squash(pdf_text(produced.path))
    for spec in REGISTRATION_FIELDS:
        assert squash(spec.label) in text, spec.label
    for value in (
        "孙小明",
        "男",
        "2014-04-05",
        records.minor_number,
        "居民身份证",
        records.minor.card_number,
        "演示小学六年级一班",
        "南海区演示街3号",
        "孙丽",
        "母亲",
        records.guardian_number,
        "佛山市图书馆",
    ):
        assert squash(value) in text, value
    assert squash(PASSWORD_REMINDER) in text
    assert "读者签名" in text and "监护人签名" in text  # a 12-year-old signs, and so does the guardian
    assert produced.record is not None and produced.record.status == "saved"
    pages = keep_png(produced.path, "registration-filled")
    # The photo taken at the desk is on the page: its colour is there.
    image = Image.open(pages[0]).convert("RGB")
    assert (0x88, 0xAA, 0xCC) in {image.getpixel((x, y)) for x in range(0, image.width, 3) for y in range(0, 300, 3)}


def test_adult_registration_has_only_the_readers_signature(records, tmp_path):
    produced = produce(records.desk, records.ctx, "registration", records.adult.card_number, tmp_path / "a.pdf")
    text = squash(pdf_text(produced.path))
    assert "吉𠮷" in text and "E12345678" in text and "护照" in text
    assert "读者签名" in text and "监护人签名" not in text


def test_foshan_prints_its_own_consent_never_chongqings_with_the_captured_signature(records, tmp_path):
    """Foshan's seed only asks for the guardian's signature (表A1注): a neutral consent stating that rule."""
    produced = produce(records.desk, records.ctx, "guardian-consent", records.minor.reader_id, tmp_path / "g.pdf")
    text = squash(pdf_text(produced.path))
    assert "佛山市联合图书馆未成年读者办理借阅证监护人同意书" in text
    assert "本人为孙小明的监护人，同意其在佛山市联合图书馆办理借阅证" in text
    assert "未满16周岁的读者申请办理借阅证应由监护人签字同意" in text
    assert "重庆" not in text and "授权书" not in text
    assert "监护人(授权人)签名" in text and "孙丽" in text and records.guardian_number in text
    assert "2026年11月22日" in text
    page = Image.open(keep_png(produced.path, "guardian-consent-filled")[0]).convert("RGB")
    assert (0x22, 0x33, 0x44) in {
        page.getpixel((x, y)) for x in range(0, page.width, 2) for y in range(0, page.height, 2)
    }


def test_chongqing_prints_its_seeds_authorisation_filled_and_blank(tmp_path):
    from desk_app.bootstrap import open_desk
    from desk_app.core.entities import Actor
    from desk_app.core.services.context import DeskContext
    from desk_app.core.services.issue import issue_card
    from desk_app.core.services.setup import add_staff
    from desk_app.demo.people import PeopleFactory
    from tests.conftest import NOW
    from tests.test_issue_card import adult_cmd, guardian_for

    desk = open_desk(tmp_path / "cq.sqlite", "chongqing")
    try:
        with desk.uow() as uow:
            staff = add_staff(uow, "c", "少儿", "SPBLIB", "children")
        ctx = DeskContext(Actor(staff.id, "SPBLIB", "D1"), desk.profile, clock=lambda: NOW)
        pupil = PeopleFactory("chongqing", 3).person(10, TODAY)

        class Guardians:  # guardian_for takes a desk that makes people
            people = PeopleFactory("chongqing", 4)

            def person(self, age: int):
                return self.people.person(age, TODAY)

        with desk.uow() as uow:
            issued = issue_card(uow, ctx, adult_cmd(pupil, guardian=guardian_for(Guardians())))
        filled = produce(desk, ctx, "guardian-consent", issued.reader_id, tmp_path / "cq.pdf")
        text = squash(pdf_text(filled.path))
        assert "免费开通重庆市公共图书馆中小学（幼儿）图书借阅卡授权书" in text
        assert f"本人为{pupil.name}监护人，授权同意开通重庆市公共图书馆中小学（幼儿）图书借阅卡" in text
        blank = squash(pdf_text(produce(desk, ctx, "guardian-consent", None, tmp_path / "blank.pdf").path))
        assert "授权同意开通重庆市公共图书馆中小学（幼儿）图书借阅卡" in blank
    finally:
        desk.close()


def test_refund_application_with_the_ticked_document_and_the_deposit_held(records, tmp_path):
    produced = produce(records.desk, records.ctx, "refund-application", records.adult.card_number, tmp_path / "f.pdf")
    text = squash(pdf_text(produced.path))
    for spec in REFUND_FIELDS:
        assert squash(spec.label) in text, spec.label
    for box in REFUND_DOCUMENT_BOXES:
        assert box in text
    for line in REFUND_CONDITIONS:
        assert squash(line) in text
    for value in (
        "FS20260001",
        "吉𠮷",
        "女",
        "19900001111",
        "E12345678",
        "演示科技有限公司",
        "禅城区演示路8号",
        "¥100.00",
        "日期2026年11月22日",
    ):
        assert squash(value) in text, value
    keep_png(produced.path, "refund-application-filled")


def test_refund_application_is_refused_without_a_deposit(records, tmp_path):
    with pytest.raises(DeskError) as refused:
        produce(records.desk, records.ctx, "refund-application", records.minor.card_number, tmp_path / "n.pdf")
    assert refused.value.code == "paper.no_deposit"


def test_proxy_variant_has_the_agent_and_a_power_of_attorney(records, tmp_path):
    agent = Agent("周代办", DocumentType.RESIDENT_ID, records.guardian_number)
    produced = produce(
        records.desk, records.ctx, "proxy-authorisation", records.adult.card_number, tmp_path / "p.pdf", agent
    )
    assert produced.pages == 2
    text = squash(pdf_text(produced.path))
    assert "代办人姓名" in text and "周代办" in text
    assert "押金退还委托书" in text and "本人吉𠮷" in text and "现委托周代办" in text
    assert "委托人签名" in text and "受托人签名" in text and "附：委托人及受托人有效证件复印件各一份" in text
    keep_png(produced.path, "proxy-authorisation-filled")


def test_receipt_in_duplicate_numbered_from_the_desk_sequence(records, tmp_path):
    assert records.receipt_no == "FSLIB-D2-00000001"
    produced = produce(records.desk, records.ctx, "receipt", records.receipt_no, tmp_path / "c.pdf")
    text = squash(pdf_text(produced.path))
    assert text.count("FSLIB-D2-00000001") == 2
    assert text.count("押金收据") == 2 and "第一联读者联" in text and "第二联存根联（归档）" in text
    assert text.count("壹佰元整") == 2 and "¥100.00" in text and "押金台馆员" in text
    keep_png(produced.path, "receipt-filled")


def test_card_face_has_the_barcode_number_and_a_cr80_page(records, tmp_path):
    produced = produce(records.desk, records.ctx, "card-face", records.adult.card_number, tmp_path / "k.pdf")
    text = squash(pdf_text(produced.path))
    assert "佛山市联合图书馆" in text and "FS20260001" in text and "“一卡通”借阅证" in text
    info = subprocess.run(["pdfinfo", str(produced.path)], capture_output=True, text=True).stdout
    assert "242.646 x 153.014 pts" in info  # 85.60 x 53.98 mm
    keep_png(produced.path, "card-face-filled", 300)


def test_every_form_prints_blank(tmp_path):
    for kind in (k for k in FormKind if k is not FormKind.READER_GUIDE):  # the guide is written from a profile
        out = render(kind, None, tmp_path / f"{kind.value}.pdf", union="佛山市联合图书馆")
        text = squash(pdf_text(out.path))
        assert text, kind
        keep_png(out.path, f"{kind.value}-blank")
    blank = squash(pdf_text(tmp_path / "registration.pdf"))
    assert all(squash(spec.label) in blank for spec in REGISTRATION_FIELDS)
    assert "年月日" in blank


def test_batch_result_lists_every_row_with_reasons(tmp_path):
    rows = tuple(
        BatchRow(
            i + 2,
            f"学生{i}",
            "500***********12" + str(i % 10),
            ("accepted", "rejected", "review")[i % 3],
            ("校验位错误", "请将身份证号列设置为文本格式") if i % 3 == 1 else (),
        )
        for i in range(70)
    )
    data = BatchResultData("重庆市中心城区公共图书馆", "2026秋季新生", "演示小学", TODAY, rows)
    out = render(FormKind.BATCH_RESULT, data, tmp_path / "batch.pdf")
    assert out.pages >= 2
    text = squash(pdf_text(out.path))
    assert "共70行" in text and "已办理24人" in text and "未办理23人" in text and "待核实23人" in text
    assert text.count("校验位错误") == 23
    keep_png(out.path, "batch-result-filled")


def test_rare_characters_print_or_are_reported():
    fonts = load_fonts()
    assert fonts.extension is not None, "installer/dev.sh installs fonts-hanazono for CJK extension B"
    assert fonts.missing(["吉𠮷", "孙小明"]) == []
    main_only = load_fonts(str(fonts.main_path), "/nonexistent")
    assert main_only.missing(["吉𠮷"]) == ["𠮷"]
    assert fonts.missing(["\U0002ebf0"]) == ["\U0002ebf0"]  # CJK extension I: no installed font has it


def test_a_name_no_font_has_is_reported_by_produce(records, tmp_path):
    from desk_app.core.services.reader_details import change_details

    with records.desk.uow() as uow:
        change_details(
            uow,
            records.ctx,
            uuid.UUID(records.adult.reader_id),
            {"address": "演示路\U0002ebf0号"},
            records.adult_passport,
        )
    produced = produce(records.desk, records.ctx, "registration", records.adult.card_number, tmp_path / "m.pdf")
    assert produced.missing_characters == ("\U0002ebf0",)
    with records.desk.uow() as uow:
        change_details(
            uow, records.ctx, uuid.UUID(records.adult.reader_id), {"address": "禅城区演示路8号"}, records.adult_passport
        )


def test_attachments_must_be_images(records):
    with records.desk.uow() as uow, pytest.raises(DeskError) as refused:
        attach(uow, records.ctx, "reader", records.adult.reader_id, "photo", b"not an image at all")
    assert refused.value.code == "attachment.not_an_image"
    with records.desk.uow() as uow:
        kept = attach(uow, records.ctx, "reader", records.adult.reader_id, "photo", png("#010203"))
    assert kept.mime == "image/png" and len(kept.sha256) == 64


@pytest.mark.parametrize(
    ("fen", "words"),
    [(10000, "壹佰元整"), (1000, "壹拾元整"), (20, "贰角"), (123405, "壹仟贰佰叁拾肆元零伍分"), (5000, "伍拾元整")],
)
def test_amounts_in_capital_numerals(fen, words):
    assert capital(fen) == words


def test_the_review_gallery_renders_every_document(tmp_path):
    from desk_app.demo.gallery import make_gallery

    made = {p.name for p in make_gallery(tmp_path)}
    assert "reader-guide-filled-1.png" in made
    for kind in (k for k in FormKind if k is not FormKind.READER_GUIDE):
        assert f"{kind.value}-blank-1.png" in made
        assert f"{kind.value}-filled-1.png" in made
    assert "proxy-authorisation-filled-2.png" in made


def test_a_scanner_reads_the_card_faces_barcode_and_qr_code(records, tmp_path):
    produced = produce(records.desk, records.ctx, "card-face", records.adult.card_number, tmp_path / "s.pdf")
    page = keep_png(produced.path, "card-face-scan", 200)[0]
    done = subprocess.run(["zbarimg", "-q", str(page)], capture_output=True, text=True, check=False)
    assert sorted(done.stdout.split()) == ["CODE-128:FS20260001", "QR-Code:FS20260001"]


@pytest.mark.parametrize(
    ("kind", "title"),
    [
        ("deposit_taken", "押金收据"),
        ("deposit_refunded", "押金退还收据"),
        ("card_fee", "工本费收据"),
        ("fine_paid", "滞纳金（违约金）收据"),
    ],
)
def test_every_receipt_kind(kind, title, tmp_path):
    from forms.paper_forms import ReceiptData

    data = ReceiptData(
        "重庆市中心城区公共图书馆",
        "江北区图书馆",
        "JBLIB-00000042",
        kind,
        1020,
        "王小雨",
        "CQ20000002",
        "2026-11-22 10:00",
        "馆员甲",
        "补办",
        on_behalf_of="沙坪坝区图书馆" if kind == "fine_paid" else "",
    )
    text = squash(pdf_text(render(FormKind.RECEIPT, data, tmp_path / f"{kind}.pdf").path))
    assert text.count(title) == 2 and text.count("壹拾元贰角") == 2 and "¥10.20" in text
    assert ("代沙坪坝区图书馆收取" in text) == (kind == "fine_paid")


def _fonts_not_embedded(pdf) -> list[str]:
    listing = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    # name, type..., then the columns emb sub uni object ID: "emb" is the fifth from the end.
    return [line.split()[0] for line in listing.splitlines()[2:] if line.split()[-5] != "yes"]


@pytest.mark.parametrize("kind", [k.value for k in FormKind if k is not FormKind.READER_GUIDE])
def test_every_font_of_every_document_is_embedded(records, tmp_path, kind):
    """A font left out of a PDF is what the printer substitutes: ReportLab's Helvetica was one."""
    blank = render(kind, None, tmp_path / f"{kind}-blank.pdf", union="佛山市联合图书馆")
    assert _fonts_not_embedded(blank.path) == []
    ref = {
        "registration": records.adult.reader_id,
        "guardian-consent": records.minor.reader_id,
        "refund-application": records.adult.reader_id,
        "proxy-authorisation": records.adult.reader_id,
        "receipt": records.receipt_no,
        "card-face": records.adult.reader_id,
    }.get(kind)
    if ref is not None:
        agent = (
            Agent("周代办", DocumentType.RESIDENT_ID, records.guardian_number)
            if kind == "proxy-authorisation"
            else None
        )
        filled = produce(records.desk, records.ctx, kind, ref, tmp_path / f"{kind}.pdf", agent)
        assert _fonts_not_embedded(filled.path) == []
