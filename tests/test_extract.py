"""What the studies say: seed facts, direction rules, RDF shape and the evaluator's targets."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef

from kg.extract import StudyContent, content_triples, extract_study
from kg.extract.comparisons import comparator
from kg.extract.evaluate import TARGETS, evaluate, load_annotation
from kg.extract.study_arms import assigned_arms
from kg.extract.text import field_text
from kg.namespaces import CONCEPT, OA, OWL, PSK, RDF, RDFS, WD, IriMinter
from kg.records import AbstractSection, Work
from kg.validate import validate_graph
from kg.vocabulary import ontology_graph

ROOT = Path(__file__).resolve().parent.parent
ANNOTATIONS = ROOT / "tests" / "annotations" / "dev"
WORK = URIRef("https://w3id.org/peer-support-kg/resource/work/doi/10.1000_test")


def _seed(ident: str) -> Work:
    return load_annotation(ANNOTATIONS / f"{ident}.json").work


@pytest.fixture(scope="module")
def seed000() -> StudyContent:
    return extract_study(_seed("seed-000-institutionalizing-peer-support"))


@pytest.fixture(scope="module")
def bellamy() -> StudyContent:
    return extract_study(_seed("seed-001-2-bellamy-evidence-update"))


def _concepts(mentions: tuple) -> set[URIRef]:
    return {m.concept for m in mentions}


def _directions(content: StudyContent) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for f in content.findings:
        found.setdefault(str(f.outcome).rsplit("/", 1)[1], set()).add(str(f.direction).rsplit("#", 1)[1])
    return found


# ---------------------------------------------------------------- seed facts

def test_seed_000_is_mixed_methods_in_pennsylvania_usa(seed000: StudyContent) -> None:
    assert CONCEPT["design/mixed-methods"] in _concepts(seed000.designs)
    settings = {s.name: s for s in seed000.settings}
    assert settings["Pennsylvania"].country == "United States"
    assert settings["Pennsylvania"].wikidata == "Q1400"
    assert "United States" in settings


def test_seed_000_counts_35_peer_support_workers_14_stakeholders_49_interviews(seed000: StudyContent) -> None:
    groups = {(g.size, g.unit, g.role) for g in seed000.participant_groups}
    assert groups == {(35, "participants", CONCEPT["role/peer-support-worker"]),
                      (14, "participants", CONCEPT["role/stakeholder"]),
                      (49, "interviews", None)}


def test_seed_000_names_stigma_and_not_recovery_oriented_care_as_an_outcome(seed000: StudyContent) -> None:
    assert CONCEPT["outcome/stigma"] in _concepts(seed000.outcomes)
    recovery = [m for m in seed000.outcomes if m.concept == CONCEPT["outcome/recovery"]]
    assert [m.span.field for m in recovery] == ["keywords"]  # "recovery-oriented" in the abstract is blocked


def test_bellamy_is_a_review(bellamy: StudyContent) -> None:
    assert _concepts(bellamy.designs) == {CONCEPT["design/review"]}


@pytest.mark.parametrize(("outcome", "direction"), [
    ("hope", "Positive"), ("empowerment", "Positive"), ("quality-of-life", "Positive"),
    ("hospitalisation", "Mixed"), ("symptom-severity", "Mixed"), ("clinical", "NoDifference"),
])
def test_bellamy_directions(bellamy: StudyContent, outcome: str, direction: str) -> None:
    assert _directions(bellamy)[outcome] == {direction}


def test_bellamy_no_difference_against_non_peer_paraprofessionals(bellamy: StudyContent) -> None:
    (finding,) = [f for f in bellamy.findings if f.direction == PSK.NoDifference]
    assert finding.outcome == CONCEPT["outcome/clinical"]
    assert finding.comparator == "non-peer paraprofessionals"
    assert finding.sentence.text.startswith("Peer services are generally equally effective")


def test_tse_hong_kong_is_qualitative_with_32_clients_with_bipolar_disorder() -> None:
    content = extract_study(_seed("seed-001-5-tse-bipolar-knowledge"))
    assert CONCEPT["design/qualitative"] in _concepts(content.designs)
    assert [s.name for s in content.settings] == ["Hong Kong"]
    assert (32, CONCEPT["role/service-user"]) in {(g.size, g.role) for g in content.participant_groups}
    group = next(g for g in content.participant_groups if g.size == 32)
    assert group.span.text.startswith("32 clients")


def test_halsall_concerns_canadian_youth_aged_14_to_26() -> None:
    content = extract_study(_seed("seed-001-6-halsall-youth-realist"))
    assert CONCEPT["role/youth"] in _concepts(content.roles)
    assert [(a.min_age, a.max_age) for a in content.age_ranges] == [(14, 26)]
    assert [s.name for s in content.settings] == ["Canada"]
    assert CONCEPT["design/realist-evaluation"] in _concepts(content.designs)


def test_seed_002_is_a_viewpoint_by_its_article_type_alone() -> None:
    work = Work(line=1, title="Developing a Strategy to Embed Peer Support into Mental Health Systems",
                article_type="Point of View")
    assert _concepts(extract_study(work).designs) == {CONCEPT["design/viewpoint"]}
    assert CONCEPT["design/viewpoint"] in _concepts(extract_study(_seed("seed-002-kent-strategy")).designs)


# ---------------------------------------------------------------- precise before broad

def _result(sentence: str, heading: str = "Results") -> StudyContent:
    sections = (AbstractSection(heading, sentence),)
    return extract_study(Work(line=1, abstract=sentence, abstract_sections=sections))


DIRECTION_CASES = [
    ("Peer support improved hope.", {"hope": "Positive"}),
    ("Peer support did not improve hope.", {"hope": "NoDifference"}),
    ("Participants did not significantly improve on hope or empowerment.", {"hope": "NoDifference",
                                                                            "empowerment": "NoDifference"}),
    ("Peer support reduced hospitalisations.", {"hospitalisation": "Positive"}),
    ("Peer support reduced rehospitalization rates.", {"hospitalisation": "Positive"}),
    ("Readmissions increased in the peer group.", {"hospitalisation": "Negative"}),
    ("Symptoms did not worsen.", {"symptom-severity": "NoDifference"}),
    ("Participants reported less self-stigma.", {"self-stigma": "Positive"}),
    ("There was no significant difference in quality of life between the groups.",
     {"quality-of-life": "NoDifference"}),
    ("Some studies found peer services effective at reducing symptom severity.",
     {"symptom-severity": "Mixed"}),
    ("Although some studies found peer services to be effective at reducing hospitalization rates, "
     "as a whole, "
     "the current evidence base is confounded by heterogeneity.", {"hospitalisation": "Mixed"}),
    ("Peer support may improve empowerment.", {"empowerment": "Unclear"}),
    ("On the other hand, the evidence is stronger for a positive impact on levels of hope.",
     {"hope": "Positive"}),
    ("Peer support improved recovery but not hope.", {"recovery": "Positive", "hope": "NoDifference"}),
    ("The programme reduced stigma, whereas loneliness increased.",
     {"stigma": "Positive", "loneliness": "Negative"}),
    ("Evidence for empowerment was mixed.", {"empowerment": "Mixed"}),
    ("There was some evidence of positive effects on hope, although this was not consistent.",
     {"hope": "Mixed"}),
    ("Peer workers remain underpaid.", {"pay-career": "Negative"}),
    ("Qualitative analyses reveal changes to stigma in the workplace.", {"stigma": "Unclear"}),
    ("Burnout impacts job satisfaction among peer specialists.", {}),
    ("Job satisfaction was the main theme.", {}),
]


@pytest.mark.parametrize(("sentence", "expected"), DIRECTION_CASES, ids=[c[0][:40] for c in DIRECTION_CASES])
def test_direction_rules(sentence: str, expected: dict[str, str]) -> None:
    found = _directions(_result(sentence))
    assert {k: next(iter(v)) for k, v in found.items()} == expected


@pytest.mark.parametrize(("heading", "sentence"), [
    ("Background", "Peer support specialists have been shown to reduce stigma and hospitalizations."),
    ("Objective", "We aimed to establish whether peer support reduces readmissions."),
    ("Results", "We aimed to establish whether peer support reduces readmissions."),
    ("Practical implications", "Future trials should measure whether peer support improves hope."),
    ("Methods", "Hope, empowerment and quality of life improved in both arms."),
])
def test_no_findings_from_background_aims_advice_or_methods(heading: str, sentence: str) -> None:
    assert _result(sentence, heading).findings == ()


@pytest.mark.parametrize(("text", "expected"), [
    ("This systematic review and meta-analysis of randomised controlled trials found little.",
     {"systematic-review", "meta-analysis"}),  # plural trials are the included studies
    ("A randomized controlled trial of peer mentors.", {"rct"}),
    ("A randomised controlled trial of peer mentors.", {"rct"}),
    ("We searched for meta-analyses and systematic reviews.", set()),
    ("A realist and participatory evaluation of youth peer support.", {"realist-evaluation",
                                                                        "participatory-research"}),
    ("This mixed-methods programme evaluation used focus groups.", {"mixed-methods", "programme-evaluation",
                                                                     "qualitative"}),
])
def test_design_matching_handles_spelling_plurals_and_coordination(text: str, expected: set[str]) -> None:
    content = extract_study(Work(line=1, title=text))
    assert {str(m.concept).rsplit("/", 1)[1] for m in content.designs} == expected


@pytest.mark.parametrize(("text", "groups"), [
    ("Peer Recovery Support Specialists (PRSS) were surveyed. Data of U.S.-based PRSS (N = 454) were used.",
     {(454, "participants", "peer-specialist")}),
    ("Sixty-seven research participants were randomly assigned.", {(67, "participants", None)}),
    ("One in four people is affected; 150 million people need care.", set()),
    ("We held 3 focus groups with 12 carers in 2016.", {(3, "focus groups", "family-member"),
                                                        (12, "participants", "family-member")}),
])
def test_participant_groups(text: str, groups: set) -> None:
    content = extract_study(Work(line=1, abstract="This study reports. " + text))
    found = {(g.size, g.unit, str(g.role).rsplit("/", 1)[1] if g.role else None)
             for g in content.participant_groups}
    assert found == groups


# ---------------------------------------------------------------- traceability and RDF

@pytest.mark.parametrize("path", sorted(ANNOTATIONS.glob("*.json")), ids=lambda p: p.stem)
def test_every_span_quotes_its_field(path: Path) -> None:
    work = load_annotation(path).work
    content = extract_study(work)
    spans = [m.span for m in content.designs + content.roles + content.outcomes]
    spans += [g.span for g in content.participant_groups] + [s.span for s in content.settings]
    spans += [f.sentence for f in content.findings]
    for span in spans:
        assert field_text(work, span.field)[span.start:span.end] == span.text
    for finding in content.findings:
        text = field_text(work, finding.sentence.field)
        assert text[:finding.sentence.start].endswith(finding.prefix)
        assert text[finding.sentence.end:].startswith(finding.suffix)


def _graph(content: StudyContent, work: URIRef = WORK) -> Graph:
    graph = Graph()
    for triple in content_triples(work, content, IriMinter()):
        graph.add(triple)
    return graph


def test_content_triples_have_no_blank_nodes_and_are_deterministic(seed000: StudyContent,
                                                                    bellamy: StudyContent) -> None:
    for content in (seed000, bellamy):
        assert not any(isinstance(term, BNode) for triple in _graph(content) for term in triple)
    again = extract_study(_seed("seed-000-institutionalizing-peer-support"))
    first = list(content_triples(WORK, seed000, IriMinter()))
    assert list(content_triples(WORK, again, IriMinter())) == first


def test_content_triples_anchor_findings_as_web_annotations(bellamy: StudyContent) -> None:
    graph = _graph(bellamy)
    work = _seed("seed-001-2-bellamy-evidence-update")
    findings = list(graph.objects(WORK, PSK.reports))
    assert len(findings) == 6
    for finding in findings:
        target = graph.value(finding, OA.hasTarget)
        assert graph.value(target, OA.hasSource) == WORK
        selectors = {graph.value(s, RDF.type): s for s in graph.objects(target, OA.hasSelector)}
        quote, position = selectors[OA.TextQuoteSelector], selectors[OA.TextPositionSelector]
        start, end = int(graph.value(position, OA.start)), int(graph.value(position, OA.end))
        exact = str(graph.value(quote, OA.exact))
        assert work.abstract[start:end] == exact == str(graph.value(finding, PSK.evidence))
    nodiff = next(f for f in findings if graph.value(f, PSK.direction) == PSK.NoDifference)
    assert graph.value(nodiff, PSK.comparator) == Literal("non-peer paraprofessionals")
    assert graph.value(nodiff, PSK.outcome) == CONCEPT["outcome/clinical"]


def test_content_triples_settings_groups_and_curated_wikidata(seed000: StudyContent) -> None:
    graph = _graph(seed000)
    places = {str(graph.value(p, RDFS.label)): p for p in graph.objects(WORK, PSK.setting)}
    assert set(places) == {"Pennsylvania", "United States"}
    assert graph.value(places["Pennsylvania"], OWL.sameAs) == WD["Q1400"]
    assert graph.value(places["Pennsylvania"], PSK.country) == places["United States"]
    sizes = {(int(graph.value(g, PSK.size)), graph.value(g, PSK.role))
             for g in graph.objects(WORK, PSK.hasParticipantGroup)}
    assert (35, CONCEPT["role/peer-support-worker"]) in sizes
    assert (WORK, PSK.studyDesign, CONCEPT["design/mixed-methods"]) in graph


def test_content_triples_conform_to_the_shapes(seed000: StudyContent, bellamy: StudyContent) -> None:
    other = URIRef(str(WORK) + "_bellamy")
    graph = _graph(seed000) + _graph(bellamy, other)
    report = validate_graph(graph)
    ours = (str(WORK) + "/", str(other) + "/")
    content_focus = [i for i in report.violations if str(i.focus).startswith(ours)]
    assert content_focus == []
    assert len(list(graph.subjects(RDF.type, PSK.Finding))) == 9


def test_shapes_reject_a_finding_with_an_outcome_outside_the_scheme(bellamy: StudyContent) -> None:
    graph = _graph(bellamy)
    finding = next(iter(graph.objects(WORK, PSK.reports)))
    graph.set((finding, PSK.outcome, CONCEPT["role/youth"]))
    messages = {i.message for i in validate_graph(graph).violations if i.focus == finding}
    assert "a finding has exactly one outcome, a concept of the outcome scheme" in messages


# ---------------------------------------------------------------- measurement

def test_annotations_are_real_sourced_abstracts() -> None:
    docs = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(ANNOTATIONS.glob("*.json"))]
    external = [d for d in docs if d["source"].startswith(("https://", "http://"))]
    assert len(external) >= 12
    assert len(docs) - len(external) == 9  # the 000 record, the 7 records of 001, the 002 article
    held_out = [json.loads(p.read_text(encoding="utf-8")) for p in sorted((ANNOTATIONS.parent / "heldout").glob("*.json"))]
    assert all(d["source"].startswith(("https://", "http://")) for d in held_out)
    short = [d["id"] for d in docs + held_out if len(d["abstract"]) <= 200]
    assert not short, f"annotated files without their abstract's text: {short}"


def _opening(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold())[:30])


def test_no_abstract_is_annotated_twice_across_the_sets() -> None:
    """A held-out abstract that is also a development file (another copy of the same paper) would be
    scored as unseen text the rules were written on. The second annotation's folder copies held-out
    files on purpose and is left out."""
    seen: dict[str, str] = {}
    for name in ("dev", "heldout"):
        for path in sorted((ANNOTATIONS.parent / name).glob("*.json")):
            data = json.loads(path.read_text(encoding="utf-8"))
            for key in (f"abstract: {_opening(data['abstract'])}", f"title: {_opening(data.get('title', ''))}"):
                if key.endswith(": "):
                    continue
                other = seen.setdefault(key, f"{name}/{path.name}")
                assert other == f"{name}/{path.name}", f"{name}/{path.name} repeats {other} ({key[:60]})"



def test_every_record_row_names_a_file_of_its_set() -> None:
    """The re-read, adjudication and proposal records of a set name files of that set: a file moved to
    another set takes its rows along, and a removed file leaves none behind."""
    for folder in (ANNOTATIONS.parent / name for name in ("dev", "heldout", "second")):
        names = {path.stem for path in folder.glob("*.json")}
        for record, column in (("REREAD.csv", "file"), ("ADJUDICATION.csv", "file"), ("PROPOSED.csv", "example_file")):
            path = folder / record
            if not path.exists():
                continue
            with path.open(encoding="utf-8", newline="") as rows:
                stale = {row[column].removesuffix(".json") for row in csv.DictReader(rows)} - names
            assert not stale, f"{folder.name}/{record} names files that are not in {folder.name}/: {sorted(stale)}"

# Floors under the development-set figures (precision, recall), so that a change that reads worse fails here;
# the targets themselves are judged on the held-out set (kg eval). Sizes and comparators were lowered to what
# the set scores since it took in 42 abstracts first scored unseen (BENCHMARKS.md, fresh abstracts). Roles and
# comparators recall were lowered to the new figures minus 0.01 when the annotations were re-read on 2026-11-30
# against the rules clarified after the second annotation (tests/annotations/dev/REREAD.csv), not for any
# change in the extractor.
# Later on 2026-11-30 the 31 held-out files of 2026-11-29 outside second/ joined the development set
# (unseen text, eight measurements aggregate only): every floor below that the set's new figures fell under
# was set to the new figure minus 0.01 (designs P 0.922, roles R 0.855, outcomes R 0.809, sizes 0.827 /
# 0.794, directions P 0.778, comparators 0.769 / 0.604), with no change in the extractor.
# The annotations changed again when five open points of the rules were settled (REREAD.csv rows "settled"):
# designs recall 0.87 -> 0.84 (the study's own qualitative part is now annotated beside its framing design).
# On 2026-12-01, after the seventeenth measurement, 30 more held-out files joined (unseen text, their sizes read at
# 0.59 / 0.50): sizes fell to 0.797 / 0.759 with no change in the extractor, and its floor is 0.78 / 0.74; roles
# stood at 0.900, on its floor, which is now 0.89.
# After the eighteenth, 30 more joined the same way (their sizes read at 0.47 / 0.41): sizes fell to 0.778 / 0.737
# with no change in the extractor, and its floor is 0.77 / 0.73.
# After the twenty-eighth, 30 more joined the same way (their comparators read at 0.40 / 0.27): comparators fell to
# 0.745 / 0.607 with no change in the extractor, and its floor is 0.73 / 0.59.
# On 2026-12-02, after the thirty-first, 30 more joined the same way (their sizes read at 0.58 / 0.46, their
# comparators at 0.45 / 0.21): sizes fell to 0.774 / 0.721 and comparators to 0.731 / 0.581 with no change in the
# extractor, and their floors are 0.77 / 0.71 and 0.72 / 0.57.
# After the thirty-fifth, 30 more joined the same way with one abstract that joined unscored (the drawn files read at
# designs P 0.79, roles P 0.76, sizes 0.63 / 0.54, comparators 0.38 / 0.14): designs P fell to 0.904, roles P to
# 0.883, sizes to 0.767 / 0.711 and comparators to 0.719 / 0.556, and those floors are 0.90, 0.88, 0.76 / 0.70 and
# 0.71 / 0.55.
DEV_FLOORS: dict[str, tuple[float, float]] = {
    "designs": (0.90, 0.84), "roles": (0.88, 0.84), "outcomes": (0.82, 0.79), "sizes": (0.76, 0.70),
    "directions": (0.76, 0.63), "comparators": (0.71, 0.55),
}


def test_evaluator_keeps_the_development_floors() -> None:
    report = evaluate(ANNOTATIONS)
    assert report.documents >= 100
    assert set(DEV_FLOORS) <= set(TARGETS) | {"designs"}
    for name, (precision, recall) in DEV_FLOORS.items():
        score = report.scores[name]
        assert score.precision >= precision, (name, report.format(details=True))
        assert score.recall >= recall, (name, report.format(details=True))


def test_evidence_map_query_counts_role_outcome_direction(seed000: StudyContent,
                                                          bellamy: StudyContent) -> None:
    other = URIRef(str(WORK) + "_bellamy")
    graph = _graph(seed000) + _graph(bellamy, other) + ontology_graph()
    query = (ROOT / "queries" / "08-evidence-map.rq").read_text(encoding="utf-8")
    rows = {(str(r.role), str(r.outcome), str(r.direction), int(r.findings)) for r in graph.query(query)}
    assert ("mental health professional", "clinical outcomes", "NoDifference", 1) in rows
    assert ("peer support worker", "pay and career progression", "Negative", 1) in rows


@pytest.mark.parametrize(("text", "sizes"), [
    ("We surveyed peer specialists (N = 120) about supervision.", {(120, "role/peer-specialist")}),
    ("Peer support workers (N=45) completed the survey.", {(45, "role/peer-support-worker")}),
    ("A sample of service users, n= 60, took part.", {(60, "role/service-user")}),
    ("A total of 1 234 respondents completed the questionnaire.", {(1234, "")}),
    ("All patients (PS group = 149, Usual Care = 133) had inpatient histories.",
     {(149, "role/service-user"), (133, "role/service-user")}),
    ("115 of 301 respondents (38%) were certain they could not.", {(115, ""), (301, "")}),
    ("The study identified 10 principles of peer support.", set()),
    ("Depression fell (95% CI 0.2 to 0.6, p = 0.01) over 12 months.", set()),
])
def test_sample_sizes_in_every_common_form(text: str, sizes: set[tuple[int, str]]) -> None:
    content = extract_study(Work(line=1, abstract=text))
    found = {(g.size, str(g.role).removeprefix(str(CONCEPT)) if g.role else "") for g in content.participant_groups}
    assert found == sizes


@pytest.mark.parametrize(("text", "outcome", "direction"), [
    # a decrease in one outcome, "no significant changes" in the other: each its own
    ("Peer support reduced hospitalisation, and no significant changes were seen in hope.", "hope", "NoDifference"),
    ("Peer support reduced hospitalisation, and no significant changes were seen in hope.", "hospitalisation",
     "Positive"),
    ("Compared with usual care, the program didn't improve patients' quality of life.", "quality-of-life",
     "NoDifference"),
    ("There was a positive effect on empowerment, but without a statistical significance.", "empowerment",
     "NoDifference"),
    ("Peer support can result in improvements in hope.", "hope", "Unclear"),
    ("Hope scores did not differ between arms (p = 0.41).", "hope", "NoDifference"),
    ("Empowerment was higher in the peer arm (mean difference 0.10, 95% CI -0.05 to 0.25).", "empowerment",
     "NoDifference"),
    ("Participants showed less stigma about substance use.", "stigma", "Positive"),
    # results given only as numbers: an effect whose interval excludes the null value, read with the
    # outcome's polarity (less is better for symptoms and readmission)
    ("Results: Depressive symptoms, peer arm versus usual care: SMD -0.45 (95% CI -0.80 to -0.10).",
     "symptom-severity", "Positive"),
    ("Results: Readmission, peer support versus usual care: OR 0.55, 95% CI 0.31 to 0.97.", "hospitalisation",
     "Positive"),
    ("Results: Readmission, peer support versus usual care: OR 0.85, 95% CI 0.61 to 1.17.", "hospitalisation",
     "NoDifference"),
    ("Results: Of 12 trials, 5 of the 12 studies found that peer support improved hope.", "hope", "Mixed"),
])
def test_direction_is_decided_per_outcome_mention(text: str, outcome: str, direction: str) -> None:
    content = extract_study(Work(line=1, abstract=text))
    found = {(str(f.outcome).rsplit("/", 1)[1], str(f.direction).rsplit("#", 1)[1]) for f in content.findings}
    assert (outcome, direction) in found, found


def test_no_finding_from_a_title() -> None:
    content = extract_study(Work(line=1, title="Peer support improves hope: a randomised trial",
                                 abstract="Methods: 120 adults were randomised. Results: Hope did not differ."))
    assert {str(f.direction).rsplit("#", 1)[1] for f in content.findings} == {"NoDifference"}


@pytest.mark.parametrize(("text", "not_role", "not_outcome"), [
    ("The mean difference was 0.3 (95% confidence interval 0.1 to 0.5).", None, "outcome/self-efficacy"),
    ("Questionnaires were handed out in the outpatient department.", "role/service-user", None),
    ("A data manager and a research nurse collected the questionnaires.", "role/mental-health-staff", None),
    ("Adults with substance use disorder joined a self-management intervention.", None, "outcome/substance-use"),
])
def test_words_in_another_sense_are_not_matched(text: str, not_role: str | None, not_outcome: str | None) -> None:
    content = extract_study(Work(line=1, abstract=text))
    roles = {str(m.concept).removeprefix(str(CONCEPT)) for m in content.roles}
    outcomes = {str(m.concept).removeprefix(str(CONCEPT)) for m in content.outcomes}
    assert not_role not in roles
    assert not_outcome not in outcomes


def test_no_difference_said_of_the_outcomes_as_a_whole_reaches_each_measured_outcome() -> None:
    sections = (
        AbstractSection("Background", "Patients often attempt suicide after discharge."),
        AbstractSection("Methods", "Patients were surveyed on their recovery, activation (self-management "
                                   "efficacy) and quality of life."),
        AbstractSection("Results", "The peer group improved significantly more than usual care on activation. "
                                   "There were no other significant differences."),
    )
    work = Work(line=1, abstract=" ".join(s.text for s in sections), abstract_sections=sections)
    found = {(str(f.outcome).rsplit("/", 1)[1], str(f.direction).rsplit("#", 1)[1])
             for f in extract_study(work).findings}
    assert ("recovery", "NoDifference") in found and ("quality-of-life", "NoDifference") in found, found
    # the outcome that did differ, its gloss, and the background's outcomes get no "no difference"
    assert not {("empowerment", "NoDifference"), ("self-efficacy", "NoDifference"),
                ("suicidality", "NoDifference")} & found, found


@pytest.mark.parametrize("null", [
    "However, no significant changes were observed in other measured outcomes.",
    "No significant between-group differences were found for the remaining measures.",
    "There were no significant differences in secondary outcomes.",
])
def test_no_difference_said_of_the_other_or_secondary_outcomes_leaves_the_decided_one_alone(null: str) -> None:
    sections = (
        AbstractSection("Methods", "Hope, empowerment and quality of life were measured at baseline and 6 months."),
        AbstractSection("Results", f"Hope improved significantly more in the peer group than in usual care (p = 0.01). "
                                   f"{null}"),
    )
    work = Work(line=1, abstract=" ".join(s.text for s in sections), abstract_sections=sections)
    found = {(str(f.outcome).rsplit("/", 1)[1], str(f.direction).rsplit("#", 1)[1])
             for f in extract_study(work).findings}
    assert found == {("hope", "Positive"), ("empowerment", "NoDifference"), ("quality-of-life", "NoDifference")}


@pytest.mark.parametrize(("text", "sizes"), [
    # interviews and focus groups take the one group they were held with; a length of time is no count
    ("Three 60 min interviews were conducted with six mental health professionals.",
     {(3, "interviews", "mental-health-staff"), (6, "participants", "mental-health-staff")}),
    ("Four focus groups of 5-8 homeless male veterans were held.", {(4, "focus groups", "veteran")}),
    ("In total, 61 in-depth interviews were conducted with multiple stakeholders.",
     {(61, "interviews", "stakeholder")}),
    ("We held 49 interviews with 35 peer support workers and 14 stakeholders.",
     {(49, "interviews", ""), (35, "participants", "peer-support-worker"), (14, "participants", "stakeholder")}),
    ("We conducted 18 stakeholder interviews with forum staff.", {(18, "interviews", "stakeholder")}),
])
def test_interviews_and_focus_groups_are_counted_with_whom_they_were_held(text: str, sizes: set) -> None:
    content = extract_study(Work(line=1, abstract=text))
    found = {(g.size, g.unit, str(g.role).rsplit("/", 1)[1] if g.role else "") for g in content.participant_groups}
    assert found == sizes


@pytest.mark.parametrize(("text", "sizes"), [
    # "n =" wherever it stands, thousands separators read whole, numbers written as words
    ("Participants (N = 120) were randomised to peer support or usual care.", {(120, "participants", "")}),
    ("N = 120 participants were randomised.", {(120, "participants", "")}),
    ("The sample (N = 1 204) was mostly female.", {(1204, "participants", "")}),
    ("A survey (N = 212) was sent to every agency.", {(212, "participants", "")}),
    ("A total of 1,234 veterans took part.", {(1234, "participants", "veteran")}),
    ("Twenty-three peer workers were interviewed.", {(23, "participants", "peer-support-worker")}),
    ("Service users were randomised (n=60 per arm).", {(60, "participants", "service-user")}),
    # arms and breakdowns take the unit and role of the group they split, never the peers' role
    ("We randomised 120 participants (60 intervention, 60 control).", {(120, "participants", ""),
                                                                      (60, "participants", "")}),
    ("Veterans were randomised to peer mentors (n = 61) or usual care (n = 58).",
     {(61, "participants", "veteran"), (58, "participants", "veteran")}),
    ("Service users were allocated to the peer mentor arm (n=40) or the control arm (n=38).",
     {(40, "participants", "service-user"), (38, "participants", "service-user")}),
    ("We randomised 200 veterans: 101 to peer support and 99 to usual care.",
     {(200, "participants", "veteran"), (101, "participants", "veteran"), (99, "participants", "veteran")}),
    ("Peer mentors (n=10) each supported three to five mentees.", {(10, "participants", "peer-mentor")}),
    ("Reports came from 381 participants (147 in Vermont and 234 in Minnesota).",
     {(381, "participants", ""), (147, "participants", ""), (234, "participants", "")}),
    ("A total of 46 service users were recruited; 23 receiving peer support and 22 in the care-as-usual arm.",
     {(46, "participants", "service-user"), (23, "participants", "service-user"),
      (22, "participants", "service-user")}),
    # counts of a kind of participant are groups too (tests/annotations/README.md: "375 male")
    ("Six focus groups with 25 mental health workers (19 female, 6 male) were held.",
     {(6, "focus groups", "mental-health-staff"), (25, "participants", "mental-health-staff"),
      (19, "participants", "mental-health-staff"), (6, "participants", "mental-health-staff")}),
    # parts of a counted whole
    # respondents are of the group the survey went to
    ("A survey reached 1,128 peer specialists, yielding 394 responses, of whom 319 were included.",
     {(1128, "participants", "peer-specialist"), (394, "participants", "peer-specialist"),
      (319, "participants", "peer-specialist")}),
    ("Participants were 8 peer mentors and 30 program participants.",
     {(8, "participants", "peer-mentor"), (30, "participants", "")}),
    ("There were 448 patients, of whom 292 (66%) were male.",
     {(448, "participants", "service-user"), (292, "participants", "service-user")}),
    ("The study will enrol 66 patients at each practice (total sample size of 264).",
     {(66, "participants", "service-user"), (264, "participants", "service-user")}),
    ("The sample size will be 560 and 280 carers in Pakistan and India.",
     {(560, "participants", "family-member"), (280, "participants", "family-member")}),
    ("Among 850 carers, 704 (83%) attended follow-up.",
     {(850, "participants", "family-member"), (704, "participants", "family-member")}),
    ("Eight of 30 mentees withdrew.", {(8, "participants", ""), (30, "participants", "")}),
    ("Overall, 237 (61%) of 389 invited peer workers responded.",
     {(237, "participants", "peer-support-worker"), (389, "participants", "peer-support-worker")}),
    ("Eighty-two women were randomised (41 per arm).", {(82, "participants", ""), (41, "participants", "")}),
    ("Among the 74 participants, 40 were peer workers and 34 were service users.",
     {(74, "participants", ""), (40, "participants", "peer-support-worker"), (34, "participants", "service-user")}),
    ("At 90 days, 71 (16%) patients were still engaged.", set()),
    # parts of arms given as "part of whole", as "N/M" after a percentage, or with the percentage between
    ("Readmission occurred in 12 of 40 intervention participants and 20 of 41 controls.",
     {(12, "participants", ""), (40, "participants", ""), (20, "participants", ""), (41, "participants", "")}),
    ("Overall, 45% (27/60) of participants reported improved hope.",
     {(27, "participants", ""), (60, "participants", "")}),
    ("At 12 months, 31% (19/62) of the peer arm and 40% (25/63) of the control arm were readmitted.",
     {(19, "participants", ""), (62, "participants", ""), (25, "participants", ""), (63, "participants", "")}),
    ("At 3 months, 227/283 (80%) and 226/287 (79%) women in the two arms provided data.",
     {(227, "participants", ""), (283, "participants", ""), (226, "participants", ""), (287, "participants", "")}),
    ("Attendance was 30% (6/20) of sessions.", set()),
    # labels of a breakdown that name roles count those roles
    ("Each group was interviewed (peer workers: 5; clinicians: 7), a total of 12 interviews.",
     {(5, "participants", "peer-support-worker"), (7, "participants", "mental-health-staff"),
      (12, "interviews", "")}),
    ("Veterans (peer mentor group: 40; control group: 38) completed the survey.",
     {(40, "participants", "veteran"), (38, "participants", "veteran")}),
    # a part that says what kind of participant it counts is a group of its own
    ("Twenty-two (73%) of the 30 participants were women.", {(22, "participants", ""), (30, "participants", "")}),
    # families are counted in their own unit (the annotation rules: "participants, interviews, focus groups (or
    # families)")
    ("The study recruited 76 families of outpatients.", {(76, "families", "family-member")}),
    # a bare count after a count of things is a part of those things
    ("The trial ran against standard care in 12 warships; 6 were randomized to use the programme.", set()),
    ("We approached 24 general practices, of which 12 were randomised.", set()),
    # numbers that are not groups of people
    ("The model has 10 principles and 5 key values guiding peer workers.", set()),
    ("Participants attended 12 weekly sessions of 90 minutes over 3 years.", set()),
    ("Mothers were offered ten individual and four group sessions.", set()),
    ("Three teams each deployed two peer specialists.", set()),
    ("Each of the 20 peer workers was interviewed twice.", {(20, "participants", "peer-support-worker")}),
    ("Twenty-four papers describing thirteen PC-led interventions were included.", set()),
    ("The programme ran in 6 community mental health teams across 3 NHS trusts.", set()),
    ("One peer worker described feeling isolated.", set()),
    ("The scale has 20 items scored from 1 to 5; interviews lasted 45 to 60 minutes.", set()),
    # plural acronyms count the role the acronym was defined for
    ("Certified peer specialists (CPS) were surveyed; 212 CPSs replied.", {(212, "participants", "peer-specialist")}),
    ("Twelve studies (n = 5 RCTs) were found.", set()),
    ("Practices (n = 4) were randomised.", set()),
    ("Study 1 (n = 200) and Study 2 (n = 150) were surveys.", {(200, "participants", ""), (150, "participants", "")}),
    ("Peer support specialists from the United States (N = 117) completed a questionnaire.",
     {(117, "participants", "peer-specialist")}),
    ("The response rate was 45% (n = 90).", set()),
    # a review's included studies are counted as studies; only their participants are a group
    ("Twelve studies (n = 1,500 participants) were included.", {(1500, "participants", "")}),
    ("Fifteen RCTs with 2,043 participants met the inclusion criteria.", {(2043, "participants", "")}),
])
def test_counts_are_read_by_their_grammar(text: str, sizes: set) -> None:
    content = extract_study(Work(line=1, abstract=text))
    found = {(g.size, g.unit, str(g.role).rsplit("/", 1)[1] if g.role else "") for g in content.participant_groups}
    assert found == sizes


@pytest.mark.parametrize(("text", "sizes"), [
    # a range after "n =" is no one group's size; "(n = K)" after a plural study noun with no count of its own
    # counts the studies
    ("The included studies had n = 40-1,200 participants each.", set()),
    ("Systematic reviews (n = 8) and scoping reviews (n = 4) were included.", set()),
    # "N of whom" after a counted group is a part of it
    ("The service supported 80 people, 52 of whom agreed to take part.",
     {(80, "participants", ""), (52, "participants", "")}),
    # a noun phrase made long by a parenthesis and coordinated modifiers still ends with whom it counts
    ("We interviewed 18 mostly rural, Spanish-speaking and Indigenous (aged 30-64) family caregivers.",
     {(18, "participants", "family-member")}),
    ("Overall 410 (130 male) Irish, Welsh and Scottish students enrolled.",
     {(410, "participants", "student"), (130, "participants", "student")}),
    # a role in the singular before a plural noun of things names what they were of
    ("We observed 7 peer worker meetings.", set()),
    # a word that opens another noun phrase ends the count's: no peer workers are counted here
    ("Afterwards 40 praised their peer worker.", set()),
    # a count of a kind of participant is a group of the whole's people
    ("Ninety parents took part, with 70 being female.", {(90, "participants", "parent"), (70, "participants", "parent")}),
    # counts of a kind in the parenthesis after a counted group are of the group's role
    ("Interviews were held with 8 peer support workers (3 women, 5 men).",
     {(8, "participants", "peer-support-worker"), (3, "participants", "peer-support-worker"),
      (5, "participants", "peer-support-worker")}),
    # "(n = K)" right after interviews or focus groups counts them, with the role that qualifies them, unless they
    # are coordinated with another way of collecting data
    ("Data came from peer worker interviews (n = 14) and carer focus groups (n = 3).",
     {(14, "interviews", "peer-support-worker"), (3, "focus groups", "family-member")}),
    ("An online survey and interviews (n = 40) were used.", {(40, "participants", "")}),
    ("Outcomes were collected at the final interview (n = 35).", {(35, "participants", "")}),
    # a count in the list of what people were assigned to counts an arm, not the peers who lead it; a count
    # coordinated with an arm's count is another arm
    ("Adults were randomly assigned to a recovery course led by peer specialists (n = 90) or to usual care (n = 92).",
     {(90, "participants", ""), (92, "participants", "")}),
    ("Patients received usual care (n = 50) alone or together with an online forum (n = 52).",
     {(50, "participants", "service-user"), (52, "participants", "service-user")}),
    ("Peer workers (n = 12) and managers (n = 5) were interviewed.",
     {(12, "participants", "peer-support-worker"), (5, "participants", "stakeholder")}),
    # a role's word inside a name is no head: the count counts what the name qualifies
    ("Peer specialists employed at 138 Veterans Health Administration facilities were surveyed.", set()),
    ("We interviewed 20 Veterans and 5 Peer Specialists.",
     {(20, "participants", "veteran"), (5, "participants", "peer-specialist")}),
    # peers counted by their general name are the study's one narrower peer role
    ("We surveyed certified peer specialists across the state. In total 310 peer workers replied.",
     {(310, "participants", "peer-specialist")}),
    # people counted in pairs are families; a list after a colon splits the group before it
    ("We recruited 45 mother-infant dyads: 23 in the peer arm and 22 in usual care.",
     {(45, "families", "parent"), (23, "families", "parent"), (22, "families", "parent")}),
])
def test_counts_follow_the_noun_phrase_and_the_unit_they_count(text: str, sizes: set) -> None:
    content = extract_study(Work(line=1, abstract=text))
    found = {(g.size, g.unit, str(g.role).rsplit("/", 1)[1] if g.role else "") for g in content.participant_groups}
    assert found == sizes


def _sectioned(title: str, *sections: tuple[str, str]) -> Work:
    parts = tuple(AbstractSection(heading, text) for heading, text in sections)
    return Work(line=1, title=title, abstract=" ".join(text for _, text in sections), abstract_sections=parts)


@pytest.mark.parametrize(("work", "expected"), [
    # a result of a controlled trial that names no comparison is against the arm the methods name
    (_sectioned("", ("Methods", "Adults were randomised to peer support or treatment as usual."),
                ("Results", "Hope improved significantly more in the peer support group. Quality of life did not "
                            "differ.")),
     {("hope", "treatment as usual"), ("quality-of-life", "treatment as usual")}),
    # the arm of the methods, never the one of the title
    (_sectioned("Peer support versus usual care: a randomised trial",
                ("Methods", "Adults were randomised to peer support or a wait-list control group."),
                ("Results", "Peer support reduced depressive symptoms.")),
     {("symptom-severity", "wait-list control group")}),
    # of several arms, the one without an active treatment
    (_sectioned("", ("Methods", "Veterans were randomised to peer mentoring, a clinician-led group or usual care."),
                ("Results", "Recovery did not differ between groups.")), {("recovery", "usual care")}),
    (_sectioned("", ("Methods", "Participants were randomised to peer support or no intervention."),
                ("Results", "Peer support improved empowerment.")), {("empowerment", "no intervention")}),
    (_sectioned("", ("Methods", "Participants were randomised to peer support or an active control."),
                ("Results", "Peer support improved empowerment.")), {("empowerment", "active control")}),
    (_sectioned("", ("Methods", "Participants were randomised to peer support or routine care."),
                ("Results", "Peer support improved empowerment.")), {("empowerment", "routine care")}),
    (_sectioned("", ("Methods", "Veterans were randomised to a clinician-delivered group intervention or a "
                                "delayed intervention."), ("Results", "Hope did not differ between groups.")),
     {("hope", "delayed intervention")}),
    # the sentence's own comparison, as worded, without the people who received it
    (_sectioned("", ("Results", "Patients in the peer group improved more (p = 0.05) than those receiving Usual "
                                "Care on hope.")), {("hope", "Usual Care")}),
    (_sectioned("", ("Results", "Participants improved more in hope than those who did not attend the program.")),
     {("hope", "those who did not attend the program")}),
    (_sectioned("", ("Results", "Peer support was as effective as clinician-led support in reducing symptoms.")),
     {("symptom-severity", "clinician-led support")}),
    (_sectioned("", ("Results", "Burnout of peer support workers was similar to non-peer staff.")),
     {("burnout", "non-peer staff")}),
    # numbers per arm, times and other outcomes are no comparators; a study with no arm has none
    (_sectioned("", ("Methods", "A randomised controlled trial."),
                ("Results", "Depressive symptoms were lower in the peer arm (50% vs 44%).")), set()),
    (_sectioned("", ("Background", "Trials have compared peer support with usual care."),
                ("Methods", "A pre-post evaluation."), ("Results", "Hope improved from baseline to follow-up.")),
     set()),
    (_sectioned("", ("Results", "Hope was higher at the end of the programme than at baseline.")), set()),
    (_sectioned("", ("Results", "Hope was lower in the comparison arm than in the intervention group.")),
     {("hope", "comparison arm")}),
    # the arm people were assigned to, by the grammar of the assignment, whatever the arm is called
    (_sectioned("", ("Methods", "Adults were randomised to peer mentoring or psychoeducation."),
                ("Results", "Peer mentoring improved hope.")), {("hope", "psychoeducation")}),
    (_sectioned("", ("Methods", "Adults were randomly allocated to a peer-led recovery course or to a befriending "
                                "control."), ("Results", "Recovery improved significantly.")),
     {("recovery", "befriending control")}),
    # an assignment to arms makes the study a controlled one even when no design word says so
    (_sectioned("", ("Methods", "Service users were cluster-randomised by ward to peer support or enhanced usual care."),
                ("Results", "Peer support reduced loneliness.")), {("loneliness", "enhanced usual care")}),
    # of two arms without a word of peer support, the second: a study names its own intervention first
    (_sectioned("", ("Methods", "Adults were assigned to WRAP or to a nutrition education course."),
                ("Results", "WRAP participants reported significantly greater hope.")),
     {("hope", "nutrition education course")}),
    # the second term of the study's comparison, without the change measured in it
    (_sectioned("", ("Methods", "Changes in hope after the peer workshops were compared with changes in a "
                                "befriending group."), ("Results", "Hope did not differ at six months.")),
     {("hope", "befriending group")}),
    # the second term of the study's comparison, without the people who received it
    (_sectioned("", ("Methods", "A quasi-experimental study compared 60 clients of peer navigators with 58 clients "
                                "receiving standard case management."), ("Results", "Engagement did not differ.")),
     {("engagement", "standard case management")}),
    # no arms: a design word before "to", a list without "or", arms given as what people did
    (_sectioned("", ("Methods", "This randomised controlled trial sought to determine the impact of unmoderated, "
                                "informal peer support, similar to what occurs online."),
                ("Results", "Peer support improved hope.")), set()),
    (_sectioned("", ("Methods", "People enrolled in the course were invited to complete a brief, anonymous survey "
                                "before and after it."), ("Results", "Hope improved.")), set()),
    # a result sentence's comparison ends before an infinitive, and drops its preposition
    (_sectioned("", ("Results", "Peer-supported patients were more likely than controls to keep appointments of "
                                "engagement.")), {("engagement", "controls")}),
    (_sectioned("", ("Results", "Readmission was lower for peer-supported patients than for matched controls.")),
     {("hospitalisation", "matched controls")}),
    (_sectioned("", ("Results", "Those who received peer support reported lower stigma than those who did not.")),
     {("stigma", "those who did not")}),
    (_sectioned("", ("Results", "Depressive symptoms fell more among peer-supported mothers than among mothers "
                                "receiving enhanced usual care.")), {("symptom-severity", "enhanced usual care")}),
    (_sectioned("", ("Results", "Peer specialists reported more burnout than their non-peer colleagues.")),
     {("burnout", "non-peer colleagues")}),
    (_sectioned("", ("Results", "People receiving peer support had similar levels of hope to those receiving case "
                                "management.")), {("hope", "case management")}),
    (_sectioned("", ("Results", "The peer group had significantly lower costs in comparison to the control group and "
                                "reported fewer admissions.")),
     {("cost", "control group"), ("hospitalisation", "control group")}),
    # the arm as the results name it stands for the arm in the results that name none
    (_sectioned("", ("Methods", "Older adults were randomised to peer support or a corresponding control group."),
                ("Results", "Loneliness fell more in the peer group than in the SCS group. Hope improved "
                            "significantly.")), {("loneliness", "SCS group"), ("hope", "SCS group")}),
    # arms listed with their counts
    (_sectioned("", ("Methods", "Of 120 adults, 61 were randomised to the intervention group, and 59 to a "
                                "befriending condition."), ("Results", "Hope improved significantly.")),
     {("hope", "befriending condition")}),
    # the arm a coordinated plural names
    (_sectioned("", ("Methods", "Patients in the treatment and control groups were assessed at 6 months."),
                ("Results", "There were no significant differences between groups in hope.")),
     {("hope", "control group")}),
    # a change within the peer arm compares with no arm
    (_sectioned("", ("Methods", "Adults were randomised to peer support or usual care."),
                ("Results", "Within-group analyses showed that hope improved significantly in the peer arm.")), set()),
    (_sectioned("", ("Methods", "Adults were randomised to peer support or usual care."),
                ("Results", "Self-efficacy improved significantly from pre- to post-intervention.")), set()),
    # what everyone received beside peer support is no arm
    (_sectioned("", ("Methods", "In this cohort study, 80 adults received peer support in addition to usual care."),
                ("Results", "Hope improved significantly.")), set()),
    # an earlier time is no arm
    (_sectioned("", ("Results", "Readmissions fell by a third compared with the previous year.")), set()),
    # an abbreviation the abstract defines is written out
    (_sectioned("", ("Methods", "Adults were randomised to peer support or treatment as usual (TAU)."),
                ("Results", "Hope was significantly higher than in the TAU group.")),
     {("hope", "treatment as usual group")}),
    (_sectioned("", ("Methods", "Enhanced usual care (EUC) was the control condition."),
                ("Results", "Depressive symptoms fell more than with EUC only.")),
     {("symptom-severity", "enhanced usual care only")}),
    # a name keeps its capitals
    (_sectioned("", ("Methods", "The comparison was Standard Case Management (SCM)."),
                ("Results", "Hospitalisation fell more than in the SCM group.")),
     {("hospitalisation", "Standard Case Management group")}),
    # a definition that only holds the letters ("services" for SCS) is none: the words whose initials spell the
    # abbreviation are its definition
    (_sectioned("", ("Methods", "Peer support was compared with standard community services (SCS)."),
                ("Results", "Depressive symptoms fell more than in the SCS group.")),
     {("symptom-severity", "standard community services group")}),
    (_sectioned("", ("Methods", "Peer support was compared with usual services (SCS)."),
                ("Results", "Depressive symptoms fell more than in the SCS group.")),
     {("symptom-severity", "SCS group")}),
    # an abbreviation the abstract does not define stays as written
    (_sectioned("", ("Results", "Hope was significantly higher than in the TAU group.")),
     {("hope", "TAU group")}),
])
def test_comparators_are_read_from_the_sentence_or_the_trials_arms(work: Work, expected: set) -> None:
    found = {(str(f.outcome).rsplit("/", 1)[1], f.comparator) for f in extract_study(work).findings if f.comparator}
    assert found == expected


@pytest.mark.parametrize(("work", "expected"), [
    # an abbreviation is written out though a parenthesis of an earlier sentence was never closed
    (_sectioned("", ("Methods", "Depression was measured with the PHQ-9 (cut-off 10+. Wards were randomised to peer "
                                "support or enhanced standard care (ESC)."),
                ("Results", "Depression fell more in the peer support arm than in the ESC arm.")),
     {("symptom-severity", "enhanced standard care arm")}),
    # nested parentheses: the words whose initials spell the abbreviation define it
    (_sectioned("", ("Methods", "Villages were randomised to peer support (PS plus Routine Clinic Care (RCC)) or RCC "
                                "alone."),
                ("Results", "Hope rose more than with RCC alone.")),
     {("hope", "Routine Clinic Care alone")}),
    # "X as usual" names an arm whatever X is, and what the arm holds alone or lacks is part of its name
    (_sectioned("", ("Aim", "We compared a peer group with practice as usual alone."),
                ("Results", "Loneliness did not differ between groups.")),
     {("loneliness", "practice as usual alone")}),
    (_sectioned("", ("Methods", "This quasi-experimental study compared a peer navigator programme and routine care "
                                "without navigation on measures of hope."),
                ("Results", "Hope was significantly higher in the navigator cohort.")),
     {("hope", "routine care without navigation")}),
    # an aim stated under a background heading is the study's own
    (_sectioned("", ("Introduction", "We aimed to compare a peer mentoring programme with brief advice."),
                ("Methods", "A two-armed randomised trial."),
                ("Results", "Self-esteem did not differ between the groups.")),
     {("self-esteem", "brief advice")}),
    # "compared X to Y with Z": when what "to" introduced gives peer support, the second term follows "with"
    (_sectioned("", ("Methods", "A randomised trial compared referral to an online support group with a relaxation "
                                "course."),
                ("Results", "Anxiety did not differ between the groups.")),
     {("symptom-severity", "relaxation course")}),
    # the arm by the shorter name a result sentence gives it
    (_sectioned("", ("Methods", "Adults were randomised to a peer forum or an online relaxation course condition."),
                ("Results", "Participants responded similarly to the relaxation course and the peer forum. Anxiety did "
                            "not differ between the groups.")),
     {("symptom-severity", "relaxation course")}),
])
def test_comparators_are_read_from_the_structure_of_the_comparison(work: Work, expected: set) -> None:
    found = {(str(f.outcome).rsplit("/", 1)[1], f.comparator) for f in extract_study(work).findings if f.comparator}
    assert found == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Participants responded similarly to the writing exercise and the peer support group.", "writing exercise"),
    ("Scores were similar to those of the control arm and the waitlist.", "control arm and the waitlist"),
])
def test_a_comparison_with_two_arms_names_the_one_without_peer_support(text: str, expected: str) -> None:
    assert comparator(text) == expected



@pytest.mark.parametrize(("text", "expected"), [
    # the second term of a comparison, without the people who received it but with what describes them
    ("Frequent posters reported more distress than those with little or no participation.",
     "those with little or no participation"),
    ("Hope was higher than in participants with usual care.", "usual care"),
    ("Hope was higher than among controls.", "controls"),
    ("Hope was higher than in those who did not attend.", "those who did not attend"),
    ("Symptoms improved more than expected.", ""),
    ("A model that controls for age showed that hope improved.", ""),
    ("Female peer workers reported more burnout than men.", ""),
    ("More than half of the mothers improved.", ""),
    # a change measured in the people compared stands before them, as a level or a score does: the comparison is
    # with the people
    ("Recovery scores rose, compared with changes in the waitlist group.", "waitlist group"),
    ("Hope improved more than improvements among the controls.", "controls"),
    ("Attitudes were compared with changes of control groups.", "control groups"),
])
def test_a_sentences_comparison(text: str, expected: str) -> None:
    assert comparator(text) == expected


@pytest.mark.parametrize(("text", "arms"), [
    ("Adults were randomised to peer support (n = 60) or usual care (n = 62).", ["peer support", "usual care"]),
    # an apposition that repeats the class noun of the arm before it describes that arm; a list item that does not
    # is an arm of its own
    ("Adults were randomised to the STEP course, a recovery course led by peers, or to usual care.",
     ["STEP course", "usual care"]),
    ("Adults were randomised to peer support, a waitlist, or usual care.", ["peer support", "waitlist", "usual care"]),
    ("Patients were randomized into one of three conditions: online peer support, a forum, or a control condition.",
     ["online peer support", "forum", "control condition"]),
    ("Carers were enrolled in either enhanced usual care (N=243) or the peer intervention (N=200).",
     ["enhanced usual care", "peer intervention"]),
    ("Of 120 adults, 61 were randomised to the intervention group, and 59 to the control group.",
     ["intervention group", "control group"]),
    ("Youth were randomly allocated (1:1) to peer training or a wait-list via a computer sequence.",
     ["peer training", "wait-list"]),
    ("Patients were enrolled in the study and randomised to peer support or usual care.",
     ["peer support", "usual care"]),
    ("Adults were randomised to one of three 8-week conditions: an online forum, a peer-led group, or a control "
     "website with delayed access to the forum.", ["online forum", "peer-led group", "control website"]),
    # no assignment to arms: a design word before "to", a list without "or"
    ("This randomised controlled trial sought to determine the impact of unmoderated, informal peer support.", []),
    ("People enrolled in the course were invited to complete a brief, anonymous survey.", []),
])
def test_the_arms_people_were_assigned_to(text: str, arms: list[str]) -> None:
    assert assigned_arms(text) == arms


@pytest.mark.parametrize(("text", "expected"), [
    # a survey used as a measure and bare interviewing are parts of the design that frames the study
    ("This three-wave cohort study used online surveys of peer workers.", {"cohort"}),
    ("Participants in this randomised controlled trial were interviewed at baseline and 3 months later.", {"rct"}),
    # the study's own qualitative part, named as qualitative or by its method, stays beside the framing design
    # (tests/annotations/README.md, designs): the two are separate concepts
    ("This mixed-methods study combined a survey with semi-structured interviews.", {"mixed-methods", "qualitative"}),
    ("In this randomised controlled trial, interviews with 12 participants were analysed by thematic analysis.",
     {"rct", "qualitative"}),
    ("This pre-post survey design was followed by a qualitative analysis of open-ended responses.",
     {"pre-post", "qualitative"}),
    ("In this randomised controlled trial, participants were interviewed; focus groups explored acceptability.",
     {"rct", "qualitative"}),
    # a qualitative method however it is worded: "qualitative" before any word, an interview named by its
    # method a few words away, a content analysis of any kind; a structured clinical interview is a measure
    ("This randomised controlled trial also collected qualitative reports of perceived impact.",
     {"rct", "qualitative"}),
    ("Semi-structured face-to-face interviews were conducted with 12 peer workers.", {"qualitative"}),
    ("Forum posts (n = 1,000) were qualitatively analysed.", {"qualitative"}),
    ("Responses were coded using directed content analysis.", {"qualitative"}),
    ("Diagnoses were confirmed with the Structured Clinical Interview for DSM-5.", set()),
    ("We conducted semi-structured interviews with 20 peer workers.", {"qualitative"}),
    ("A cross-sectional survey of 300 peer specialists.", {"cross-sectional-survey"}),
    # a measurement before and after is a pre-post design when nothing else frames the study
    ("Participants completed telephone interviews at baseline and 3 months after the course.", {"pre-post"}),
    ("We evaluated the program using a pre-post design.", {"pre-post"}),
    ("A randomised controlled trial assessed participants at baseline and 3 months after the course.", {"rct"}),
    # a review's own design, not its included studies' nor its way of summing up
    ("Results were combined in a narrative synthesis of 12 studies.", set()),
    ("We conducted a systematic review; included studies were RCTs, cohort studies and qualitative studies.",
     {"systematic-review"}),
    ("A realist review of context-mechanism-outcome configurations in randomised trials.", {"realist-synthesis"}),
    # another study's design, and words of design in another sense
    ("Peer workers were recruited from a larger randomised controlled trial and interviewed.", set()),
    ("Peer workers delivered support as part of a randomised controlled trial.", set()),
    ("This study is part of a mixed-methods evaluation of the pilot.", {"mixed-methods", "programme-evaluation"}),
    # the study itself as what it rests on; data it rests on stay another study's
    ("This article is based on a systematic literature review of carer support groups.", {"systematic-review"}),
    ("Our paper is based on focus groups with volunteer befrienders.", {"qualitative"}),
    ("The befriending scheme was based on a randomised trial of lay counselling.", set()),
    ("Staff followed a common assessment protocol.", set()),
    ("We co-produced a training course with peer workers.", set()),
    ("This pilot randomised controlled trial enrolled 60 participants.", {"rct"}),
])
def test_designs_are_the_studys_own(text: str, expected: set[str]) -> None:
    work = Work(line=1, abstract=text, abstract_sections=(AbstractSection("Methods", text),))
    assert {str(m.concept).rsplit("/", 1)[1] for m in extract_study(work).designs} == expected


@pytest.mark.parametrize(("text", "expected"), [
    # a design said to be used, without "this study" or "we", is the study's own method statement: it ends the
    # background of an unstructured abstract even when an aim in the first person follows it
    ("Peer mentoring is increasingly offered to young parents. A quasi-experimental design was adopted to compare "
     "mentored and non-mentored parents on attendance. We examined attendance and retention over a year.",
     {"quasi-experimental"}),
    ("Loneliness is common after discharge. A mixed-methods approach was employed with peer workers and patients. "
     "We describe what the peer workers did.", {"mixed-methods"}),
    # a design other studies used stays theirs
    ("Peer mentoring is increasingly offered to young parents. A randomised design was used in two earlier trials of "
     "mentoring. We surveyed 40 peer mentors about their work.", {"cross-sectional-survey"}),
])
def test_a_design_said_to_be_used_is_the_studys_own_before_its_aim(text: str, expected: set[str]) -> None:
    work = Work(line=1, abstract=text)
    assert {str(m.concept).rsplit("/", 1)[1] for m in extract_study(work).designs} == expected


@pytest.mark.parametrize(("text", "ages"), [
    ("The mean age was 44 (range 18-80).", {(18, 80)}),
    ("Youth (14–26 years old) took part.", {(14, 26)}),
    ("People with serious mental illness die 10 to 30 years younger than others.", set()),
    # a lower bound is a range with an open end, at 18 too (tests/annotations/README.md, ages), however written
    ("Women aged≥18 years with depression were eligible.", {(18, None)}),
    ("Participants aged 16 and over were eligible.", {(16, None)}),
    ("Older adults (≥65 years) took part.", {(65, None)}),
    ("Patients were 21 years or older.", {(21, None)}),
    ("Carers (ages 30-64) were interviewed.", {(30, 64)}),
    ("Symptoms had lasted 10 years or more.", set()),
    ("Students under 25 years took part.", {(None, 25)}),
    # "at least" a number of years of age or old is a lower bound too
    ("Eligible carers were at least 18 years of age.", {(18, None)}),
    ("Volunteers had to be at least 21 years old.", {(21, None)}),
    ("Adults (≥60 years of age) took part.", {(60, None)}),
    # years of something other than life are a span of it, not an age
    ("Patients with a first episode (≤2 years of illness) were eligible.", set()),
    ("Workers with 3–10 years of peer work took part.", set()),
])
def test_age_ranges_are_ages_not_differences(text: str, ages: set) -> None:
    found = {(a.min_age, a.max_age) for a in extract_study(Work(line=1, abstract=text)).age_ranges}
    assert found == ages


@pytest.mark.parametrize(("text", "sizes"), [
    # the last word of a role the text named stands for it when no other role ends with it
    ("Peer support volunteers offered support to mothers. Forty-seven volunteers and 42 mothers were interviewed.",
     {(47, "peer-support-worker"), (42, "parent")}),
    ("Peer support workers and mental health workers took part. We surveyed 30 workers.", {(30, "")}),
    ("Young people and their parents used the service. Forty people were interviewed.", {(40, "")}),
    ("Peer mentoring was offered. Pairs met for thirteen mentoring sessions.", set()),
])
def test_a_roles_short_form_counts_that_role(text: str, sizes: set) -> None:
    found = {(g.size, str(g.role).rsplit("/", 1)[1] if g.role else "")
             for g in extract_study(Work(line=1, abstract=text)).participant_groups}
    assert found == sizes


@pytest.mark.parametrize(("text", "sizes"), [
    # numbers in words past a hundred
    ("One hundred and twenty carers were randomised.", {(120, "family-member")}),
    ("Two hundred patients joined from three clinics.", {(200, "service-user")}),
    ("Three thousand four hundred and five people replied.", {(3405, "")}),
    ("They went to five meetings.", set()),
    # an arm named before a colon: "(intervention: n = 60; control: n = 58)"
    ("We randomised 118 adults (intervention: n = 60; control: n = 58).", {(118, ""), (60, ""), (58, "")}),
    # people counted by nouns that name no role of the scheme
    ("Claims of 12,345 Medicaid beneficiaries were analysed.", {(12345, "")}),
    # a bare count that the sentence makes the sample, with nothing counted before it
    ("Service users were approached and 64 were recruited.", {(64, "service-user")}),
    ("Of the 120 who were randomised, 98 completed follow-up.", {(120, ""), (98, "")}),
    ("A total of 96 took part.", {(96, "")}),
    ("At 12 months, 3 were excluded; the trial ran in 5 sites.", set()),
    ("Of the 240 randomised, most were women.", {(240, "")}),
    # a second "n =" of one parenthesis, and a statistic beside it
    ("Both arms (n = 41 and n = 39) were similar at baseline.", {(41, ""), (39, "")}),
    ("Nine studies (k = 9; N = 2 318) were pooled.", {(2318, "")}),
    # a number that labels a study, a total after a list, a breakdown by sex, and things counted
    ("In Phase 2, 88 students took part.", {(88, "student")}),
    ("We interviewed 9 clinicians and 5 carers (N = 14).",
     {(9, "mental-health-staff"), (5, "family-member"), (14, "")}),
    # a count of a kind of participant in the parenthesis after its group is a group too
    ("Fifty‑one veterans (12 women) enrolled.", {(51, "veteran"), (12, "veteran")}),
    ("Patients (N = 96; 52 women) were recruited from two hospitals.", {(96, "service-user"), (52, "service-user")}),
    ("Posts (n = 5,210) written by 480 users were coded.", {(480, "service-user")}),
    ("Adults with disabilities (n = 75) completed the scales.", {(75, "")}),
])
def test_bare_and_spelled_out_counts(text: str, sizes: set) -> None:
    found = {(g.size, str(g.role).rsplit("/", 1)[1] if g.role else "")
             for g in extract_study(Work(line=1, abstract=text)).participant_groups}
    assert found == sizes


@pytest.mark.parametrize(("title", "text", "sizes"), [
    # a count named in general words is of the one group the title says the study is about
    ("A national survey of certified peer specialists", "In all, 410 respondents completed the survey.",
     {(410, "peer-specialist")}),
    # the peers who deliver give way to the people the title names beside them
    ("Peer navigators and hospital use among veterans", "The analysis included 212 individuals.",
     {(212, "veteran")}),
    # two groups in the title, or none: the count keeps no role
    ("Views of carers and clinicians on peer support", "Overall, 58 participants were interviewed.", {(58, "")}),
    ("Peer support after discharge", "A total of 75 participants were randomised.", {(75, "")}),
    # a count that names its own people keeps them
    ("A survey of peer specialists", "We also surveyed 30 supervisors.", {(30, "stakeholder")}),
    # no role in the title: the one group the abstract names besides the peers and staff
    ("", "Peer counsellors supported mothers with perinatal depression. Of the 410 women enrolled, 380 "
         "completed follow-up.", {(410, "parent"), (380, "parent")}),
    ("", "Peer workers supported carers and patients. In all, 120 participants took part.", {(120, "")}),
    # a role the title names as an activity, a body of people or a qualifier names no one the study is about
    ("Peer mentoring for adults with anorexia: a pilot", "Ten mentors were paired with 16 individuals.",
     {(10, "peer-mentor"), (16, "")}),
    ("Outcomes of consumer-operated service programs", "We followed 1,210 participants for a year.", {(1210, "")}),
    ("Peer-led groups for carers: a pilot", "We followed 127 participants for a year.", {(127, "family-member")}),
    ("A pilot test of a peer navigator intervention for adults with psychosis",
     "Twenty-four individuals were randomly assigned to peer navigation or usual care.", {(24, "")}),
    # a count in words is as general as one in digits; a noun that says who the people are keeps them apart
    ("Peer support for family carers: a randomised trial", "Four hundred and seven participants were recruited.",
     {(407, "family-member")}),
    ("Peer support for family carers: a randomised trial", "Forty-seven volunteers were recruited.", {(47, "")}),
    # a sentence that counts other groups beside the general count keeps it general
    ("", "Peer mentors supported veterans. Of 60 participants, 20 were staff.", {(60, ""), (20, "mental-health-staff")}),
])
def test_generic_counts_take_the_studys_one_population(title: str, text: str, sizes: set) -> None:
    found = {(g.size, str(g.role).rsplit("/", 1)[1] if g.role else "")
             for g in extract_study(Work(line=1, title=title, abstract=text)).participant_groups}
    assert found == sizes


@pytest.mark.parametrize(("title", "sections", "expected"), [
    # randomisation denied is a quasi-experimental design
    ("", (("Methods", "A non-randomised design compared two community teams."),), {"quasi-experimental"}),
    ("", (("Methods", "Outcomes were compared with a historical control group."),), {"quasi-experimental"}),
    # a trial whose data are analysed again is another study's; the paper is a secondary analysis
    ("", (("Methods", "We re-analysed data from a randomised controlled trial of peer mentoring."),),
     {"secondary-analysis"}),
    # a paper that tells its methods in the future tense, or says it describes a design, is a protocol
    ("", (("Methods", "Ninety carers will be randomised to peer support or a waiting list."),), {"rct", "protocol"}),
    ("", (("Aims", "This paper outlines the rationale and design of a peer support evaluation."),), {"protocol"}),
    ("", (("Methods/design", "Mothers are randomly allocated to a peer supporter or usual care."),),
     {"rct", "protocol"}),
    # future words in a paper that reports results are no protocol
    ("", (("Methods", "Ninety carers were randomised to peer support or a waiting list."),
          ("Results", "Carers' wellbeing improved. Services will be expanded.")), {"rct"}),
    # a before-and-after comparison of measures, not perceptions gathered in interviews
    ("", (("Methods", "Participants completed the scales before and after the eight-week group."),), {"pre-post"}),
    ("", (("Methods", "Managers' views before and after a peer-led programme were gathered."),), set()),
    ("", (("Methods", "We interviewed 14 peer workers about supervision."),), {"qualitative"}),
    # a review that informed the study, or another trial's arm, is not the study's design
    ("", (("Methods", "Guided by a review of the literature, we interviewed 14 peer workers."),), {"qualitative"}),
    ("", (("Methods", "We interviewed carers in the control arm of a randomised controlled trial."),),
     {"qualitative"}),
    # a systematic review sums up in a narrative review; an article that reviews the literature is one
    ("Peer support for carers: a systematic review",
     (("Methods", "Six databases were searched and findings combined in a narrative review."),),
     {"systematic-review"}),
    ("", (("Aims", "This article reviews the literature on peer support after psychosis."),), {"literature-review"}),
    ("", (("Methods", "A systematic search of four databases found 31 sources for this scoping review."),),
     {"scoping-review"}),
    # a review of reviews: the systematic reviews and meta-analyses it names are those it includes
    ("Group peer support for carers: an umbrella review",
     (("Methods", "We searched five databases for systematic reviews with or without meta-analysis."),
      ("Results", "Eleven reviews were included; one meta-analysis pooled data on loneliness.")),
     {"umbrella-review"}),
    # a protocol that was registered is the study's registration, not a protocol paper
    ("Peer navigators in primary care: a systematic review",
     (("Methods", "The protocol was registered with PROSPERO before the searches began."),),
     {"systematic-review"}),
    ("", (("Methods", "Our review protocol, registered in advance, set out four questions."),
          ("Results", "Twelve studies were found.")), {"review"}),
    # an evaluation of a programme or service, however many words qualify it, is a programme evaluation
    ("Evaluation of a peer-led, community-based and family-focused support programme", (), {"programme-evaluation"}),
    ("", (("Methods", "An evaluation of the county's new peer crisis service used routine records."),),
     {"programme-evaluation"}),
    # unless the evaluation's own kind names the design, or a trial frames the study
    ("A qualitative evaluation of a peer befriending project", (), {"qualitative"}),
    ("A process evaluation of a peer support programme within a randomised trial", (), {"process-evaluation"}),
])
def test_designs_from_the_studys_own_statements(title: str, sections: tuple, expected: set[str]) -> None:
    assert {str(m.concept).rsplit("/", 1)[1] for m in extract_study(_sectioned(title, *sections)).designs} == expected


@pytest.mark.parametrize(("text", "roles"), [
    # "peers" and "peer-led" name the people who deliver peer support (the annotation rules)
    ("The groups were delivered by trained volunteer peers in three towns.", {"peer-support-worker"}),
    ("A peer-led course for carers was compared with a waiting list.", {"peer-support-worker", "family-member"}),
    ("Calls to a peer-delivered crisis line rose in winter.", {"peer-support-worker"}),
    # "peer support" alone names the intervention, and a more specific peer role stands on its own
    ("Peer support reduced loneliness in the first month.", set()),
    ("Peer specialists ran the groups; peers also phoned each week.", {"peer-specialist"}),
    # age-mates are not peer workers
    ("Students with anxiety were compared with their peers at the same school.", {"student"}),
    # people in prison, or released from it, are prisoners
    ("Inmates were trained as mentors for people in prison with depression.", {"prisoner", "peer-mentor"}),
])
def test_peers_named_as_people_are_peer_support_workers(text: str, roles: set[str]) -> None:
    found = {str(r.concept).rsplit("/", 1)[1] for r in extract_study(Work(line=1, title="", abstract=text)).roles}
    assert found == roles


@pytest.mark.parametrize(("text", "expected"), [
    # a survey is a cross-sectional survey only when it is the study (tests/annotations/README.md, designs)
    ("We conducted a national online survey of 300 peer specialists.", {"cross-sectional-survey"}),
    ("This study uses survey data from certified peer specialists.", {"cross-sectional-survey"}),
    # surveys repeated over time, a qualitative survey, and one of open-ended questions are how data were gathered
    ("Four biannual online surveys were conducted with users of the peer support network.", set()),
    ("A qualitative survey took place between February and March 2022.", {"qualitative"}),
    ("Using an online survey of open-ended questions, peer specialists described their experiences.", set()),
    # beside another design of the study: its data, a survey beside interviews, a survey data were gathered through
    ("Secondary analysis was conducted using cross-sectional survey data of peer recovery specialists.",
     {"secondary-analysis"}),
    ("In this qualitative study, a survey and semi-structured interviews were conducted with 10 peer workers.",
     {"qualitative"}),
    ("In this qualitative study, data were collected via an online survey of peer workers.", {"qualitative"}),
])
def test_a_survey_is_the_design_only_when_it_is_the_study(text: str, expected: set[str]) -> None:
    work = Work(line=1, abstract=text, abstract_sections=(AbstractSection("Methods", text),))
    assert {str(m.concept).rsplit("/", 1)[1] for m in extract_study(work).designs} == expected


@pytest.mark.parametrize(("section", "text", "expected"), [
    # a study that sets costs against effects for itself is an economic evaluation beside the design that gathered
    # its data (tests/annotations/README.md, designs)
    ("Methods", "This pilot randomised controlled trial with economic evaluation enrolled 46 patients.",
     {"rct", "economic-evaluation"}),
    ("Objective", "We evaluated the effectiveness and cost-effectiveness of a peer-led self-management course.",
     {"economic-evaluation"}),
    ("Methods", "A social return on investment analysis was made of the volunteer peer support service.",
     {"economic-evaluation"}),
    # the word in the background, or of the studies a review includes, is not this study's
    ("Background", "Even less is known about the cost-effectiveness of peer support.", set()),
    ("Methods", "In this systematic review we searched for cost-effectiveness analyses of peer support.",
     {"systematic-review"}),
    # costs reported alone are an outcome, no design
    ("Results", "Costs of inpatient care were lower for the respite group.", set()),
])
def test_an_economic_evaluation_is_the_studys_own(section: str, text: str, expected: set[str]) -> None:
    work = Work(line=1, abstract=text, abstract_sections=(AbstractSection(section, text),))
    assert {str(m.concept).rsplit("/", 1)[1] for m in extract_study(work).designs} == expected
