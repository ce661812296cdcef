"""The layering, read from the imports themselves (every ``import`` in every module, lazy ones included), so it
holds by construction: core ← store ← service (the application layer) ← adapters (cli, api, web).

A module may import its own layer or a lower one, never a higher one; among the adapters only the API app mounts
the web pages (``api → web``), so there is no cycle. See docs/architecture.md.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

import ictguard

SRC = Path(ictguard.__file__).parent
# Pure core: computes on data, no web, CLI or database. `reports` renders documents (HTML, PDF, CSV) from core
# results and imports nothing but `errors`; `devices` uses it for the audit report.
CORE = {
    "__init__",
    "model",
    "errors",
    "settings",
    "yamlfile",
    "limits",
    "lists",
    "screening",
    "rules",
    "devices",
    "cases",
    "reports",
    "data",
    "families",
}  # families: the covered-family knowledge base (issue 14)
LAYER = {**dict.fromkeys(CORE, 0), "store": 1, "service": 2, "cli": 3, "api": 3, "web": 3, "spark": 3, "__main__": 3}
# create_app mounts the web pages on the API's app; `python -m ictguard` runs the CLI; `--engine spark` runs on spark/.
ADAPTER_EDGES = {("api", "web"), ("__main__", "cli"), ("cli", "spark")}
# Third-party frameworks a layer must not import (the core also no database; the service no web or CLI framework).
FORBIDDEN = {
    0: {"fastapi", "starlette", "typer", "uvicorn", "sqlalchemy", "alembic", "psycopg"},
    1: {"fastapi", "starlette", "typer", "uvicorn"},
    2: {"fastapi", "starlette", "typer", "uvicorn"},
}


def package_of(path: Path) -> str:
    return path.relative_to(SRC).parts[0].removesuffix(".py")


def imports(path: Path) -> list[tuple[int, str]]:
    """(line, absolute module name) of every import in the file; relative imports resolved in the package."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                package = ["ictguard", *path.relative_to(SRC).parts[:-1]]
                base = package[: len(package) - node.level + 1]
                found.append((node.lineno, ".".join([*base, *([node.module] if node.module else [])])))
            else:
                found.append((node.lineno, node.module or ""))
    return found


def violations() -> list[str]:
    problems: list[str] = []
    for path in sorted(SRC.rglob("*.py")):
        own = package_of(path)
        assert own in LAYER, f"{path}: package {own!r} has no layer: add it to LAYER and to docs/architecture.md"
        for line, module in imports(path):
            parts = module.split(".")
            where = f"{path.relative_to(SRC.parent)}:{line}"
            if parts[0] == "ictguard" and len(parts) > 1:
                other = parts[1]
                if other == own:
                    continue
                if LAYER.get(other, 0) > LAYER[own] or (
                    LAYER[own] == 3 and (own, other) not in ADAPTER_EDGES and LAYER.get(other) == 3
                ):
                    problems.append(f"{where}: {own} (layer {LAYER[own]}) imports {module} (layer {LAYER[other]})")
            elif parts[0] in FORBIDDEN.get(LAYER[own], set()):
                problems.append(f"{where}: {own} (layer {LAYER[own]}) imports the framework {parts[0]}")
    return problems


def test_every_import_respects_the_layers() -> None:
    assert violations() == []


def test_no_module_is_looked_up_by_name() -> None:
    """Plain imports only: a module found by a string (importlib) hides a dependency from this test and mypy."""
    found = []
    for path in sorted(SRC.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "import_module"
            ):
                found.append(f"{path.relative_to(SRC.parent)}:{node.lineno}")
    assert found == []


@pytest.mark.parametrize(
    ("package", "module", "allowed"),
    [
        ("screening", "ictguard.store.db", False),
        ("service", "ictguard.api.deps", False),
        ("web", "ictguard.api.deps", False),
        ("api", "ictguard.web", True),
        ("store", "ictguard.service.batch", False),
        ("cli", "ictguard.service.batch", True),
        ("rules", "sqlalchemy", False),
    ],
)
def test_the_check_itself_tells_allowed_from_forbidden(
    package: str, module: str, allowed: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The rule applied to a planted module: a layering test that cannot fail proves nothing."""
    fake_src = tmp_path / "ictguard"
    (fake_src / package).mkdir(parents=True)
    (fake_src / package / "planted.py").write_text(f"import {module}\n", encoding="utf-8")
    monkeypatch.setattr(sys.modules[__name__], "SRC", fake_src)
    assert (violations() == []) is allowed
