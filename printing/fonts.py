"""CJK fonts for the PDFs: a TrueType font from the system, embedded (subset) so a PDF looks the same anywhere.

Names may hold characters outside the main font (𠮷 is in CJK extension B): a second font that covers them
is switched in character by character, and what no font covers is reported before printing.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont

from printing.font_paths import BUNDLED_FONTS

WINDOWS_FONTS = Path(os.environ.get("WINDIR", "C:/Windows")) / "Fonts"
MAIN_CANDIDATES = (
    BUNDLED_FONTS / "wqy-zenhei.ttc",
    Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),
    Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
    WINDOWS_FONTS / "simsun.ttc",
    WINDOWS_FONTS / "msyh.ttc",
    WINDOWS_FONTS / "simhei.ttf",
)
EXTENSION_CANDIDATES = (
    BUNDLED_FONTS / "HanaMinB.ttf",
    Path("/usr/share/fonts/truetype/hanazono/HanaMinB.ttf"),
    WINDOWS_FONTS / "simsunb.ttf",
)


_upstream_to_unicode = ttfonts.makeToUnicodeCMap


def _utf16_hex(code: int) -> str:
    return chr(code).encode("utf-16-be").hex().upper()


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """ReportLab writes each ToUnicode target as `<%04X>`: beyond the BMP (𠮷, U+20BB7) that is five hex
    digits, which PDF readers misread, so a rare character in a name could not be searched or copied. The
    PDF reference wants UTF-16BE there: a surrogate pair. Everything else stays as ReportLab writes it."""
    cmap = _upstream_to_unicode(fontname, subset)
    for code in subset:
        if code > 0xFFFF:
            cmap = cmap.replace(f"> <{code:04X}>", f"> <{_utf16_hex(code)}>")
    return cmap


ttfonts.makeToUnicodeCMap = _to_unicode_cmap


class FontMissingError(RuntimeError):
    """No CJK TrueType font was found; the message says what to install or configure."""


@dataclass(frozen=True)
class PrintFonts:
    main: str
    extension: str | None
    main_path: Path
    extension_path: Path | None

    @cached_property
    def _main_glyphs(self) -> dict[int, int]:
        return pdfmetrics.getFont(self.main).face.charToGlyph  # type: ignore[attr-defined,no-any-return]

    def _covers(self, name: str | None, char: str) -> bool:
        if name is None:
            return False
        face = pdfmetrics.getFont(name).face  # type: ignore[attr-defined]
        return ord(char) in face.charToGlyph

    def font_for(self, char: str) -> str:
        if char.isspace() or ord(char) in self._main_glyphs or not self._covers(self.extension, char):
            return self.main
        return self.extension or self.main

    def missing(self, texts: Iterable[str]) -> list[str]:
        """Characters that no configured font can print, in the order they first appear."""
        seen: list[str] = []
        main = self._main_glyphs
        for text in texts:
            for char in text:
                if ord(char) in main or char.isspace() or char in seen:
                    continue
                if not self._covers(self.extension, char):
                    seen.append(char)
        return seen

    def runs(self, text: str) -> list[tuple[str, str]]:
        """The text cut where the font changes: (font name, piece)."""
        glyphs = self._main_glyphs
        if all(ord(char) in glyphs or char.isspace() for char in text):
            return [(self.main, text)] if text else []  # nearly every text: one font, no need to look further
        pieces: list[tuple[str, str]] = []
        for char in text:
            font = self.font_for(char)
            if pieces and pieces[-1][0] == font:
                pieces[-1] = (font, pieces[-1][1] + char)
            else:
                pieces.append((font, char))
        return pieces

    def markup(self, text: str) -> str:
        """Paragraph markup with the fallback font around the characters that need it."""
        return "".join(
            escape(piece) if font == self.main else f'<font name="{font}">{escape(piece)}</font>'
            for font, piece in self.runs(text)
        )


def _register(name: str, path: Path) -> str:
    index = 0 if path.suffix.lower() == ".ttc" else None
    font = TTFont(name, str(path), subfontIndex=index) if index is not None else TTFont(name, str(path))
    pdfmetrics.registerFont(font)
    return name


def _first(paths: Sequence[Path]) -> Path | None:
    return next((p for p in paths if p.is_file()), None)


@cache
def load_fonts(configured: str = "", configured_extension: str = "") -> PrintFonts:
    main_path = Path(configured) if configured else _first(MAIN_CANDIDATES)
    if main_path is None or not main_path.is_file():
        raise FontMissingError(
            "找不到中文 TrueType 字体：请在设置中指定字体文件（如 simsun.ttc），或安装 fonts-wqy-zenhei"
        )
    ext_path = Path(configured_extension) if configured_extension else _first(EXTENSION_CANDIDATES)
    main = _register("CardDeskCJK", main_path)
    extension = _register("CardDeskCJKExt", ext_path) if ext_path and ext_path.is_file() else None
    return PrintFonts(main, extension, main_path, ext_path if extension else None)
