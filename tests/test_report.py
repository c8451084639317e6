"""sim.report never drops a run: columns named by folder when governance names collide, and a
warning when the runs differ in length, organization or replications."""

import sim
from sim.cli.report import main
from sim.cli.run_outputs import write_run


def test_runs_are_columns_named_by_what_ran_and_differences_are_said(tmp_path, capsys):
    base = sim.run(sim.make_config("ticket_coordinator", ticks=26, replications=1))
    longer = sim.run(sim.make_config("ticket_coordinator", ticks=52, replications=2))
    write_run(base, tmp_path / "calibrated")
    write_run(longer, tmp_path / "calibrated_empowered")
    assert main([str(tmp_path / "calibrated"), str(tmp_path / "calibrated_empowered")]) == 0
    printed = capsys.readouterr().out
    header = next(line for line in printed.splitlines() if "ticks 26" in line)
    assert "ticket_coordinator, ticks 52" in header
    weeks = "the runs differ in weeks (ticket_coordinator, ticks 26: 26, "
    weeks += "ticket_coordinator, ticks 52: 52)"
    assert f"warning: {weeks}" in printed
    assert "warning: the runs differ in replications" in printed


def test_two_runs_of_one_configuration_keep_both_columns_named_by_folder(tmp_path, capsys):
    result = sim.run(sim.make_config("empowered_product_owner", ticks=26, replications=1))
    write_run(result, tmp_path / "monday")
    write_run(result, tmp_path / "tuesday")
    assert main([str(tmp_path / "monday"), str(tmp_path / "tuesday")]) == 0
    printed = capsys.readouterr().out
    header = next(line for line in printed.splitlines() if "monday" in line)
    assert "tuesday" in header
    assert "warning" not in printed


def test_a_run_shorter_than_a_quarter_draws_its_figures_without_a_warning(tmp_path):
    """No complete quarter to show: the figure says so (warnings are errors in the tests)."""
    result = sim.run(sim.make_config("ticket_coordinator", ticks=8, replications=1))
    paths = write_run(result, tmp_path / "short")
    assert paths["figure"].stat().st_size > 0 and paths["summary"].is_file()
