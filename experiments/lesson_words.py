"""The words a lesson's text says about its numbers ("more", "falls to", "a loss"), computed
from the numbers themselves, so that a lesson never says "up" over a figure that went down."""

from __future__ import annotations

#: Leadership's support for the empowered owner at the start (its preset's stance).
EMPOWERED_SUPPORT = 0.6


def trend(first: float, last: float, tolerance: float = 0.05) -> str:
    """Which way a number went, in words: up, down, or about the same (within 5%)."""
    if abs(last - first) <= tolerance * max(abs(first), 1e-9):
        return "about the same"
    return "up" if last > first else "down"


def lesson_words(numbers: dict, start_support: float) -> dict[str, str]:
    """The words a lesson's text says about its numbers (more, less, rises, falls), computed
    from the numbers, so that the text can never say "up" over a figure that went down."""
    # Lesson 4: the owner without entry criteria against the one with them.
    value = numbers["bad_value"] / numbers["good_value"] - 1 if numbers["good_value"] else 0.0
    gain = numbers["gain"]

    def support(end: float) -> str:
        way = trend(start_support, end, tolerance=0.02)
        if way == "about the same":
            return f"stays at about {start_support:.2f} ({end:.2f})"
        verb = "rises" if way == "up" else "falls"
        return f"{verb} from {start_support:.2f} to {end:.2f}"

    return {
        **words_beside_counts(numbers, start_support),
        "bad_trend": {
            "up": "more",
            "down": "fewer, not more",
            "about the same": "about as many",
        }[trend(numbers["bad_first"], numbers["bad_last"])],
        "value_words": (
            "about the same"
            if abs(value) <= 0.02
            else f"{abs(value):.1%} {'less' if value < 0 else 'more'} than with them"
        ),
        "gain_words": f"{abs(gain):.0%} {'higher' if gain >= 0 else 'lower'} with weekly review",
        "good_support_words": support(numbers["good_support"]),
        "bad_support_words": support(numbers["bad_support"]),
    }


def words_beside_counts(numbers: dict, start_support: float) -> dict[str, str]:
    """Lesson 1's skill, lesson 2's yields and correlation, lesson 3's gain against the capacity
    freed, lesson 8's reversals and slide: words computed from the numbers they stand beside."""
    bad_skill, good_skill = numbers["bad_skill"], numbers["good_skill"]
    corr, before = numbers["good_corr"], numbers["bad_corr"]
    way = trend(before, corr, tolerance=0.05)
    verb = {"up": "rises to", "down": "falls to", "about the same": "stays at"}[way]
    if abs(corr) <= 0.05:
        after = ": influence no longer buys delivery"
    elif corr < 0:
        after = ": the influential now get less than their share"
    else:
        after = ", not to zero" if way == "down" else ""
    # Lesson 3: capacity freed from zombies, as a share of the capacity not spent on them.
    freed = (numbers["bad_zombie"] - numbers["good_zombie"]) / max(1 - numbers["bad_zombie"], 1e-9)
    gain = numbers["gain"]
    why = "freed capacity goes to the next item in line, which may fail too"
    if freed <= 0:
        zombie = "kill criteria free no capacity here"
    elif abs(gain) < 0.01:
        zombie = f"about nothing, because {why}"
    elif gain < 0:
        zombie = f"a loss, because {why}"
    elif gain < freed:
        zombie = (
            f"real, but less than the {freed:.0%} more non-zombie capacity it frees, because {why}"
        )
    else:
        zombie = f"at least the {freed:.0%} more non-zombie capacity it frees"
    reversals = trend(numbers["good_rev"], numbers["bad_rev"], tolerance=0.05)
    support_falls = trend(start_support, numbers["bad_support"], tolerance=0.02) == "down"
    return {
        "follows_words": (
            "So the roadmap follows influence"
            if before > 0.3
            else "Influence shapes the roadmap a little"
            if before > 0.05
            else "Even so, influence does not shape the roadmap"
        ),
        "zombie_words": {"up": "rises to", "down": "falls to", "about the same": "stays at"}[
            trend(numbers["bad_zombie"], numbers["good_zombie"], tolerance=0.05)
        ],
        "slope_words": "grows by" if numbers["bad_slope"] > 0.05 else "changes by only",
        "skill_words": (
            f"with the same skill ({good_skill:g})"
            if bad_skill == good_skill
            else f"with skill {good_skill:g} against the coordinator's {bad_skill:g}"
        ),
        "corr_words": f"{verb} {corr:.2f}{after}",
        "zombie_gain_words": zombie,
        "reversal_words": {
            "up": "more escalations are won",
            "down": "fewer escalations are won",
            "about the same": "about as many escalations are won",
        }[reversals],
        # Standing erodes with support (the model's mechanism), so a fall in support is a slide.
        "slide_words": " and the owner slides back towards coordination" if support_falls else "",
    }
