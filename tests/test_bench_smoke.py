"""The benchmarks still run (at tiny sizes): their figures are read by people, so they must not rot."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(script, *args):
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / script), *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_stats_benchmark_runs(tmp_path):
    out = run("bench_stats.py", "--readers", "2000", "--json", str(tmp_path / "s.json"))
    assert "yearly report" in out
    assert json.loads((tmp_path / "s.json").read_text())["readers"] == 2000


def test_make_bench_runs_every_benchmark_and_prints_one_table():
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run_all.py"), "--quick"],
        capture_output=True, text=True, cwd=ROOT, timeout=600, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    for figure in (
        "cold start to main window ready",
        "registration form",
        "search sqlite, card number",
        "search postgresql, phone",
        "batch dry run",
        "union service: push of",
        "deposit refund paid end to end",
        "day-end over",
        "card faces",
        "wedge scanner",
    ):
        assert figure in done.stdout, figure  # fmt: skip
    summary = json.loads((ROOT / "build" / "bench" / "summary.json").read_text())
    assert len(summary["figures"]) >= 12 and all(f["floor"] > 0 for f in summary["figures"])
    again = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run_all.py"), "--quick", "--tabulate"],
        capture_output=True, text=True, cwd=ROOT, timeout=60, check=False,
    )  # fmt: skip
    assert again.returncode == 0 and again.stdout == done.stdout  # the same table from the same run's files
