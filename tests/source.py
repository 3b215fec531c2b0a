"""Reading the project's own source, for tests that keep an escape hatch's callers listed."""

import ast
import re
from pathlib import Path

from django.conf import settings

# Not project code, or not code at all.
SKIPPED = {"tests", "node_modules", "staticfiles", "var", "locale"}


def project_files():
    root = Path(settings.BASE_DIR)
    for top in sorted(root.iterdir()):
        if top.name in SKIPPED or top.name.startswith("."):
            continue
        if top.is_dir():
            yield from (path.relative_to(root) for path in sorted(top.rglob("*.py")))
        elif top.suffix == ".py":
            yield top.relative_to(root)


def callers_of(name: str, *, defined_in: str) -> set[str]:
    """The project modules (as posix paths) that call `name(`, less the one defining it."""
    root = Path(settings.BASE_DIR)
    call = re.compile(rf"\b{re.escape(name)}\(")
    return {
        path.as_posix()
        for path in project_files()
        if path.as_posix() != defined_in and call.search((root / path).read_text(encoding="utf-8"))
    }


def parsed_project_files():
    """(posix path, syntax tree) of every project module, for AST scans."""
    root = Path(settings.BASE_DIR)
    for path in project_files():
        source = (root / path).read_text(encoding="utf-8")
        yield path.as_posix(), ast.parse(source, filename=str(path))
