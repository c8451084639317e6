"""The documents stay true to the code: every setting is documented with its default and range."""

import dataclasses
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
