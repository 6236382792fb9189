"""The README's two commands, as make would run them on a fresh machine
(`make -n` prints the recipe without running it)."""
from __future__ import annotations

import re
import shutil
import subprocess
import tomllib
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
    assert "pip install --quiet -c constraints.txt -e ." in run    # every version pinned
    assert "[test]" not in run                      # no Playwright, pytest, fpdf2 to serve
    assert "kb serve" in run
    test = recipe("test", tmp_path / "venv")
    assert "-c constraints.txt -e '.[test]'" in test and "pytest" in test


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~\[ ;]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def test_constraints_pin_every_package_at_the_version_pyproject_names():
    """A fresh clone installs the versions tested together: each package
    pyproject.toml names (to serve and to test) is pinned in constraints.txt,
    at its own pin where it has one, and so is everything they pull in."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    named = config["dependencies"] + config["optional-dependencies"]["test"]
    pins = {}
    for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, sep, version = line.partition("==")
            assert sep and version.strip(), f"not pinned: {line!r}"
            pins[_name(name)] = version.strip()
    for requirement in named:
        name = _name(requirement)
        assert name in pins, f"{name} is not in constraints.txt"
        stated = re.search(r"==\s*([^\s;]+)", requirement)
        if stated:
            assert pins[name] == stated.group(1), f"{name}: {stated.group(1)} in pyproject, {pins[name]} pinned"
    assert {"scipy", "pytz", "jinja2", "werkzeug"} <= pins.keys()       # what the pins above pull in
