"""Logging to a rotating file in the platform's log folder, plus recent lines kept for a "show log" window."""

from __future__ import annotations

import collections
import faulthandler
import logging
import logging.handlers
import sys
from pathlib import Path

from platformdirs import user_log_path

from desk_app.core.privacy import mask_text

RECENT: collections.deque[str] = collections.deque(maxlen=500)
_configured: list[Path] = []


class MaskingFormatter(logging.Formatter):
    """No log line carries a full document number or phone: whatever looks like one is masked."""

    def format(self, record: logging.LogRecord) -> str:
        return mask_text(super().format(record))


class _RecentLines(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        RECENT.append(self.format(record))


def setup_logging(folder: Path | None = None, level: int = logging.INFO) -> Path:
    """Configure once per process; later calls return the same log file."""
    if _configured:
        return _configured[0]
    target = folder or user_log_path("CardDesk", appauthor=False)
    target.mkdir(parents=True, exist_ok=True)
    path = target / "carddesk.log"
    formatter = MaskingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    file_handler = logging.handlers.RotatingFileHandler(path, maxBytes=2_000_000, backupCount=5, encoding="utf-8")
    recent = _RecentLines()
    root = logging.getLogger()
    for handler in (file_handler, recent):
        handler.setFormatter(formatter)
        root.addHandler(handler)
    root.setLevel(level)
    if sys.stderr is not None and not faulthandler.is_enabled():
        faulthandler.enable()
    _configured.append(path)
    return path
