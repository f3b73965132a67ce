"""Sending a PDF to a system printer: CUPS's command line on Linux, the shell's print verb on Windows."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path


class PrintFailedError(RuntimeError):
    """The printer did not take the job; the message is for the user and the PDF is kept for reprint."""


def _cups(command: str, server: str | None) -> list[str]:
    tool = shutil.which(command)
    if tool is None:
        raise PrintFailedError(f"找不到打印命令 {command}：请安装 CUPS（cups-client）")
    return [tool, *(["-h", server] if server else [])]


def list_printers(server: str | None = None) -> list[str]:
    if sys.platform == "win32":  # pragma: no cover - exercised on the staff PCs
        return []
    try:
        done = subprocess.run([*_cups("lpstat", server), "-e"], capture_output=True, text=True, timeout=15, check=False)
    except (OSError, subprocess.TimeoutExpired) as err:
        raise PrintFailedError(f"无法查询打印机：{err}") from err
    if done.returncode != 0:
        raise PrintFailedError(f"无法查询打印机：{done.stderr.strip() or done.returncode}")
    return [line.strip() for line in done.stdout.splitlines() if line.strip()]


def send_pdf(pdf: Path, printer: str | None, server: str | None = None, title: str = "", copies: int = 1) -> str:
    """Queue the PDF; returns the job id. Raises PrintFailedError with the printer's own reason."""
    if not pdf.is_file():
        raise PrintFailedError(f"要打印的文件不存在：{pdf}")
    if sys.platform == "win32":  # pragma: no cover - exercised on the staff PCs
        # The default printer gets it through the PDF viewer's print verb.
        os.startfile(str(pdf), "print")  # type: ignore[attr-defined]  # noqa: S606
        return "windows-shell"
    command = [*_cups("lp", server)]
    if printer:
        command += ["-d", printer]
    command += ["-n", str(copies), "-t", title or pdf.stem, "--", str(pdf)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired) as err:
        raise PrintFailedError(f"打印机 {printer or '(默认)'}：{err}") from err
    if done.returncode != 0:
        where = f"打印机 {printer}：" if printer else "默认打印机："
        raise PrintFailedError(f"{where}{done.stderr.strip() or done.stdout.strip()}")
    match = re.search(r"request id is (\S+)", done.stdout)
    return match.group(1) if match else done.stdout.strip()
