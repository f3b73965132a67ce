"""A private CUPS daemon for the tests: its own config, socket and spool in a temp dir, cups-pdf as printer."""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

CUPSD_CONF = """Listen {root}/cups.sock
LogLevel info
WebInterface No
<Location />
  Order allow,deny
  Allow all
</Location>
<Location /admin>
  Order allow,deny
  Allow all
</Location>
"""
CUPS_FILES_CONF = """ServerRoot {root}/etc
StateDir {root}/run
CacheDir {root}/cache
RequestRoot {root}/spool
TempDir {root}/tmp
ServerBin /usr/lib/cups
DataDir /usr/share/cups
AccessLog {root}/log/access_log
ErrorLog {root}/log/error_log
PageLog {root}/log/page_log
User lp
Group lp
SystemGroup root
"""
PPD = Path("/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd")


@dataclass(frozen=True)
class CupsServer:
    socket: str
    printer: str
    # cups-pdf writes into the home of the user who printed.
    output_dir: Path


@contextmanager
def private_cups(root: Path) -> Iterator[CupsServer]:
    for tool in ("cupsd", "lpadmin", "lp"):
        if shutil.which(tool) is None:
            raise RuntimeError(f"{tool} is missing: installer/dev.sh installs cups and printer-driver-cups-pdf")
    for sub in ("etc", "run", "cache", "spool", "tmp", "log"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    (root / "tmp").chmod(0o1777)
    (root / "etc" / "cupsd.conf").write_text(CUPSD_CONF.format(root=root))
    (root / "etc" / "cups-files.conf").write_text(CUPS_FILES_CONF.format(root=root))
    daemon = subprocess.Popen(
        ["cupsd", "-f", "-c", str(root / "etc" / "cupsd.conf"), "-s", str(root / "etc" / "cups-files.conf")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    socket = str(root / "cups.sock")
    try:
        deadline = time.monotonic() + 15
        while not os.path.exists(socket):
            if time.monotonic() > deadline or daemon.poll() is not None:
                raise RuntimeError(f"cupsd did not start: {(root / 'log' / 'error_log').read_text(errors='replace')}")
            time.sleep(0.1)
        subprocess.run(
            ["lpadmin", "-h", socket, "-p", "CardDeskPDF", "-E", "-v", "cups-pdf:/", "-P", str(PPD)],
            check=True,
            capture_output=True,
            timeout=30,
        )
        home = Path(pwd.getpwuid(os.getuid()).pw_dir)
        yield CupsServer(socket, "CardDeskPDF", home / "PDF")
    finally:
        daemon.terminate()
        daemon.wait(15)


def wait_for_output(server: CupsServer, since: float, timeout: float = 60) -> Path:
    """The file cups-pdf wrote for a job started after `since`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = [p for p in server.output_dir.glob("*.pdf") if p.stat().st_mtime >= since]
        if found:
            newest = max(found, key=lambda p: p.stat().st_mtime)
            # cups-pdf writes through Ghostscript: wait until the file stops growing and closes as a PDF.
            size = -1
            while time.monotonic() < deadline:
                current = newest.stat().st_size
                if current == size and current > 0 and newest.read_bytes().rstrip().endswith(b"%%EOF"):
                    return newest
                size = current
                time.sleep(0.5)
        time.sleep(0.2)
    raise TimeoutError("cups-pdf wrote no file")
