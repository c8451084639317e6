"""Invariants over random valid configurations (property-based, hypothesis).

Whatever the governance and organization: every initiative is in exactly one status and its
timestamps tell a legal history; no tick spends more points than it had; no metric is NaN;
cumulative value is the sum of the run-rates.
"""

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sim
from sim.engine.initiatives import LEGAL_TRANSITIONS, STATUS_NAMES

unit = st.floats(0.0, 1.0)
configs = st.fixed_dictionaries(
    {
        "authority": unit,
        "skill": unit,
        "support": unit,
        "entry_criteria": st.booleans(),
        "entry_threshold": st.floats(-0.5, 0.5),
        "kill_criteria": st.booleans(),
        "kill_threshold": st.floats(-1.0, 1.0),
        "review_interval": st.integers(1, 30),
        "outcome_focus": unit,
        "wip_limit": st.integers(1, 5),
        "max_backlog_age": st.integers(1, 40),
        "stakeholders": st.integers(1, 30),
        "product_owners": st.integers(1, 5),
        "team_capacity": st.floats(0.5, 40.0),
        "capacity_growth": st.floats(0.0, 0.2),
        "maintenance_rate": st.floats(0.0, 0.02),
        "request_rate": st.floats(0.0, 1.5),
        "initial_backlog": st.integers(0, 30),
        "escalation_propensity": unit,
        "synergy": st.floats(0.0, 0.2),
        "mvp_fraction": st.floats(0.05, 1.0),
        "ticks": st.integers(1, 60),
        "seed": st.integers(0, 2**32),
    }
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(params=configs)
def test_invariants_hold_for_any_valid_configuration(params):
    model = sim.Organization(**params)
    model.run_model()
    work = model.work
    n = len(work)

    # Exactly one status each, and the store's running counts agree with the rows.
    status = work.status
    assert status.min(initial=0) >= 0 and status.max(initial=0) < len(STATUS_NAMES)
    assert (np.bincount(status, minlength=len(STATUS_NAMES)) == work.status_counts).all()

    # Only legal moves were ever made, and the history explains every status.
    legal = np.zeros_like(work.transitions, dtype=bool)
    for frm, tos in LEGAL_TRANSITIONS.items():
        legal[frm, list(tos)] = True
    assert work.transitions[~legal].sum() == 0
    entered = work.transitions.sum(axis=0)
    left = work.transitions.sum(axis=1)
    arrivals = np.zeros(len(STATUS_NAMES), dtype=np.int64)
    arrivals[0] = n
    assert (arrivals + entered - left == work.status_counts).all()

    # Timestamps follow the history of each initiative.
    by_name = dict(zip(STATUS_NAMES, range(len(STATUS_NAMES)), strict=True))
    started = work.started >= 0
    assert (
        started
        == np.isin(status, [by_name[s] for s in ("in_progress", "done", "killed", "rolled_back")])
    ).all()
    assert (work.started[started] >= work.created[started]).all()
    done = status == by_name["done"]
    assert (work.finished[done] >= work.started[done]).all()
    assert np.allclose(work.done_points[done], work.size[done])
    assert (work.done_points <= work.size + 1e-9).all()
    rolled_back = status == by_name["rolled_back"]
    assert (work.rolled_back[rolled_back] > work.finished[rolled_back]).all()
    assert (work.finished[rolled_back] >= 0).all() and (work.outcome[rolled_back] < 0).all()
    killed = status == by_name["killed"]
    assert (work.killed[killed] >= work.mvp[killed]).all() and (work.mvp[killed] >= 0).all()

    frame = model.datacollector.get_model_vars_dataframe()
    assert len(frame) == params["ticks"]
    assert not frame.isna().any().any()
    assert (frame["points_done"] <= frame["available_capacity"] + 1e-9).all()
    assert (frame["available_capacity"] <= frame["capacity"] + 1e-9).all()
    assert np.allclose(frame["cumulative_value"], frame["value_rate"].cumsum())
    assert frame["shipped"].sum() == done.sum() + rolled_back.sum()
    assert frame["rollbacks"].sum() == rolled_back.sum()
    assert frame["kills"].sum() == killed.sum()
    wip_now = sum(len(team.wip) for team in model.team_list)
    assert wip_now == (status == by_name["in_progress"]).sum()
    assert wip_now <= model.governance.wip_limit * len(model.team_list)


@settings(max_examples=100, deadline=None)
@given(
    x=st.lists(st.integers(0, 5), min_size=3, max_size=30),
    y=st.lists(st.floats(-10, 10), min_size=3, max_size=30),
)
def test_spearman_matches_scipy(x, y):
    from scipy import stats

    from sim.engine.metrics import spearman

    n = min(len(x), len(y))
    x, y = np.array(x[:n], float), np.array(y[:n])
    expected = stats.spearmanr(x, y).statistic if np.ptp(x) and np.ptp(y) else np.nan
    assert np.isclose(spearman(x, y), expected, equal_nan=True, atol=1e-12)
