"""Printing figures: ms per form and per card face in a batch, beside ReportLab drawing the same text bare.

    .venv/bin/python bench/bench_printing.py [--faces 500] [--forms 50] [--json build/bench/printing.json]

The floor draws the same strings on a page of the same size with the same embedded font and no layout, so the
ratio is what the layouts (grids, font switching, barcodes, QR) cost above ReportLab itself. Card faces have a
second floor: the same text plus each card's Code 128 and QR code drawn by ReportLab's stock widgets.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from reportlab.graphics import renderPDF
from reportlab.graphics.barcode import code128
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from desk_app.core.services import paperwork
from desk_app.demo.paper_samples import build
from desk_app.documents import produce
from forms.paper_forms import CardFaceData, FormKind
from printing.fonts import load_fonts
from printing.layouts.card_face import CR80
from printing.render import render, render_card_faces, texts_of


def _floor(
    texts: list[str], pages: int, size: tuple[float, float], out: Path, numbers: list[str] | None = None
) -> None:
    """The same text on every page; with `numbers`, each page also gets its card's Code 128 and QR code
    drawn with ReportLab's stock widgets. No layout."""
    fonts = load_fonts()
    canvas = Canvas(str(out), pagesize=size, pageCompression=1)
    for page in range(pages):
        y = size[1] - 20
        for text in texts:
            for font, piece in fonts.runs(text):
                canvas.setFont(font, 9)
                canvas.drawString(20, y, piece)
            y = y - 10 if y > 30 else size[1] - 20
        if numbers:
            barcode = code128.Code128(numbers[page], barHeight=11 * mm, barWidth=0.28 * mm, humanReadable=False)
            barcode.drawOn(canvas, 10, 30)
            drawing = Drawing(20 * mm, 20 * mm)
            drawing.add(QrCodeWidget(numbers[page], barWidth=20 * mm, barHeight=20 * mm))
            renderPDF.draw(drawing, canvas, size[0] - 22 * mm, 14)
        canvas.showPage()
    canvas.save()


def _timed(fn: Callable[[], object], repeat: int) -> float:
    """The median of `repeat` calls, in ms: a disk that stalls now and then (each call writes a file) moves a
    mean by more than the layouts cost."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--faces", type=int, default=500)
    parser.add_argument("--forms", type=int, default=50)
    parser.add_argument("--json", type=Path, default=Path("build/bench/printing.json"))
    args = parser.parse_args()
    load_fonts()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        samples = build(work / "desk.sqlite")
        with samples.desk.uow() as uow:
            data = paperwork.registration(uow, samples.ctx, samples.minor.card_number)
        texts = list(texts_of(data))
        form_ms = _timed(lambda: render(FormKind.REGISTRATION, data, work / "form.pdf"), args.forms)
        form_floor = _timed(lambda: _floor(texts, 1, A4, work / "floor.pdf"), args.forms)
        filled_ms = _timed(
            lambda: produce(samples.desk, samples.ctx, "registration", samples.minor.card_number), args.forms // 5 or 1
        )
        faces = [
            CardFaceData("佛山市联合图书馆", "佛山市图书馆", "“一卡通”借阅证", f"FS{n:08d}", f"读者{n}")
            for n in range(args.faces)
        ]
        face_texts = [t for face in faces[:1] for t in texts_of(face)]
        start = time.perf_counter()
        render_card_faces(faces, work / "faces.pdf")
        faces_ms = (time.perf_counter() - start) * 1000 / args.faces
        start = time.perf_counter()
        _floor(face_texts, args.faces, CR80, work / "faces-floor.pdf")
        faces_floor = (time.perf_counter() - start) * 1000 / args.faces
        start = time.perf_counter()
        _floor(face_texts, args.faces, CR80, work / "faces-codes.pdf", [face.card_number for face in faces])
        faces_codes_floor = (time.perf_counter() - start) * 1000 / args.faces
        samples.desk.close()
    rows = [
        ("registration form, render (ms/form)", form_ms, form_floor),
        ("registration form, fill from DB + render + keep + record (ms/form)", filled_ms, form_floor),
        (f"card faces, batch of {args.faces} (ms/face)", faces_ms, faces_floor),
        (f"card faces, batch of {args.faces}, vs the same text, Code 128 and QR by stock widgets", faces_ms,
         faces_codes_floor),
    ]  # fmt: skip
    print(f"{'figure':<72} {'ms':>8} {'floor ms':>9} {'ratio':>6}")
    for name, value, floor in rows:
        print(f"{name:<72} {value:8.2f} {floor:9.2f} {value / floor:6.2f}")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(
        json.dumps(
            [{"figure": n, "ms": v, "floor_ms": f, "ratio": v / f} for n, v, f in rows], ensure_ascii=False, indent=2
        )
    )


if __name__ == "__main__":
    main()
