"""The course pack's eight lessons: each a dysfunctional scenario, a healthy one facing the same
requests, the figure that shows them and the text a trainer reads aloud."""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml

from sim.config import flat_keys


@dataclass(frozen=True)
class Scenario:
    """A governance preset plus overrides, with a label for the audience."""

    label: str
    preset: str
    params: tuple[tuple[str, object], ...] = ()
    timeline: str = ""  # an intervention timeline in YAML flow style, as on the command line

    def settings(self) -> dict:
        """The scenario's settings for ``sim.make_config`` (its timeline parsed)."""
        extra = {"timeline": yaml.safe_load(self.timeline)} if self.timeline else {}
        return {**dict(self.params), **extra}

    def changes(self) -> str:
        """What the scenario changes in its preset, in words ("" for the preset as it is)."""
        parts = [f"{key.replace('_', ' ')} {value}" for key, value in self.params]
        if self.timeline:
            parts.append(f"timeline {self.timeline}")
        return "; ".join(parts)

    def command(self) -> str:
        dotted = flat_keys()
        extra = " ".join(f"{dotted[k]}={str(v).lower()}" for k, v in self.params)
        if self.timeline:
            extra += f" 'timeline={self.timeline}'"
        return f".venv/bin/python -m sim governance={self.preset} {extra}".strip()


@dataclass
class Lesson:
    title: str
    bad: Scenario
    good: Scenario
    figure: str  # name of the figure function in sim.figures.lessons
    text: str  # may use {numbers}
    extra: list[Scenario] = field(default_factory=list)


LESSONS = [
    Lesson(
        "1. Activity metrics without outcome metrics: throughput up, results lag",
        Scenario("ticket coordinator", "ticket_coordinator"),
        Scenario("empowered product owner", "empowered_product_owner"),
        "throughput_and_value",
        "On the left, the ticket coordinator's teams ship {bad_first:.0f} initiatives a quarter "
        "in the first year and {bad_last:.0f} in the last, {bad_trend} (capacity grows "
        "{capacity_growth:.0%} a quarter: that rise is put into the model, not found by it; "
        "single quarters move up and down around it). On "
        "the right, the value those releases add: {bad_added_prior:,.0f} in the second year and "
        "{bad_added_last:,.0f} in the third for the coordinator; {good_added_prior:,.0f} and "
        "then {good_added_last:,.0f} for the empowered product owner, who faces exactly the "
        "same requests {skill_words}. They differ in standing (authority and "
        "leadership support) and in practices (entry and kill criteria, a review every two "
        "weeks instead of once a year, value per point first instead of small tickets first). "
        "After three years the coordinator has earned {bad_value:,.0f}, the empowered owner "
        "{good_value:,.0f}. In purple, the same organization empowers its product owners at "
        "week 53 and earns {extra_value:,.0f}.",
        extra=[
            Scenario(
                "coordinator, empowered at week 53",
                "ticket_coordinator",
                timeline="[{week: 53, set: {governance: empowered_product_owner}}]",
            )
        ],
    ),
    Lesson(
        "2. Stakeholder influence masquerading as strategy",
        Scenario("ticket coordinator", "ticket_coordinator"),
        Scenario("empowered product owner", "empowered_product_owner"),
        "influence",
        "Each dot is a stakeholder: how influential they are, and what share of the delivered "
        "work was theirs. Nobody orders the backlog by influence; stakeholders whose work waits "
        "push for it, {bad_pushes:.0f} times a run, and the coordinator, without the authority "
        "to hold the order, gives way {bad_yields:.0f} times a run (over pushes and the "
        "rollbacks it tries): the pushed work jumps the queue. "
        "{follows_words} (rank correlation {bad_corr:.2f}). The empowered owner "
        "holds the order, with leadership's support at {good_support:.2f} at the end; the "
        "most influential win {good_rev:.0f} escalations a run against it, and the "
        "correlation {corr_words}.",
    ),
    Lesson(
        "3. Zombie initiatives: capacity eaten by failing work",
        Scenario("no kill criteria", "authority_without_kill_criteria"),
        Scenario("kill criteria", "empowered_product_owner"),
        "zombies",
        "Every initiative shows a first signal of its value after its MVP, a fifth of the way "
        "in. Without kill criteria, work whose MVP failed carries on, and grows in scope every "
        "week it does: {bad_zombie:.0%} of the teams' capacity goes to such zombies. "
        "With kill criteria and the authority and support to use them, the product owner stops "
        "them at the next review ({good_kills:.0f} kills a run) and the zombie share "
        "{zombie_words} {good_zombie:.0%} (the ticket coordinator, who has neither: "
        "{coord_zombie:.0%}). In value, stopping zombies is worth {gain:+.0%} here: "
        "{zombie_gain_words}.",
        extra=[Scenario("ticket coordinator", "ticket_coordinator")],
    ),
    Lesson(
        "4. No entry criteria: the backlog that only grows",
        Scenario("no entry criteria", "empowered_product_owner", (("entry_criteria", False),)),
        Scenario("entry and exit criteria", "empowered_product_owner"),
        "backlog",
        "Over the run (capacity grows), stakeholders ask for {demand_ratio:.1f} times the points "
        "of the teams' capacity. Without "
        "entry criteria everything is admitted and the backlog {slope_words} {bad_slope:.1f} items "
        "a week, to {bad_backlog:.0f} after three years: prioritization becomes negotiation over a "
        "list nobody can read. With entry criteria (decline what is estimated to lose value) and "
        "exit criteria (drop what waited half a year), it stays around {good_backlog:.0f} items. "
        "Both owners have kill criteria and order by value per point, so what is admitted and "
        "never read waits at the bottom: in value, without entry criteria the owner earns "
        "{bad_value:,.0f} against {good_value:,.0f} ({value_words}); what a long backlog costs a "
        "real organization (negotiation, stale requests) is not priced in the model.",
    ),
    Lesson(
        "5. Annual planning versus continuous feedback",
        Scenario("annual planning", "annual_planning"),
        Scenario("continuous review", "continuous_review"),
        "cadence",
        "Both product owners are empowered; they differ only in how often evidence meets the "
        "backlog. Reviewing once a year, the owner keeps ordering by last year's beliefs and "
        "lets failing work run until the next planning cycle. Reviewing every week, beliefs "
        "about which objectives pay off improve as MVPs report, and failing work stops within "
        "days: cumulative value is {gain_words} ({good_value:,.0f} against "
        "{bad_value:,.0f} for annual planning).",
    ),
    Lesson(
        "6. Not skill but empowerment? What each factor is worth",
        Scenario("ticket coordinator", "ticket_coordinator"),
        Scenario("empowered product owner", "empowered_product_owner"),
        "decomposition",
        "Four factors separate the coordinator from the empowered owner: standing (authority "
        "and leadership support), practices (entry and kill criteria), feedback (a review "
        "every 2 weeks or once a year) and outcome focus. Both presets have the same skill "
        "({skill_same}); to ask whether skill matters more than standing, skill is the fifth "
        "factor, from a weak {skill_low} to a strong {skill_high}. Switching each factor "
        "between its two levels in all 32 combinations, on the same requests, gives what each "
        "is worth on its own (its "
        "main effect on cumulative value, the bars with their 95% intervals): standing "
        "{standing:+,.0f}, skill {skill:+,.0f}, practices {practices:+,.0f}, feedback "
        "{feedback:+,.0f}, outcome focus {focus:+,.0f}. The tallest bar is {largest}'s.",
    ),
    Lesson(
        "7. When coordinating is enough",
        Scenario("same practices, no standing", "kill_criteria_without_authority"),
        Scenario("empowered product owner", "empowered_product_owner"),
        "when_coordinating_is_enough",
        "Standing matters for overruling the powerful. Left, the default world: the same "
        "practices without standing earn {bad_value:,.0f} against the empowered owner's "
        "{good_value:,.0f}. Right, a world where the influential have the better ideas and know "
        "it (insight 1, influence-value correlation 1): without standing they earn "
        "{know_without:,.0f} against {know_with:,.0f}, {know_gap:+.1%}. On the validation page, "
        "without pushes the same practices without standing earn as much within 1% (at one "
        "seed): what is left comes from pushes (measured there, not in this pack), as a "
        "stakeholder knows their own idea, not the queue. The coordinator, "
        "without the practices, earns {know_coord:,.0f} there.",
        extra=[
            Scenario(
                "ticket coordinator, powerful know best",
                "ticket_coordinator",
                (("stakeholder_insight", 1.0), ("influence_value_correlation", 1.0)),
            ),
            Scenario(
                "no standing, powerful know best",
                "kill_criteria_without_authority",
                (("stakeholder_insight", 1.0), ("influence_value_correlation", 1.0)),
            ),
            Scenario(
                "empowered, powerful know best",
                "empowered_product_owner",
                (("stakeholder_insight", 1.0), ("influence_value_correlation", 1.0)),
            ),
        ],
    ),
    Lesson(
        "8. The price of standing: leadership support follows results",
        Scenario("empowered, most ideas fail", "empowered_product_owner", (("idea_mean", -1.0),)),
        Scenario("empowered product owner", "empowered_product_owner"),
        "support",
        "Saying no angers stakeholders, and leadership hears them: its support for each owner "
        "moves towards its stance plus the results it sees minus the stakeholders' discontent. "
        "At the defaults the empowered owner earns {good_value:,.0f}, and support "
        "{good_support_words}. "
        "Where most ideas fail (an average idea worth -1), the same owner "
        "keeps the same rules for declining and stopping but earns {bad_value:,.0f}: support "
        "{bad_support_words}, and {reversal_words} ({bad_rev:.0f} reversals a run against "
        "{good_rev:.0f}){slide_words}.",
    ),
]
