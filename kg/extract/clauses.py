"""Clauses: where a result sentence divides into parts that each state their own result, and what the
opening of a clause says of the clause before it.

- a sentence splits at contrasts ("but", "whereas", "however", "yet", "while", ";") and before ", in which";
  a concessive ("although") stays joined to its main clause unless it denies ("although not at 6 months") or has an
  outcome of its own as its subject ("stigma did not differ, although help-seeking was higher"), whose result is
  its own, other studies or people counted as its subject ("most trials found no effect, though one reported a
  reduction"), or a result noun with its verb as its subject ("no differences between groups on outcome measures,
  although a small difference was found in anxiety"), which leaves the main clause's null about the outcomes whole;
- the items of a list after a colon share its cue ("improved: hope; empowerment") unless each item is a clause
  of its own, which the objects of a preposition before the colon never are ("increases in: 1) ...; 2) ...");
  a subordinate clause that opens the sentence ends at the first comma; a semicolon inside a parenthesis or
  bracket separates the items of an aside ("[hope, p = .003; self-esteem, p = .008]"), never two clauses;
- discourse markers such as "on the other hand" are no boundary and never flip anything;
- a clause can deny the one before without repeating its verb ("while self-esteem did not"), deny only its
  significance ("though not significantly"), move it to another time ("although not at 6 months"), add to it
  ("but also"), or give it to other studies or people ("whereas four found no effect").
"""

from __future__ import annotations

import re
from itertools import pairwise

from kg.extract.text import Sentence, Token

# Clause boundaries that separate what each side says. Concessive "although" joins its clause
# to the main one, so "although this was not consistent" still qualifies the main clause.
STRONG_BOUNDARIES = frozenset({";", "but", "whereas", "however", "yet", "while"})
CONCESSIVE = frozenset({"although", "though"})
# Brackets, inside which a semicolon separates the items of an aside (statistics of each measure), not clauses.
OPENING_BRACKETS = frozenset({"(", "["})
CLOSING_BRACKETS = frozenset({")", "]"})
# A result of its own as the subject of a concessive clause, with its verb. Matches: "although a small clinical
# difference was found", "though some improvement was seen"
RESULT_SUBJECT = re.compile(r"""^\W*(?:although|though)\s+(?:a|an|some|the)\s+(?:[\w-]+\s+){0,3}?
    (?:differences?|effects?|changes?|improvements?|trends?|benefits?|reductions?|increases?)\s+(?:was|were|is|are)\b
    """, re.IGNORECASE | re.VERBOSE)
# How many words a subject may take before a "however" set between commas, which then is an aside inside one clause:
# "Not all interventions, however, improved".
PARENTHETICAL_SUBJECT = 4
# How many words may open a concessive clause before the outcome that is its subject: "although the mean hope".
CONCESSIVE_SUBJECT_REACH = 3
# Words from which a list item after a semicolon counts as a clause of its own.
CLAUSE_ITEM = 8
# Prepositions that leave their object to the list after a colon, whose items are then noun phrases however long,
# never clauses: "significant increases in: 1) hopefulness; 2) awareness of their own early warning signs".
OBJECT_PREPOSITIONS = frozenset({"in", "on", "of", "for", "with", "to", "across", "including", "regarding"})
# Words that open a subordinate clause ended by the first comma: "While the trial found no benefit, hope ...".
SUBORDINATORS = frozenset({"while", "whereas", "although", "though", "whilst", "because"})
# Words that open a list of examples; a cue right before one says what the items are: "several benefits for
# mentees; including hope, reconnection with others".
LIST_OPENERS = frozenset({"including", "include", "included", "such", ":"})
# Auxiliaries that end a clause, negated, in place of the verb left out: "while self-esteem did not".
AUXILIARIES = frozenset({"did", "do", "does", "was", "were", "is", "are", "had", "has", "have", "could"})
# Prepositions that open a time or circumstance after "but not": "but not at follow-up", "although not in women".
CIRCUMSTANCE_WORDS = frozenset({"at", "in", "for", "after", "during", "by", "over", "among", "until", "beyond"})
# Other studies of a review, or other people, as the subject of a clause. Matches: "whereas four found no effect",
# "while other trials showed no difference", "the remaining studies reported no change", "while others felt no change",
# "whereas another found no effect"
OTHER_STUDIES = re.compile(r"^\W*(?:while|whereas|but|and)?\s*(?:others|another|the\ (?:others|rest|remainder))\b"
                           r"|\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|others?|another|remaining"
                           r"|the\ rest)"
                           r"\b(?:\s+\w+){0,2}?\s+(?:found|reported|showed|demonstrated|observed)\b"
                           r"|\b(?:studies|trials|reviews)\b", re.IGNORECASE | re.VERBOSE)
# A counted subject opening a clause: other studies or people than those the clause before spoke of. Matches: "but
# four did not", "while 12 showed no change", "whereas some did not"
COUNTED_SUBJECT = re.compile(r"^\W*(?:but|while|whereas|and|although|though)?\s*(?:\d+|one|two|three|four|five|six"
                             r"|seven|eight|nine|ten|some|many|most|several)\b(?!\s*(?:%|months?|weeks?|years?|days?))",
                             re.IGNORECASE)


def clauses(sentence: Sentence, subjects: frozenset[int] = frozenset()) -> list[tuple[int, int, bool]]:
    """(first, last, starts_with_but_not) token ranges of a sentence's clauses; concessives stay joined unless they
    deny or one of the outcome mentions that begin at the token positions ``subjects`` is their own subject."""
    tokens = sentence.tokens
    colons = [i for i, t in enumerate(tokens) if t.norm == ":"]
    objects = bool(colons) and colons[0] > 0 and tokens[colons[0] - 1].norm in OBJECT_PREPOSITIONS
    cuts = [0]
    bracketed = _bracketed(tokens)
    for i, token in enumerate(tokens):
        if token.norm == ";" and i in bracketed:
            continue  # "[family functioning, p = .003; patient functioning, p = .008]": items of an aside, no clauses
        # The items of a list after a colon share its cue ("improved: hope; empowerment"), unless each
        # item is a clause of its own ("The findings indicate that: peers experience ambiguity; ..."); the objects
        # of a preposition before the colon never are ("increases in: 1) hope; 2) awareness of ...").
        if token.norm in STRONG_BOUNDARIES and i > 0 and not (token.norm == ";" and colons and colons[0] < i and (
                objects or not _item_is_clause(tokens, i))) and not (
                token.norm == ";" and i + 1 < len(tokens) and tokens[i + 1].norm in LIST_OPENERS) and not (
                token.norm == "but" and _word_before(tokens, i) == "some") and not (  # "some(,) but not all trials"
                _parenthetical(tokens, i, cuts[-1], subjects)):  # "Not all groups, however, improved"
            cuts.append(i)
        elif token.norm in CONCESSIVE and i > 0 and i + 1 < len(tokens) and tokens[i + 1].norm in ("not", "no"):
            cuts.append(i)  # "lower scores at 3 months although not at 6 months" contrasts two results
        elif token.norm in CONCESSIVE and i > 0 and (_opens_with_subject(tokens, i, subjects)
                                                    or bool(COUNTED_SUBJECT.match(clause_text_from(tokens, i)))
                                                    or bool(RESULT_SUBJECT.match(clause_text_from(tokens, i)))):
            # "stigma did not differ, although help-seeking was higher": a result of its own; "though one reported a
            # reduction": the result of others
            cuts.append(i)
        elif token.norm == "and" and i + 1 < len(tokens) and tokens[i + 1].norm == "that":
            cuts.append(i)  # "participants changed ... and that the peers find the role challenging": two statements
        elif token.norm == "which" and i > 1 and tokens[i - 1].norm == "in" and tokens[i - 2].norm == ",":
            cuts.append(i - 1)
    # "While the pilot found no benefits on the outcomes, there is an indication that hope may increase."
    word_positions = [i for i, t in enumerate(tokens) if t.word]
    if word_positions and tokens[word_positions[0]].norm in SUBORDINATORS:
        comma = next((i for i, t in enumerate(tokens) if t.norm == ","), None)
        if comma is not None:
            cuts.append(comma + 1)
    cuts = sorted(set(cuts))
    cuts.append(len(tokens))
    out = []
    for a, b in pairwise(cuts):
        if b > a:
            lead = [t.norm for t in tokens[a:b] if t.word][:2]
            out.append((a, b - 1, lead[:1] in (["but"], ["although"], ["though"]) and lead[1:2] in (["not"], ["no"])))
    return out


def _parenthetical(tokens: tuple[Token, ...], i: int, start: int, subjects: frozenset[int]) -> bool:
    """True when the "however" at i stands between commas after no more than the few words of a subject, where no
    outcome stands: "Not all interventions, however, significantly improved loneliness" is one clause, its subject
    before the aside and its verb after it."""
    if tokens[i].norm != "however" or not (0 < i < len(tokens) - 1 and tokens[i - 1].norm == ","
                                           and tokens[i + 1].norm == ","):
        return False
    before = [k for k in range(start, i - 1) if tokens[k].word]
    return 0 < len(before) <= PARENTHETICAL_SUBJECT and not any(start <= k < i for k in subjects)


def _bracketed(tokens: tuple[Token, ...]) -> set[int]:
    """The positions of the tokens that stand inside a parenthesis or square bracket."""
    inside: set[int] = set()
    depth = 0
    for i, token in enumerate(tokens):
        if token.norm in CLOSING_BRACKETS:
            depth = max(0, depth - 1)
        elif depth:
            inside.add(i)
        if token.norm in OPENING_BRACKETS:
            depth += 1
    return inside


def _opens_with_subject(tokens: tuple[Token, ...], at: int, subjects: frozenset[int]) -> bool:
    """True when an outcome mention begins among the first words after a concessive and the main clause before it
    names an outcome too: in "stigma did not differ, although help-seeking intentions were higher" help-seeking is
    the concessive's own subject. A main clause that names none ("results were uneven, although gains in hope were
    reported") is what the concessive qualifies, so the two stay one clause."""
    words = [k for k in range(at + 1, len(tokens)) if tokens[k].word][:CONCESSIVE_SUBJECT_REACH]
    return any(k in subjects for k in words) and any(k < at for k in subjects)


def clause_text_from(tokens: tuple[Token, ...], at: int) -> str:
    """The words of a sentence from a token on, joined by spaces: what a clause opening there begins with."""
    return " ".join(t.text for t in tokens[at:])


def _word_before(tokens: tuple[Token, ...], at: int) -> str:
    """The normal form of the word before a token, over any punctuation between; "" at the start."""
    return next((t.norm for t in reversed(tokens[:at]) if t.word), "")


def _item_is_clause(tokens: tuple[Token, ...], at: int) -> bool:
    """True when the list item after a semicolon runs to CLAUSE_ITEM words or more before the next one."""
    words = 0
    for token in tokens[at + 1:]:
        if token.norm == ";":
            break
        words += token.word
    return words >= CLAUSE_ITEM


def clause_text(sentence: Sentence, first: int, last: int) -> str:
    """The text of a sentence from its token first to its token last, both included."""
    return sentence.text[sentence.tokens[first].start - sentence.start:sentence.tokens[last].end - sentence.start]


def elliptic_negation(sentence: Sentence, first: int, last: int) -> bool:
    """True when a clause ends on a negated auxiliary whose verb is left out, as in "while self-esteem did
    not" or "but hope was not (p = .31)": it denies the change the clause before states."""
    words = []
    depth = 0
    for token in sentence.tokens[first:last + 1]:
        depth += (token.norm == "(") - (token.norm == ")")
        if token.word and depth == 0:
            words.append(token.norm)
    return len(words) >= 2 and words[-1] in ("not", "n't") and words[-2] in AUXILIARIES


def denies_only_significance(sentence: Sentence, first: int, last: int) -> bool:
    """True when a "but not" clause only denies significance: "though not significantly (so)", "but not significant"."""
    words = {t.norm for t in sentence.tokens[first:last + 1] if t.word}
    return words <= {"but", "though", "although", "albeit", "not", "significantly", "significant", "statistically",
                     "so"}


def names_a_circumstance(sentence: Sentence, first: int) -> bool:
    """True when a "but not" clause goes on with a time or circumstance ("although not at 6 months", "but not
    in the long term"), not with a thing of its own ("but not motivation to provide support")."""
    words = [t.norm for t in sentence.tokens[first:first + 4] if t.word]
    return len(words) >= 3 and words[2] in CIRCUMSTANCE_WORDS


def adds_to_previous(sentence: Sentence, first: int) -> bool:
    """True when a clause opens with "but also", "and also" or "as well as": it adds to what came before."""
    lead = [t.norm for t in sentence.tokens[first:first + 3] if t.word][:2]
    return lead in (["but", "also"], ["and", "also"])
