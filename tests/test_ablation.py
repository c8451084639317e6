"""The ablation command writes its table: one row per mechanism switched off, judged with the
robustness table's paired tests."""

from experiments.ablation import main


def _cells(text: str, ablation: str) -> dict[str, str]:
    rows = [line for line in text.splitlines() if line.startswith("| ") and "---" not in line]
    header = [cell.strip() for cell in rows[0].strip("|").split("|")]
    row = next(r for r in rows if r.startswith(f"| {ablation}"))
    return dict(zip(header, [c.strip() for c in row.strip("|").split("|")], strict=True))


def test_switching_politics_off_breaks_what_politics_carries(tmp_path):
    """8 replications of seed 0: with every influence at 0 nobody escalates and the roadmap
    cannot follow influence; the full model shows both."""
    argv = ["replications=8", "only=full model,no politics", f"out={tmp_path}"]
    assert main(argv) == 0
    text = (tmp_path / "ablation.md").read_text()
    full, no_politics = _cells(text, "full model"), _cells(text, "no politics")
    assert not full["P5 roadmaps follow influence"].startswith("**fails**"), full
    assert no_politics["P1b escalate until reversed"].startswith("**fails**")
    assert no_politics["P5 roadmaps follow influence"].startswith("**fails**")


def test_the_ablation_command_refuses_unknown_settings(capsys):
    assert main(["replications=2", "nonsense=1"]) == 2
    assert "nonsense" in capsys.readouterr().err
    assert main(["only=no such mechanism"]) == 2
