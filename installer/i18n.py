"""The desk's English through Qt Linguist: `update` collects the window's texts into translations/*.ts
(pylupdate6 keeps what is already translated), `release` compiles them to desk_app/ui/translations/*.qm (lrelease),
`check` says whether every text is translated and the .qm is current (the tests run it)."""

from __future__ import annotations

import filecmp
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted(str(p) for p in (ROOT / "desk_app" / "ui").glob("*.py"))
TS = sorted((ROOT / "translations").glob("carddesk_*.ts"))
QM_DIR = ROOT / "desk_app" / "ui" / "translations"


def lrelease() -> str:
    found = shutil.which("lrelease") or shutil.which("lrelease", path="/usr/lib/qt6/bin")
    if found is None:
        raise SystemExit("lrelease not found: apt-get install qt6-l10n-tools")
    return found


def pylupdate() -> str:
    return str(Path(sys.executable).parent / "pylupdate6")


def update(ts_files: list[Path] | None = None) -> None:
    for ts in ts_files or TS:
        subprocess.run([pylupdate(), "--no-obsolete", *SOURCES, "-ts", str(ts)], check=True, capture_output=True)


def release(out_dir: Path = QM_DIR) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    made = []
    for ts in TS:
        qm = out_dir / ts.with_suffix(".qm").name
        subprocess.run([lrelease(), "-silent", str(ts), "-qm", str(qm)], check=True)
        made.append(qm)
    return made


def untranslated(ts: Path) -> list[str]:
    missing = []
    for message in ET.parse(ts).getroot().iter("message"):  # noqa: S314 - the project's own .ts files
        translation = message.find("translation")
        if translation is None or not (translation.text or "").strip() or translation.get("type") == "unfinished":
            missing.append(str(message.findtext("source")))
    return missing


def _messages(ts: Path) -> set[tuple[str, str, str]]:
    """What a .ts says, without where in the code each text is (that moves with every edit)."""
    found = set()
    for context in ET.parse(ts).getroot().iter("context"):  # noqa: S314 - the project's own .ts files
        name = str(context.findtext("name"))
        for message in context.iter("message"):
            found.add((name, str(message.findtext("source")), str(message.findtext("translation") or "")))
    return found


def check() -> list[str]:
    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        for ts in TS:
            copy = Path(tmp) / ts.name
            shutil.copyfile(ts, copy)
            update([copy])
            problems += [f"{ts.name}: not translated: {text}" for text in untranslated(copy)]
            if _messages(copy) != _messages(ts):
                problems.append(f"{ts.name}: out of date with the window's texts (run: installer/i18n.py update)")
        for qm in release(Path(tmp) / "qm"):
            if not filecmp.cmp(qm, QM_DIR / qm.name, shallow=False):
                problems.append(f"{qm.name}: not compiled from the current .ts (run: installer/i18n.py release)")
    return problems


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "check"
    if command == "update":
        update()
    elif command == "release":
        for path in release():
            print(path)
    else:
        found = check()
        print("\n".join(found) or "translations are complete and current")
        sys.exit(1 if found else 0)
