"""The README's two commands, as make would run them on a fresh machine
(`make -n` prints the recipe without running it)."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def recipe(target: str, venv: Path) -> str:
    proc = subprocess.run(["make", "-n", target, f"VENV={venv}"], cwd=ROOT, capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_run_installs_only_what_serving_needs(tmp_path):
    run = recipe("run", tmp_path / "venv")
    assert "pip install --quiet -e ." in run
    assert "[test]" not in run                      # no Playwright, pytest, fpdf2 to serve
    assert "kb serve" in run
    test = recipe("test", tmp_path / "venv")
    assert "-e '.[test]'" in test and "pytest" in test
