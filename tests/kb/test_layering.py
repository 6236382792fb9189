"""The dependency rule of design.md: `kb` imports none of flask, whoosh, pypdf,
bs4; `ingest` no flask; `indexes` no flask or ingest; `web` no whoosh or ingest."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN = {
    "kb": {"flask", "whoosh", "pypdf", "bs4", "web", "indexes", "ingest"},
    "ingest": {"flask", "web", "whoosh", "indexes"},
    "indexes": {"flask", "web", "ingest"},
    "web": {"whoosh", "ingest", "pypdf", "bs4"},
}
# The composition roots may choose concrete implementations (design.md:
# `kb/cli.py` and `web.create_app`, which wires the catalog's curation in).
ROOTS = {Path("kb/cli.py"), Path("web/app.py")}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_packages_respect_the_dependency_rule(package):
    offenders = []
    for path in sorted((ROOT / package).rglob("*.py")):
        rel = path.relative_to(ROOT)
        if rel in ROOTS:
            continue
        bad = imported_modules(path) & FORBIDDEN[package]
        if bad:
            offenders.append(f"{rel}: {', '.join(sorted(bad))}")
    assert not offenders, "forbidden imports:\n" + "\n".join(offenders)


def test_web_modules_do_not_import_the_composition_root():
    """`web/app.py` builds the app and imports the views; a view (or any other
    web module) importing `web.app` back would make an import cycle. They take
    `kb_context` from `web.context` instead."""
    allowed = {Path("web/app.py"), Path("web/__init__.py")}
    offenders = []
    for path in sorted((ROOT / "web").rglob("*.py")):
        rel = path.relative_to(ROOT)
        if rel in allowed:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level == 0 and node.module:
                    names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
                elif node.level == 1 and rel.parent == Path("web"):
                    names = [f"web.{node.module or ''}".rstrip(".")] + [f"web.{a.name}" for a in node.names if not node.module]
            if any(n == "web.app" or n.startswith("web.app.") for n in names):
                offenders.append(f"{rel}:{node.lineno}")
    assert not offenders, "web modules importing web.app:\n" + "\n".join(offenders)
