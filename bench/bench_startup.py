"""Cold start to the main window ready (signed in, first reader list shown), and peak memory, beside a bare
PyQt6 window started the same way (a fresh Python process, offscreen).

    .venv/bin/python bench/bench_startup.py [--runs 5] [--json build/bench/startup.json]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from desk_app.demo.keyring_backend import use_file_keyring

BARE = """
import sys
from PyQt6.QtCore import QTimer
from PyQt6.QtWidgets import QApplication, QMainWindow, QLabel
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.setCentralWidget(QLabel("ready"))
window.show()
QTimer.singleShot(0, app.quit)
app.exec()
"""


def _run(command: list[str], stdin: str, env: dict[str, str]) -> tuple[float, float]:
    """(seconds from start to exit, peak resident memory in MB) of one child process."""
    begun = time.perf_counter()
    process = subprocess.Popen(
        command, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env
    )
    assert process.stdin is not None
    process.stdin.write(stdin.encode())
    process.stdin.close()
    _pid, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise RuntimeError(f"{command} exited {process.returncode}")
    return time.perf_counter() - begun, usage.ru_maxrss / 1024


def main() -> None:
    use_file_keyring(Path("build/bench/keyring.cfg").resolve())
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", type=Path, default=Path("build/bench/startup.json"))
    args = parser.parse_args()
    env = os.environ | {"QT_QPA_PLATFORM": "offscreen"}
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "demo.sqlite"
        env |= {"XDG_CONFIG_HOME": tmp, "XDG_DATA_HOME": tmp, "XDG_STATE_HOME": tmp}
        subprocess.run([sys.executable, "-m", "desk_app", "--db", str(db), "demo-data", "--readers", "40"],
                       check=True, capture_output=True, env=env)  # fmt: skip
        app = [sys.executable, "-m", "desk_app", "--db", str(db), "gui", "--user", "fslib-counter",
               "--password-stdin", "--quit-when-ready"]  # fmt: skip
        bare = [sys.executable, "-c", BARE]
        _run(app, "demo2026\n", env)  # warm the disk cache for both, as a second start of the day would be
        _run(bare, "", env)
        apps = [_run(app, "demo2026\n", env) for _ in range(args.runs)]
        bares = [_run(bare, "", env) for _ in range(args.runs)]
    start, floor = statistics.median(a[0] for a in apps), statistics.median(b[0] for b in bares)
    memory, floor_memory = max(a[1] for a in apps), max(b[1] for b in bares)
    print(f"{'figure':<52} {'value':>8} {'floor':>8} {'ratio':>6}")
    label = f"start to main window ready, median of {args.runs} (s)"
    print(f"{label:<52} {start:8.2f} {floor:8.2f} {start / floor:6.2f}")
    print(f"{'peak memory (MB)':<52} {memory:8.0f} {floor_memory:8.0f} {memory / floor_memory:6.2f}")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(
        json.dumps({"start_s": start, "bare_start_s": floor, "peak_mb": memory, "bare_peak_mb": floor_memory})
    )


if __name__ == "__main__":
    main()
