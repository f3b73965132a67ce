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


def test_the_printing_benchmark_runs(tmp_path):
    out = run("bench_printing.py", "--faces", "5", "--forms", "2", "--json", str(tmp_path / "p.json"))
    assert "card faces, batch of 5" in out and "ratio" in out
    assert len(json.loads((tmp_path / "p.json").read_text())) == 3


def test_the_batch_benchmark_runs(tmp_path):
    out = run("bench_batch.py", "--readers", "500", "--rows", "50", "--json", str(tmp_path / "b.json"))
    assert "dry run of the file" in out
    result = json.loads((tmp_path / "b.json").read_text())
    assert result["summary"]["exists"] == 5 and result["rows"] == 50


def test_the_devices_benchmark_runs(tmp_path):
    out = run("bench_devices.py", "--reads", "20", "--pty-reads", "5", "--json", str(tmp_path / "d.json"))
    assert "parsed record" in out and "scan event" in out
    assert len(json.loads((tmp_path / "d.json").read_text())) == 3


def test_the_stats_benchmark_runs(tmp_path):
    out = run("bench_stats.py", "--readers", "2000", "--json", str(tmp_path / "s.json"))
    assert "yearly report" in out
    assert json.loads((tmp_path / "s.json").read_text())["readers"] == 2000


def test_the_sync_benchmark_runs(tmp_path):
    out = run("bench_sync.py", "--changes", "200", "--json", str(tmp_path / "y.json"))
    assert "push + pull" in out
    assert json.loads((tmp_path / "y.json").read_text())["changes"] > 0


def test_make_bench_runs_every_benchmark_and_prints_one_table():
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run_all.py"), "--quick"],
        capture_output=True, text=True, cwd=ROOT, timeout=600, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "cold start to main window ready" in done.stdout and "search postgresql, phone" in done.stdout
    summary = json.loads((ROOT / "build" / "bench" / "summary.json").read_text())
    assert len(summary["figures"]) >= 15 and all(f["floor"] > 0 for f in summary["figures"])
