"""The review gallery: every document filled from the sample records and blank, as PNGs under docs/printing.

Run by `sh installer/dev.sh docs` (or `make docs-images`); the images are committed so a change to a layout
shows in review.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

from desk_app.core.services.paperwork import Agent
from desk_app.day_end_desk import close_day, write_pdf
from desk_app.demo.paper_samples import build
from desk_app.documents import produce
from forms.identity_documents import DocumentType
from forms.paper_forms import BatchResultData, BatchRow, FormKind
from printing.render import render

BATCH_SAMPLE = BatchResultData(
    "重庆市中心城区公共图书馆",
    "2026年秋季新生",
    "演示小学",
    date(2026, 11, 22),
    (
        BatchRow(2, "王小雨", "500***********0014", "accepted"),
        BatchRow(3, "李子轩", "500***********123X", "rejected", ("身份证号校验位错误",)),
        BatchRow(4, "张明", "5.00E+17", "rejected", ("身份证号被 Excel 转成了数字，请将该列设置为文本格式",)),
        BatchRow(5, "陈思远", "110***********2213", "review", ("年龄 41 岁，不符合学生证条件：是否误填了家长证件？",)),
        BatchRow(6, "赵一诺", "500***********0421", "rejected", ("已在沙坪坝区图书馆办理借阅证",)),
    ),
)


def _pngs(pdf: Path, out_dir: Path, name: str, resolution: int) -> list[Path]:
    for old in out_dir.glob(f"{name}-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-r", str(resolution), "-png", str(pdf), str(out_dir / name)], check=True)
    return sorted(out_dir.glob(f"{name}-*.png"))


def make_gallery(out_dir: Path, resolution: int = 50) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    made: list[Path] = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        samples = build(work / "desk.sqlite")
        agent = Agent("周代办", DocumentType.RESIDENT_ID, samples.guardian_number)
        filled = [
            ("registration", samples.minor.card_number, None),
            ("guardian-consent", samples.minor.card_number, None),
            ("refund-application", samples.adult.card_number, None),
            ("proxy-authorisation", samples.adult.card_number, agent),
            ("receipt", samples.receipt_no, None),
            ("card-face", samples.adult.card_number, None),
        ]
        for kind, ref, who in filled:
            produced = produce(samples.desk, samples.ctx, kind, ref, work / f"{kind}.pdf", who)
            made += _pngs(produced.path, out_dir, f"{kind}-filled", 200 if kind == "card-face" else resolution)
        report = close_day(samples.desk, samples.ctx, samples.ctx.today())
        sheet = write_pdf(samples.desk, samples.ctx, report, work / "day-end.pdf")
        made += _pngs(sheet, out_dir, "day-end-filled", resolution)
        batch = render(FormKind.BATCH_RESULT, BATCH_SAMPLE, work / "batch.pdf")
        made += _pngs(batch.path, out_dir, "batch-result-filled", resolution)
        guide = produce(samples.desk, samples.ctx, FormKind.READER_GUIDE, None, work / "guide.pdf")
        made += _pngs(guide.path, out_dir, "reader-guide-filled", resolution)
        for kind in (k for k in FormKind if k is not FormKind.READER_GUIDE):
            blank = render(kind, None, work / f"blank-{kind.value}.pdf", union=samples.desk.profile.name_zh)
            made += _pngs(blank.path, out_dir, f"{kind.value}-blank", 200 if kind is FormKind.CARD_FACE else resolution)
        samples.desk.close()
    return made


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/printing")
    for path in make_gallery(target):
        print(path)
