"""The package's layering, checked on every import statement (also those inside functions).

Top to bottom: the shells > the pipeline > lint | render | report | output | pdf > validate > load | model |
reference > findings | errors | formatting > i18n. A module may import from its own layer's package and from
any layer below; never from a layer above it, and never from a sibling package in its own layer (they are
independent).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "problembrief"

LAYERS: list[set[str]] = [
    {"__main__"},
    {"quick"},  # a plain validate or build without Typer; it reads cli's Typer definition to store it
    {"cli"},
    {"commands"},  # what validate and build do, for Typer's command line and the quick one
    {"lsp", "serve"},  # the editor's and the browser's shells: the command line starts them
    {"pipeline", "format_reference"},
    {"questions", "corrections", "plan"},  # the consultation round: the pipeline runs a brief's questions
    {"lint", "render", "report", "output", "pdf", "schema"},
    {"validate"},
    {"load", "model", "reference"},
    {"findings", "errors", "formatting", "__init__"},
    {"i18n"},
]


def _unit(module: str) -> str:
    """The layer unit of a dotted module name inside the package: its first part (`lint.rules.data` -> lint)."""
    return module.split(".")[0]


def _layer(unit: str) -> int:
    for index, layer in enumerate(LAYERS):
        if unit in layer:
            return index
    raise AssertionError(f"problembrief.{unit} is in no layer: add it to LAYERS in {__file__}")


def _is_module(name: str) -> bool:
    return (PACKAGE / f"{name}.py").is_file() or (PACKAGE / name / "__init__.py").is_file()


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    relative = path.relative_to(PACKAGE).with_suffix("")
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = list(relative.parts[: len(relative.parts) - node.level])
                name = ".".join(["problembrief", *base, *(node.module.split(".") if node.module else [])])
            else:
                name = node.module or ""
            if name == "problembrief":  # `from problembrief import lint` or `… import __version__`
                found += [(node.lineno, f"problembrief.{a.name}" if _is_module(a.name) else "problembrief.__init__")
                          for a in node.names]
            else:
                found.append((node.lineno, name))
    return [(line, name.removeprefix("problembrief.")) for line, name in found
            if name.startswith("problembrief.")]


MODULES = sorted(p for p in PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_respect_the_layers(path: Path) -> None:
    own = _unit(str(path.relative_to(PACKAGE).with_suffix("")).replace("/", "."))
    own_layer = _layer(own)
    for line, imported in _imports(path):
        unit = _unit(imported)
        if unit == own:
            continue
        layer = _layer(unit)
        assert layer > own_layer, (
            f"{path.relative_to(PACKAGE)}:{line} imports problembrief.{imported}, which is "
            + ("a layer above it" if layer < own_layer else "a sibling in its own layer"))


def test_the_layer_test_sees_lazy_and_relative_imports(tmp_path: Path) -> None:
    imports = dict((name, line) for line, name in _imports(PACKAGE / "pipeline.py"))
    assert "lint" in imports or "lint.config" in imports  # imported inside a function
    assert any(name.startswith("render") for name in imports)


def test_the_rule_registry_is_a_leaf() -> None:
    """The registry imports no rule family (the families import it): no import cycle."""
    registry = PACKAGE / "lint" / "registry.py"
    assert not [name for _, name in _imports(registry) if name.startswith("lint.rules")]
