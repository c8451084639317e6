"""Sensitivity analysis and scenario discovery: the pipeline, on a known function and the model."""

import numpy as np
import pandas as pd
import pytest

from sim.analysis import discovery as discover
from sim.analysis import sensitivity
from sim.analysis.ema import to_ema
from sim.analysis.problems import Parameter, Problem, load, parse
from sim.config import ConfigError

PI = np.pi
# Ishigami (a=7, b=0.1): analytical first-order and total Sobol' indices.
ISHIGAMI_S1 = [0.3139, 0.4424, 0.0]
ISHIGAMI_ST = [0.5576, 0.4424, 0.2437]


def ishigami(points):
    x = np.array([[p["x1"], p["x2"], p["x3"]] for p in points])
    y = np.sin(x[:, 0]) + 7 * np.sin(x[:, 1]) ** 2 + 0.1 * x[:, 2] ** 4 * np.sin(x[:, 0])
    return y[:, None]


def ishigami_problem(samples: int) -> Problem:
    """The Ishigami function's three inputs, uniform on [-pi, pi], as an analysis problem."""
    return Problem(
        name="ishigami",
        method="sobol",
        samples=samples,
        replications=1,
        ticks=1,
        seed=0,
        workers=1,
        preset="ticket_coordinator",
        parameters=[Parameter(f"x{i}", "continuous", -PI, PI, "uncertainty") for i in (1, 2, 3)],
        outcomes=["y"],
    )


def test_the_pipeline_reproduces_the_ishigami_indices(tmp_path):
    """Same sampling, evaluation (with its cache) and analysis code, the model replaced."""
    problem = ishigami_problem(samples=1024)
    indices = sensitivity.run(problem, out=tmp_path, evaluate=ishigami, progress=False)
    # Tolerance: 0.06 absolute with N=1024 (SALib's 95% intervals are about +-0.05 here).
    assert np.allclose(indices["S1"], ISHIGAMI_S1, atol=0.06), indices
    assert np.allclose(indices["ST"], ISHIGAMI_ST, atol=0.06), indices
    assert (tmp_path / "sobol_y.png").exists() and (tmp_path / "indices.csv").exists()

    calls = []
    again = sensitivity.run(
        problem,
        out=tmp_path,
        evaluate=lambda pts: calls.append(len(pts)) or ishigami(pts),
        progress=False,
    )
    assert calls == [], "a rerun reuses every cached evaluation"
    pd.testing.assert_frame_equal(indices, again)


@pytest.fixture(scope="module")
def sobol_on_the_model(tmp_path_factory):
    problem, _ = load(["analysis=sobol", "samples=16", "replications=1", "ticks=104", "workers=2"])
    out = tmp_path_factory.mktemp("sobol")
    return problem, sensitivity.run(problem, out=out, progress=False), out


def test_sobol_on_the_model_indexes_every_parameter(sobol_on_the_model):
    """Every parameter gets an index and a figure, for every outcome."""
    problem, indices, out = sobol_on_the_model
    assert len(problem.parameters) == 14
    for outcome in problem.outcomes:
        ranked = sensitivity.ranking(indices, outcome)
        assert set(ranked["parameter"]) == set(problem.names)
        assert ranked["ST"].notna().all()
        assert (out / f"sobol_{outcome}.png").exists()


LEVERS_MISS = (
    "measured (Sobol, 16 samples, 1 replication, 104 weeks, empowered practices): the two "
    "parameters with the largest total index on cumulative value are request_rate and synergy, "
    "world uncertainties, not levers. Since the revision (rollbacks, support that moves, informed "
    "stakeholders) what the organization is asked for and how value compounds outweigh skill and "
    "the entry threshold at this sample size."
)


@pytest.mark.xfail(strict=True, reason=LEVERS_MISS)
def test_sobol_ranks_levers_first(sobol_on_the_model):
    """Under the empowered owner's practices, the two levers that decide what is admitted and
    how well it is judged (skill, entry threshold) lead."""
    _, indices, _ = sobol_on_the_model
    ranked = sensitivity.ranking(indices, "cumulative_value")
    top2 = list(ranked["parameter"][:2])
    roles = dict(zip(ranked["parameter"], ranked["role"], strict=True))
    assert all(roles[p] == "lever" for p in top2), top2


def test_morris_agrees_with_sobols_top_parameter(sobol_on_the_model, tmp_path):
    _, sobol, _ = sobol_on_the_model
    problem, _ = load(["analysis=morris", "samples=8", "replications=1", "ticks=104", "workers=2"])
    morris = sensitivity.run(problem, out=tmp_path, progress=False)
    assert {"mu_star", "mu_star_conf", "sigma"} <= set(morris)
    sobol_top = sensitivity.ranking(sobol, "cumulative_value")["parameter"].iloc[0]
    morris_top3 = list(sensitivity.ranking(morris, "cumulative_value")["parameter"][:3])
    # Tolerance: small samples, so Sobol's top parameter is among Morris's top three.
    assert sobol_top in morris_top3, (sobol_top, morris_top3)


def test_prim_finds_a_box_with_coverage_and_density_in_range(tmp_path):
    spec = discover.load(["worlds=30", "replications=1", "ticks=60", "workers=2", "factor=4"])
    limits, stats = discover.run(spec, tmp_path, progress=False)
    assert 0 < stats["coverage"] <= 1 and 0 < stats["density"] <= 1, stats
    assert set(limits.index) == {p.name for p in spec["parameters"]}
    assert (limits["min"] <= limits["max"]).all()
    assert (tmp_path / "box.png").exists() and (tmp_path / "worlds.csv").exists()


@pytest.mark.parametrize(
    ("change", "key"),
    [
        (
            {"levers": {"authority": {"kind": "continuous", "low": 0.8, "high": 0.2}}},
            "levers.authority",
        ),
        ({"levers": {"charisma": {"kind": "continuous", "low": 0, "high": 1}}}, "levers.charisma"),
        (
            {"uncertainties": {"request_rate": {"kind": "fuzzy", "low": 0, "high": 1}}},
            "uncertainties.request_rate.kind",
        ),
        (
            {"levers": {"authority": {"kind": "continuous", "low": 0.0, "high": 2.0}}},
            "levers.authority",
        ),
        ({"samples": 48}, "samples"),
        ({"outcomes": ["happiness"]}, "outcomes"),
    ],
)
def test_a_bad_declaration_is_refused_before_sampling(change, key):
    from sim.analysis.problems import ANALYSIS_DIR, declaration

    data = declaration(ANALYSIS_DIR / "sobol.yaml", [])
    for section, value in change.items():
        if isinstance(value, dict) and isinstance(data.get(section), dict):
            data[section] = {**data[section], **value}
        else:
            data[section] = value
    with pytest.raises(ConfigError) as info:
        parse(data)
    assert str(info.value).startswith(f"{key}=")


def test_the_command_line_refuses_a_bad_declaration_with_the_key(capsys):
    assert (
        sensitivity.main(["analysis=sobol", "levers.skill.low=0.9", "levers.skill.high=0.1"]) == 2
    )
    assert "levers.skill='[0.9, 0.1]': low must not exceed high" in capsys.readouterr().err
    assert sensitivity.main(["analysis=nope"]) == 2


def test_export_to_ema_workbench_form():
    import sim

    table = sim.run_grid(
        [{"authority": 0.2}, {"authority": 0.8}], replications=2, workers=1, ticks=20
    )
    experiments, outcomes = to_ema(table)
    assert list(experiments.columns) == ["preset", "authority", "seed", "replication"]
    assert len(experiments) == 4 and outcomes["cumulative_value"].shape == (4,)


def test_an_interrupted_run_resumes_with_the_evaluations_it_made(tmp_path):
    problem = ishigami_problem(samples=64)
    seen = []

    def interrupted(points):
        if seen:
            raise KeyboardInterrupt  # the user stops the run after the first chunk
        seen.append(len(points))
        return ishigami(points)

    with pytest.raises(KeyboardInterrupt):
        sensitivity.run(problem, out=tmp_path, evaluate=interrupted, progress=False)
    total = 64 * (3 + 2)
    assert 0 < seen[0] < total
    resumed = []
    sensitivity.run(
        problem,
        out=tmp_path,
        evaluate=lambda pts: resumed.append(len(pts)) or ishigami(pts),
        progress=False,
    )
    assert sum(resumed) == total - seen[0], "only the missing points are evaluated"


def test_analyses_of_different_sizes_never_share_a_folder():
    """The default folder carries the settings given (workers change no result: left out)."""
    from sim.analysis.problems import load

    small = load(["analysis=sobol", "samples=8", "replications=1"])[1]
    large = load(["analysis=sobol", "samples=128", "replications=4", "workers=2"])[1]
    default = load(["analysis=sobol"])[1]
    assert len({small, large, default}) == 3
    assert large.name == "sobol+samples=128+replications=4"
    assert default.as_posix() == "outputs/analysis/sobol"
    assert load(["analysis=sobol", "out=here"])[1].as_posix() == "here"
