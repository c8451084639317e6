"""The patterns of DESIGN.md section 6, reproduced over replications with statistical tests.

Fixed seeds (replications 0..n-1 of seed 0), paired comparisons where two settings share a seed
(common random numbers make them face the same requests). Every assertion message carries the
effect size and the p-value.
"""

from scipy import stats

from tests.conftest import column

N = 20  # replications per setting
ALPHA = 0.01


def test_p1_throughput_up_results_flat(replicated):
    """P1: the ticket coordinator ships more each year, yet earns at most a third of the value
    an empowered product owner earns from the same requests."""
    coordinator = replicated("ticket_coordinator", N)
    empowered = replicated("empowered_product_owner", N)
    first = column(coordinator, "throughput_first_year")
    last = column(coordinator, "throughput_last_year")
    rise = last / first - 1
    p_rise = stats.wilcoxon(last, first, alternative="greater").pvalue
    msg = (
        f"throughput rise {rise.mean():+.1%} (sd {rise.std():.1%}), paired Wilcoxon p={p_rise:.2g}"
    )
    assert rise.mean() > 0.03 and p_rise < 0.05, msg

    value_c = column(coordinator, "cumulative_value")
    value_e = column(empowered, "cumulative_value")
    ratio = value_c.mean() / value_e.mean()
    p_value = stats.wilcoxon(value_e, value_c, alternative="greater").pvalue
    msg = f"value ratio coordinator/empowered {ratio:.2f}, paired Wilcoxon p={p_value:.2g}"
    assert ratio <= 1 / 3 and p_value < ALPHA, msg


def test_p2_empowerment_not_training(replicated):
    """P2: raising skill at low authority barely moves value; raising authority does.

    Skill effect: ticket_coordinator (skill 0.3) -> trained_coordinator (skill 0.9).
    Authority effect: kill_criteria_without_authority -> empowered_product_owner, which differ
    only in authority and support (same skill, criteria and reviews).
    """
    coordinator = column(replicated("ticket_coordinator", N), "cumulative_value")
    trained = column(replicated("trained_coordinator", N), "cumulative_value")
    powerless = column(replicated("kill_criteria_without_authority", N), "cumulative_value")
    empowered = column(replicated("empowered_product_owner", N), "cumulative_value")

    skill_effect = trained - coordinator
    authority_effect = empowered - powerless
    p_authority = stats.wilcoxon(authority_effect, alternative="greater").pvalue
    p_larger = stats.wilcoxon(authority_effect - skill_effect, alternative="greater").pvalue
    msg = (
        f"skill effect {skill_effect.mean():,.0f} (sd {skill_effect.std():,.0f}), "
        f"authority effect {authority_effect.mean():,.0f} (p={p_authority:.2g}), "
        f"authority > skill p={p_larger:.2g}"
    )
    assert p_authority < ALPHA and p_larger < ALPHA, msg
    # "Barely moves": training alone recovers under 10% of what empowerment adds.
    assert abs(skill_effect.mean()) < 0.1 * authority_effect.mean(), msg

    # The same holds at low authority with the empowered practices in place.
    trained_powerless = column(
        replicated("kill_criteria_without_authority", N, skill=1.0), "cumulative_value"
    )
    untrained_powerless = column(
        replicated("kill_criteria_without_authority", N, skill=0.3), "cumulative_value"
    )
    gain = trained_powerless - untrained_powerless
    assert abs(gain.mean()) < 0.2 * authority_effect.mean(), (
        f"skill 0.3 -> 1.0 at authority 0.15 gains {gain.mean():,.0f}; {msg}"
    )
