"""The organization's signature: what a tracker shows of governance, measured, not asserted."""

import json

import pytest

import sim
from experiments.identifiability import cross_validated, summary
from sim.calibration.export import write_jira_csv
from sim.calibration.signature import FEATURES, preset_signatures
from sim.cli.calibrate import main


@pytest.fixture(scope="module")
def signatures():
    return preset_signatures(seeds=range(4), weeks=104, start_seed=7000)


def test_a_tracker_tells_governance_families_apart_but_not_skill(signatures):
    """Held-out seeds, cross-validated: families (coordinators; empowered owners reviewing
    every 1 or 2 weeks) are told apart far above chance; the three coordinators, which differ
    only in skill, are not told apart from each other much better than chance."""
    result = summary(signatures, cross_validated(signatures, folds=4))
    print(f"\naccuracy {result['accuracy']:.2f}, families {result['family_accuracy']:.2f}")
    assert result["family_accuracy"] >= 0.8
    assert result["accuracy"] >= 3 * result["chance"]
    confusion = result["confusion"]
    coordinators = ["ticket_coordinator", "trained_coordinator", "unskilled_coordinator"]
    within = confusion.loc[coordinators, coordinators].to_numpy()
    assert within.trace() / within.sum() < 0.75, "skill is not what a tracker shows"


def test_the_signature_draws_the_export_beside_the_presets_and_names_no_family(tmp_path, capsys):
    """Three runs a preset cannot carry a probability: the signature says which signals lie
    outside the presets' runs and points to the diagnosis instead of naming a family."""
    result = sim.run(sim.make_config("ticket_coordinator", ticks=104, replications=1, seed=42))
    path = write_jira_csv(result.ledger, tmp_path / "export.csv")
    assert (
        main([f"tracker={path}", f"out={tmp_path / 'out'}", "signature=true", "replications=1"])
        == 0
    )
    printed = capsys.readouterr().out
    assert "governance signature:" in printed and "cannot tell" in printed
    assert (
        "python -m sim.diagnose" in printed and "probability" not in printed.split("signature:")[1]
    )
    estimates = json.loads((tmp_path / "out" / "estimates.json").read_text())
    assert "nearest" not in estimates["signature"]
    assert isinstance(estimates["signature"]["outside_presets"], list)
    assert set(estimates["signature"]["export"]) == set(FEATURES)
    assert (tmp_path / "out" / "signature.png").is_file()
    assert (tmp_path / "out" / "signature.csv").is_file()
