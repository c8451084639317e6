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
from experiments import robustness as r
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


def runs_of(replicated, *names: str) -> dict:
    """Seed 0's runs of some scenarios of the robustness table (one source of criteria)."""
    return {n: replicated(r.SCENARIOS[n][0], N, **r.SCENARIOS[n][1]) for n in names}


def test_p1_the_empowered_owner_beats_the_coordinator(replicated):
    """P1: at the defaults, paired (same requests), the empowered owner earns more cumulative
    value than the ticket coordinator, who has the same skill (Wilcoxon, alpha 0.01)."""
    passed, _, figure = r.empowered_wins(runs_of(replicated, "coordinator", "empowered"))
    print(f"\nP1: empowered minus coordinator: {figure}")
    assert passed, figure


def test_p1_the_empowered_owners_value_added_grows(grid_runner):
    """P1: the empowered owner's value added grows from year 2 to year 3: paired over seeds 0-2
    x 20 replications pooled (alpha 0.01). Judged seed by seed it holds at 30 of 30 seeds of the
    robustness table (1000-1029); pooled here because one seed's 20 runs can miss it."""
    tables = [
        grid_runner.run([{}], replications=N, preset="empowered_product_owner", seed=seed)
        for seed in (0, 1, 2)
    ]
    pooled = pd.concat(tables, ignore_index=True)
    passed, _, figure = r.empowered_compounds({"empowered": pooled})
    print(f"\nP1: empowered value added year 2 -> 3 (60 runs): {figure}")
    assert passed, figure


FLAT_MISS = (
    "measured (30 base seeds, 1000-1029, x 20 replications, experiments.robustness): the "
    "coordinator's value added changes by +5 to +77 a year from year 2 to year 3 (+43 over "
    "seeds, 95% interval +37 to +49; TOST against a margin of +-25): equivalent to zero at 0 of "
    "30 seeds (at seed 0: +14 a year, TOST p=0.24). A coordinator as skilled as the empowered "
    "owner (0.7) picks somewhat better than chance (a fifth of its order is estimated value per "
    "point, and it rolls back failures at its annual review), so its results grow with "
    "throughput, at under half the empowered owner's pace (+89). 'Flat' is not produced at "
    "these inputs."
)


@pytest.mark.xfail(strict=True, reason=FLAT_MISS)
def test_p1_the_coordinators_results_are_flat(replicated):
    """P1: the coordinator's own year-2 to year-3 change in value added is equivalent to zero
    (two one-sided tests, margin +-25 value per week, 5%)."""
    passed, _, figure = r.flat(runs_of(replicated, "coordinator"))
    print(f"\nP1 flat: {figure}")
    assert passed, figure


NOT_DECLINING_MISS = (
    "measured (30 base seeds x 20 replications): the coordinator's cumulative value is at "
    "least zero in 50% to 85% of runs (71% over seeds; 80% or more at 8 of 30; at seed 0, 70%). "
    "With leadership's objectives no better than random (value.objective_mean 0) a coordinator "
    "who ships what it is asked for is a coin toss weighted slightly towards gains: which "
    "objectives the draw made bad decides most of the spread, and rollbacks at an annual "
    "review with authority 0.15 undo only part of the harm."
)


@pytest.mark.xfail(strict=True, reason=NOT_DECLINING_MISS)
def test_p1_the_coordinator_is_flat_not_declining(replicated):
    """P1: the coordinator's cumulative value is at least zero in 80% of runs."""
    passed, _, figure = r.not_declining(runs_of(replicated, "coordinator"))
    print(f"\nP1 not declining: {figure}")
    assert passed, figure


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
    "measured (seed 0, 20 replications): every coordinator run sees escalations (9.4 a run) "
    "but 17 of 20 see a reversal (3.3 a run): the coordinator rarely holds a decision against "
    "an influential stakeholder (it yields first, 635 times a run), so in some runs nobody it "
    "holds against has the influence to win over even its support, which rests near its "
    "declared 0.1."
)


def test_p1b_the_stated_miss_carries_the_measured_figures(replicated):
    """The expected failure's reason (quoted by the ODD) states what the runs show: how many of
    the coordinator's runs see a reversal, and the escalations and reversals a run."""
    coordinator = replicated("ticket_coordinator", N)
    escalations, reversals = column(coordinator, "escalations"), column(coordinator, "reversals")
    assert f"{(reversals > 0).sum()} of {N} see a reversal" in EVERY_RUN_MISS
    assert f"({escalations.mean():.1f} a run)" in EVERY_RUN_MISS
    assert f"({reversals.mean():.1f} a run)" in EVERY_RUN_MISS


@pytest.mark.xfail(strict=True, reason=EVERY_RUN_MISS)
def test_p1b_every_coordinator_run_sees_an_escalation_and_a_reversal(replicated):
    coordinator = replicated("ticket_coordinator", N)
    assert (column(coordinator, "escalations") > 0).all()
    assert (column(coordinator, "reversals") > 0).all()


@pytest.fixture(scope="module")
def decomposition():
    """The 2^5 factorial at 10 replications of seed 0: per-replication contrasts."""
    from experiments.decomposition import contrasts, run_cells

    return contrasts(run_cells(replications=10, seed=0, workers=2))


def test_p2_standing_is_worth_more_than_skill(decomposition):
    """P2, not skill but empowerment, measured: in the 2^5 factorial, standing's main effect on
    cumulative value exceeds skill's (0.3 -> 0.9), paired over replications (alpha 0.01)."""
    standing = decomposition[("cumulative_value", "standing")]
    skill = decomposition[("cumulative_value", "skill")]
    p = paired_greater(standing, skill)
    msg = f"main effects: standing {standing.mean():+,.0f}, skill {skill.mean():+,.0f} (p={p:.2g})"
    print(f"\nP2: {msg}")
    assert p < ALPHA and standing.mean() > skill.mean(), msg
    # Both are real effects: the comparison is not with nothing.
    assert stats.ttest_1samp(skill, 0, alternative="greater").pvalue < ALPHA, msg


def test_p2_skill_pays_more_with_standing(decomposition):
    """P2: standing and skill interact positively: skill is worth more to an owner with standing
    (the standing x skill interaction on cumulative value is above zero, alpha 0.01)."""
    both = decomposition[("cumulative_value", "standing x skill")]
    p = float(stats.ttest_1samp(both, 0, alternative="greater").pvalue)
    print(f"\nP2: standing x skill interaction {both.mean():+,.0f} (p={p:.2g})")
    assert p < ALPHA, f"{both.mean():+,.0f} (p={p:.2g})"


def test_r1_the_value_of_standing_falls_as_influence_tracks_value(replicated):
    """R1, the thesis can fail: when influential stakeholders have the better ideas, following
    them costs less. Standing's worth (the empowered owner minus the same practices without
    standing, paired) at influence-value correlation 0.8 is at most two thirds of that at 0."""
    names = ("empowered", "no standing", "empowered, rho 0.8", "no standing, rho 0.8")
    passed, _, figure = r.standing_worth_less_when_influence_tracks_value(
        runs_of(replicated, *names)
    )
    print(f"\nR1: standing's worth at correlation 0 -> 0.8: {figure}")
    assert passed, figure


KNOW_BEST_MISS = (
    "measured (30 base seeds x 20 replications): with stakeholder_insight 1 and "
    "influence_value_correlation 1 the same practices without standing earn 0.8% to 4.6% less "
    "than the empowered owner (at seed 0, 2.1% less); non-inferior within 2% at 0 of 30 seeds. "
    "Pushes carry the gap: an informed stakeholder knows their own idea, not the queue, and a "
    "push moves it above better work. Without pushes (patience beyond the horizon) standing is "
    "worth nothing here "
    "(test_r2_without_pushes_standing_is_worthless_when_the_powerful_know_best)."
)


@pytest.mark.xfail(strict=True, reason=KNOW_BEST_MISS)
def test_r2_standing_is_worthless_when_the_powerful_know_best(replicated):
    """R2: at insight 1 and correlation 1 the same practices without standing earn at least
    what the empowered owner earns, within 2% of its value (non-inferiority, paired Wilcoxon
    against the margin, alpha 0.01)."""
    names = ("empowered, powerful know best", "no standing, powerful know best")
    passed, _, figure = r.standing_worthless_when_powerful_know_best(runs_of(replicated, *names))
    print(f"\nR2: no standing minus empowered: {figure}")
    assert passed, figure


def test_r2_without_pushes_standing_is_worthless_when_the_powerful_know_best(replicated):
    """R2 where it holds: with no pushes for priority, at insight 1 and correlation 1, the same
    practices without standing earn at least what the empowered owner earns, up to a margin of
    1% of its value: a one-sided non-inferiority t-test on the paired differences (5%)."""
    settings = {**r.KNOW_BEST, "patience": 520}
    empowered = column(replicated("empowered_product_owner", N, **settings), "cumulative_value")
    without = column(
        replicated("kill_criteria_without_authority", N, **settings), "cumulative_value"
    )
    gap = without - empowered
    margin = 0.01 * empowered.mean()
    p = float(stats.ttest_1samp(gap, -margin, alternative="greater").pvalue)
    msg = f"{gap.mean():+,.0f} ({gap.mean() / empowered.mean():+.1%}), non-inferiority p={p:.2g}"
    print(f"\nR2 without pushes: no standing minus empowered {msg}")
    assert p < 0.05, msg


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
    the share falls only from about 21% to 10%; gate 2 at work.)"""
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


def test_p5_the_empowered_owner_halves_the_influence_correlation(replicated):
    """P5: under the empowered owner the influence-delivery correlation is at most half of the
    coordinator's (paired, alpha 0.01)."""
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
