"""The layout keeps its promises: imports point one way, no module of an app imports itself back
through another, no file grows past 400 lines, and every package says what it owns."""

import ast
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APPS = ("returns", "refunds", "fraud", "billing", "config")
# Which app may import which: the design's one direction.
ALLOWED = {
    "returns": {"returns", "config"},
    "refunds": {"refunds", "returns", "config"},
    "fraud": {"fraud", "refunds", "returns", "config"},
    "billing": {"billing", "returns", "config"},
    "config": {"config", "returns", "refunds", "fraud", "billing"},
}
MAX_LINES = 400


def _sources(*, with_tests: bool = False):
    folders = [*APPS, "tests"] if with_tests else APPS
    for folder in folders:
        for path in sorted((ROOT / folder).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def _module(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, *, top_level_only: bool):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = tree.body if top_level_only else ast.walk(tree)
    for node in nodes:
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module
            for alias in node.names:
                yield f"{node.module}.{alias.name}"
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name


def test_imports_point_one_way_even_late():
    wrong = []
    for path in _sources():
        app = _module(path).split(".")[0]
        for name in _imports(path, top_level_only=False):
            target = name.split(".")[0]
            if target in ALLOWED and target not in ALLOWED[app]:
                wrong.append(f"{path.relative_to(ROOT)} imports {name}")
    assert sorted(set(wrong)) == []


def test_other_apps_use_of_returns_only_its_public_surface():
    public = (
        "returns.models",
        "returns.choices",
        "returns.services",
        "returns.selectors",
        "returns.common",
    )
    wrong = []
    for path in _sources():
        if _module(path).split(".")[0] in ("returns", "config"):
            continue
        for name in _imports(path, top_level_only=False):
            if name.startswith("returns.") and not name.startswith(public):
                wrong.append(f"{path.relative_to(ROOT)} imports {name}")
    assert sorted(set(wrong)) == []


def test_no_import_cycle_between_the_modules_of_an_app():
    modules = {_module(path): path for path in _sources()}
    graph = defaultdict(set)
    for module, path in modules.items():
        for name in _imports(path, top_level_only=True):
            while name and name not in modules:
                name = name.rpartition(".")[0]
            # A package's __init__ re-exporting its own modules is not a cycle of theirs.
            if name and name != module and not module.startswith(name + "."):
                graph[module].add(name)
    cycles = []
    state: dict[str, int] = {}

    def visit(node, trail):
        state[node] = 1
        for target in sorted(graph[node]):
            if state.get(target) == 1:
                cycles.append(" -> ".join([*trail[trail.index(target) :], target]))
            elif target not in state:
                visit(target, [*trail, target])
        state[node] = 2

    for module in sorted(modules):
        if module not in state:
            visit(module, [module])
    assert cycles == []


@pytest.mark.parametrize("with_tests", [False, True], ids=["code", "tests"])
def test_no_file_is_over_400_lines(with_tests):
    long = {
        str(path.relative_to(ROOT)): count
        for path in _sources(with_tests=with_tests)
        if (count := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}


def test_every_package_says_what_it_owns():
    silent = [
        str(path.relative_to(ROOT))
        for path in _sources()
        if path.name == "__init__.py" and ast.get_docstring(ast.parse(path.read_text())) is None
    ]
    assert silent == []
