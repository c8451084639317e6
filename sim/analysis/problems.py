"""Analysis problems: levers, uncertainties and outcomes declared in configs/analysis/*.yaml.

In EMA Workbench's vocabulary, levers are what leadership controls (governance settings) and
uncertainties what it does not (organization and value distribution). Each parameter has a kind
(continuous, integer or switch) and a range. A declaration is checked before anything is sampled:
an unknown parameter, a range with low > high, a range outside the schema's limits or an unknown
outcome is refused with the key named.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from sim.cli.arguments import apply_overrides, split
from sim.config import CONFIG_DIR, GROUPS, ConfigError, flat_keys, options, presets
from sim.config.labels import safe_folder_name
from sim.engine.metrics import SUMMARY_METRICS

ANALYSIS_DIR = CONFIG_DIR / "analysis"
KINDS = ("continuous", "integer", "switch")


@dataclass(frozen=True)
class Parameter:
    name: str
    kind: str
    low: float
    high: float
    role: str  # "lever" or "uncertainty"

    def value(self, unit: float) -> Any:
        """Map a sample in [low, high] (switch: [0, 1]) to the setting's value."""
        if self.kind == "integer":
            return int(round(unit))
        if self.kind == "switch":
            return bool(unit >= 0.5)
        return float(unit)


@dataclass
class Problem:
    """A declared analysis: method, sample size, parameters and outcomes."""

    name: str
    method: str
    samples: int
    replications: int
    ticks: int
    seed: int
    workers: int | None
    preset: str
    parameters: list[Parameter]
    outcomes: list[str]
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def names(self) -> list[str]:
        return [p.name for p in self.parameters]

    def salib(self) -> dict[str, Any]:
        """The problem in SALib's form."""
        bounds = [[0.0, 1.0] if p.kind == "switch" else [p.low, p.high] for p in self.parameters]
        return {"num_vars": len(self.parameters), "names": self.names, "bounds": bounds}

    def point(self, row) -> dict[str, Any]:
        """Settings of one sample row."""
        return {p.name: p.value(x) for p, x in zip(self.parameters, row, strict=True)}


def _schema_field(name: str):
    dotted = flat_keys().get(name)
    if dotted is None or "." not in dotted:
        return None
    group, key = dotted.split(".")
    return {f.name: f for f in dataclasses.fields(GROUPS[group])}[key]


def parameters_of(data: dict[str, Any]) -> list[Parameter]:
    """The levers and uncertainties of a declaration, each checked against the schema."""
    parameters = []
    for role, section in (("lever", "levers"), ("uncertainty", "uncertainties")):
        for name, spec in (data.get(section) or {}).items():
            key = f"{section}.{name}"
            schema = _schema_field(name)
            if schema is None:
                raise ConfigError(
                    key,
                    name,
                    "unknown parameter; allowed: settings of "
                    "governance, org and value (see docs/reference/parameters.md)",
                )
            kind = spec.get("kind", "continuous")
            if kind not in KINDS:
                raise ConfigError(f"{key}.kind", kind, "allowed: " + ", ".join(KINDS))
            if kind == "switch":
                parameters.append(Parameter(name, kind, 0.0, 1.0, role))
                continue
            low, high = spec.get("low"), spec.get("high")
            if not isinstance(low, int | float) or not isinstance(high, int | float):
                raise ConfigError(key, spec, "needs numbers low and high")
            if low > high:
                raise ConfigError(key, f"[{low}, {high}]", "low must not exceed high")
            lo, hi = schema.metadata["range"]
            if low < lo or high > hi:
                raise ConfigError(key, f"[{low}, {high}]", f"allowed: within [{lo}, {hi}]")
            parameters.append(Parameter(name, kind, float(low), float(high), role))
    return parameters


def parse(data: dict[str, Any]) -> Problem:
    """Check and build a Problem from a declaration (raises ConfigError naming the key)."""
    required = ("name", "method", "samples", "replications", "ticks", "seed", "preset", "outcomes")
    for key in required:
        if key not in data:
            raise ConfigError(key, None, "missing from the analysis declaration")
    if data["method"] not in ("sobol", "morris"):
        raise ConfigError("method", data["method"], "allowed: sobol, morris")
    for key in ("samples", "replications", "ticks"):
        if not isinstance(data[key], int) or data[key] < 1:
            raise ConfigError(key, data[key], "allowed: an integer >= 1")
    if data["method"] == "sobol" and data["samples"] & (data["samples"] - 1):
        raise ConfigError("samples", data["samples"], "allowed: a power of two for Sobol")
    if data["preset"] not in presets():
        raise ConfigError("preset", data["preset"], "allowed: " + ", ".join(presets()))
    parameters = parameters_of(data)
    if len(parameters) < 2:
        raise ConfigError("levers", None, "declare at least two parameters")
    for outcome in data["outcomes"]:
        if outcome not in SUMMARY_METRICS:
            raise ConfigError("outcomes", outcome, "allowed: " + ", ".join(SUMMARY_METRICS))
    known = set(required) | {"levers", "uncertainties", "workers"}
    return Problem(
        name=data["name"],
        method=data["method"],
        samples=data["samples"],
        replications=data["replications"],
        ticks=data["ticks"],
        seed=data["seed"],
        workers=data.get("workers"),
        preset=data["preset"],
        parameters=parameters,
        outcomes=list(data["outcomes"]),
        extra={k: v for k, v in data.items() if k not in known},
    )


def load(argv: list[str]) -> tuple[Problem, Path]:
    """``analysis=NAME [out=DIR]`` plus ``key=value`` overrides of the declaration's keys.

    Returns the checked problem and the output folder (default ``outputs/analysis/<name>``).
    """
    named = dict(split(a) for a in argv if a.startswith(("analysis=", "out=")))
    name = named.get("analysis")
    if name is None:
        raise ConfigError("analysis", None, "missing; allowed: " + ", ".join(options("analysis")))
    path = ANALYSIS_DIR / f"{name}.yaml"
    if not path.is_file() or name == "discover":
        allowed = [o for o in options("analysis") if o != "discover"]
        raise ConfigError("analysis", name, "no such analysis; allowed: " + ", ".join(allowed))
    rest = [a for a in argv if not a.startswith(("analysis=", "out="))]
    problem = parse(declaration(path, rest))
    return problem, output_folder(named.get("out"), problem.name, rest)


def declaration(path: Path, overrides: list[str]) -> dict[str, Any]:
    """A YAML declaration with ``key=value`` overrides of its keys (unknown keys refused)."""
    return apply_overrides(yaml.safe_load(path.read_text()), overrides)


def output_folder(out: str | None, problem_name: str, overrides: list[str] = ()) -> Path:
    """``out=DIR`` if given (not empty), else ``outputs/analysis/<problem name>`` followed by
    the settings given (``sobol+samples=128+replications=4``), so that analyses of different
    sizes never share a folder; ``workers`` changes no result and is left out."""
    if out is not None and not out:
        raise ConfigError("out", out, "allowed: a folder path")
    if out:
        return Path(out)
    given = [a for a in overrides if not a.startswith(("workers=", "out=", "analysis="))]
    return Path("outputs") / "analysis" / safe_folder_name("+".join([problem_name, *given]))
