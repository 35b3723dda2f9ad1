"""docs/architecture.md names every module of the package, and names no module that is gone."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "leadquiz"
DOC = ROOT / "docs" / "architecture.md"


def modules() -> set[str]:
    found: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        if parts[-1] == "__main__":
            continue
        if parts[-1] == "__init__":
            # A package whose __init__ holds only its docstring is a folder, not a module.
            if len(path.read_text(encoding="utf-8").strip().splitlines()) <= 1:
                continue
            parts = parts[:-1]
        if parts:
            found.add(".".join(parts))
    return found


def test_every_module_has_its_line_in_the_architecture_doc() -> None:
    rows = re.findall(r"^\| `([\w.]+)` \|", DOC.read_text(encoding="utf-8"), re.MULTILINE)
    assert len(rows) == len(set(rows)), "a module is described twice"
    assert modules() - set(rows) == set(), "modules missing from docs/architecture.md"
    assert set(rows) - modules() == set(), "docs/architecture.md names modules that do not exist"


def test_the_code_cites_the_docs_not_the_product_brief() -> None:
    cited = [p for p in PACKAGE.rglob("*.py") if "PRODUCT.md" in p.read_text(encoding="utf-8")]
    assert cited == []
