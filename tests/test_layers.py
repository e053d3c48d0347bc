"""The direction of imports between the layers, as `make lint` checks it (import-linter)."""

import shutil
import subprocess
import sys
from pathlib import Path

from django.conf import settings

PACKAGES = ("policybase", "documents", "programs", "bench")


def lint_imports(root):
    """(exit code, output) of lint-imports run on the project tree at ``root``."""
    command = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(command), "--config", str(root / "pyproject.toml"), "--no-cache"],
        cwd=root,
        env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
    )
    return result.returncode, result.stdout + result.stderr


def copy_of_project(tmp_path):
    for package in PACKAGES:
        shutil.copytree(
            Path(settings.BASE_DIR) / package,
            tmp_path / package,
            ignore=shutil.ignore_patterns("__pycache__", "results"),
        )
    shutil.copy(Path(settings.BASE_DIR) / "pyproject.toml", tmp_path)
    return tmp_path


def test_the_project_keeps_its_layers(tmp_path):
    code, output = lint_imports(copy_of_project(tmp_path))
    assert code == 0, output
    assert "4 kept, 0 broken" in output


def test_a_source_module_importing_the_policy_layer_breaks_the_build(tmp_path):
    root = copy_of_project(tmp_path)
    (root / "documents" / "shortcut.py").write_text(
        "from programs.models import Strategy\n", encoding="utf-8"
    )
    code, output = lint_imports(root)
    assert code != 0
    assert "documents.shortcut -> programs.models" in output


def test_a_shared_helper_importing_a_layer_breaks_the_build(tmp_path):
    root = copy_of_project(tmp_path)
    paging = root / "policybase" / "paging.py"
    paging.write_text(paging.read_text() + "\nfrom documents import models\n", encoding="utf-8")
    code, output = lint_imports(root)
    assert code != 0
    assert "policybase.paging -> documents.models" in output
