"""The demo's union on this PC, as `sh installer/dev.sh run` starts it: a private PostgreSQL, the union
service under uvicorn with a CA of its own, the demo data in the union, and a desk that joins and pulls its
branch, whose window signs staff in against the union."""

from __future__ import annotations

import json
import shutil
import ssl
import subprocess
import sys
import tempfile
from pathlib import Path

import httpx

from tests.cli_staff import DEMO_PASSWORD
from tests.environments import cli_environment


def _run(env: dict[str, str], *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, env=env, input=stdin,
                          timeout=300, check=False)  # fmt: skip


def test_the_demo_starts_a_union_on_this_pc_and_its_desk_joins_pulls_and_signs_in_against_it(tmp_path: Path):
    # Outside pytest's own folders, which the cluster's `postgres` user cannot enter when run as root.
    union = Path(tempfile.mkdtemp(prefix="carddesk-demo-union-"))
    union.chmod(0o755)
    env = cli_environment(tmp_path) | {"CARDDESK_DEMO_UNION": str(union), "QT_QPA_PLATFORM": "offscreen"}
    desk = tmp_path / "demo.sqlite"
    try:
        up = _run(env, "-m", "desk_app.demo.local_union", "up", "--desk-db", str(desk), "--readers", "16")
        assert up.returncode == 0, up.stderr
        started = json.loads(up.stdout.splitlines()[-1])
        assert started["joined_now"] and (started["branch"], started["desk"]) == ("FSLIB", "D1")
        assert started["union"].startswith("https://127.0.0.1:")
        found = json.loads(_run(env, "-m", "desk_app", "--db", str(desk), "search", "", "--json").stdout)
        assert found and {r["home_branch_code"] for r in found} == {"FSLIB"}  # its own branch, not the union
        refused = _run(env, "-m", "desk_app", "--db", str(desk), "demo-data")
        assert refused.returncode == 2 and "已加入联盟" in refused.stderr
        window = _run(env, "-m", "desk_app", "--db", str(desk), "gui", "--user", "fslib-counter", "--password-stdin",
                      "--quit-when-ready", stdin=DEMO_PASSWORD + "\n")  # fmt: skip
        assert window.returncode == 0, window.stderr
        again = _run(env, "-m", "desk_app.demo.local_union", "up", "--desk-db", str(desk))
        assert again.returncode == 0 and not json.loads(again.stdout.splitlines()[-1])["joined_now"]
        owner = json.loads((union / "state.json").read_text())
        desks = _run(
            env,
            "-m",
            "desk_app",
            "union",
            "desks",
            "--json",
            "--db",
            f"postgresql://postgres@/carddesk?host={union / 'pg'}&port={owner['pg_port']}",
        )
        (joined,) = json.loads(desks.stdout)
        assert (joined["branch"], joined["desk"]) == ("FSLIB", "D1") and joined["last_push"]  # the window synced
    finally:
        _run(env, "-m", "desk_app.demo.local_union", "down")
    try:
        context = ssl.create_default_context(cafile=str(union / "tls" / "ca.pem"))
        stopped = False
        try:
            httpx.get(f"{started['union']}/v1/health", verify=context, timeout=2)
        except httpx.HTTPError:
            stopped = True
        assert stopped, "the union service still answers after down"
    finally:
        shutil.rmtree(union, ignore_errors=True)
