"""The course pack builds: eight lessons, each with a figure, text, numbers and commands."""

import re
import subprocess
import sys

from experiments.course_pack import LESSONS, build


def test_course_pack_has_eight_lessons_with_figures_numbers_and_commands(tmp_path):
    index = build(tmp_path, replications=2, seed=0)
    page = index.read_text()
    assert len(LESSONS) == 8
    assert page.count("<section id='lesson-") == 8
    assert page.count("src='data:image/png;base64,") == 8, "figures embedded: self-contained"
    for number in range(1, 9):
        png = tmp_path / f"lesson_{number}.png"
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    for lesson in LESSONS:
        assert lesson.title in page
        assert (
            f"governance={lesson.bad.preset}" in page and f"governance={lesson.good.preset}" in page
        )
    texts = re.findall(r"<p class='read'>(.*?)</p>", page)
    assert len(texts) == 8
    for text in texts:
        sentences = [s for s in re.split(r"(?<=[.!?])\s+", text) if s]
        assert 3 <= len(sentences) <= 5, text
        assert "{" not in text, "every number filled in"
    assert page.count("<table>") == 8


def test_course_pack_refuses_bad_replications(tmp_path):
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "experiments.course_pack",
            f"out={tmp_path / 'x'}",
            "replications=0",
        ],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 2 and proc.stderr.strip().splitlines() == [
        "error: replications='0': allowed: an integer >= 1"
    ]
    assert not (tmp_path / "x").exists()


def test_each_governance_has_one_colour_in_every_lesson():
    """The coordinator is red and the empowered owner green in every lesson (never by position);
    a scenario that changes a preset's governance is a shade of it, one that changes the world
    keeps the colour and is drawn dashed; lesson 1's purple is its mid-run switch."""
    from experiments.lessons import LESSONS
    from sim.figures.colours import GOVERNANCE_COLOURS, colour_name
    from sim.figures.lessons import colour, world_changed

    scenarios = [s for lesson in LESSONS for s in (lesson.bad, lesson.good, *lesson.extra)]
    seen: dict[str, set[str]] = {}
    for scenario in scenarios:  # first every plain preset's colour ...
        if not scenario.params and not scenario.timeline:
            seen.setdefault(scenario.preset, set()).add(colour(scenario))
    changed = [s for s in scenarios if s.params and not world_changed(s)]
    assert changed, "some lesson changes a preset's governance"
    for scenario in changed:  # ... then a changed governance is never drawn as its preset
        assert colour(scenario) not in seen[scenario.preset]
    assert seen["ticket_coordinator"] == {GOVERNANCE_COLOURS["dysfunction"]}
    assert seen["empowered_product_owner"] == {GOVERNANCE_COLOURS["remedy"]}
    assert all(len(colours) == 1 for colours in seen.values())
    switched = [s for lesson in LESSONS for s in lesson.extra if s.timeline]
    assert [colour_name(s.preset, switched=True) for s in switched] == ["purple"]
    assert "In purple" in LESSONS[0].text
