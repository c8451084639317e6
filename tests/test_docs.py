"""The README stays true to the code: every setting is documented with its default and range."""

import dataclasses
from pathlib import Path

import pytest

from sim.config import GROUPS, TOP_LEVEL, SimConfig, describe_preset, presets
from sim.config.schema import describe_allowed

README = (Path(__file__).resolve().parent.parent / "README.md").read_text()


def _rows():
    for group, cls in GROUPS.items():
        for f in dataclasses.fields(cls):
            if f.name not in ("name", "description"):  # labels, not settings
                yield f"{group}.{f.name}", f
    for f in dataclasses.fields(SimConfig):
        if f.name in TOP_LEVEL:
            yield f.name, f


@pytest.mark.parametrize(("key", "field"), list(_rows()), ids=lambda x: getattr(x, "name", x))
def test_every_setting_is_in_the_readme_with_its_default_and_range(key, field):
    default = str(field.default).lower() if isinstance(field.default, bool) else str(field.default)
    allowed = describe_allowed(field.metadata).replace("allowed: ", "")
    row = f"| `{key}` | {field.metadata['help']} | {default} | {allowed} |"
    assert row in README


def test_every_preset_is_in_the_readme_with_its_description():
    """The preset table shows each preset's description from its YAML file (one source)."""
    for name in presets():
        assert f"| `{name}` | {describe_preset(name)} |" in README


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
    for text in (ODD, README, CALIBRATION):
        mentioned = set(re.findall(r"`((?:governance|org|value)\.[a-z_]+)`", text))
        assert mentioned <= real, sorted(mentioned - real)
    assert len(set(re.findall(r"`((?:governance|org|value)\.[a-z_]+)`", ODD))) > 30
