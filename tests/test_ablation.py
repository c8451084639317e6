"""The ablation command writes its table: one row per mechanism switched off."""

from experiments.ablation import ABLATIONS, main


def test_the_ablation_table_has_a_row_per_mechanism_and_shows_what_politics_carries(tmp_path):
    assert main(["replications=1", f"out={tmp_path}"]) == 0
    text = (tmp_path / "ablation.md").read_text()
    rows = [line for line in text.splitlines() if line.startswith("| ") and "---" not in line]
    assert len(rows) == 1 + len(ABLATIONS)  # the header and one row per ablation
    header = [cell.strip() for cell in rows[0].strip("|").split("|")]
    no_politics = next(r for r in rows if r.startswith("| no politics"))
    cells = dict(zip(header, [c.strip() for c in no_politics.strip("|").split("|")], strict=True))
    # Without influence nobody escalates and the roadmap cannot follow influence.
    assert cells["P1b reversals"].startswith("**fails**")
    assert cells["P5 influence"].startswith("**fails**")


def test_the_ablation_command_refuses_unknown_settings(capsys):
    assert main(["replications=1", "nonsense=1"]) == 2
    assert "nonsense" in capsys.readouterr().err
