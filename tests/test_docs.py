"""The documents stay true to the code: every setting is documented with its default and range."""

import dataclasses
import json
import re
from pathlib import Path

import pytest

from sim.config import GROUPS, TOP_LEVEL, SimConfig, describe_preset, presets
from sim.config.schema import describe_allowed

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text()
PARAMETERS = (ROOT / "docs" / "reference" / "parameters.md").read_text()
#: Every page of the documentation (and the README).
PAGES = {p: p.read_text() for p in [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]}


def _rows():
    for group, cls in GROUPS.items():
        for f in dataclasses.fields(cls):
            if f.name not in ("name", "description"):  # labels, not settings
                yield f"{group}.{f.name}", f
    for f in dataclasses.fields(SimConfig):
        if f.name in TOP_LEVEL:
            yield f.name, f


@pytest.mark.parametrize(("key", "field"), list(_rows()), ids=lambda x: getattr(x, "name", x))
def test_every_setting_is_in_the_reference_with_its_default_and_range(key, field):
    default = str(field.default).lower() if isinstance(field.default, bool) else str(field.default)
    allowed = describe_allowed(field.metadata).replace("allowed: ", "")
    row = f"| `{key}` | {field.metadata['help']} | {default} | {allowed} |"
    assert row in PARAMETERS


def test_every_preset_is_in_the_reference_with_its_description():
    """The preset table shows each preset's description from its YAML file (one source)."""
    for name in presets():
        assert f"| `{name}` | {describe_preset(name)} |" in PARAMETERS


CALIBRATION = (Path(__file__).resolve().parent.parent / "docs" / "calibration.md").read_text()


@pytest.mark.parametrize(("key", "field"), list(_rows()), ids=lambda x: getattr(x, "name", x))
def test_every_default_is_in_the_calibration_note_with_its_value(key, field):
    default = str(field.default).lower() if isinstance(field.default, bool) else str(field.default)
    assert f"| `{key}` | {default} | " in CALIBRATION


ODD = (Path(__file__).resolve().parent.parent / "docs" / "ODD.md").read_text()


def test_odd_and_readme_name_only_real_settings():
    """Every `group.key` the documents mention is a setting of the schema (no stale names)."""
    import re

    real = {key for key, _ in _rows()}
    for text in PAGES.values():
        mentioned = set(re.findall(r"`((?:governance|org|value)\.[a-z_]+)`", text))
        assert mentioned <= real, sorted(mentioned - real)
    assert len(set(re.findall(r"`((?:governance|org|value)\.[a-z_]+)`", ODD))) > 30


def test_reading_the_results_explains_every_headline_number_with_its_label():
    """One source: the page's table has each headline metric under the label tables print."""
    from sim.engine.headlines import HEADLINE_METRICS

    page = (ROOT / "docs" / "reading-results.md").read_text()
    for name, entry in HEADLINE_METRICS.items():
        assert f"| {entry.label} | `{name}` |" in page, name


def test_the_outputs_page_names_every_file_key_and_column():
    """docs/outputs.md lists what a run writes: checked against the code's own lists."""
    import re

    import sim
    from sim.engine.metrics import SUMMARY_METRICS, TICK_METRICS
    from sim.runner import LEDGER_COLUMNS

    page = (ROOT / "docs" / "outputs.md").read_text()
    named = set(re.findall(r"`([a-z_0-9.]+)`", page))
    result = sim.run(sim.make_config("ticket_coordinator", ticks=8, replications=1))
    document_keys = set(result.as_json())
    owners = set(result.owners.columns)
    files = {"summary.json", "metrics.csv", "initiatives.csv", "owners.csv", "run.png", "areas.png"}
    for expected in (files, document_keys, set(SUMMARY_METRICS), set(TICK_METRICS)):
        assert expected <= named, sorted(expected - named)
    assert set(LEDGER_COLUMNS) | owners <= named, sorted((set(LEDGER_COLUMNS) | owners) - named)


def _robustness_rows() -> dict[str, list[str]]:
    """The generated robustness table of docs/calibration.md: pattern -> its cells."""
    from sim.outputs import read_between

    table = read_between(ROOT / "docs" / "calibration.md", *ROBUSTNESS_MARKERS)
    rows = [line.split("|")[1:-1] for line in table.splitlines() if line.startswith("| P")]
    rows += [line.split("|")[1:-1] for line in table.splitlines() if line.startswith("| R")]
    return {cells[0].strip(): [c.strip() for c in cells] for cells in rows}


ROBUSTNESS_MARKERS = ("<!-- robustness table: start -->", "<!-- robustness table: end -->")


def test_the_validation_page_quotes_the_generated_tables():
    """One source: each figure the Validation page states in words is checked against the
    generated robustness and decomposition tables of docs/calibration.md (within its rounding),
    so the prose cannot drift from the tables when they are regenerated."""
    import re

    from sim.outputs import read_between

    page = " ".join((ROOT / "docs" / "validation.md").read_text().split())
    rows = _robustness_rows()

    def over_seeds(pattern: str) -> float:
        return float(rows[pattern][5].split()[0])

    from tests.test_robustness import ROBUST  # the patterns held at every seed

    seeds = int(rows["P1 flat"][2].split()[-1])
    assert f"over {seeds} base seeds" in page
    for pattern in ROBUST:
        assert rows[pattern][2] == f"{seeds} of {seeds}", pattern  # "Holds at 30 of 30 seeds"
    assert f"Holds at {seeds} of {seeds} seeds" in page
    for pattern in ("P1 throughput up", "P5 roadmaps follow influence", "R1 refutation"):
        assert rows[pattern][2] == f"{seeds - 1} of {seeds}", pattern
    assert f"At {seeds - 1} of {seeds}: throughput rises" in page
    assert "by about 23,000" in page and round(over_seeds("P1 empowered wins"), -3) == 23_000
    assert "about 30% of the coordinator's capacity" in page
    assert round(over_seeds("P4 zombies eat capacity"), 2) == 0.30
    assert "by about 43 a year" in page and round(over_seeds("P1 flat")) == 43
    assert "against the empowered owner's 89" in page
    assert round(over_seeds("P1 empowered compounds")) == 89
    flat_passed = rows["P1 flat"][2]
    assert f"equivalent to zero at {flat_passed} seeds" in page
    low, high = re.findall(r"(\d+)% of runs at or above zero", rows["P1 not declining"][4])
    assert f"at least zero in {low}% to {high}% of runs" in page
    assert f"(80% or more at {rows['P1 not declining'][2]} seeds)" in page
    gaps = sorted(
        float(g) for g in re.findall(r"\(-(\d+\.\d)%\)", rows["R2 powerful know best"][4])
    )
    assert f"still earn {gaps[0]}% to {gaps[-1]}% less" in page
    assert rows["R2 powerful know best"][2] == f"0 of {seeds}" and "fails at every seed" in page
    # The widened ranges the page quotes are the table's.
    rise = re.findall(r"\+(\d+)% shipped a quarter", rows["P1 throughput up"][4])
    assert f"+{rise[0]}% to +{rise[1]}% a quarter" in page
    rho = re.findall(r"rank correlation (\d\.\d+)", rows["P5 roadmaps follow influence"][4])
    assert f"rank correlation {rho[0]} to {rho[1]}" in page
    wins = re.findall(r"\+([\d,]+) cumulative value", rows["P1 empowered wins"][4])
    assert f"lead +{wins[0]} to +{wins[1]}" in page

    decomposition = read_between(
        ROOT / "docs" / "calibration.md",
        "<!-- decomposition table: start -->",
        "<!-- decomposition table: end -->",
    )
    effect = {
        line.split("|")[1].strip(): float(line.split("|")[2].split()[0].replace(",", ""))
        for line in decomposition.split("What the review cadence carries")[0].splitlines()
        if line.startswith("| ") and "term" not in line
    }
    assert "about +12,400 and +4,200" in page
    assert round(effect["standing"], -2) == 12_400 and round(effect["skill"], -2) == 4_200
    channels = {
        line.split("|")[1].strip(): line.split("|")[2:4]
        for line in decomposition.splitlines()
        if line.startswith("| ") and "(all channels)" not in line and "channel held off" not in line
    }
    full = next(line for line in decomposition.splitlines() if "(all channels)" in line)
    assert round(float(full.split("|")[2].split()[0].replace(",", "")), -2) == 4_600
    assert "gains about +4,600" in page
    for name, words in (
        ("kills at reviews", "kills at reviews carry about +{}"),
        ("evidence about objectives", "objectives pay +{}"),
        ("rollbacks at reviews", "rollbacks +{}"),
        ("learning by doing", "learning by doing +{}"),
    ):
        carried = round(float(channels[name][1].strip().replace(",", "")), -2)
        assert words.format(f"{carried:,.0f}") in page, name
    assert "between two and three times" in page and 2 <= effect["standing"] / effect["skill"] <= 3

    # The map's words beside its generated sentence on the same page.
    share = float(re.search(r"ticket_coordinator earns .*? in (\d+)% of", page)[1])
    assert "in none of the 200 worlds" in page and share == 0
    supply = float(re.search(r"smallest .*?capacity_to_demand above (\d\.\d+)", page)[1])
    idea = float(re.search(r"smallest .*?idea_mean above (\d\.\d+)", page)[1])
    assert "(supply against demand above about 1.1)" in page and round(supply, 1) == 1.1
    assert "(idea_mean above about 1.1)" in page and round(idea, 1) == 1.1
    share = float(re.search(r"kill_criteria_without_authority earns .*? in (\d+)% of", page)[1])
    assert "in about one world in seven" in page and 12 <= share <= 16
    insight = float(re.search(r"stakeholder_insight above (0\.\d+)", page)[1])
    assert "insight above about 0.8" in page and round(insight, 1) == 0.8


def test_the_odd_verdicts_quote_the_generated_robustness_table():
    """The ODD's pattern table states the robustness table's verdicts and figures."""
    import re

    odd = " ".join((ROOT / "docs" / "ODD.md").read_text().split())
    rows = _robustness_rows()
    passed = [
        rows[p][2].split()[0]
        for p in ("P1 throughput up", "P1 empowered wins", "P1 empowered compounds")
    ]
    seeds = int(rows["P1 flat"][2].split()[-1])
    assert f"holds ({passed[0]}, {passed[1]} and {passed[2]} of {seeds} seeds)" in odd
    assert f"Each is judged over {seeds} base seeds x 20 replications" in odd
    assert f"stated miss ({rows['P1 flat'][2]} seeds)" in odd
    effect, low, high = (float(x) for x in re.findall(r"-?\d+\.?\d*", rows["P1 flat"][5])[:3])
    assert f"it grows by {effect:.0f} a year over seeds ({low:.0f} to {high:.0f})" in odd
    runs = re.findall(r"(\d+)% of runs at or above zero", rows["P1 not declining"][4])
    assert f"stated miss ({rows['P1 not declining'][2]} seeds): {runs[0]}% to {runs[1]}%" in odd
    gaps = sorted(
        float(g) for g in re.findall(r"\(-(\d+\.\d)%\)", rows["R2 powerful know best"][4])
    )
    assert f"standing still worth {gaps[0]}% to {gaps[-1]}%" in odd
    for pattern in ("P3", "P4", "P6", "P7", "P8", "R1"):
        row = next(cells for name, cells in rows.items() if name.startswith(pattern + " "))
        assert row[3] == "yes", pattern  # the ODD says "holds"
    # P1b's stated miss quotes the figure its expected failure carries (and checks).
    from tests.test_patterns import EVERY_RUN_MISS

    seen = re.search(r"(\d+) of 20 see a reversal", EVERY_RUN_MISS)[1]
    assert f"a stated miss ({seen} of 20 runs see one at seed 0" in odd


def test_the_calibration_notes_name_the_patterns_that_do_not_hold():
    """The notes' opening says how many patterns fail over the 30 seeds, and which: the
    robustness table's **no** rows."""
    notes = " ".join((ROOT / "docs" / "calibration.md").read_text().split())
    failing = [name for name, cells in _robustness_rows().items() if cells[3] == "**no**"]
    words = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five"}
    assert f"most patterns hold over 30 seeds and {words[len(failing)]} do not" in notes
    named = {"P1 flat": "flat", "P1 not declining": "not-declining", "R2 powerful know best": "R2"}
    for name in failing:
        assert named[name] in notes.split("do not (", 1)[1].split(")", 1)[0], name


def test_the_readme_states_the_generated_findings():
    """One source: the README's findings agree with the robustness table and the maps."""
    import re

    from sim.analysis.discovery import documented_map

    readme = " ".join(README.split())
    rows = _robustness_rows()
    seeds = int(rows["P1 empowered wins"][2].split()[-1])
    assert f"Over {seeds} base seeds" in readme and rows["P1 empowered wins"][3] == "yes"
    assert "coordinator at every seed" in readme
    assert rows["P1 empowered wins"][2] == f"{seeds} of {seeds}"
    assert round(float(rows["P1 empowered wins"][5].split()[0]), -3) == 23_000
    assert "by about 23,000" in readme
    coordinator = documented_map("ticket_coordinator")
    assert " in 0% of 200 worlds" in coordinator and "coordinator never quite matches" in readme
    least, median = re.search(
        r"at least (\d+%) of the empowered owner's value \(median (\d+%)\)", coordinator
    ).groups()
    smallest = re.search(r"the smallest gap, at most (\d+%)", coordinator)[1]
    assert f"at least {least} of the empowered owner's value, median {median}" in readme
    assert f"smallest (at most {smallest}, in the tenth of worlds with the smallest gap)" in readme
    validation_page = " ".join((ROOT / "docs" / "validation.md").read_text().split())
    assert (
        f"(the gap is at least {least}), but it is smallest (at most {smallest}," in validation_page
    )
    standing = float(
        re.search(r" in (\d+)% of 200 worlds", documented_map("kill_criteria_without_authority"))[1]
    )
    assert "about one world in seven" in readme and 12 <= standing <= 16
    validation = " ".join((ROOT / "docs" / "validation.md").read_text().split())
    assert "earns 3.7% more" in readme and "it earns 3.7% more at supply 1.15" in validation
    assert "teams can deliver only 0.35 of what is asked" in readme


def test_the_facilitators_guide_quotes_the_rooms_measured_load():
    """The guide's load table is the last full load check's (benchmarks/room_load.json), and
    that check met the room's targets at 100 participants."""
    from benchmarks.room_load import GUIDE, MARKERS, table

    results = json.loads((ROOT / "benchmarks" / "room_load.json").read_text())
    assert [r["participants"] for r in results] == [10, 30, 100]
    quoted = GUIDE.read_text().split(MARKERS[0])[1].split(MARKERS[1])[0].strip()
    assert quoted == table(results)
    hundred = results[-1]
    assert hundred["advance_cpu_s"] <= 1.0 and hundred["new_turn_p95_s"] <= 2.0
    assert hundred["idle_core_share"] < 0.05
    # A submit costs about the same in a room of 100 as in a room of 10.
    assert hundred["submit_cpu_ms"] <= 3 * results[0]["submit_cpu_ms"]
    # What the guide says of the table in words.
    guide = " ".join(GUIDE.read_text().split())
    assert "costs the server under 1% of a core (the load table below)" in guide
    assert all(r["idle_core_share"] < 0.01 for r in results)
    assert '"CPU per hurried advance", over a second at 100' in guide
    assert hundred["hurried_advance_cpu_s"] > 1.0
    assert "each a few milliseconds at most" in guide
    assert all(r["submit_cpu_ms"] < 5 for r in results)


def test_every_duration_the_documents_state_is_the_measured_one():
    """Each `<!-- time:JOB -->` in the README and the docs quotes benchmarks/long_jobs.json (the
    last `make bench-long`), and the three long jobs a newcomer runs are each quoted."""
    from benchmarks.long_jobs import DOCUMENTS, minutes, quoted

    results = json.loads((ROOT / "benchmarks" / "long_jobs.json").read_text())
    seen = set()
    for path in DOCUMENTS:
        for job, text in quoted(path.read_text()):
            assert text == minutes(results[job]["seconds"]), (path.name, job, text)
            seen.add(job)
    assert seen == {"install", "run", "course", "sobol", "what_ifs", "diagnose"}
    # "About two minutes" and the like: no duration of these jobs outside the markers.
    assert "about two minutes" not in README and "about 20 seconds" not in README


def test_the_sample_size_advice_quotes_the_measured_studies():
    """The researcher's guide's table of the Sobol' study at 16 and 64 samples is the one the
    last `make bench-long` measured (benchmarks/long_jobs.json)."""
    from benchmarks.long_jobs import SIZES, sizes_table

    results = json.loads((ROOT / "benchmarks" / "long_jobs.json").read_text())
    guide = (ROOT / "docs" / "guides" / "researcher.md").read_text()
    quoted = guide.split(SIZES[0])[1].split(SIZES[1])[0].strip()
    assert quoted == sizes_table(results)
    assert quoted.count("\n") >= 4, "every outcome of the study"
    assert re.search(r"intervals \d+\.\dx narrower \(median of \d+;", quoted)


def test_what_a_measured_job_said_is_quoted_as_it_said_it():
    """Every `<!-- said:JOB -->` quotes the warnings that job printed in the last measurement."""
    from benchmarks.long_jobs import DOCUMENTS, SAID, said

    results = json.loads((ROOT / "benchmarks" / "long_jobs.json").read_text())
    found = [(job, text) for path in DOCUMENTS for job, text in SAID.findall(path.read_text())]
    assert found, "the researcher's guide quotes the default study"
    for job, text in found:
        assert text == said(results[job]), job


def test_the_words_beside_the_generated_blocks_are_the_blocks_figures():
    """Prose that restates a generated block (the ablation, the diagnosis's calibration, the
    erosion statement, the map's box, the literature table) says what the block says, so a
    regenerated block that moves a figure fails here until the words follow."""
    import re

    from sim.outputs import read_between

    calibration = ROOT / "docs" / "calibration.md"
    notes = " ".join(calibration.read_text().split())

    def block(name: str) -> str:
        return " ".join(
            read_between(calibration, f"<!-- {name}: start -->", f"<!-- {name}: end -->").split()
        )

    ablation = {
        row.split("|")[1].strip(): [c.strip() for c in row.split("|")[1:-1]]
        for row in read_between(
            calibration, "<!-- ablation table: start -->", "<!-- ablation table: end -->"
        ).splitlines()
        if row.startswith("| ") and not row.startswith("| scenario")
    }

    def row(name: str) -> list[str]:
        return next(cells for key, cells in ablation.items() if key.startswith(name))

    # "without pushes R2 passes (+0.6%)"
    r2 = re.search(r"\(([+-]\d+\.\d)%\)", row("no pressure")[-1])[1]
    assert f"without pushes R2 passes ({r2}%)" in notes
    # "Without pushes P8 misses as well: the coordinator's backlog grows 2.0 a week"
    slow = re.search(r"\*\*fails\*\* \((\d\.\d) a week", row("no pressure")[12])[1]
    assert (
        f"Without pushes P8 misses as well: the coordinator's backlog grows {slow} a week" in notes
    )
    # "P7: -24,355 without them, -14,999 with"
    waste = lambda name: re.search(r", (-[\d,]+) value", row(name)[11])[1]  # noqa: E731
    assert f"(P7: {waste('no rollbacks')} without them, {waste('full model')} with)" in notes
    # "without insight, R2 misses by 18%"
    missed = re.search(r"\(-(\d+)\.\d%\)", row("no insight")[-1])[1]
    assert f"without insight, R2 misses by {missed}%" in notes
    # "reversals per escalation at low support rise from 0.33 to 0.74"
    low = re.search(r"^(\d\.\d\d)", row("full model")[6])[1]
    high = re.search(r"^(\d\.\d\d)", row("fixed support")[6])[1]
    assert f"rise from {low} to {high}" in notes

    diagnosis = block("diagnosis")
    covered = re.search(r"covers the truth \| (\d+)% \|", diagnosis)[1]
    assert f"covers the truth in {covered}% of exports overall" in notes
    outside = float(re.search(r"called outside it \| (\d+\.\d)% \|", diagnosis)[1])
    assert "about 3 in 100 of the model's own exports" in notes and round(outside) == 3
    for figure in re.findall(
        r"right (\d+)% of the time|in only (\d+)% of the ticket|wide \((0\.\d+) of", notes
    ):
        stated = next(f for f in figure if f)
        assert stated in diagnosis, f"the diagnosis's words quote {stated}, not in its table"

    erosion = block("erosion")
    last, first = (
        int(n)
        for n in re.search(
            r"gives way (\d+) times, against \d+ for .*? and (\d+) in its first quarter", erosion
        ).groups()
    )
    readme = " ".join(README.split())
    assert "gives way to stakeholders far more often than it did at the start" in readme
    assert last > 10 * first

    literature = read_between(
        calibration, "<!-- literature table: start -->", "<!-- literature table: end -->"
    )
    share = re.search(r"after 3 years, ticket_coordinator \| (\d+)% \|", literature)[1]
    model = " ".join((ROOT / "docs" / "model.md").read_text().split())
    assert "takes about a tenth of capacity after three years" in model and share == "10"

    validation = " ".join((ROOT / "docs" / "validation.md").read_text().split())
    low, high = re.search(
        r"kill_criteria_without_authority earns .*?capacity_to_demand between (\d\.\d+) and "
        r"(\d\.\d+)",
        validation,
    ).groups()
    assert "where supply is between about 0.6 and 1.25" in validation
    assert round(float(low), 1) == 0.6 and high == "1.25"


def test_the_researchers_table_of_experiments_is_their_configuration():
    """Each row of the researcher's guide's experiment table names the experiment's swept
    settings with their first and last values, and the settings it fixes, as
    configs/experiment/*.yaml has them."""
    import yaml

    guide = (ROOT / "docs" / "guides" / "researcher.md").read_text()
    rows = {
        line.split("|")[1].strip().strip("`"): line
        for line in guide.splitlines()
        if line.startswith("| `")
    }

    def said(value) -> str:
        return f"{value:g}" if isinstance(value, float) else str(value).lower()

    experiments = sorted((ROOT / "configs" / "experiment").glob("*.yaml"))
    assert {path.stem for path in experiments} <= set(rows)
    for path in experiments:
        config = yaml.safe_load(path.read_text())
        row = rows[path.stem]
        for key, values in config["hydra"]["sweeper"]["params"].items():
            levels = [yaml.safe_load(v) for v in str(values).split(",")]
            assert f"`{key}`" in row, (path.stem, key)
            for level in (levels[0], levels[-1]):
                assert said(level) in row, (path.stem, key, level)
        for key, value in (config.get("governance") or {}).items():
            assert f"{key} {said(value)}" in row, (path.stem, key, value)


def test_the_glossary_explains_every_term_the_guides_lean_on():
    """Terms a newcomer met unexplained (statistics, the designs, the value unit) each have an
    entry: a bold heading naming it, or said in the entry of a heading that does."""
    import re

    glossary = (ROOT / "docs" / "glossary.md").read_text()
    entries = re.findall(r"^\*\*(.+?)\*\*(.*?)(?=^\*\*|\Z)", glossary, re.S | re.M)
    headings = " | ".join(heading.lower() for heading, _ in entries)
    for term in (
        "tost",
        "wilcoxon",
        "p50",
        "p95",
        "main effect",
        "2^5",
        "lever",
        "prim",
        "10-90% band",
        "value units",
        "non-inferiority",
        "paired comparison",
    ):
        assert term in headings, term
    prim = next(body for heading, body in entries if heading.startswith("PRIM"))
    assert "coverage" in prim and "density" in prim
    assert "**What a value unit is worth**" in glossary


def test_the_performance_page_quotes_the_last_full_benchmark():
    """The performance page's table is the one the last full `make bench` wrote from its results
    (benchmarks/bench.json), every section included, and its goals are judged as the table says."""
    from benchmarks import performance_page

    results = json.loads(performance_page.RESULTS.read_text())
    page = performance_page.PAGE.read_text()
    assert performance_page.quoted(page) == performance_page.block(results)
    table = performance_page.table(results)
    assert table.count("\n") == 13, "every measure of the suite has its row"
    speedup = results["grid"]["speedup_2_workers"]
    grid_row = next(row for row in table.splitlines() if "speedup" in row)
    assert ("**not met**" in grid_row) == (speedup < performance_page.SPEEDUP_GOAL)
    # The page states no speed figure outside the table (they would not follow a new run).
    prose = page.replace(performance_page.quoted(page), "")
    import re

    assert not re.findall(r"\d+\.\d+ (?:ms|s)\b|\d+ MB|\d+\.\d+x", prose)
