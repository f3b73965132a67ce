"""`make bench`: every benchmark in one run, one table of each figure beside the floor it is measured
against, as a ratio, with its goal; the figures also go to build/bench/summary.json.

    .venv/bin/python bench/run_all.py [--readers 1000000] [--commands 10000] [--faces 500] [--quick] [--tabulate]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

from desk_app.demo.keyring_backend import use_file_keyring

HERE = Path(__file__).resolve().parent
OUT = HERE.parent / "build" / "bench"


TABULATE_ONLY = False  # --tabulate: the table again from the last run's JSON files, nothing measured


def _run(script: str, *args: str) -> dict:  # type: ignore[type-arg]
    target = OUT / f"{Path(script).stem.removeprefix('bench_')}.json"
    if TABULATE_ONLY:
        return json.loads(target.read_text())  # type: ignore[no-any-return]
    begun = time.perf_counter()
    done = subprocess.run([sys.executable, str(HERE / script), *args, "--json", str(target)],
                          capture_output=True, text=True, cwd=HERE.parent, check=False)  # fmt: skip
    if done.returncode != 0:
        raise SystemExit(f"{script} failed:\n{done.stderr[-2000:]}")
    print(f"  {script} done in {time.perf_counter() - begun:.0f} s", file=sys.stderr)
    return json.loads(target.read_text())  # type: ignore[no-any-return]


def main() -> None:
    use_file_keyring(Path("build/bench/keyring.cfg").resolve())
    parser = argparse.ArgumentParser()
    parser.add_argument("--readers", type=int, default=1_000_000)
    parser.add_argument("--commands", type=int, default=10_000)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--faces", type=int, default=500)
    parser.add_argument("--quick", action="store_true", help="small sizes, to check the benchmarks still run")
    parser.add_argument("--tabulate", action="store_true", help="print the table of the last run again")
    args = parser.parse_args()
    global TABULATE_ONLY
    TABULATE_ONLY = args.tabulate
    if args.quick:
        args.readers, args.rows, args.faces, args.commands = 2000, 100, 10, 100
    OUT.mkdir(parents=True, exist_ok=True)
    rows: list[tuple[str, float, float, str, str]] = []  # figure, value, floor, unit, goal

    startup = _run("bench_startup.py", "--runs", "2" if args.quick else "5")
    rows.append(("sign-in painted vs a bare PyQt6 window painted", startup["painted_s"], startup["bare_painted_s"],
                 "s", "<= 2x"))  # fmt: skip
    parameters = ", ".join(f"{k}={v}" for k, v in startup["hash_parameters"].items())
    rows.append((f"Enter to the counter usable vs 0.3 s + the password hash ({startup['hash_s'] * 1000:.0f} ms, "
                 f"argon2id {parameters})", startup["usable_s"], 0.3 + startup["hash_s"], "s", "<= 1x"))  # fmt: skip
    rows.append(("peak memory vs bare PyQt6 window", startup["peak_mb"], startup["bare_peak_mb"], "MB", "<= 2.5x"))
    rows.append(("cold start to main window ready without the sign-in window (gui --user) vs bare window painted",
                 startup["start_s"],
                 startup["bare_start_s"], "s", ""))  # fmt: skip
    tap = _run("bench_tap.py", "--taps", "5" if args.quick else "30", "--readers", "50" if args.quick else "300")
    rows.append(("ID tap (reader's last byte) to a filled registration form vs the look-up alone", tap["tap_ms"],
                 tap["search_ms"], "ms", "< 50 ms"))  # fmt: skip
    search = _run("bench_search.py", "--readers", str(args.readers), "--queries", "20" if args.quick else "200")
    for engine, results in search["results"].items():
        for result in results:
            rows.append((f"search {engine}, {result['kind']} (p99 {result['p99_ms']:.1f} ms) vs raw SQL",
                         result["ms"], result["floor_ms"], "ms", "<= 1.2x, p99 < 100 ms"))  # fmt: skip
    batch = _run("bench_batch.py", "--readers", str(args.readers), "--rows", str(args.rows))
    rows.append((f"{args.rows:,}-row batch dry run vs openpyxl reading the file", batch["dry_run_s"],
                 batch["openpyxl_read_s"], "s", "<= 2x"))  # fmt: skip
    union = _run("bench_union.py", "--commands", str(args.commands))
    commands = f"{union['commands']:,} issue commands"
    rows.append((f"union service: push of {commands} (each run again by the rules) vs COPY of their rows",
                 union["push_s"], union["copy_s"], "s", "<= 3x"))  # fmt: skip
    rows.append(("union service: the same push through 40 ms of added round trip vs the same COPY",
                 union["push_latency_s"], union["copy_s"], "s", "<= 3x"))  # fmt: skip
    rows.append((f"union service: pull of what {commands} made, at a desk of the branch, vs the same COPY",
                 union["pull_s"], union["copy_s"], "s", "<= 3x"))  # fmt: skip
    rows.append(("union service: a new desk of that branch ready (the union builds the snapshot) vs the same COPY",
                 union["ready_built_s"], union["copy_s"], "s", ""))  # fmt: skip
    rows.append(("union service: the next new desk of the branch ready (the snapshot shared) vs the same COPY",
                 union["ready_cached_s"], union["copy_s"], "s", ""))  # fmt: skip
    rows.append(("deposit refund paid end to end through the union vs one ledger INSERT there", union["refund_ms"],
                 union["insert_ms"], "ms", ""))  # fmt: skip
    stats = _run("bench_stats.py", "--readers", str(args.readers), "--runs", "1" if args.quick else "3")
    readers = f"{stats['readers']:,}"
    rows.append((f"yearly statistics on {readers} readers, counted by SQLite (the desk) vs raw monthly GROUP BY",
                 stats["sqlite_s"], stats["sqlite_floor_s"], "s", "<= 3x"))  # fmt: skip
    rows.append((f"yearly statistics on {readers} readers, counted by PostgreSQL (the union) vs the same there",
                 stats["postgres_s"], stats["postgres_floor_s"], "s", "<= 3x"))  # fmt: skip
    rows.append((f"statistics drill-down, slowest page of 100 cards ({stats['drill_slowest']}) vs 200 ms",
                 stats["drill_slowest_ms"], 200.0, "ms", "<= 1x"))  # fmt: skip
    money = _run("bench_money.py", "--entries", "200" if args.quick else "5000")
    rows.append((f"day-end over {money['entries']:,} entries (totals, cash, problems) vs SQL GROUP BY",
                 money["day_end_ms"], money["group_by_ms"], "ms", "<= 5x"))  # fmt: skip
    rows.append((f"day-end with its {money['entries']:,} receipt lines vs the same GROUP BY",
                 money["day_end_lines_ms"], money["group_by_ms"], "ms", ""))  # fmt: skip
    printing = _run("bench_printing.py", "--faces", str(args.faces), "--forms", "5" if args.quick else "50")
    for figure in printing:
        label = figure["figure"].split(" (")[0]
        if " vs " not in label:
            label += " vs ReportLab drawing the same text"
        rows.append((label, figure["ms"], figure["floor_ms"], "ms", "<= 2x"))
    devices = _run("bench_devices.py", "--reads", "50" if args.quick else "2000")
    for figure in devices:
        rows.append((figure["figure"].replace(" (us)", ""), figure["us"], figure["floor_us"], "us", ""))

    width = max(len(r[0]) for r in rows)
    print(f"{'figure':<{width}}  {'value':>9}  {'floor':>9}  {'ratio':>6}  goal")
    for figure, value, floor, unit, goal in rows:
        ratio = value / floor if floor else float("inf")
        print(f"{figure:<{width}}  {value:>7.2f}{unit:>2}  {floor:>7.2f}{unit:>2}  {ratio:>6.2f}  {goal}")
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False)
    summary = {
        "commit": commit.stdout.strip(),
        "sizes": {"readers": args.readers, "commands": args.commands, "rows": args.rows, "faces": args.faces},
        "figures": [
            {"figure": f, "value": v, "floor": fl, "unit": u, "ratio": v / fl if fl else None, "goal": g}
            for f, v, fl, u, g in rows
        ],
    }
    if not TABULATE_ONLY:  # the summary names the commit that was measured
        (OUT / "summary.json").write_text(json.dumps(summary, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
