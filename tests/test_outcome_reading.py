"""Outcome recognition by mechanism: word forms by their stems, general heads by their modifiers, and the
field's ordinary synonyms. Each sentence is written for the mechanism, and each case states what must not
match as well as what must."""

from __future__ import annotations

import pytest
from rdflib import URIRef

from kg.extract import extract_study
from kg.extract.lexicon import lexicon, stem
from kg.namespaces import CONCEPT
from kg.records import AbstractSection, Work


def _outcomes(sentence: str) -> set[str]:
    work = Work(line=1, abstract=sentence, abstract_sections=(AbstractSection("Results", sentence),))
    return {str(m.concept).rsplit("/", 1)[-1] for m in extract_study(work).outcomes}


def test_labels_are_indexed_by_their_stems() -> None:
    lex = lexicon()
    assert stem("hospitalizations") == stem("hospitalized") == stem("hospitalization")
    assert URIRef(CONCEPT["outcome/loneliness"]) in {e.concept for e in lex.stemmed[(stem("isolation"),)]}


@pytest.mark.parametrize(("sentence", "present", "absent"), [
    # An adjective of how people feel meets its noun by the stem when no suffix rule knows the pair.
    ("Mentees felt more engaged after six months.", {"engagement"}, set()),
    # A stem shared by words of other senses is no match: "active" is not "activation".
    ("Members became more active in the group.", set(), {"self-efficacy"}),
    # Too short a stem tells nothing: "had" and "HADS" share one.
    ("Participants felt they had support.", set(), {"symptom-severity"}),
    # The prefix of doing again: the rest of the word is the outcome.
    ("Reemployment was more frequent in the peer arm.", {"employment-education"}, set()),
    ("Re-employment was more frequent in the peer arm.", {"employment-education"}, set()),
])
def test_word_forms(sentence: str, present: set[str], absent: set[str]) -> None:
    found = _outcomes(sentence)
    assert present <= found
    assert not (absent & found)


@pytest.mark.parametrize(("sentence", "present", "absent"), [
    # A general head takes its outcome from its modifier, and from modifiers coordinated with it.
    ("Benzodiazepine use declined among mentees.", {"substance-use"}, set()),
    ("Amphetamine and benzodiazepine use declined among mentees.", {"substance-use"}, set()),
    ("Hospital utilization fell in the first year.", {"service-use"}, set()),
    ("Parental burden was lower after the groups.", {"caregiver-burden"}, set()),
    # Relapse of a substance is substance use, relapse alone stays a symptom outcome.
    ("Studies found reduced SUD relapse rates.", {"substance-use"}, {"symptom-severity"}),
    ("Drug relapse fell in the mentored group.", {"substance-use"}, {"symptom-severity"}),
    ("Relapse fell in the mentored group.", {"symptom-severity"}, {"substance-use"}),
    # A modifier of no class leaves the head alone.
    ("The use of text messages grew.", set(), {"substance-use", "service-use"}),
    # A label that starts with the head gives way to the outcome its modifier names.
    ("Psychosocial health status improved in families.", {"social"}, {"physical-health"}),
    ("Mental health status improved in the peer group.", {"clinical"}, {"physical-health"}),
    ("Health status improved in the peer group.", {"physical-health"}, set()),
    # "Health" alone names a field, not an outcome.
    ("Mental health services hired peer workers.", set(), {"clinical"}),
])
def test_general_heads(sentence: str, present: set[str], absent: set[str]) -> None:
    found = _outcomes(sentence)
    assert present <= found
    assert not (absent & found)


@pytest.mark.parametrize(("sentence", "concept"), [
    ("Feelings of isolation eased over the year.", "loneliness"),
    ("Willingness to ask for help rose in the intervention arm.", "help-seeking"),
    ("Social adjustment improved more than in the control arm.", "social-functioning"),
    ("Health care utilization was lower in the peer group.", "service-use"),
    ("Perceived stigma fell after the course.", "stigma"),
    ("Participants reported a more positive view of self.", "identity"),
    ("Members spoke of the connection they found in the group.", "connectedness"),
    ("Social relations did not differ between the arms.", "connectedness"),
    ("Fathers gained parenting skills over the twelve sessions.", "self-efficacy"),
    # Standard instruments by their distinctive abbreviations.
    ("HoNOS totals fell in both arms.", "clinical"),
    ("GHQ-12 totals were unchanged.", "clinical"),
])
def test_ordinary_synonyms(sentence: str, concept: str) -> None:
    assert concept in _outcomes(sentence)


@pytest.mark.parametrize(("sentence", "present", "absent"), [
    # The name of a measure, capitalised to its last word, names what it measures.
    ("Mentors were rated with the Recovery Markers Questionnaire.", {"recovery"}, set()),
    # A capitalised name that is no measure holds no outcome.
    ("Staff of the Hope Street Clinic took part.", set(), {"hope"}),
    # Instruments whose names state their construct, by name or by a distinctive abbreviation.
    ("Disability was rated with the WHODAS at baseline.", {"social-functioning"}, set()),
    ("Participants completed the Meaning in Life Questionnaire.", {"meaning"}, set()),
    ("Use of services was recorded with the Client Service Receipt Inventory.", {"service-use"}, set()),
    # A list of measures after "recovery from" is no description of the people studied.
    ("Secondary outcomes were recovery from depression, levels of disability and perceived social support.",
     {"social-functioning", "social"}, set()),
    # A list of conditions after "recovery from" still is.
    ("Participants in recovery from depression and substance use joined the groups.", set(), {"substance-use"}),
])
def test_grammar_of_measurement(sentence: str, present: set[str], absent: set[str]) -> None:
    found = _outcomes(sentence)
    assert present <= found
    assert not (absent & found)


@pytest.mark.parametrize(("sentence", "present", "absent"), [
    # A modifier shared forwards by coordination names the second conjunct's outcome, in place of the bare word.
    ("The course had no effect on academic satisfaction and engagement.", {"employment-education"},
     {"engagement"}),
    # A label in a hyphenated compound after a word of degree describes something else.
    ("Text messaging is low-cost, high-impact and easy to scale.", set(), {"cost"}),
    ("The programme reduced cost per participant.", {"cost"}, set()),
    # A label inside the name of an organisation, joined by "on" as by "of", names the organisation.
    ("Sites were chosen by the National Institute on Drug Abuse for a trial.", set(), {"substance-use"}),
    ("Heroin and cocaine abuse fell among mentees.", {"substance-use"}, set()),
    # Outcomes in parentheses right after another are its facets: the subscales of burnout name burnout.
    ("Burnout (disengagement and exhaustion) was high among mentors.", {"burnout"}, {"engagement"}),
    ("Disengagement from care was rare.", {"engagement"}, set()),
    # An outcome word before "education" names what a course teaches, the intervention, as before "training".
    ("Controls were offered a nutrition education course instead.", set(), {"health-behaviour"}),
    ("Peers ran self-management education sessions for veterans.", set(), {"self-efficacy"}),
    ("Nutrition improved more in the peer arm.", {"health-behaviour"}, set()),
    # The implementation of a service that acts on something else is the intervention, not an implementation
    # outcome; said of how it went, it is one.
    ("The implementation of peer navigation may not result in savings for the state.", set(), {"implementation"}),
    ("Implementation of the befriending groups led to fewer admissions.", set(), {"implementation"}),
    ("The implementation of peer navigation was slow in rural sites.", {"implementation"}, set()),
])
def test_other_senses(sentence: str, present: set[str], absent: set[str]) -> None:
    found = _outcomes(sentence)
    assert present <= found
    assert not (absent & found)


def test_a_role_word_in_the_name_of_a_measure_is_no_role() -> None:
    sentence = "Costs were collected with the Client Sociodemographic and Service Receipt Inventory."
    work = Work(line=1, abstract=sentence, abstract_sections=(AbstractSection("Methods", sentence),))
    assert not extract_study(work).roles


@pytest.mark.parametrize(("sentence", "present", "absent"), [
    # A condition listed among diagnoses names what people have, not what a study measured.
    ("Serious mental illnesses, such as bipolar disorder, schizophrenia, or major depression, shorten lives.",
     set(), {"symptom-severity"}),
    ("Members lived with schizophrenia or depression.", set(), {"symptom-severity"}),
    # Measured beside other outcomes it stays one.
    ("Depression and loneliness fell in the peer arm.", {"symptom-severity", "loneliness"}, set()),
])
def test_conditions_among_diagnoses(sentence: str, present: set[str], absent: set[str]) -> None:
    found = _outcomes(sentence)
    assert present <= found
    assert not (absent & found)


def _findings(sentence: str) -> set[tuple[str, str]]:
    work = Work(line=1, abstract=sentence, abstract_sections=(AbstractSection("Results", sentence),))
    return {(str(f.outcome).rsplit("/", 1)[-1], str(f.direction).rsplit("#", 1)[-1])
            for f in extract_study(work).findings}


@pytest.mark.parametrize(("sentence", "present", "absent"), [
    # A negating prefix or a suffix of lacking names the outcome's opposite.
    ("Disengagement from the clinic was rare among mentees.", {"engagement"}, set()),
    ("Peer educators destigmatised the topic for younger pupils.", {"stigma"}, set()),
    # The prefix of undoing makes verbs: a noun that starts with it is a word of its own.
    ("Staff learned to spot early signs of decompensation.", set(), {"pay-career"}),
    # Before the noun it describes, a negated adjective says who people are, not what changed.
    ("Benefits for unemployed adults were discussed.", set(), {"employment-education"}),
    # Short rests are no negation: "united" is not "un" + "ited", "desire" not "de" + "sire".
    ("Members united around a shared desire to help.", set(), {"acceptability", "employment-education"}),
])
def test_outcomes_named_by_their_opposite(sentence: str, present: set[str], absent: set[str]) -> None:
    found = _outcomes(sentence)
    assert present <= found
    assert not (absent & found)


@pytest.mark.parametrize(("sentence", "finding"), [
    # A fall in the opposite is a rise in the outcome, whether a label holds the negated form or not.
    ("Disengagement from the clinic fell significantly in the mentored group.", ("engagement", "Positive")),
    ("Unemployment fell significantly among those who had a peer navigator.", ("employment-education", "Positive")),
    ("Non-adherence to medication decreased significantly in the peer arm.", ("health-behaviour", "Positive")),
])
def test_a_fall_in_the_opposite_is_a_gain(sentence: str, finding: tuple[str, str]) -> None:
    assert finding in _findings(sentence)


@pytest.mark.parametrize(("sentence", "present", "absent"), [
    # An adjective of feeling said of people names the outcome ...
    ("After the groups, carers felt more resilient.", {"resilience"}, set()),
    # ... but before the noun it describes it is a quality of that thing.
    ("Building more resilient crisis services needs funding.", set(), {"resilience"}),
    ("Mentors felt less anxious than before.", {"symptom-severity"}, set()),
])
def test_adjectives_of_feeling_said_of_people(sentence: str, present: set[str], absent: set[str]) -> None:
    found = _outcomes(sentence)
    assert present <= found
    assert not (absent & found)


@pytest.mark.parametrize(("sentence", "concept"), [
    # Concepts the development set needed, with the names their measures go by.
    ("Psychological resilience rose over the year.", "resilience"),
    ("Resilience was measured with the Connor-Davidson Resilience Scale.", "resilience"),
    ("Socioemotional development of the infants did not differ between arms.", "child-development"),
    ("Child outcomes were assessed at 24 months.", "child-development"),
])
def test_concepts_added_from_the_development_set(sentence: str, concept: str) -> None:
    assert concept in _outcomes(sentence)


@pytest.mark.parametrize(("sentence", "present", "absent"), [
    # a good a service is for is its aim; a condition it is for is whom it serves
    ("Befriending services for personal recovery spread quickly.", {"recovery"}, set()),
    ("Drop-in groups for loneliness spread quickly.", set(), {"loneliness"}),
    ("Telephone support for suicidal thoughts spread quickly.", set(), {"suicidality"}),
    # what a service is for giving is its aim: "for offering", "for providing"
    ("Carers ran groups for providing a sense of belonging and hope.", {"connectedness", "hope"}, set()),
])
def test_what_a_service_is_for(sentence: str, present: set[str], absent: set[str]) -> None:
    found = _outcomes(sentence)
    assert present <= found
    assert not absent & found


def test_the_aim_of_a_service_takes_no_finding() -> None:
    sentence = "Befriending services for personal recovery expanded significantly after the reform."
    assert "recovery" in _outcomes(sentence)
    assert not {f for f in _findings(sentence) if f[0] == "recovery"}
    # a change word after "for" says what the service did
    assert ("engagement", "Positive") in _findings("Evidence supported mentoring services for improving engagement.")


def test_an_outcome_named_as_a_service_orientation_counts_but_takes_no_finding() -> None:
    sentence = "Recovery-oriented services expanded significantly after the reform."
    assert "recovery" in _outcomes(sentence)
    assert not {f for f in _findings(sentence) if f[0] == "recovery"}
    assert "recovery" in _outcomes("Managers described a stronger recovery orientation in their teams.")


@pytest.mark.parametrize(("sentence", "present", "absent"), [
    # Wellbeing said of peer workers is theirs, before or after the role that names them.
    ("The review covers team relationships and PSW wellbeing.", {"peer-worker-wellbeing"}, {"wellbeing"}),
    ("The wellbeing of peer mentors was protected by supervision.", {"peer-worker-wellbeing"}, {"wellbeing"}),
    ("Wellbeing of service users improved.", {"wellbeing"}, {"peer-worker-wellbeing"}),
])
def test_wellbeing_of_peer_workers(sentence: str, present: set[str], absent: set[str]) -> None:
    found = _outcomes(sentence)
    assert present <= found
    assert not (absent & found)


@pytest.mark.parametrize(("sentence", "present", "absent"), [
    # Wellbeing and the concepts under it said of peer workers through a coordinated list the possessive governs.
    ("Check-ins can improve peer volunteers' motivation and resilience.", {"peer-worker-wellbeing"}, {"resilience"}),
    ("Peer support improved participants' motivation and resilience.", {"resilience"}, {"peer-worker-wellbeing"}),
    ("Peer mentors' resilience grew with supervision.", {"peer-worker-wellbeing"}, {"resilience"}),
])
def test_wellbeing_of_peer_workers_in_a_list(sentence: str, present: set[str], absent: set[str]) -> None:
    found = _outcomes(sentence)
    assert present <= found
    assert not (absent & found)


@pytest.mark.parametrize(("sentence", "present", "absent"), [
    # "Mental health" before another outcome's head is that outcome's topic, not the clinical outcome.
    ("The intervention promoted mental health help-seeking behavior.", {"help-seeking"}, {"clinical"}),
    ("The training had no impact on mental health stigma.", {"stigma"}, {"clinical"}),
    ("Peer support improved mental health among participants.", {"clinical"}, set()),
])
def test_mental_health_as_the_modifier_of_another_outcome(sentence: str, present: set[str],
                                                          absent: set[str]) -> None:
    found = _outcomes(sentence)
    assert present <= found
    assert not (absent & found)


@pytest.mark.parametrize(("sentence", "implementation"), [
    # Feasibility said of the research (its trial, blinding, randomisation) is the study's, not the service's.
    ("The high satisfaction suggests that a larger trial is feasible.", False),
    ("Blinding participants was not feasible.", False),
    ("We assessed the feasibility of a definitive trial.", False),
    ("The intervention was feasible.", True),
    ("The study showed that the programme was feasible.", True),
])
def test_feasibility_of_the_research_is_no_implementation_outcome(sentence: str, implementation: bool) -> None:
    assert ("implementation" in _outcomes(sentence)) is implementation


@pytest.mark.parametrize(("sentence", "present", "absent"), [
    # A word in capitals is an acronym, a name, not the ordinary word of the same letters.
    ("We tested the Harnessing Online Peer Education (HOPE) intervention on anxiety.", set(), {"hope"}),
    ("Hope rose in the peer arm.", {"hope"}, set()),
    # A label written in capitals still matches in capitals.
    ("GAF scores improved in the peer arm.", {"social-functioning"}, set()),
])
def test_acronyms_in_capitals(sentence: str, present: set[str], absent: set[str]) -> None:
    found = _outcomes(sentence)
    assert present <= found
    assert not (absent & found)


@pytest.mark.parametrize(("sentence", "engagement"), [
    # The verb of engagement with the people engaged and the care they are engaged in names the outcome.
    ("Key mechanisms were engaging service users with mental health services.", True),
    ("One promising approach for engaging homeless veterans in care is peer mentoring.", True),
    ("Peer workers engaged with colleagues in team meetings.", False),
    ("The groups were engaging and fun.", False),
])
def test_verb_of_engagement(sentence: str, engagement: bool) -> None:
    assert ("engagement" in _outcomes(sentence)) is engagement


@pytest.mark.parametrize("sentence", [
    "Those in the treatment group displayed more violent temper and threatening behaviors.",
    "Aggression decreased among residents.",
])
def test_violence(sentence: str) -> None:
    assert "violence" in _outcomes(sentence)


@pytest.mark.parametrize(("sentence", "present", "absent"), [
    # A return to prison after release is recidivism; a return to hospital named so is a readmission.
    ("Mentored men had significantly lower recidivism and fewer re-arrests.", {"recidivism"}, {"hospitalisation"}),
    ("Hospitalization recidivism fell among members who attended often.", {"hospitalisation"}, {"recidivism"}),
    # The competence peer workers bring to their role or build for it, apart from the training that builds it.
    ("The competencies of peer workers rose after six months.", {"peer-worker-competence"}, {"training"}),
])
def test_recidivism_and_peer_worker_competence(sentence: str, present: set[str], absent: set[str]) -> None:
    found = _outcomes(sentence)
    assert present <= found
    assert not (absent & found)


@pytest.mark.parametrize(("sentence", "integration"), [
    # The integration of peer workers, or theirs within services, is workplace integration ...
    ("Regarding the integration of PSWs into multiprofessional teams, we identified three subcategories.", True),
    ("Peer support workers described their integration within mainstream mental health services.", True),
    # the definition's participle names it as the noun does, and the workforce is where peer workers work
    ("Peer mentors were integrated into the regional mental health workforce over two years.", True),
    ("Peer workers described integration into the workforce as slow.", True),
    ("Recovery coaches are being integrated into the county's workforce.", True),
    # ... not the introduction of the role, nor an integration that acts on other outcomes (the intervention),
    ("The implementation and integration of peer support workers is one such strategy.", False),
    ("Integration of peer specialists into case management programs appears to lead to better care.", False),
    # nor the integration of anything else.
    ("The integration of youth services increased.", False),
    ("Housing services were integrated into the local workforce plan.", False),
])
def test_integration_of_peer_workers(sentence: str, integration: bool) -> None:
    assert ("workplace-integration" in _outcomes(sentence)) is integration


@pytest.mark.parametrize(("sentence", "stigma"), [
    # Attitudes toward mental illness, or toward its people, are its stigma.
    ("Outcomes were attitudes toward mental illness.", True),
    ("Attitudes towards people with mental illness improved.", True),
    # The illness must open the topic: here the topic is disclosure.
    ("Peer support may improve youth's attitudes toward disclosure of mental illness.", False),
    ("Staff expressed positive attitudes towards consumer involvement.", False),
])
def test_attitudes_toward_mental_illness(sentence: str, stigma: bool) -> None:
    assert ("stigma" in _outcomes(sentence)) is stigma


@pytest.mark.parametrize(("sentence", "engagement"), [
    # Reaching care named by its noun, whatever modifiers stand before the head of care.
    ("Many prisons do not have access to appropriate mental health supports.", True),
    ("Programs improved connection with community-based services.", True),
    ("Young people lack access to adequate treatment.", True),
    # Not the peer support itself, not "support" alone, not a head inside a compound word or a longer noun phrase,
    ("Participants had access to a peer support group.", False),
    ("Access to support was limited.", False),
    ("We found overdoses through linkage to a statewide emergency medical services database.", False),
    # and not what a study arm was given.
    ("The control group only had access to routine care.", False),
])
def test_access_to_care_with_modifiers(sentence: str, engagement: bool) -> None:
    assert ("engagement" in _outcomes(sentence)) is engagement


@pytest.mark.parametrize(("sentence", "concept", "named"), [
    # A participle right after the people it describes says who they are, as "living with" does ...
    ("Programs may produce sustained benefits for individuals seeking help in addressing challenges.",
     "help-seeking", False),
    ("Peer workers supported patients presenting after an opioid-related overdose.", "substance-use", False),
    ("Most respondents reported having depression (34%).", "symptom-severity", False),
    # ... but the outcome said of the people as a change is one, and "wellbeing" is no participle.
    ("Participants were seeking help more often.", "help-seeking", True),
    ("The review discusses relationships in teams and PSW wellbeing.", "peer-worker-wellbeing", True),
])
def test_participles_and_conditions_that_describe_people(sentence: str, concept: str, named: bool) -> None:
    assert (concept in _outcomes(sentence)) is named


@pytest.mark.parametrize(("sentence", "symptoms"), [
    # A count or share in brackets after each item does not break a list of diagnoses.
    ("Respondents reported depression (34%), post-traumatic stress disorder (25%), and anxiety-related "
     "conditions (20%).", False),
    ("Participants had schizophrenia (40%) or depression (20%).", False),
    ("Anxiety (34%) improved and depression fell.", True),
])
def test_counts_in_brackets_within_a_list_of_diagnoses(sentence: str, symptoms: bool) -> None:
    assert ("symptom-severity" in _outcomes(sentence)) is symptoms


def test_a_measure_of_meaningful_activity_is_no_service_engagement() -> None:
    found = _outcomes("Outcomes were participation in relevant activities (Engagement in Meaningful Activities "
                      "Survey) and recovery.")
    assert "meaning" in found
    assert "engagement" not in found


@pytest.mark.parametrize(("sentence", "present", "absent"), [
    # What follows "people with" describes them ...
    ("Veterans with chronic loneliness took part in the pilot.", set(), {"loneliness"}),
    # ... until the verb of their clause: an auxiliary or a modal opens what is said of them
    ("Young adults with psychosis are often at risk of loneliness.", {"loneliness"}, set()),
    ("Mothers with postnatal depression may have lower self-esteem.", {"self-esteem"}, set()),
    ("Older people with bipolar disorder have higher rates of chronic disease.", {"physical-health"}, set()),
    # ... unless a relative pronoun keeps the clause in the description
    ("Carers with relatives who are lonely were recruited.", set(), {"loneliness"}),
])
def test_a_population_phrase_ends_at_its_clauses_verb(sentence: str, present: set[str], absent: set[str]) -> None:
    work = Work(line=1, abstract=sentence, abstract_sections=(AbstractSection("Background", sentence),))
    found = {str(m.concept).rsplit("/", 1)[-1] for m in extract_study(work).outcomes}
    assert present <= found
    assert not (absent & found)
