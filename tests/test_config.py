"""The configuration schema: presets load, overrides apply, bad values are refused."""

import dataclasses

import pytest

import sim
from sim.config import (
    ConfigError,
    GovernanceConfig,
    SimConfig,
    flat_keys,
    from_dict,
    load_preset,
    make_config,
    presets,
    validate,
)

ARCHETYPES = {
    "ticket_coordinator",
    "trained_coordinator",
    "kill_criteria_without_authority",
    "authority_without_kill_criteria",
    "empowered_product_owner",
    "activity_metrics",
    "annual_planning",
    "continuous_review",
    "perfect_information",
}


def test_every_archetype_is_a_preset_named_after_itself():
    assert set(presets()) >= ARCHETYPES
    for name in presets():
        assert make_config(name).governance.name == name


def test_default_config_is_the_ticket_coordinator_with_documented_defaults():
    config = validate(SimConfig())
    assert config.governance.name == "ticket_coordinator"
    assert (config.ticks, config.replications) == (156, 10)
    # The preset file and the schema defaults agree, so `python -m sim` and SimConfig() match.
    assert make_config("ticket_coordinator") == config


def test_presets_differ_where_their_names_say():
    coordinator = make_config("ticket_coordinator").governance
    trained = make_config("trained_coordinator").governance
    assert trained.skill > coordinator.skill and trained.authority == coordinator.authority
    empowered = make_config("empowered_product_owner").governance
    no_kill = make_config("authority_without_kill_criteria").governance
    no_authority = make_config("kill_criteria_without_authority").governance
    same = {"name": "x", "description": ""}
    assert dataclasses.replace(no_kill, kill_criteria=True, **same) == dataclasses.replace(
        empowered, **same
    )
    assert no_authority.kill_criteria and no_authority.authority < 0.3
    assert make_config("annual_planning").governance.review_interval == 52
    assert make_config("continuous_review").governance.review_interval == 1
    assert make_config("activity_metrics").governance.outcome_focus == 0.0


def test_perfect_information_sets_organization_and_value_too():
    config = make_config("perfect_information")
    assert config.org.product_owners == 1 and config.org.request_rate == 0
    assert config.org.initial_backlog > 0
    assert config.value.potentials_known and config.value.estimate_noise == 0
    assert "org" in load_preset("perfect_information")


def test_flat_and_dotted_overrides_agree():
    a = make_config("empowered_product_owner", authority=0.4, stakeholders=10, synergy=0.0)
    b = make_config(
        "empowered_product_owner",
        **{"governance.authority": 0.4, "org.stakeholders": 10, "value.synergy": 0.0},
    )
    assert a == b and a.governance.authority == 0.4 and a.org.stakeholders == 10


def test_flat_names_are_unique_across_groups():
    keys = flat_keys()
    assert keys["authority"] == "governance.authority"
    assert keys["team_capacity"] == "org.team_capacity"
    assert keys["mvp_fraction"] == "value.mvp_fraction"


@pytest.mark.parametrize(
    ("params", "key", "fragment"),
    [
        ({"authority": 1.5}, "governance.authority", "[0.0, 1.0]"),
        ({"team_capacity": -3}, "org.team_capacity", "[0.01, 10000.0]"),
        ({"ticks": 0}, "ticks", "an integer"),
        ({"stakeholders": "abc"}, "org.stakeholders", "an integer"),
        ({"stakeholders": 2.5}, "org.stakeholders", "an integer"),
        ({"kill_criteria": "yes"}, "governance.kill_criteria", "true or false"),
        ({"request_rate": float("nan")}, "org.request_rate", "a number"),
        ({"no_such_setting": 1}, "no_such_setting", "unknown setting"),
    ],
)
def test_bad_values_name_key_value_and_range(params, key, fragment):
    with pytest.raises(ConfigError) as info:
        make_config("ticket_coordinator", **params)
    message = str(info.value)
    assert message.startswith(f"{key}=") and fragment in message
    assert "\n" not in message


def test_unknown_preset_lists_the_allowed_ones():
    with pytest.raises(ConfigError, match="no such preset; allowed: .*empowered_product_owner"):
        make_config("no_such_preset")


def test_from_dict_refuses_unknown_group_keys():
    with pytest.raises(ConfigError, match=r"^governance\.speed="):
        from_dict({"governance": {"speed": 3}})


def test_run_and_model_validate_too():
    bad = SimConfig(governance=GovernanceConfig(authority=2.0))
    with pytest.raises(ConfigError, match="governance.authority"):
        sim.run(bad)
    with pytest.raises(ConfigError, match="governance.authority"):
        sim.Organization(bad)
