"""Draws the CardDesk icon (a reader card with a book) as PNG sizes and a Windows .ico.

.venv/bin/python installer/make_icon.py      writes installer/linux/carddesk.png and installer/windows/carddesk.ico
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

HERE = Path(__file__).resolve().parent


def draw(size: int = 256) -> Image.Image:
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    s = size / 256
    pen.rounded_rectangle((16 * s, 48 * s, 240 * s, 208 * s), radius=22 * s, fill=(27, 94, 158, 255))
    pen.rectangle((16 * s, 80 * s, 240 * s, 100 * s), fill=(244, 180, 0, 255))
    # an open book: two pages and a spine
    pen.polygon([(64 * s, 120 * s), (126 * s, 132 * s), (126 * s, 188 * s), (64 * s, 176 * s)], fill="white")
    pen.polygon([(192 * s, 120 * s), (130 * s, 132 * s), (130 * s, 188 * s), (192 * s, 176 * s)], fill="white")
    for y in (142, 154, 166):
        pen.line((74 * s, (y - 4) * s, 118 * s, (y + 4) * s), fill=(27, 94, 158, 255), width=max(1, int(3 * s)))
        pen.line((138 * s, (y + 4) * s, 182 * s, (y - 4) * s), fill=(27, 94, 158, 255), width=max(1, int(3 * s)))
    return image


def main() -> None:
    icon = draw(256)
    icon.save(HERE / "linux" / "carddesk.png")
    icon.save(HERE / "windows" / "carddesk.ico", sizes=[(16, 16), (32, 32), (48, 48), (64, 64), (256, 256)])


if __name__ == "__main__":
    main()
