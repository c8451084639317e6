"""The layering of the code, checked on the source so that it cannot erode silently.

The engine (the model, its agents, the initiative store, value, metrics, the calendar and the
configuration) never imports Hydra, Solara or matplotlib, nor any interface built on it. Only
``sim.cli`` (and the sweeper plugin) imports Hydra; only ``sim.dashboard`` imports Solara; only
``sim.figures`` imports matplotlib.
"""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ENGINE = [
    "sim/model.py",
    "sim/initiatives.py",
    "sim/value.py",
    "sim/metrics.py",
    "sim/headlines.py",
    "sim/periods.py",
    "sim/config.py",
    "sim/preset_library.py",
    "sim/organization.py",
    "sim/timeline.py",
    "sim/population.py",
    "sim/area_summary.py",
    *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "agents").glob("*.py")),
]
INTERFACES = ("sim.cli", "sim.figures", "sim.dashboard", "sim.analysis", "experiments")
HYDRA = ("hydra", "omegaconf")


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


@pytest.mark.parametrize("module", ["agents", "sim", "sim.model", "sim.cli.main", "sim.figures"])
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
