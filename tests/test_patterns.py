"""The patterns of docs/ODD.md section 1 (P1-P8), reproduced over replications with statistics.

Each setting runs replications 0..19 of seed 0 (fixed). Settings compared with one seed face the
same requests (common random numbers), so comparisons are paired (Wilcoxon signed-rank) unless
the samples are independent (Mann-Whitney). Every assertion message carries the effect size and
the p-value; every tolerance is stated next to it. ALPHA is the significance level throughout.
"""

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import sim
from tests.conftest import column

N = 20
ALPHA = 0.01


def paired_greater(a, b) -> float:
    """One-sided paired Wilcoxon p-value that a > b."""
    return float(stats.wilcoxon(a, b, alternative="greater").pvalue)


def bootstrap_ci(x, statistic=np.mean) -> tuple[float, float]:
    """95% bootstrap interval (scipy, fixed seed)."""
    result = stats.bootstrap((np.asarray(x),), statistic, random_state=0, n_resamples=2000)
    return float(result.confidence_interval.low), float(result.confidence_interval.high)


def test_p0_no_politics_no_authority_effect():
    """P0: with no influence and no noise in contests, authority and support change nothing.

    Authority and support act only through contests; the owner's order has no authority term.
    The empowered practices are in place (entry and kill criteria, pruning), so every kind of
    contest is met. Same seed: identical per-tick metrics and ledgers.
    """
    runs = []
    for authority, support in ((0.15, 0.1), (0.9, 0.6), (0.15, 0.6)):
        config = sim.make_config(
            "kill_criteria_without_authority",
            authority=authority,
            support=support,
            influence_scale=0.0,
            politics_noise=0.0,
            replications=2,
            ticks=104,
        )
        runs.append(sim.run(config))
    # Leadership's support is a state that starts at the governance's value; without politics
    # nobody escalates, so it decides nothing: every other metric must be identical.
    for other in runs[1:]:
        pd.testing.assert_frame_equal(
            runs[0].metrics.drop(columns="mean_support"), other.metrics.drop(columns="mean_support")
        )
        pd.testing.assert_frame_equal(runs[0].ledger, other.ledger)
    assert runs[0].metrics["declines"].sum() > 0 and runs[0].metrics["kills"].sum() > 0
    # The control: with politics, the same change of authority changes the run.
    politics = [
        sim.run(sim.make_config("kill_criteria_without_authority", authority=a, ticks=104))
        for a in (0.15, 0.9)
    ]
    assert not politics[0].metrics.equals(politics[1].metrics)


def test_p1_throughput_up(replicated):
    """P1, activity: the ticket coordinator ships more initiatives per quarter in year 3."""
    coordinator = replicated("ticket_coordinator", N)
    first = column(coordinator, "throughput_first_year")
    last = column(coordinator, "throughput_last_year")
    rise = last / first - 1
    p_rise = paired_greater(last, first)
    msg = (
        f"throughput rise {rise.mean():+.1%} (sd {rise.std():.1%}), paired Wilcoxon p={p_rise:.2g}"
    )
    print(f"\nP1: {msg}")
    # Tolerance: a rise of at least 3% on average, significant at 5%.
    assert rise.mean() > 0.03 and p_rise < 0.05, msg


def test_p1_results_flat_while_the_empowered_owner_compounds(replicated):
    """P1, outcome: the coordinator's value added per year barely changes from year 2 to 3 (by
    less than a tenth of the empowered owner's year-3 value added), while the empowered owner's
    grows by at least 25%, and the empowered owner earns at least 3x the cumulative value."""
    coordinator = replicated("ticket_coordinator", N)
    empowered = replicated("empowered_product_owner", N)
    c2, c3 = (
        column(coordinator, "value_added_prior_year"),
        column(coordinator, "value_added_last_year"),
    )
    e2, e3 = column(empowered, "value_added_prior_year"), column(empowered, "value_added_last_year")
    change = c3.mean() - c2.mean()
    growth = e3.mean() / e2.mean() - 1
    p_growth = paired_greater(e3, e2)
    level = column(coordinator, "value_rate_last_year").mean()
    msg = (
        f"coordinator value added {c2.mean():.0f} -> {c3.mean():.0f} per year (change "
        f"{change:+.0f} = {change / e3.mean():+.1%} of the empowered owner's {e3.mean():.0f}); "
        f"empowered {e2.mean():.0f} -> {e3.mean():.0f} ({growth:+.0%}, p={p_growth:.2g}); "
        f"coordinator value per week in year 3 {level:.1f}"
    )
    print(f"\nP1: {msg}")
    assert abs(change) < 0.1 * e3.mean(), msg
    assert growth >= 0.25 and p_growth < ALPHA, msg

    value_c = column(coordinator, "cumulative_value")
    value_e = column(empowered, "cumulative_value")
    p_value = paired_greater(value_e, value_c)
    msg = f"cumulative value {value_e.mean():,.0f} vs {value_c.mean():,.0f}, p={p_value:.2g}"
    print(f"P1: {msg}")
    assert value_e.mean() >= 3 * max(value_c.mean(), 1.0) and p_value < ALPHA, msg


def test_p1b_the_coordinator_escalates_and_is_reversed(replicated):
    """P1b: stakeholders push, escalate and get decisions reversed under the coordinator, and
    reversals per escalation fall as leadership support rises from 0.1 to 0.8."""
    coordinator = replicated("ticket_coordinator", N)
    escalations, reversals = column(coordinator, "escalations"), column(coordinator, "reversals")
    pushes, yields = column(coordinator, "pushes"), column(coordinator, "yields")
    msg = (
        f"coordinator per run: {pushes.mean():.0f} pushes, {yields.mean():.0f} yields, "
        f"{escalations.mean():.1f} escalations, {reversals.mean():.1f} reversals; runs with a "
        f"reversal {(reversals > 0).mean():.0%}"
    )
    print(f"\nP1b: {msg}")
    # Tolerance: escalations and reversals per run are significantly above zero (one-sided
    # Wilcoxon); whether every single run sees one is the stated miss below.
    p_esc = float(stats.wilcoxon(escalations, alternative="greater").pvalue)
    p_rev = float(stats.wilcoxon(reversals, alternative="greater").pvalue)
    assert p_esc < ALPHA and p_rev < ALPHA, msg

    def rate(support: float) -> float:
        table = replicated("ticket_coordinator", N, support=support)
        return column(table, "reversals").sum() / column(table, "escalations").sum()

    weak, strong = rate(0.1), rate(0.8)
    print(f"P1b: reversals per escalation {weak:.2f} at support 0.1, {strong:.2f} at 0.8")
    assert strong < 0.5 * weak, (weak, strong)

    # The same with the practices in place (more contests: declines and kills), paired per run.
    weak = replicated("kill_criteria_without_authority", N)
    strong = replicated("kill_criteria_without_authority", N, support=0.8)

    def reversal_rate(table):
        return column(table, "reversals") / np.maximum(column(table, "escalations"), 1)

    weak_rate, strong_rate = reversal_rate(weak), reversal_rate(strong)
    p_rate = paired_greater(weak_rate, strong_rate)
    assert p_rate < ALPHA and strong_rate.mean() < 0.5 * weak_rate.mean(), (
        f"reversals per escalation {weak_rate.mean():.2f} with support 0.1, "
        f"{strong_rate.mean():.2f} with support 0.8; p={p_rate:.2g}"
    )


EVERY_RUN_MISS = (
    "measured (seed 0, 20 replications): 19 of 20 coordinator runs see an escalation and 18 a "
    "reversal (3.0 escalations a run on average): the coordinator rarely holds a decision, and "
    "the few stakeholders it holds against have little influence, so they rarely escalate."
)


@pytest.mark.xfail(strict=True, reason=EVERY_RUN_MISS)
def test_p1b_every_coordinator_run_sees_an_escalation_and_a_reversal(replicated):
    coordinator = replicated("ticket_coordinator", N)
    assert (column(coordinator, "escalations") > 0).all()
    assert (column(coordinator, "reversals") > 0).all()


def _effects(replicated):
    coordinator = column(replicated("ticket_coordinator", N), "cumulative_value")
    trained = column(replicated("trained_coordinator", N), "cumulative_value")
    empowered_here = column(
        replicated("ticket_coordinator", N, authority=0.9, support=0.6), "cumulative_value"
    )
    return trained - coordinator, empowered_here - coordinator


SKILL_MISS = (
    "measured (seed 0, 20 replications): skill 0.3 -> 0.9 at the coordinator's authority gains "
    "about 3,800 of cumulative value (its own order puts a 0.2 weight on estimated value, and "
    "better estimates pick better work); authority 0.15 -> 0.9 with support 0.1 -> 0.6 at the "
    "coordinator's other settings gains only about 400 (without criteria there are few "
    "decisions for standing to win), and the same practices with against without standing gain "
    "about 14,200. Training recovers about 26% of the latter, not under 10%."
)


@pytest.mark.xfail(strict=True, reason=SKILL_MISS)
def test_p2_training_gains_under_a_tenth_of_empowerment(replicated):
    """P2: training (skill 0.3 -> 0.9) at the coordinator's authority gains under a tenth of
    what standing gains: the empowered practices with authority 0.9 and support 0.6 against the
    same practices with the coordinator's authority and support."""
    skill_effect, _ = _effects(replicated)
    powerless = column(replicated("kill_criteria_without_authority", N), "cumulative_value")
    empowered = column(replicated("empowered_product_owner", N), "cumulative_value")
    standing_effect = empowered - powerless
    msg = f"skill effect {skill_effect.mean():,.0f}, standing effect {standing_effect.mean():,.0f}"
    print(f"\nP2: {msg}")
    assert abs(skill_effect.mean()) < 0.1 * standing_effect.mean(), msg


def test_p2_with_authority_skill_matters(replicated):
    """P2: under the empowered owner, skill 0.9 earns significantly more than skill 0.3."""
    low = column(replicated("empowered_product_owner", N, skill=0.3), "cumulative_value")
    high = column(replicated("empowered_product_owner", N, skill=0.9), "cumulative_value")
    p = paired_greater(high, low)
    skill_effect, authority_here = _effects(replicated)
    practices = column(replicated("kill_criteria_without_authority", N), "cumulative_value")
    coordinator = column(replicated("ticket_coordinator", N), "cumulative_value")
    msg = (
        f"empowered owner, skill 0.3 -> 0.9: {low.mean():,.0f} -> {high.mean():,.0f} (p={p:.2g}); "
        f"coordinator trained: {skill_effect.mean():+,.0f}; coordinator given authority and "
        f"support alone: {authority_here.mean():+,.0f}; skill 0.7 with the practices but no "
        f"standing: {practices.mean():,.0f} against the coordinator's {coordinator.mean():,.0f}"
    )
    print(f"\nP2: {msg}")
    # Tolerance: significant, and at least 20% more value.
    assert p < ALPHA and high.mean() > 1.2 * low.mean(), msg


def test_r1_the_value_of_standing_falls_as_influence_tracks_value(replicated):
    """R1, the thesis can fail: when influential stakeholders have the better ideas, following
    them costs less. The same practices without standing fall short of the empowered owner by a
    relative shortfall that, at influence-value correlation 0.8, is at most two thirds of that
    at 0."""

    def shortfall(rho: float) -> np.ndarray:
        kw = {"influence_value_correlation": rho}
        without = column(replicated("kill_criteria_without_authority", N, **kw), "cumulative_value")
        with_ = column(replicated("empowered_product_owner", N, **kw), "cumulative_value")
        return 1 - without.mean() / with_.mean()

    at_zero, at_high = shortfall(0.0), shortfall(0.8)
    msg = f"relative shortfall without standing: {at_zero:.2f} at rho 0, {at_high:.2f} at rho 0.8"
    print(f"\nR1: {msg}")
    assert at_high <= 2 / 3 * at_zero, msg


def test_kill_criteria_value_with_and_without_authority(replicated):
    """Kill criteria: their effect on cumulative value, with and without authority (reported).

    With authority they pay (a significant gain of at least 5%), more than without."""

    def gain(preset_with: str, **base) -> np.ndarray:
        on = column(replicated(preset_with, N, **base), "cumulative_value")
        off = column(replicated(preset_with, N, kill_criteria=False, **base), "cumulative_value")
        return on, off

    on, off = gain("empowered_product_owner")
    weak_on, weak_off = gain("kill_criteria_without_authority")
    with_auth, without_auth = on.mean() / off.mean() - 1, weak_on.mean() / weak_off.mean() - 1
    p = paired_greater(on, off)
    msg = (
        f"kill criteria change cumulative value by {with_auth:+.1%} with authority (p={p:.2g}) "
        f"and {without_auth:+.1%} without"
    )
    print(f"\nKill criteria: {msg}")
    p_more = paired_greater(on - off, weak_on - weak_off)
    assert p < ALPHA and with_auth > 0.05 and with_auth > without_auth and p_more < 0.05, msg


def _zombie_shares(replicated, authority: float) -> tuple[np.ndarray, np.ndarray]:
    """Zombie capacity share without and with kill criteria (empowered practices, support 0.6)."""
    base = {"authority": authority, "support": 0.6}
    never = replicated("empowered_product_owner", N, kill_criteria=False, **base)
    zero = replicated("empowered_product_owner", N, kill_criteria=True, kill_threshold=0.0, **base)
    return column(never, "zombie_capacity_share"), column(zero, "zombie_capacity_share")


def test_p3_kill_criteria_need_authority(replicated):
    """P3: with the empowered practices and support 0.6, kill criteria cut zombie capacity
    significantly more at authority >= 0.7 than at <= 0.3: at low authority most failing work
    keeps running; with authority the zombie share falls by more than half.

    (With support 0.1 instead, authority 0.9 kills are made and then reversed on escalation:
    the share falls only from about 25% to 15%; gate 2 at work.)"""
    low = [_zombie_shares(replicated, a) for a in (0.1, 0.3)]
    high = [_zombie_shares(replicated, a) for a in (0.7, 0.9)]
    low_effect = np.concatenate([never - zero for never, zero in low])
    high_effect = np.concatenate([never - zero for never, zero in high])
    p = float(stats.mannwhitneyu(high_effect, low_effect, alternative="greater").pvalue)
    msg = (
        f"kill criteria cut zombie share by {low_effect.mean():.1%} at authority <= 0.3 and by "
        f"{high_effect.mean():.1%} at >= 0.7; Mann-Whitney p={p:.2g}"
    )
    print(f"\nP3: {msg}")
    # Tolerance: significant, and at least 1.5 times the effect.
    assert p < ALPHA and high_effect.mean() > 1.5 * low_effect.mean(), msg
    kept = (
        np.concatenate([zero for _, zero in low]).mean()
        / np.concatenate([never for never, _ in low]).mean()
    )
    # "Most failing work keeps running": over half of the zombie capacity remains.
    assert kept > 0.5, f"at low authority kill criteria leave {kept:.0%} of zombie capacity"
    never, killed = high[-1]
    cut = 1 - killed.mean() / never.mean()
    print(
        f"P3: authority 0.9: zombie share {never.mean():.1%} -> {killed.mean():.1%} ({cut:.0%} cut)"
    )
    # Tolerance: kill criteria with authority and support cut the zombie share by over half.
    assert cut > 0.5, f"zombie share with authority 0.9: {never.mean():.1%} -> {killed.mean():.1%}"


def test_p4_zombies_eat_capacity(replicated):
    """P4: without kill criteria a large share of capacity goes to initiatives whose MVP failed."""
    coordinator = column(replicated("ticket_coordinator", N), "zombie_capacity_share")
    empowered = column(replicated("empowered_product_owner", N), "zombie_capacity_share")
    low, high = bootstrap_ci(coordinator)
    p = paired_greater(coordinator, empowered)
    msg = (
        f"zombie share: coordinator {coordinator.mean():.1%} (95% CI {low:.1%}-{high:.1%}), "
        f"empowered {empowered.mean():.1%}, paired Wilcoxon p={p:.2g}"
    )
    print(f"\nP4: {msg}")
    # Tolerance for "large": the interval lies above a fifth of capacity.
    assert low > 0.2 and p < ALPHA, msg


def test_p5_roadmaps_follow_influence_under_the_coordinator(replicated):
    """P5: under the coordinator, delivered share follows stakeholder influence (rank
    correlation > 0.5), produced by pushes and contests alone; under the empowered owner,
    delivery follows true value more."""
    coordinator = replicated("ticket_coordinator", N)
    empowered = replicated("empowered_product_owner", N)
    influence_low = column(coordinator, "influence_delivery_correlation")
    p_positive = float(stats.wilcoxon(influence_low, alternative="greater").pvalue)
    msg = f"influence-delivery rank correlation {influence_low.mean():.2f}, p(>0)={p_positive:.2g}"
    print(f"\nP5: {msg}")
    assert p_positive < ALPHA and influence_low.mean() > 0.5, msg
    # No politics, no such correlation: the same coordinator with influence switched off.
    neutral = column(
        replicated("ticket_coordinator", N, influence_scale=0.0), "influence_delivery_correlation"
    )
    assert abs(neutral.mean()) < 0.15, f"without politics: {neutral.mean():.2f}"

    value_low = column(coordinator, "value_delivery_correlation")
    value_high = column(empowered, "value_delivery_correlation")
    p_value = paired_greater(value_high, value_low)
    assert p_value < ALPHA and value_high.mean() > value_low.mean() + 0.2, (
        f"value-delivery rank correlation {value_low.mean():.2f} -> {value_high.mean():.2f}, "
        f"p={p_value:.2g}"
    )


INFLUENCE_MISS = (
    "measured (seed 0, 20 replications): influence-delivery rank correlation 0.59 under the "
    "coordinator and 0.34 under the empowered owner, 0.58 of it rather than at most half: with "
    "support 0.6 the most influential stakeholders (influence above 0.6) still win escalations "
    "over declines and pushes, and a reversed decision jumps the queue."
)


@pytest.mark.xfail(strict=True, reason=INFLUENCE_MISS)
def test_p5_the_empowered_owner_halves_the_influence_correlation(replicated):
    """P5: under the empowered owner the influence-delivery correlation is at most half of the
    coordinator's."""
    low = column(replicated("ticket_coordinator", N), "influence_delivery_correlation")
    high = column(replicated("empowered_product_owner", N), "influence_delivery_correlation")
    p_smaller = paired_greater(low, high)
    msg = f"{low.mean():.2f} under the coordinator, {high.mean():.2f} empowered (p={p_smaller:.2g})"
    print(f"\nP5: {msg}")
    assert p_smaller < ALPHA and high.mean() <= 0.5 * low.mean(), msg


def test_p6_continuous_feedback_beats_annual_planning(replicated):
    """P6: reviewing every week gives more value than reviewing once a year."""
    continuous = column(replicated("continuous_review", N), "cumulative_value")
    annual = column(replicated("annual_planning", N), "cumulative_value")
    gain = continuous.mean() / annual.mean() - 1
    p = paired_greater(continuous, annual)
    print(f"\nP6: continuous vs annual: {gain:+.1%}, paired p={p:.2g}")
    # Tolerance: at least +5%.
    assert gain > 0.05 and p < ALPHA, f"continuous vs annual: {gain:+.1%}, paired p={p:.2g}"


def test_p7_activity_metrics_produce_waste(replicated):
    """P7: ordering for activity (small tickets) ships more tickets and less value.

    activity_metrics: an empowered owner without entry or kill criteria, ordering by small size
    (outcome_focus 0) against the same owner ordering by estimated value per point (1).
    """
    activity = replicated("activity_metrics", N, outcome_focus=0.0)
    outcome = replicated("activity_metrics", N, outcome_focus=1.0)
    shipped_a, shipped_o = (
        column(activity, "initiatives_shipped"),
        column(outcome, "initiatives_shipped"),
    )
    value_a, value_o = column(activity, "cumulative_value"), column(outcome, "cumulative_value")
    p_more = paired_greater(shipped_a, shipped_o)
    p_less = paired_greater(value_o, value_a)
    msg = (
        f"outcome_focus 0 vs 1: shipped {shipped_a.mean():.0f} vs {shipped_o.mean():.0f} "
        f"(p={p_more:.2g}), value {value_a.mean():,.0f} vs {value_o.mean():,.0f} (p={p_less:.2g})"
    )
    print(f"\nP7: {msg}")
    # Tolerance: at least 20% more tickets and at least 20% less value.
    assert p_more < ALPHA and p_less < ALPHA, msg
    assert shipped_a.mean() > 1.2 * shipped_o.mean() and value_a.mean() < 0.8 * value_o.mean(), msg


def test_p8_no_entry_criteria_growing_backlog(replicated):
    """P8: without entry criteria the backlog grows roughly linearly; with them it stays bounded."""
    without = replicated("ticket_coordinator", N)
    with_criteria = replicated("empowered_product_owner", N)
    slope = column(without, "backlog_slope")
    p = float(stats.wilcoxon(slope, alternative="greater").pvalue)
    print(f"\nP8: backlog slope without entry criteria {slope.mean():.2f}/week (p={p:.2g})")
    # Demand is about 3x capacity, so about 2/3 of 8.4 requests a week pile up.
    assert p < ALPHA and slope.mean() > 3.0, f"backlog slope {slope.mean():.2f}/week, p={p:.2g}"
    final = column(without, "backlog_final")
    assert final.mean() > 0.9 * slope.mean() * 156 * 0.5, "roughly linear growth from the start"

    # Bound: with exit criteria nothing waits longer than max_backlog_age + review_interval, so
    # the backlog holds at most the requests of that many weeks (8.4 a week on average; 1.5x
    # margin for Poisson peaks). The slope over the second half is near zero.
    bound = 1.5 * 24 * 0.35 * (26 + 2 + 1)
    peak = column(with_criteria, "backlog_max")
    assert peak.max() <= bound, f"backlog peaked at {peak.max():.0f} > bound {bound:.0f}"
    slope_with = column(with_criteria, "backlog_slope")
    print(
        f"P8: with criteria: peak {peak.max():.0f} (bound {bound:.0f}), "
        f"slope {slope_with.mean():.3f}"
    )
    assert abs(slope_with.mean()) < 0.05 * slope.mean(), (
        f"slope with criteria {slope_with.mean():.3f}"
    )
