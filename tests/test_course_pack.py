"""The course pack builds: eight lessons, each with a figure, text, numbers and commands."""

import re
import subprocess
import sys

import pytest

from experiments.course_pack import LESSONS, build


@pytest.fixture(scope="module")
def pack(tmp_path_factory):
    """The course pack at 2 replications, built once for this file's tests."""
    out = tmp_path_factory.mktemp("pack")
    return out, build(out, replications=2, seed=0).read_text()


def test_course_pack_has_eight_lessons_with_figures_numbers_and_commands(pack):
    tmp_path, page = pack
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


COUNTS = {
    "bad_skill": 0.7,
    "good_skill": 0.7,
    "bad_corr": 0.6,
    "good_corr": 0.2,
    "bad_zombie": 0.3,
    "good_zombie": 0.05,
    "bad_slope": 3.9,
    "bad_rev": 12.0,
    "good_rev": 4.0,
}


def test_the_words_beside_counts_follow_them_both_ways():
    """Lesson 1's skill, lesson 2's correlation, lesson 3's zombie share and its gain against
    the capacity freed, lesson 4's backlog and lesson 8's reversals say the opposite over
    opposite numbers."""
    from experiments.lesson_words import words_beside_counts

    one = words_beside_counts({**COUNTS, "gain": 0.1, "bad_support": 0.3}, 0.6)
    assert one["skill_words"] == "with the same skill (0.7)"
    assert one["follows_words"] == "So the roadmap follows influence"
    assert one["corr_words"] == "falls to 0.20, not to zero"
    assert one["zombie_words"] == "falls to" and one["slope_words"] == "grows by"
    # (0.30 - 0.05) / 0.70 = 36% more non-zombie capacity, against a 10% gain
    assert one["zombie_gain_words"].startswith("real, but less than the 36% more non-zombie")
    assert one["reversal_words"] == "more escalations are won"
    assert one["slide_words"] == " and the owner slides back towards coordination"
    other = words_beside_counts(
        {
            **COUNTS,
            "bad_skill": 0.5,
            "bad_corr": 0.2,
            "good_corr": 0.8,
            "good_zombie": 0.4,
            "bad_slope": -0.1,
            "bad_rev": 2.0,
            "gain": 0.5,
            "bad_support": 0.7,
        },
        0.6,
    )
    assert other["skill_words"] == "with skill 0.7 against the coordinator's 0.5"
    assert other["follows_words"] == "Influence shapes the roadmap a little"
    assert other["corr_words"] == "rises to 0.80"
    assert other["zombie_words"] == "rises to" and other["slope_words"] == "changes by only"
    assert other["zombie_gain_words"] == "kill criteria free no capacity here"
    assert other["reversal_words"] == "fewer escalations are won" and other["slide_words"] == ""
    assert (
        words_beside_counts({**COUNTS, "gain": 0.5, "bad_support": 0.6}, 0.6)["zombie_gain_words"]
        == "at least the 36% more non-zombie capacity it frees"
    )
    gone = words_beside_counts(
        {**COUNTS, "gain": -0.05, "good_corr": 0.02, "bad_support": 0.6}, 0.6
    )
    assert gone["zombie_gain_words"].startswith("a loss")
    assert gone["corr_words"] == "falls to 0.02: influence no longer buys delivery"
    below = words_beside_counts(
        {**COUNTS, "gain": 0.004, "good_corr": -0.12, "bad_support": 0.6}, 0.6
    )
    assert below["zombie_gain_words"].startswith("about nothing")
    assert below["corr_words"] == "falls to -0.12: the influential now get less than their share"


def test_a_lessons_words_follow_its_numbers_both_ways():
    """The words "more", "fewer", "higher", "rises", "falls" are computed from the numbers the
    figure shows: the same lesson says the opposite over opposite numbers."""
    from experiments.lesson_words import lesson_words

    base = {"good_value": 100.0, "bad_value": 90.0, "gain": 100 / 90 - 1, **COUNTS}
    up = lesson_words(
        {**base, "bad_first": 50, "bad_last": 60, "good_support": 0.8, "bad_support": 0.3}, 0.6
    )
    down = lesson_words(
        {
            **base,
            "bad_first": 62,
            "bad_last": 56,
            "good_support": 0.5,
            "bad_support": 0.9,
            "good_value": 90.0,
            "bad_value": 100.0,
            "gain": -0.1,
        },
        0.6,
    )
    assert up["bad_trend"] == "more" and down["bad_trend"] == "fewer, not more"
    assert up["gain_words"].endswith("higher with weekly review")
    assert down["gain_words"] == "10% lower with weekly review"
    assert up["good_support_words"] == "rises from 0.60 to 0.80"
    assert down["good_support_words"] == "falls from 0.60 to 0.50"
    assert up["value_words"] == "10.0% less than with them"
    assert down["value_words"] == "11.1% more than with them"
    flat = lesson_words(
        {
            **base,
            "bad_first": 60,
            "bad_last": 61,
            "good_value": 100.0,
            "bad_value": 100.5,
            "good_support": 0.6,
            "bad_support": 0.6,
        },
        0.6,
    )
    assert flat["bad_trend"] == "about as many" and flat["value_words"] == "about the same"


def test_the_built_lessons_say_what_their_numbers_show(pack):
    """Lesson 1's throughput words and lesson 4's value words match the numbers they quote, and
    lesson 4's owner without entry criteria is described with that change."""
    _, page = pack
    texts = re.findall(r"<p class='read'>(.*?)</p>", page)
    first, last = (
        float(x)
        for x in re.search(
            r"ship (\d+) initiatives a quarter in the first year and "
            r"(\d+) in the last",
            texts[0],
        ).groups()
    )
    expected = (
        "more"
        if last > 1.05 * first
        else "fewer, not more"
        if last < 0.95 * first
        else "about as many"
    )
    assert f"in the last, {expected} (" in texts[0]
    assert "Changed here:</b> entry criteria False" in page
    without, with_ = (
        float(x.replace(",", ""))
        for x in re.search(r"earns ([\d,]+) against ([\d,]+)", texts[3]).groups()
    )
    if abs(with_ / without - 1) > 0.02:
        assert ("more than with them" in texts[3]) == (without > with_)


def _direction(before: float, after: float, tolerance: float = 0.05) -> str:
    if abs(after - before) <= tolerance * max(abs(before), 1e-9):
        return "stays at"
    return "rises to" if after > before else "falls to"


def test_the_built_lessons_2_3_4_and_8_say_what_their_numbers_show(pack):
    """The computed words agree with the numbers quoted beside them in the built page: lesson 2's
    correlation, lesson 3's zombie share and its gain against the capacity freed, lesson 4's
    demand and backlog, lesson 8's reversals."""
    _, page = pack
    texts = [t.replace("&#x27;", "'") for t in re.findall(r"<p class='read'>(.*?)</p>", page)]
    before, said, after = re.search(
        r"rank correlation (-?[\d.]+)\).*correlation (rises to|falls to|stays at) (-?[\d.]+)",
        texts[1],
    ).groups()
    assert said == _direction(float(before), float(after))
    bad, said, good = re.search(
        r"(\d+)% of the teams' capacity goes.*zombie share (rises to|falls to|stays at) (\d+)%",
        texts[2],
    ).groups()
    assert said == _direction(float(bad), float(good))
    gain = re.search(
        r"worth ([+-]\d+)% here: "
        r"(real, but less than the (\d+)%|at least the (\d+)%|a loss|about nothing)",
        texts[2],
    )
    assert gain, texts[2]
    if gain[3]:
        assert 0 < int(gain[1]) <= int(gain[3])
    ratio = float(
        re.search(r"ask for ([\d.]+) times the points of the teams' capacity", texts[3])[1]
    )
    assert 1.5 < ratio < 4, "demand against capacity, as the defaults declare (0.35 supply)"
    assert re.search(r"backlog grows by [\d.]+ items a week", texts[3])
    said, more, fewer = re.search(
        r"(more|fewer|about as many) escalations are won \((\d+) reversals a run against (\d+)\)",
        texts[7],
    ).groups()
    assert (
        said
        == {"rises to": "more", "falls to": "fewer", "stays at": "about as many"}[
            _direction(float(fewer), float(more))
        ]
    )


def test_lesson_6_says_skill_is_not_what_separates_the_presets(pack):
    """Both presets have the same skill; lesson 6 says so and names the weak and strong skill
    the decomposition compares instead (its factor's two levels)."""
    import sim
    from experiments.decomposition import FACTORS

    _, page = pack
    text = re.findall(r"<p class='read'>(.*?)</p>", page)[5]
    skill = sim.make_config("empowered_product_owner").governance.skill
    assert sim.make_config("ticket_coordinator").governance.skill == skill
    (weak,), (strong,) = (level.values() for level in FACTORS["skill"])
    assert f"Both presets have the same skill ({skill:g})" in text
    assert f"from a weak {weak:g} to a strong {strong:g}" in text
    assert text.startswith("Four factors separate the coordinator from the empowered owner")


def test_lesson_7s_map_says_where_it_comes_from_and_where_its_terms_are(pack):
    """The map under lesson 7 is not run by the pack: it says which study it comes from and
    where coverage and density are explained."""
    _, page = pack
    note = page.split("<div class='map'>")[1].split("</div>")[0]
    assert "python -m experiments.where_it_pays</code>, not run by this pack" in note
    assert "glossary under PRIM" in note and "coverage" in note
