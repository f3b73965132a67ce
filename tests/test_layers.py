"""Qt stays in desk_app/ui: import-linter checks it (direct and indirect imports); this is its twin for pytest."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QT_FREE = ["desk_app", "forms", "printing", "devices", "db"]


def qt_imports(root: Path, packages: list[str]) -> list[str]:
    found = []
    for package in packages:
        for path in sorted((root / package).rglob("*.py")):
            if "ui" in path.relative_to(root).parts[:2] and path.relative_to(root).parts[0] == "desk_app":
                continue
            for node in ast.walk(ast.parse(path.read_text("utf-8"))):
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
                if isinstance(node, ast.ImportFrom) and node.module:
                    names = [node.module]
                if any(n == "PyQt6" or n.startswith("PyQt6.") for n in names):
                    found.append(str(path.relative_to(root)))
    return found


def test_no_qt_outside_the_ui():
    assert qt_imports(ROOT, QT_FREE) == []


def test_the_check_does_catch_a_qt_import(tmp_path):
    (tmp_path / "forms").mkdir()
    (tmp_path / "forms" / "bad.py").write_text("from PyQt6.QtCore import QObject\n")
    (tmp_path / "desk_app" / "ui").mkdir(parents=True)
    (tmp_path / "desk_app" / "ui" / "fine.py").write_text("import PyQt6\n")
    assert qt_imports(tmp_path, ["forms", "desk_app"]) == ["forms/bad.py"]


def test_import_linter_contracts_are_kept():
    linter = Path(sys.executable).parent / "lint-imports"
    done = subprocess.run([str(linter)], cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "3 kept, 0 broken" in done.stdout
