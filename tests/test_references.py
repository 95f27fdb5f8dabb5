"""APA-style references as the seed article page prints them, read into cited works."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from kg.errors import RecordError
from kg.records import Organization, Person, Work
from kg.references import parse_apa_reference

PATH = "seeds/002_article_page.txt"


@dataclass(frozen=True)
class Case:
    """One reference as printed and what the cited work must say."""

    text: str
    authors: tuple[str, ...]  # family names, or an organisation's name, in order
    year: int | None
    title: str
    container: str  # journal title, publisher as given, or web address
    volume: str
    issue: str
    pages: str  # "start–end", or one page
    doi: str
    kind: str = "JournalArticle"
    truncated: bool = False


# All 31 references of the seed page, in order, labels and DOI links as printed.
SEED_REFERENCES: tuple[Case, ...] = (
    Case(
        'Anthony, W. A. (1993). Recovery from mental illness: The guiding vision of the '
        'mental health service system in the 1990s. Psychosocial Rehabilitation Journal, '
        '16(4), 11–23. \xa0https://doi.org/10.1037/h0095655.CrossRefGoogle Scholar',
        ('Anthony',),
        1993,
        'Recovery from mental illness: The guiding vision of the mental health service system'
        ' in the 1990s',
        'Psychosocial Rehabilitation Journal',
        '16', '4', '11–23', '10.1037/h0095655',
    ),
    Case(
        'Asad, S., & Chreim, S. (2016). Peer support providers’ role experiences on '
        'interprofessional mental health care teams: A qualitative study. Community Mental '
        'Health Journal, 52(7), 767–774. '
        '\xa0https://doi.org/10.1007/s10597-015-9970-5.CrossRefPubMedPubMedCentralGoogle Scholar',
        ('Asad', 'Chreim'),
        2016,
        'Peer support providers’ role experiences on interprofessional mental health care '
        'teams: A qualitative study',
        'Community Mental Health Journal',
        '52', '7', '767–774', '10.1007/s10597-015-9970-5',
    ),
    Case(
        'Austin, E., Ramakrishnan, A., & Hopper, K. (2014). Embodying recovery: A qualitative'
        ' study of peer work in a consumer-run service setting. Community Mental Health '
        'Journal, 50(8), 879–885. '
        '\xa0https://doi.org/10.1007/s10597-014-9693-z.CrossRefPubMedPubMedCentralGoogle Scholar',
        ('Austin', 'Ramakrishnan', 'Hopper'),
        2014,
        'Embodying recovery: A qualitative study of peer work in a consumer-run service '
        'setting',
        'Community Mental Health Journal',
        '50', '8', '879–885', '10.1007/s10597-014-9693-z',
    ),
    Case(
        'Corrigan, P. W., Torres, A., Lara, J. L., Sheehan, L., & Larson, J. E. (2017). The '
        'healthcare needs of latinos with serious mental illness and the potential of peer '
        'navigators. Administration and Policy in Mental Health and Mental Health Services '
        'Research, 44(4), 547–557. '
        '\xa0https://doi.org/10.1007/s10488-016-0737-2.CrossRefPubMedPubMedCentralGoogle Scholar',
        ('Corrigan', 'Torres', 'Lara', 'Sheehan', 'Larson'),
        2017,
        'The healthcare needs of latinos with serious mental illness and the potential of '
        'peer navigators',
        'Administration and Policy in Mental Health and Mental Health Services Research',
        '44', '4', '547–557', '10.1007/s10488-016-0737-2',
    ),
    Case(
        'Dale, J., Caramlau, I. O., Lindenmeyer, A., & Williams, S. M. (2008). Peer support '
        'telephone calls for improving health. Cochrane Database of Systematic Reviews. '
        '\xa0https://doi.org/10.1002/14651858.CD006903.pub2.CrossRefPubMedPubMedCentralGoogle '
        'Scholar',
        ('Dale', 'Caramlau', 'Lindenmeyer', 'Williams'),
        2008,
        'Peer support telephone calls for improving health',
        'Cochrane Database of Systematic Reviews',
        '', '', '', '10.1002/14651858.cd006903.pub2',
    ),
    Case(
        'Dark, F., Patton, M., & Newton, R. (2017). A substantial peer workforce in a '
        'psychiatric service will improve patient outcomes: The case for. Australasian '
        'Psychiatry, 25(5), 441–444. '
        '\xa0https://doi.org/10.1177/1039856217700297.CrossRefPubMedPubMedCentralGoogle Scholar',
        ('Dark', 'Patton', 'Newton'),
        2017,
        'A substantial peer workforce in a psychiatric service will improve patient outcomes:'
        ' The case for',
        'Australasian Psychiatry',
        '25', '5', '441–444', '10.1177/1039856217700297',
    ),
    Case(
        'Davidson, G., Brophy, L., & Campbell, J. (2016). Risk, recovery and capacity: '
        'Competing or complementary approaches to mental health social work. Australian '
        'Social Work, 69(2), 158–168. '
        '\xa0https://doi.org/10.1080/0312407X.2015.1126752.CrossRefGoogle Scholar',
        ('Davidson', 'Brophy', 'Campbell'),
        2016,
        'Risk, recovery and capacity: Competing or complementary approaches to mental health '
        'social work',
        'Australian Social Work',
        '69', '2', '158–168', '10.1080/0312407x.2015.1126752',
    ),
    Case(
        'Davidson, L., Bellamy, C., Guy, K., & Miller, R. (2012). Peer support among persons '
        'with severe mental illnesses: A review of evidence and experience. World Psychiatry,'
        ' 11(2), 123–128. '
        '\xa0https://doi.org/10.1016/j.wpsyc.2012.05.009.CrossRefPubMedPubMedCentralGoogle '
        'Scholar',
        ('Davidson', 'Bellamy', 'Guy', 'Miller'),
        2012,
        'Peer support among persons with severe mental illnesses: A review of evidence and '
        'experience',
        'World Psychiatry',
        '11', '2', '123–128', '10.1016/j.wpsyc.2012.05.009',
    ),
    Case(
        'Davis, J. K., & Pilgrim, S.\xa0I. (2015). Maximizing utilization of peer specialists in'
        ' community mental health: The Next step in implementation. Journal of Psychosocial '
        'Rehabilitation and Mental Health, 2(1), 67–74. '
        '\xa0https://doi.org/10.1007/s40737-015-0026-5.CrossRefGoogle Scholar',
        ('Davis', 'Pilgrim'),
        2015,
        'Maximizing utilization of peer specialists in community mental health: The Next step'
        ' in implementation',
        'Journal of Psychosocial Rehabilitation and Mental Health',
        '2', '1', '67–74', '10.1007/s40737-015-0026-5',
    ),
    Case(
        'Dixon, L., Hackman, A., & Lehman, A. (1997). Consumers as staff in assertive '
        'community treatment programs. Administration and Policy in Mental Health, 25(2), '
        '199–208.CrossRefPubMedPubMedCentralGoogle Scholar',
        ('Dixon', 'Hackman', 'Lehman'),
        1997,
        'Consumers as staff in assertive community treatment programs',
        'Administration and Policy in Mental Health',
        '25', '2', '199–208', '',
    ),
    Case(
        'Gates, L. B., & Akabas, S. H. (2007). Developing strategies to integrate peer '
        'providers into the staff of mental health agencies. Administration and Policy in '
        'Mental Health and Mental Health Services Research, 34(3), 293–306. '
        '\xa0https://doi.org/10.1007/s10488-006-0109-4.CrossRefPubMedPubMedCentralGoogle Scholar',
        ('Gates', 'Akabas'),
        2007,
        'Developing strategies to integrate peer providers into the staff of mental health '
        'agencies',
        'Administration and Policy in Mental Health and Mental Health Services Research',
        '34', '3', '293–306', '10.1007/s10488-006-0109-4',
    ),
    Case(
        'Gillard, S., Holley, J., Gibson, S., Larsen, J., Lucock, M., Oborn, E., … Stamou, E.'
        ' (2015). Introducing new peer worker roles into mental health services in England: '
        'Comparative case study research across a range of organisational contexts. '
        'Administration and Policy in Mental Health and Mental Health Services Research, '
        '42(6), 682–694. '
        '\xa0https://doi.org/10.1007/s10488-014-0603-z.CrossRefPubMedPubMedCentralGoogle Scholar',
        ('Gillard', 'Holley', 'Gibson', 'Larsen', 'Lucock', 'Oborn', 'Stamou'),
        2015,
        'Introducing new peer worker roles into mental health services in England: '
        'Comparative case study research across a range of organisational contexts',
        'Administration and Policy in Mental Health and Mental Health Services Research',
        '42', '6', '682–694', '10.1007/s10488-014-0603-z', truncated=True,
    ),
    Case(
        'Kuhn, W., Bellinger, J., Stevens-Manser, S., & Kaufman, L. (2015). Integration of '
        'peer specialists working in mental health service settings. Community Mental Health '
        'Journal, 51(4), 453–458. '
        '\xa0https://doi.org/10.1007/s10597-015-9841-0.CrossRefPubMedPubMedCentralGoogle Scholar',
        ('Kuhn', 'Bellinger', 'Stevens-Manser', 'Kaufman'),
        2015,
        'Integration of peer specialists working in mental health service settings',
        'Community Mental Health Journal',
        '51', '4', '453–458', '10.1007/s10597-015-9841-0',
    ),
    Case(
        'Leamy, M., Bird, V., Le Boutillier, C., Williams, J., & Slade, M. (2011). Conceptual'
        ' framework for personal recovery in mental health: Systematic review and narrative '
        'synthesis. The British Journal of Psychiatry, 199(6), 445–452. '
        '\xa0https://doi.org/10.1192/bjp.bp.110.083733.CrossRefPubMedPubMedCentralGoogle Scholar',
        ('Leamy', 'Bird', 'Le Boutillier', 'Williams', 'Slade'),
        2011,
        'Conceptual framework for personal recovery in mental health: Systematic review and '
        'narrative synthesis',
        'The British Journal of Psychiatry',
        '199', '6', '445–452', '10.1192/bjp.bp.110.083733',
    ),
    Case(
        'Lloyd-Evans, B., Mayo-Wilson, E., Harrison, B., Istead, H., Brown, E., Pilling, S., '
        '… Kendall, T. (2014). A systematic review and meta-analysis of randomised controlled'
        ' trials of peer support for people with severe mental illness. BMC Psychiatry, 14, '
        '39. \xa0https://doi.org/10.1186/1471-244X-14-39.CrossRefPubMedPubMedCentralGoogle '
        'Scholar',
        ('Lloyd-Evans', 'Mayo-Wilson', 'Harrison', 'Istead', 'Brown', 'Pilling', 'Kendall'),
        2014,
        'A systematic review and meta-analysis of randomised controlled trials of peer '
        'support for people with severe mental illness',
        'BMC Psychiatry',
        '14', '', '39', '10.1186/1471-244x-14-39', truncated=True,
    ),
    Case(
        'Mancini, M. A. (2018). An exploration of factors that effect the implementation of '
        'peer support services in community mental health settings. Community Mental Health '
        'Journal, 54(2), 127–137. '
        '\xa0https://doi.org/10.1007/s10597-017-0145-4.CrossRefPubMedPubMedCentralGoogle Scholar',
        ('Mancini',),
        2018,
        'An exploration of factors that effect the implementation of peer support services in'
        ' community mental health settings',
        'Community Mental Health Journal',
        '54', '2', '127–137', '10.1007/s10597-017-0145-4',
    ),
    Case(
        'Mead, S., Hilton, D., & Curtis, L. (2001). Peer support: A theoretical perspective. '
        'Psychiatric Rehabilitation Journal, 25(2), 134–141. '
        '\xa0https://doi.org/10.1037/h0095032.CrossRefPubMedPubMedCentralGoogle Scholar',
        ('Mead', 'Hilton', 'Curtis'),
        2001,
        'Peer support: A theoretical perspective',
        'Psychiatric Rehabilitation Journal',
        '25', '2', '134–141', '10.1037/h0095032',
    ),
    Case(
        'Nemeth, E., & Kolozsi, B. (1999). Communication and social skills training for peer '
        'helpers: An east European program. Administration and Policy in Mental Health, '
        '26(5), 373–375.CrossRefPubMedPubMedCentralGoogle Scholar',
        ('Nemeth', 'Kolozsi'),
        1999,
        'Communication and social skills training for peer helpers: An east European program',
        'Administration and Policy in Mental Health',
        '26', '5', '373–375', '',
    ),
    Case(
        'O’Connell, M. J., Sledge, W. H., Staeheli, M., Sells, D., Costa, M., Wieland, M., & '
        'Davidson, L. (2018). Outcomes of a peer mentor intervention for persons with '
        'recurrent psychiatric hospitalization. Psychiatric Services, 69(7), '
        '760–767.CrossRefPubMedPubMedCentralGoogle Scholar',
        ('O’Connell', 'Sledge', 'Staeheli', 'Sells', 'Costa', 'Wieland', 'Davidson'),
        2018,
        'Outcomes of a peer mentor intervention for persons with recurrent psychiatric '
        'hospitalization',
        'Psychiatric Services',
        '69', '7', '760–767', '',
    ),
    Case(
        'Paulson, R., Herinckx, H., Demmler, J., Clarke, G., Cutler, D., & Birecree, E. '
        '(1999). Comparing practice patterns of consumer and non-consumer mental health '
        'service providers. Community Mental Health Journal, 35(3), '
        '251–269.CrossRefPubMedGoogle Scholar',
        ('Paulson', 'Herinckx', 'Demmler', 'Clarke', 'Cutler', 'Birecree'),
        1999,
        'Comparing practice patterns of consumer and non-consumer mental health service '
        'providers',
        'Community Mental Health Journal',
        '35', '3', '251–269', '',
    ),
    Case(
        'Pitt, V., Lowe, D., Hill, S., Prictor, M., Hetrick, S. E., Ryan, R., & Berends, L. '
        '(2013). Consumer-providers of care for adult clients of statutory mental health '
        'services. Cochrane Database of Systematic Reviews. '
        '\xa0https://doi.org/10.1002/14651858.CD004807.pub2.CrossRefPubMedGoogle Scholar',
        ('Pitt', 'Lowe', 'Hill', 'Prictor', 'Hetrick', 'Ryan', 'Berends'),
        2013,
        'Consumer-providers of care for adult clients of statutory mental health services',
        'Cochrane Database of Systematic Reviews',
        '', '', '', '10.1002/14651858.cd004807.pub2',
    ),
    Case(
        'Repper, J., & Carter, T. (2011). A review of the literature on peer support in '
        'mental health services. Journal of Mental Health, 20(4), 392–411. '
        '\xa0https://doi.org/10.3109/09638237.2011.583947.CrossRefPubMedGoogle Scholar',
        ('Repper', 'Carter'),
        2011,
        'A review of the literature on peer support in mental health services',
        'Journal of Mental Health',
        '20', '4', '392–411', '10.3109/09638237.2011.583947',
    ),
    Case(
        'Scott, A., Doughty, C., & Kahi, H. (2011). ‘Having those conversations’: The '
        'politics of risk in peer support practice. Health Sociology Review, 20(2), 187–201. '
        '\xa0https://doi.org/10.5172/hesr.2011.20.2.187.CrossRefGoogle Scholar',
        ('Scott', 'Doughty', 'Kahi'),
        2011,
        '‘Having those conversations’: The politics of risk in peer support practice',
        'Health Sociology Review',
        '20', '2', '187–201', '10.5172/hesr.2011.20.2.187',
    ),
    Case(
        'Sheehan, L., Torres, A., Lara, J. L., Paniagua, D., Larson, J. E., Mayes, J., … '
        'Corrigan, P. W. (2017). Qualitative evaluation of a peer navigator program for '
        'latinos with serious mental illness. Administration and Policy in Mental Health and '
        'Mental Health Services Research. '
        '\xa0https://doi.org/10.1007/s10488-017-0839-5.CrossRefPubMedGoogle Scholar',
        ('Sheehan', 'Torres', 'Lara', 'Paniagua', 'Larson', 'Mayes', 'Corrigan'),
        2017,
        'Qualitative evaluation of a peer navigator program for latinos with serious mental '
        'illness',
        'Administration and Policy in Mental Health and Mental Health Services Research',
        '', '', '', '10.1007/s10488-017-0839-5', truncated=True,
    ),
    Case(
        'Slade, M., Amering, M., Farkas, M., Hamilton, B., O’Hagan, M., Panther, G., … '
        'Whitley, R. (2014). Uses and abuses of recovery: Implementing recovery-oriented '
        'practices in mental health systems. World Psychiatry, 13(1), 12–20. '
        '\xa0https://doi.org/10.1002/wps.20084.CrossRefPubMedPubMedCentralGoogle Scholar',
        ('Slade', 'Amering', 'Farkas', 'Hamilton', 'O’Hagan', 'Panther', 'Whitley'),
        2014,
        'Uses and abuses of recovery: Implementing recovery-oriented practices in mental '
        'health systems',
        'World Psychiatry',
        '13', '1', '12–20', '10.1002/wps.20084', truncated=True,
    ),
    Case(
        'Sunderland, K., & Mishkin, W. (2013). Guidelines for the practice and training of '
        'peer support. Calgary: Peer Leadership Group, Mental Health Commission of '
        'Canada.Google Scholar',
        ('Sunderland', 'Mishkin'),
        2013,
        'Guidelines for the practice and training of peer support',
        'Peer Leadership Group, Mental Health Commission of Canada',
        '', '', '', '', kind='Report',
    ),
    Case(
        'Thomas, E. C., Despeaux, K. E., Drapalski, A. L., & Bennett, M. (2018). '
        'Person-oriented recovery of individuals with serious mental illnesses: A review and '
        'meta-analysis of longitudinal findings. Psychiatric Services, 69(3), 259–267. '
        '\xa0https://doi.org/10.1176/appi.ps.201700058.CrossRefPubMedGoogle Scholar',
        ('Thomas', 'Despeaux', 'Drapalski', 'Bennett'),
        2018,
        'Person-oriented recovery of individuals with serious mental illnesses: A review and '
        'meta-analysis of longitudinal findings',
        'Psychiatric Services',
        '69', '3', '259–267', '10.1176/appi.ps.201700058',
    ),
    Case(
        'Vandewalle, J., Debyser, B., Beeckman, D., Vandecasteele, T., Van Hecke, A., & '
        'Verhaeghe, S. (2016). Peer workers’ perceptions and experiences of barriers to '
        'implementation of peer worker roles in mental health services: A literature review. '
        'International Journal of Nursing Studies, 60, 234–250. '
        '\xa0https://doi.org/10.1016/j.ijnurstu.2016.04.018.CrossRefPubMedGoogle Scholar',
        ('Vandewalle', 'Debyser', 'Beeckman', 'Vandecasteele', 'Van Hecke', 'Verhaeghe'),
        2016,
        'Peer workers’ perceptions and experiences of barriers to implementation of peer '
        'worker roles in mental health services: A literature review',
        'International Journal of Nursing Studies',
        '60', '', '234–250', '10.1016/j.ijnurstu.2016.04.018',
    ),
    Case(
        'Watson, E. (2017). The mechanisms underpinning peer support: A literature review. '
        'Journal of Mental Health. '
        '\xa0https://doi.org/10.1080/09638237.2017.1417559.CrossRefPubMedGoogle Scholar',
        ('Watson',),
        2017,
        'The mechanisms underpinning peer support: A literature review',
        'Journal of Mental Health',
        '', '', '', '10.1080/09638237.2017.1417559',
    ),
    Case(
        'Williams, S., Sammut, A., & Blaxland, W. (2006). Boundary crossing and boundary '
        'violation by service providers and carers in dementia care. International '
        'Psychogeriatrics, 18(03), 565. '
        '\xa0https://doi.org/10.1017/S1041610206214029.CrossRefPubMedPubMedCentralGoogle Scholar',
        ('Williams', 'Sammut', 'Blaxland'),
        2006,
        'Boundary crossing and boundary violation by service providers and carers in dementia'
        ' care',
        'International Psychogeriatrics',
        '18', '3', '565', '10.1017/s1041610206214029',
    ),
    Case(
        'World Health Organization. (2014). Fact Files: 10 Facts on Mental Health. Accessed '
        'online from: https://www.who.int/features/factfiles/mental_health/en/.',
        ('World Health Organization',),
        2014,
        'Fact Files: 10 Facts on Mental Health',
        'https://www.who.int/features/factfiles/mental_health/en/',
        '', '', '', '', kind='WebPage',
    ),
)


def _container(work: Work) -> str:
    if work.journal is not None:
        return work.journal.title
    return work.publisher.as_given if work.publisher is not None else work.url


def _parse(text: str, line: int = 7) -> Work:
    return parse_apa_reference(text, line=line, number=1, path=PATH).work


@pytest.mark.parametrize("case", SEED_REFERENCES, ids=lambda case: case.text[:24])
def test_seed_reference_fields(case: Case) -> None:
    work = _parse(case.text)
    names = tuple(a.family if isinstance(a, Person) else a.name for a in work.authors)
    pages = "–".join(page for page in (work.page_start, work.page_end) if page)
    assert names == case.authors
    assert (work.year, work.title, work.kind) == (case.year, case.title, case.kind)
    assert (_container(work), work.volume, work.issue, pages) == (
        case.container,
        case.volume,
        case.issue,
        case.pages,
    )
    assert work.doi == case.doi
    assert work.authors_truncated is case.truncated


@pytest.mark.parametrize("case", SEED_REFERENCES, ids=lambda case: case.text[:24])
def test_link_labels_never_reach_a_literal(case: Case) -> None:
    reference = parse_apa_reference(case.text, line=40, number=9, path=PATH)
    strings = [reference.text, reference.work.title, reference.work.doi, _container(reference.work)]
    for label in ("CrossRef", "PubMed", "Google Scholar"):
        assert not any(label in string for string in strings)
    assert (reference.line, reference.number, reference.work.line) == (40, 9, 40)
    assert "  " not in reference.text and "\xa0" not in reference.text


def test_person_names_split_family_and_initials() -> None:
    work = _parse(SEED_REFERENCES[18].text)
    first = work.authors[0]
    assert isinstance(first, Person)
    assert (first.family, first.given) == ("O’Connell", "M. J.")
    assert work.authors[-1].name == "L. Davidson"


def test_skipped_authors_keep_the_last_author_last() -> None:
    work = _parse(SEED_REFERENCES[11].text)
    assert work.authors_truncated
    assert [a.name for a in work.authors[-2:]] == ["E. Oborn", "E. Stamou"]


def test_corporate_author_is_an_organization() -> None:
    work = _parse(SEED_REFERENCES[30].text)
    who = Organization(name="World Health Organization", as_given="World Health Organization.")
    assert work.authors == (who,)
    assert work.kind == "WebPage"
    assert work.url == "https://www.who.int/features/factfiles/mental_health/en/"


def test_report_has_place_and_publisher_with_parent_body() -> None:
    work = _parse(SEED_REFERENCES[25].text)
    assert work.publisher_place == "Calgary"
    assert work.publisher is not None and work.publisher.name == "Peer Leadership Group"
    assert work.publisher.parent == Organization(name="Mental Health Commission of Canada")
    assert work.journal is None


def test_raw_text_is_kept_without_labels() -> None:
    reference = parse_apa_reference(SEED_REFERENCES[7].text, line=38, number=8, path=PATH)
    assert reference.text == (
        "Davidson, L., Bellamy, C., Guy, K., & Miller, R. (2012). Peer support among persons with "
        "severe mental illnesses: A review of evidence and experience. World Psychiatry, 11(2), "
        "123–128. https://doi.org/10.1016/j.wpsyc.2012.05.009."
    )


YEAR_VARIANTS = [
    ("Smith, J. (2017a). Peer work. Journal of Mental Health, 26(1), 1–9.", 2017, ()),
    ("Smith, J. (n.d.). Peer work. Journal of Mental Health, 26(1), 1–9.", None, ()),
    ("Smith, J. (in press). Peer work. Journal of Mental Health.", None, ("in press",)),
    ("Smith, J. (2018, March 3). Peer work. Journal of Mental Health, 26, 1.", 2018, ()),
]


@pytest.mark.parametrize(("text", "year", "notes"), YEAR_VARIANTS)
def test_year_variants(text: str, year: int | None, notes: tuple[str, ...]) -> None:
    work = _parse(text)
    assert (work.year, work.notes, work.title) == (year, notes, "Peer work")
    assert work.journal is not None and work.journal.title == "Journal of Mental Health"


OTHER_SHAPES = [
    # a question mark ends the title and stays in it
    ("Lee, A. (2019). Does peer support work? Psychiatric Services, 70(2), 1–2.", "Does peer support work?",
     "Psychiatric Services"),
    # a journal name with its own comma
    ("Lee, A. (2019). Peer roles. Psychology, Health & Medicine, 24(3), 300–310.", "Peer roles",
     "Psychology, Health & Medicine"),
    # an abbreviation inside the title is not where the title ends
    ("Lee, A. (2019). Peer roles in the U.S. Army: A review. Military Medicine, 184, e1–e9.",
     "Peer roles in the U.S. Army: A review", "Military Medicine"),
    # a bare title with no container left after it
    ("Lee, A. (2019). Peer roles.", "Peer roles", ""),
]


@pytest.mark.parametrize(("text", "title", "container"), OTHER_SHAPES)
def test_title_is_split_from_container_at_the_right_sentence(text: str, title: str, container: str) -> None:
    work = _parse(text)
    assert (work.title, _container(work)) == (title, container)


def test_article_number_and_leading_zero_issue() -> None:
    work = _parse("Lee, A. (2019). Peer roles. BMC Psychiatry, 19(03), Article 39.")
    assert (work.issue, work.article_number, work.page_start) == ("3", "39", "")


BAD_REFERENCES = [
    # cut in half inside the title
    "Anthony, W. A. (1993). Recovery from mental illness: The guiding vision of the mental",
    # cut inside the journal name: no container to read after the title
    "Anthony, W. A. (1993). Recovery from mental illness. Psychosocial Rehabilitation Jour",
    # no year
    "Anthony, W. A. Recovery from mental illness. Psychosocial Rehabilitation Journal, 16(4), 11–23.",
    # no authors
    "(1993). Recovery from mental illness. Psychosocial Rehabilitation Journal, 16(4), 11–23.",
    # people who are not "Family, I." names
    "Anthony, W. A., and friends, (1993). Recovery. Psychosocial Rehabilitation Journal, 16(4), 11–23.",
    "CrossRefGoogle Scholar",
]


@pytest.mark.parametrize("text", BAD_REFERENCES)
def test_unreadable_reference_names_path_and_line(text: str) -> None:
    with pytest.raises(RecordError) as caught:
        parse_apa_reference(text, line=42, number=12, path=PATH)
    assert (caught.value.path, caught.value.line) == (PATH, 42)
    assert str(caught.value).startswith(f"{PATH}:42: ")
