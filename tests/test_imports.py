"""The layering holds: no module of jcgraph imports another module's private (``_name``) names."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "jcgraph"


def private_imports() -> list[str]:
    """``module: from jcgraph.x import _name`` for every private name imported across modules."""
    found = []
    for path in sorted(SRC.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("jcgraph"):
                for alias in node.names:
                    if alias.name.startswith("_") and not alias.name.startswith("__"):
                        found.append(f"{path.relative_to(SRC)}:{node.lineno}: from {node.module} import {alias.name}")
    return found


def test_no_private_name_is_imported_from_another_module():
    assert private_imports() == []
