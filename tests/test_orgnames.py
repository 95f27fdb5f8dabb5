"""Web of Science address abbreviations expanded and addresses split into organisation and place."""

from __future__ import annotations

import pytest

from kg.errors import AddressError
from kg.orgnames import abbreviations, expand_wos_name, parse_wos_address
from kg.records import Organization

EXPANSIONS = [
    # the seed's two institutions
    ("Northeastern Univ", "Northeastern University"),
    ("Inst Hlth Equ & Social Justice Res", "Institute for Health Equity & Social Justice Research"),
    ("Boston Univ", "Boston University"),
    ("Ctr Psychiat Rehabil", "Center for Psychiatric Rehabilitation"),
    # noun at the end, adjective before another word
    ("Dept Psychiat", "Department of Psychiatry"),
    ("Rockland Psychiat Ctr", "Rockland Psychiatric Center"),
    ("Dept Psychiat & Behav Sci", "Department of Psychiatry & Behavioral Sciences"),
    ("Dept Psychiat 2", "Department of Psychiatry 2"),
    ("Harvard Med Sch", "Harvard Medical School"),
    ("Sch Med", "School of Medicine"),
    ("Dept Clin Psychol", "Department of Clinical Psychology"),
    ("Mayo Clin", "Mayo Clinic"),
    # connectors: a unit connects to its subject, a university to its name
    ("Mailman Sch Publ Hlth", "Mailman School of Public Health"),
    ("Sch Social Work", "School of Social Work"),
    ("Coll Nursing", "College of Nursing"),
    ("Kings Coll London", "Kings College London"),
    ("Univ Coll London", "University College London"),
    ("Univ Toronto", "University of Toronto"),
    ("Univ Calif San Francisco", "University of California San Francisco"),
    ("Univ N Carolina", "University of North Carolina"),
    ("Chinese Univ Hong Kong", "Chinese University of Hong Kong"),
    ("Natl Univ Singapore", "National University of Singapore"),
    ("Univ Hosp Zurich", "University Hospital Zurich"),
    ("Univ Med Ctr Utrecht", "University Medical Center Utrecht"),
    ("Max Planck Inst Psychiat", "Max Planck Institute for Psychiatry"),
    ("Chinese Acad Sci", "Chinese Academy of Sciences"),
    ("Ctr Dis Control & Prevent", "Center for Disease Control & Prevention"),
    ("Program Recovery & Community Hlth", "Program for Recovery & Community Health"),
    # multi-word entries win over their first word
    ("Dept Vet Affairs", "Department of Veterans Affairs"),
    ("Coll Vet Med", "College of Veterinary Medicine"),
    # unknown words and acronyms stay as given
    ("VA Boston Healthcare Syst", "VA Boston Healthcare System"),
    ("Trimbos Inst", "Trimbos Institute"),
]


@pytest.mark.parametrize(("abbreviated", "expanded"), EXPANSIONS)
def test_expand_wos_name(abbreviated: str, expanded: str) -> None:
    assert expand_wos_name(abbreviated) == expanded


# address, (most specific name, its parents up to the top), locality, region, postal code, country
ADDRESSES = [
    (
        "Northeastern Univ, Inst Hlth Equ & Social Justice Res, Boston, MA 02115 USA",
        ("Institute for Health Equity & Social Justice Research", "Northeastern University"),
        ("Boston", "MA", "02115", "USA"),
    ),
    (
        "Boston Univ, Ctr Psychiat Rehabil, Boston, MA 02215 USA",
        ("Center for Psychiatric Rehabilitation", "Boston University"),
        ("Boston", "MA", "02215", "USA"),
    ),
    (
        "Yale Univ, Sch Med, Dept Psychiat, New Haven, CT 06511 USA",
        ("Department of Psychiatry", "School of Medicine", "Yale University"),
        ("New Haven", "CT", "06511", "USA"),
    ),
    ("Dartmouth Coll, Lebanon, NH USA", ("Dartmouth College",), ("Lebanon", "NH", "", "USA")),
    (
        "Kings Coll London, Inst Psychiat Psychol & Neurosci, London SE5 8AF, England",
        ("Institute for Psychiatric Psychology & Neuroscience", "Kings College London"),
        ("London", "", "SE5 8AF", "England"),
    ),
    (
        "Univ Hong Kong, Dept Social Work & Social Adm, Hong Kong, Peoples R China",
        ("Department of Social Work & Social Administration", "University of Hong Kong"),
        ("Hong Kong", "", "", "Peoples R China"),
    ),
    (
        "Sun Yat Sen Univ, Affiliated Hosp 3, Guangzhou 510630, Guangdong, Peoples R China",
        ("Affiliated Hospital 3", "Sun Yat Sen University"),
        ("Guangzhou", "Guangdong", "510630", "Peoples R China"),
    ),
    (
        "Univ Toronto, Dept Psychiat, Toronto, ON M5T 1R8, Canada",
        ("Department of Psychiatry", "University of Toronto"),
        ("Toronto", "ON", "M5T 1R8", "Canada"),
    ),
    (
        "Univ Melbourne, Ctr Youth Mental Hlth, Parkville, Vic 3052, Australia",
        ("Center for Youth Mental Health", "University of Melbourne"),
        ("Parkville", "Vic", "3052", "Australia"),
    ),
    (
        "Univ Ulm, Dept Psychiat 2, D-89312 Gunzburg, Germany",
        ("Department of Psychiatry 2", "University of Ulm"),
        ("Gunzburg", "", "D-89312", "Germany"),
    ),
    (
        "Trimbos Inst, 3521 VS Utrecht, Netherlands",
        ("Trimbos Institute",),
        ("Utrecht", "", "3521 VS", "Netherlands"),
    ),
    ("Tel Aviv Univ, Tel Aviv, Israel", ("Tel Aviv University",), ("Tel Aviv", "", "", "Israel")),
    (
        "Boston Univ, Ctr Psychiat Rehabil, 940 Commonwealth Ave W, Boston, MA 02215 USA",
        ("Center for Psychiatric Rehabilitation", "Boston University"),
        ("Boston", "MA", "02215", "USA"),
    ),
]


def _chain(org: Organization | None) -> tuple[str, ...]:
    names: list[str] = []
    while org is not None:
        names.append(org.name)
        org = org.parent
    return tuple(names)


@pytest.mark.parametrize(("address", "names", "place"), ADDRESSES)
def test_parse_wos_address(address: str, names: tuple[str, ...], place: tuple[str, str, str, str]) -> None:
    org = parse_wos_address(address)
    assert _chain(org) == names
    assert (org.locality, org.region, org.postal_code, org.country) == place
    assert org.as_given == address


@pytest.mark.parametrize("address", [address for address, names, _ in ADDRESSES if len(names) > 1])
def test_parents_keep_their_abbreviated_part_and_no_place(address: str) -> None:
    parent = parse_wos_address(address).parent
    assert parent is not None
    assert parent.as_given in address.split(", ")
    assert (parent.locality, parent.region, parent.postal_code, parent.country) == ("", "", "", "")


@pytest.mark.parametrize(
    "address",
    [
        "Boston, MA 02115 USA",  # a place, no organisation
        "Univ Ulm, Germany",  # no city
        "Northeastern Univ",
        "",
    ],
)
def test_address_without_organisation_and_place_is_an_error(address: str) -> None:
    with pytest.raises(AddressError):
        parse_wos_address(address)


def test_abbreviation_table_is_well_formed() -> None:
    table = abbreviations()
    assert len(table) > 80
    for words, entry in table.items():
        assert entry.kind in {"unit", "body", "word", "place"}, words
        assert entry.expansion, words
        assert bool(entry.connector) == (entry.kind in {"unit", "body"}), words
