"""sim.report never drops a run: columns named by folder when governance names collide, and a
warning when the runs differ in length, organization or replications."""

import sim
from sim.cli.report import main
from sim.cli.run_outputs import write_run


def test_two_runs_of_one_preset_keep_both_columns_and_differences_are_said(tmp_path, capsys):
    base = sim.run(sim.make_config("ticket_coordinator", ticks=26, replications=1))
    longer = sim.run(sim.make_config("ticket_coordinator", ticks=52, replications=2))
    write_run(base, tmp_path / "calibrated")
    write_run(longer, tmp_path / "calibrated_empowered")
    assert main([str(tmp_path / "calibrated"), str(tmp_path / "calibrated_empowered")]) == 0
    printed = capsys.readouterr().out
    header = next(line for line in printed.splitlines() if "calibrated" in line)
    assert "calibrated_empowered" in header and header.count("calibrated") == 2
    assert "warning: the runs differ in weeks (calibrated: 26, calibrated_empowered: 52)" in printed
    assert "warning: the runs differ in replications" in printed
