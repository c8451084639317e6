"""Your own organization's what-ifs, without a browser: refusals in words, paired comparisons."""

import pytest

from sim.dashboard.company import (
    WHAT_IFS,
    CompanyError,
    as_html,
    describe,
    read_organization,
    what_ifs,
)

EMPOWERED = b"""areas:
  - {name: Checkout, governance: empowered_product_owner}
  - {name: Catalog, governance: empowered_product_owner}
"""


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\xff\xfe\x00", "ours.yaml: not a YAML organization file"),
        (b"areas: 3", "ours.yaml: an organization file needs a list of areas"),
        (b"areas:\n  - {name: A, team_capacity: -3}\n", "areas[0].team_capacity=-3: allowed"),
        (b"areas:\n  - {name: A, governance: nonsense}\n", "preset='nonsense': allowed: "),
    ],
)
def test_a_file_the_dashboard_cannot_use_is_refused_saying_why(data, message):
    with pytest.raises(CompanyError, match=message.replace("[", r"\[").replace("]", r"\]")):
        read_organization("ours.yaml", data)


def test_the_what_ifs_are_paired_on_the_files_own_requests():
    """An organization whose owners are all empowered already: "every owner empowered" is the
    file as it is, the same seeds and requests, so the very same values (a gain of exactly 0);
    the coordinator what-if differs."""
    organization = read_organization("ours.yaml", EMPOWERED)
    assert describe(organization).startswith("2 product areas (Checkout, Catalog)")
    table = what_ifs(organization, replications=2).set_index("what-if")
    assert list(table.index) == [label for label, _ in WHAT_IFS]
    same = table.loc["every owner empowered"]
    assert same["gain_over_file_mean"] == 0 and same["share_of_replications_better"] == 0
    assert same["value_mean"] == table.loc["as the file has it", "value_mean"]
    assert table.loc["every owner a ticket coordinator", "gain_over_file_mean"] != 0
    page = as_html(table.reset_index())
    assert page.count("<tr>") == 1 + len(WHAT_IFS) and "10-90%" in page
