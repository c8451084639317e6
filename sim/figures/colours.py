"""One colour per governance, in every figure: the dysfunction red, the remedy green.

Each preset has its colour; a figure never picks colours by position, so the ticket coordinator
is the same red in the dashboard, a run's figure, a sweep's bars, the course pack and the game.
A scenario that changes a preset's governance (kill criteria off, say) is a governance of its
own and takes a lighter shade of its preset's colour; a governance that changes mid-run (a
timeline) is purple.
"""

from __future__ import annotations

from matplotlib.colors import to_hex, to_rgb

from sim.config.labels import run_name

#: Each preset's colour, with its name for texts ("dashed red: the baseline").
PRESET_COLOURS = {
    "ticket_coordinator": ("#c44e52", "red"),
    "unskilled_coordinator": ("#8c2d2d", "dark red"),
    "trained_coordinator": ("#dd8452", "orange"),
    "activity_metrics": ("#ccb974", "ochre"),
    "annual_planning": ("#937860", "brown"),
    "kill_criteria_without_authority": ("#da8bc3", "pink"),
    "authority_without_kill_criteria": ("#64b5cd", "light blue"),
    "continuous_review": ("#4c72b0", "blue"),
    "perfect_information": ("#2a9d8f", "teal"),  # not grey: greys are for what is no governance
    "empowered_product_owner": ("#55a868", "green"),
    # The diagnosis's families (sim.diagnosis.families), in their nearest preset's colour.
    "entry_criteria_without_kill_criteria": ("#64b5cd", "light blue"),
    "entry_and_kill_criteria": ("#55a868", "green"),
}
#: The two archetypes' colours, as every figure and text names them.
GOVERNANCE_COLOURS = {
    "dysfunction": PRESET_COLOURS["ticket_coordinator"][0],
    "remedy": PRESET_COLOURS["empowered_product_owner"][0],
}
SWITCH = ("#8172b2", "purple")
OTHER = ("#4c4c4c", "dark grey")
#: Series that are not governances (prior and posterior, an index's two orders, a factor's
#: effect, a sweep's levels, the room's seats) in greys: every preset's colour is chromatic, so a
#: grey never reads as a preset (OTHER, the one grey governance, is for what is no preset), and a
#: preset's colour always means that preset.
NEUTRAL_DARK, NEUTRAL_LIGHT = "#333333", "#b0b0b0"


def colour_of(preset: str, changed: bool = False, switched: bool = False) -> str:
    """The colour of a governance: its preset's; lighter when its governance keys are changed;
    purple when it changes mid-run."""
    if switched:
        return SWITCH[0]
    colour = PRESET_COLOURS.get(preset, OTHER)[0]
    return lighter(colour) if changed else colour


def colour_name(preset: str, changed: bool = False, switched: bool = False) -> str:
    """The colour's name for a text, as ``colour_of`` draws it."""
    if switched:
        return SWITCH[1]
    name = PRESET_COLOURS.get(preset, OTHER)[1]
    return f"light {name}" if changed else name


def colour_of_run(config, switched: bool = False) -> str:
    """The colour of a run's governance: its preset's, a lighter shade when the run changes the
    preset's governance settings (``governance.authority=0.6``), purple when it switches."""
    changed = run_name(config).governance_changed
    return colour_of(config.governance.name, changed=changed, switched=switched)


def lighter(colour: str, amount: float = 0.45) -> str:
    """The colour mixed with white."""
    return to_hex([c + (1.0 - c) * amount for c in to_rgb(colour)])
