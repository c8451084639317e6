"""The layering of the code, checked on the source so that it cannot erode silently.

The project's modules form a graph of imports, computed here from the source with ``ast`` (every
import at any depth, including imports inside functions; imports under ``if TYPE_CHECKING:`` are
types, not imports, and are left out). The graph has no cycle, and its layers import only
downwards, bottom to top:

1. ``sim.config``: the schema, presets, organization files, timelines, replay logs, validation;
2. the engine: ``sim.engine`` (the model, store, value, metrics, calendar) and ``agents``;
3. the Python API: ``sim`` itself, ``sim.runner``, ``sim.batch``, ``sim.outputs``, ``sim.timing``;
4. ``sim.figures`` and ``sim.calibration``;
5. ``sim.diagnosis`` (inference by simulation, on the calibration's import);
6. ``sim.game`` and ``sim.cli``;
7. ``sim.analysis``;
8. ``sim.dashboard``;
9. the entry points (``python -m sim.report`` and the like), then ``experiments``,
   ``benchmarks`` and the Hydra plugin.

Besides: the engine never imports Hydra, Solara or matplotlib; only ``sim.cli`` (and the sweeper
plugin) imports Hydra; only ``sim.dashboard`` imports Solara; only ``sim.figures`` imports
matplotlib.
"""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("sim", "agents", "experiments", "benchmarks", "hydra_plugins")
ENGINE = sorted(
    str(p.relative_to(ROOT))
    for folder in ("sim/engine", "sim/config", "agents")
    for p in (ROOT / folder).glob("*.py")
)
INTERFACES = ("sim.cli", "sim.figures", "sim.dashboard", "sim.analysis", "experiments")
HYDRA = ("hydra", "omegaconf")
API = ("sim", "sim.runner", "sim.batch", "sim.outputs", "sim.timing")
#: Each layer, and the layers below it that it may import (its own is always allowed).
LAYERS = {
    "config": set(),
    "engine": {"config"},
    "api": {"config", "engine"},
    "figures": {"config", "engine", "api"},
    "calibration": {"config", "engine", "api"},
    "diagnosis": {"config", "engine", "api", "calibration"},
    "game": {"config", "engine", "api", "figures"},
    "cli": {"config", "engine", "api", "figures", "calibration", "diagnosis"},
    "analysis": {"config", "engine", "api", "figures", "calibration", "diagnosis", "cli"},
    "dashboard": {
        "config",
        "engine",
        "api",
        "figures",
        "calibration",
        "diagnosis",
        "game",
        "analysis",
    },
    "entry": {"cli", "analysis"},
    "top": {
        "config",
        "engine",
        "api",
        "figures",
        "calibration",
        "diagnosis",
        "game",
        "cli",
        "analysis",
    },
}


def layer(module: str) -> str:
    """The layer of a project module (``sim.engine.model`` is in ``engine``)."""
    parts = module.split(".")
    if parts[0] == "agents":
        return "engine"
    if parts[0] != "sim":
        return "top"  # experiments, benchmarks, the Hydra plugin
    if module in API:
        return "api"
    if len(parts) > 1 and parts[1] in LAYERS:
        return parts[1]
    return "entry"  # sim.__main__, sim.report, sim.sensitivity, ...


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for pkg in PACKAGES for p in (ROOT / pkg).rglob("*.py")}


def _type_only(tree: ast.AST) -> set[int]:
    """Ids of the import nodes under ``if TYPE_CHECKING:`` (never executed)."""
    skip = set()
    for node in ast.walk(tree):
        test = getattr(node, "test", None)
        if isinstance(node, ast.If) and getattr(test, "id", None) == "TYPE_CHECKING":
            skip |= {id(n) for n in ast.walk(node)}
    return skip


def project_imports(name: str) -> set[str]:
    """The project modules a module imports (``from a import b`` is ``a.b`` when that is a
    module, else ``a``); relative imports resolved."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    tree = ast.parse(path.read_text())
    skip, found = _type_only(tree), set()
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name in MODULES}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(parent + ([node.module] if node.module else []))
            for alias in node.names:
                full = f"{base}.{alias.name}"
                found.add(full if full in MODULES else base)
    return (found & set(MODULES)) - {name}


GRAPH = {name: project_imports(name) for name in MODULES}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The graph's strongly connected components with more than one module (Tarjan's)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in graph:
        if v not in index:
            visit(v)
    return found


def test_the_project_has_no_import_cycle():
    assert cycles(GRAPH) == []


def test_the_cycle_check_finds_a_cycle():
    """The check itself can fail: a two-module and a three-module circle are found."""
    assert cycles({"a": {"b"}, "b": {"a"}, "c": set()}) == [["a", "b"]]
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == [["a", "b", "c"]]


def test_the_configuration_module_graph_is_found():
    """The graph sees imports at any depth: the validation builds on organization and timeline."""
    assert {"sim.config.organization", "sim.config.timeline"} <= GRAPH["sim.config.validation"]
    assert "sim.engine.model" in GRAPH["sim.runner"]


def test_each_layer_imports_only_the_layers_below_it():
    wrong = sorted(
        f"{a} ({layer(a)}) imports {b} ({layer(b)})"
        for a, targets in GRAPH.items()
        for b in targets
        if layer(b) != layer(a) and layer(b) not in LAYERS[layer(a)]
    )
    assert not wrong


def test_the_layers_form_no_circle():
    assert cycles({name: set(below) for name, below in LAYERS.items()}) == []
    for name, below in LAYERS.items():
        assert name not in below


def test_the_top_level_of_sim_holds_only_the_api_and_the_entry_points():
    top = {p.stem for p in (ROOT / "sim").glob("*.py")}
    entry = {"__main__", "aggregate", "calibrate", "diagnose", "discover", "report", "sensitivity"}
    assert top == {"__init__", "runner", "batch", "outputs", "timing"} | entry


def imports(path: Path) -> set[str]:
    """Every module a source file imports, at any depth (including imports inside functions)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def sources(*folders: str) -> list[Path]:
    return sorted(p for folder in folders for p in (ROOT / folder).rglob("*.py"))


def uses(modules: set[str], prefixes: tuple[str, ...]) -> set[str]:
    return {m for m in modules if m.split(".")[0] in prefixes or m.startswith(prefixes)}


@pytest.mark.parametrize("path", ENGINE)
def test_the_engine_imports_no_framework_and_no_interface(path):
    found = imports(ROOT / path)
    banned = uses(found, (*HYDRA, "solara", "matplotlib", *INTERFACES))
    api = {m for m in found if m in ("sim.runner", "sim.batch", "sim.outputs")}
    assert not banned | api, f"{path} imports {sorted(banned | api)}"


def test_only_the_command_line_imports_hydra():
    offenders = {
        str(p.relative_to(ROOT))
        for p in sources("sim", "agents", "experiments", "benchmarks")
        if uses(imports(p), HYDRA) and "sim/cli" not in str(p)
    }
    assert not offenders


def test_only_the_dashboard_imports_solara():
    offenders = {
        str(p.relative_to(ROOT))
        for p in sources("sim", "agents", "experiments", "benchmarks")
        if uses(imports(p), ("solara",)) and "sim/dashboard" not in str(p)
    }
    assert not offenders


def test_only_figures_import_matplotlib_and_only_once_choose_its_back_end():
    offenders, back_end = set(), set()
    for p in sources("sim", "agents", "experiments", "benchmarks"):
        name = str(p.relative_to(ROOT))
        if uses(imports(p), ("matplotlib",)) and not name.startswith("sim/figures"):
            offenders.add(name)
        if "matplotlib.use(" in p.read_text():
            back_end.add(name)
    assert not offenders
    assert back_end == {"sim/figures/__init__.py"}


def test_the_engine_and_api_never_import_an_interface():
    api = ["sim/runner.py", "sim/batch.py", "sim/outputs.py", "sim/__init__.py"]
    for path in api:
        banned = uses(imports(ROOT / path), (*HYDRA, "solara", "sim.cli", "sim.dashboard"))
        assert not banned, f"{path} imports {sorted(banned)}"


@pytest.mark.parametrize(
    "module", ["agents", "sim", "sim.config", "sim.engine.model", "sim.cli.main", "sim.figures"]
)
def test_each_package_imports_first_in_a_fresh_process(module):
    """No circular import hides behind an import order that happens to work."""
    proc = subprocess.run(
        [sys.executable, "-c", f"import {module}"], capture_output=True, text=True, cwd=ROOT
    )
    assert proc.returncode == 0, proc.stderr


def test_no_project_file_points_outside_the_repository():
    texts = [p for p in ROOT.rglob("*") if p.suffix in (".md", ".py", ".yaml", ".html")]
    texts = [p for p in texts if ".venv" not in p.parts and "outputs" not in p.parts]
    design = "DESIGN" + ".md"  # the specification the project was built from, not part of it
    outside = [str(p.relative_to(ROOT)) for p in texts if design in p.read_text()]
    assert not outside


def test_modules_stay_small():
    """A module over 300 lines has more than one job: split it, or say why in a comment that
    starts ``# Longer than 300 lines:``."""
    long = {
        str(p.relative_to(ROOT)): n
        for p in sources("sim", "agents", "experiments")
        if (n := len(p.read_text().splitlines())) > 300
        and "# Longer than 300 lines:" not in p.read_text()
    }
    assert not long


def test_no_name_of_the_api_shadows_a_module_of_sim():
    """``sim.run`` is the function, and no module ``sim.run`` can hide it (or be hidden)."""
    import sim

    modules = {p.stem for p in (ROOT / "sim").glob("*.py")}
    modules |= {p.name for p in (ROOT / "sim").iterdir() if p.is_dir()}
    assert not set(sim.__all__) & modules
