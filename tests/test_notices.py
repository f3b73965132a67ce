"""#26.1: CardDesk's own licence and a notices file naming every component the bundle carries with its licence's
text; it fails when a bundled package has no entry, or the file is out of date."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "installer"))

from notices import NATIVE, bundled_packages, licence_of  # noqa: E402


def test_carddesk_is_gpl_3_or_later_as_its_dependencies_require() -> None:
    assert "GNU GENERAL PUBLIC LICENSE" in (ROOT / "LICENSE").read_text("utf-8")[:200]
    assert "Version 3" in (ROOT / "LICENSE").read_text("utf-8")[:300]
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    assert project["license"] == {"text": "GPL-3.0-or-later"}
    # Why: PyQt6 and mrz are GPL-3.0; a GPL-3.0 work may carry these.
    assert licence_of("PyQt6")[0] == "GPL-3.0-only" and "3" in licence_of("mrz")[0]


def test_every_bundled_package_has_an_entry_with_its_licence_text() -> None:
    notices = (ROOT / "THIRD_PARTY_NOTICES.md").read_text("utf-8")
    packages = bundled_packages()
    assert len(packages) > 40 and ("PyQt6", packages[0][1]) == packages[0]
    for name, version in packages:
        heading = f"### {name} {version}\n"
        assert heading in notices, f"{name} {version} is bundled but has no entry"
        entry = notices.split(heading, 1)[1].split("\n### ", 1)[0]
        body = entry.split("```", 2)[1].strip()
        assert len(body) > 100 and "no licence file shipped" not in body, name
    for component, _licence, _where in NATIVE:
        assert f"| {component} |" in notices
    spec = (ROOT / "installer/carddesk.spec").read_text("utf-8")
    assert '"THIRD_PARTY_NOTICES.md"' in spec and '"LICENSE"' in spec  # they travel with the bundle


def test_the_notices_file_is_what_the_generator_writes() -> None:
    done = subprocess.run([sys.executable, str(ROOT / "installer/notices.py"), "--check"], capture_output=True,
                          text=True, timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr
