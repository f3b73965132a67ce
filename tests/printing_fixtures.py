"""Helpers for the printing tests: the sample records, reading PDFs back, keeping PNGs as artifacts."""

from __future__ import annotations

import subprocess
from pathlib import Path

from desk_app.demo.paper_samples import PrintDesk, build, png

__all__ = ["ARTIFACTS", "PrintDesk", "build", "keep_png", "pdf_text", "png"]

ARTIFACTS = Path(__file__).resolve().parent.parent / "build" / "test-artifacts"


def pdf_text(path: Path) -> str:
    done = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True)
    return done.stdout


def keep_png(pdf: Path, name: str, resolution: int = 60) -> list[Path]:
    """Render each page to PNG and keep it as a test artifact for a person to look at."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    prefix = ARTIFACTS / name
    subprocess.run(["pdftoppm", "-r", str(resolution), "-png", str(pdf), str(prefix)], check=True)
    return sorted(ARTIFACTS.glob(f"{name}-*.png"))
