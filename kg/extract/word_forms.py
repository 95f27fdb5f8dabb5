"""Outcomes named by other forms of a one-word label: adjectives ("felt less anxious"), nouns of state
("hopefulness"), the prefix of doing again ("rehospitalisation") and negated forms, which name the outcome's
opposite ("disengagement", "meaningless")."""

from __future__ import annotations

from kg.extract.lexicon import BLOCK, OUTCOME, Entry, Lexicon, stem
from kg.extract.matches import (
    Match,
    make_match,
)
from kg.extract.text import Sentence, normalize_phrase

# Adjective endings and the noun endings they come from: anxious/anxiety, depressive/depression, confident/
# confidence, isolated/isolation, stigmatized/stigmatization, empowered/empowerment, suicidal/suicide.
_DERIVATIONS = (("ious", ("iety", "ion")), ("ive", ("ion",)), ("ent", ("ence",)), ("ant", ("ance",)),
                ("ized", ("ization",)), ("ated", ("ation",)), ("ed", ("ion", "ment", "", "e")), ("al", ("e", "")),
                ("ful", ("",)), ("ly", ("liness",)))
_MIN_STEM = 3
# Words before an adjective that say how people feel or are: "felt less anxious", "were more confident".
_FEELING_WORDS = frozenset({"feel", "felt", "feeling", "more", "less", "very", "highly", "became", "become",
                            "becoming", "remained", "least", "most", "seemed"})
# Nouns after an adjective that make it the name of a measure: "depressive symptoms", "anxious mood".
_MEASURE_HEADS = frozenset({"symptom", "score", "level", "feeling", "mood", "thought", "state", "severity"})


def derived_adjectives(sentence: Sentence, found: list[Match], lex: Lexicon, positions: list[int],
                       norms: list[str]) -> list[Match]:
    """Outcomes named by the adjective of a one-word label, said of how people feel or heading a measure:
    "felt less anxious" (anxiety), "more confident" (confidence), "depressive scores" (depression),
    "felt less stigmatised" (stigmatisation). Only where no label matched and the noun is an outcome label."""
    taken = {i for m in found for i in range(m.first, m.last + 1)}
    extra: list[Match] = []
    for k, word in enumerate(norms):
        if positions[k] in taken or (word,) in lex.entries:
            continue
        before = norms[max(0, k - 2):k]
        after = norms[k + 1:k + 2]
        if set(after) & _MEASURE_HEADS:
            pass
        elif not set(before) & _FEELING_WORDS or _attributive(sentence, positions, k):
            continue
        for noun in _nouns_of(word):
            entries = [e for e in lex.entries.get((noun,), ()) if e.scheme == OUTCOME]
            if entries:
                extra.extend(make_match(sentence, e, positions[k], positions[k]) for e in entries)
                break
        else:
            # The suffix table knows no noun: the stem finds one ("isolated" and "isolation" share "isol").
            extra.extend(make_match(sentence, e, positions[k], positions[k]) for e in _stem_entries(word, lex))
    return extra


# Words that may follow an adjective of feeling without being the noun it describes: "more confident in",
# "less anxious and", "felt hopeful about".
_AFTER_PREDICATE = frozenset({
    "in", "about", "and", "or", "with", "to", "than", "at", "of", "after", "over", "when", "as", "because", "for",
    "during", "compared", "but", "while", "across", "toward", "towards", "that", "by", "from", "on", "if",
    "among", "throughout", "following", "before", "since", "overall", "both", "were", "was", "is", "are",
    "upon", "within", "without", "whereas", "although", "though", "so", "enough", "again",
    # a determiner after it makes the word a verb ("destigmatised the topic"): no adjective stands before one
    "the", "a", "an", "their", "its", "his", "her", "this", "these", "those", "our", "them", "it"})


def _attributive(sentence: Sentence, positions: list[int], k: int) -> bool:
    """True when the adjective at k stands before the noun it describes ("more resilient services", "less
    stigmatising language"), so it names a quality of that thing, not how people feel; an adjective said of
    people stands last in its phrase ("felt more resilient", "less anxious than before")."""
    if k + 1 >= len(positions):
        return False
    token = sentence.tokens[positions[k + 1]]
    return token.word and token.norm not in _AFTER_PREDICATE and not token.norm.endswith("ly")


# Stems too short to tell words apart ("use" of "usefulness", "had" of "HADS") are not looked up.
_MIN_STEM_LOOKUP = 4


def _stem_entries(word: str, lex: Lexicon) -> list[Entry]:
    """Outcome labels of one word whose stem is the word's stem, when the word is no label itself and no
    blocked phrase shares the stem."""
    key = (stem(word),)
    if len(key[0]) < _MIN_STEM_LOOKUP or (word,) in lex.entries:
        return []
    entries = lex.stemmed.get(key, ())
    if any(e.concept == BLOCK for e in entries):
        return []
    return [e for e in entries if e.scheme == OUTCOME and len(e.label.split()) == 1
            and _shared_prefix(word, normalize_phrase(e.label)[0]) >= len(normalize_phrase(e.label)[0]) - _SUFFIX_ROOM]


# How many letters of a label may differ from a word of the same stem at its end: "isolat|ion" and "isolat|ed"
# are one word; "activ|ation" and "activ|e" are not.
_SUFFIX_ROOM = 4


def _shared_prefix(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


# Endings of nouns made from adjectives and nouns of a state ("hopefulness" of "hopeful").
_STATE_NOUN_ENDINGS = ("ness",)
# The prefix of doing again ("rehospitalization", "re-engaging"): the rest names the outcome.
_AGAIN = "re"
_MIN_REST = 6


def derived_nouns(sentence: Sentence, consumed: set[int], lex: Lexicon, positions: list[int],
                  norms: list[str]) -> list[Match]:
    """Outcomes named by a derived form of a one-word label that no label matched: a noun of state
    ("hopefulness": hope) or the label with the prefix of doing again ("rehospitalizations",
    "re-engaging": engagement)."""
    extra: list[Match] = []
    for k, word in enumerate(norms):
        if positions[k] in consumed:
            continue
        first = positions[k]
        entries: list[Entry] = []
        if word.endswith(_STATE_NOUN_ENDINGS):
            entries = _stem_entries(word, lex)
        elif word.startswith(_AGAIN) and len(word) - len(_AGAIN) >= _MIN_REST:
            rest = word[len(_AGAIN):]
            entries = list(_stem_entries(rest, lex)) or [e for e in lex.entries.get((rest,), ())
                                                          if e.scheme == OUTCOME]
        elif (word == _AGAIN and k + 1 < len(norms) and positions[k + 1] not in consumed
              and sentence.tokens[first + 1].text == "-"):
            rest = norms[k + 1]
            entries = [e for e in lex.entries.get((rest,), ()) if e.scheme == OUTCOME] or _stem_entries(rest, lex)
            if entries:
                extra.extend(make_match(sentence, e, first, positions[k + 1]) for e in entries)
            continue
        extra.extend(make_match(sentence, e, first, first) for e in entries)
    return extra


# Prefixes that negate or reverse the word they stand before ("disengagement", "unemployed", "destigmatised",
# "non-adherence") and suffixes of lacking ("meaningless", "powerlessness"): the word names its outcome's
# opposite. The rest must be six letters or more, so that short words that only look so ("desire", "united",
# "unless") are left alone.
_NEGATING_PREFIXES = ("dis", "non", "un", "de")
_UNDOING = "de"
# Endings of adjectives, which describe the noun after them ("unemployed persons", "unhelpful responses").
_ADJECTIVE_ENDINGS = ("ed", "ful", "less", "ing", "ive", "al", "able", "ible")
_VERB_ENDINGS = ("ed", "ing", "ise", "ize", "ises", "izes")
_LACKING_SUFFIXES = ("lessness", "less")
_MIN_NEGATED = 6


def opposite_forms(sentence: Sentence, found: list[Match], consumed: set[int], lex: Lexicon,
                   positions: list[int], norms: list[str]) -> tuple[list[Match], list[Match]]:
    """Outcomes named by their opposite through a negating prefix or a suffix of lacking on a one-word label or
    a form of it that no label matched: "disengagement" (engagement), "unemployment" (employment), "felt
    destigmatised" (stigma), "meaninglessness" (meaning); a hyphenated prefix negates the label after it
    ("non-adherence to medication"). Each match says it names the opposite, so that a fall in it is a rise in
    the outcome. Returns the matches and the labels they take the place of."""
    taken = consumed | {i for m in found for i in range(m.first, m.last + 1)}
    tokens = sentence.tokens
    extra: list[Match] = []
    negated: list[Match] = []
    for k, word in enumerate(norms):
        first = positions[k]
        if first in taken or (word,) in lex.entries:
            continue
        if word in _NEGATING_PREFIXES[:2] and k + 1 < len(norms) and tokens[first + 1].text == "-":
            after = [m for m in found if m.scheme == OUTCOME and m.first == positions[k + 1]]
            negated.extend(after)
            extra.extend(Match(m.concept, m.scheme, first, m.last, tokens[first].start, m.end, m.plural, True)
                         for m in after)
            rests = [] if after else [norms[k + 1]]
            last = positions[k + 1]
        else:
            rests, last = _negated_rests(word), first
        if (rests and first == last and word.endswith(_ADJECTIVE_ENDINGS) and _attributive(sentence, positions, k)
                and not any(m.scheme == OUTCOME and m.first == positions[k + 1] for m in found)):
            continue  # "unemployed persons" describes people; "destigmatised help-seeking" acts on an outcome
        for rest in rests:
            entries = _negated_entries(rest, lex)
            if entries:
                extra.extend(Match(e.concept, e.scheme, first, last, tokens[first].start, tokens[last].end,
                                   tokens[last].plural, True) for e in entries)
                break
    return extra, negated


def marked_opposite(sentence: Sentence, match: Match, lex: Lexicon) -> Match:
    """A label that is itself a negated form of its concept's name ("unemployment", "disempowerment",
    "unhelpful") names the opposite too."""
    if match.scheme != OUTCOME or match.opposite:
        return match
    for token in match.tokens(sentence):
        for rest in _negated_rests(token.norm):
            if any(e.concept == match.concept for e in _negated_entries(rest, lex)):
                return Match(match.concept, match.scheme, match.first, match.last, match.start, match.end,
                             match.plural, True)
    return match


def _negated_rests(word: str) -> list[str]:
    """What a word may negate: its rest after a negating prefix, or before a suffix of lacking. The prefix of
    undoing ("de") makes verbs and their participles ("destigmatised", "demotivated"); nouns that start with it
    ("decompensation", "depression") are words of their own."""
    rests = [word[len(p):] for p in _NEGATING_PREFIXES if word.startswith(p) and len(word) - len(p) >= _MIN_NEGATED
             and (p != _UNDOING or word.endswith(_VERB_ENDINGS))]
    rests += [word[:-len(s)] for s in _LACKING_SUFFIXES if word.endswith(s) and len(word) - len(s) >= _MIN_STEM + 1]
    return rests


def _negated_entries(rest: str, lex: Lexicon) -> list[Entry]:
    """Outcome labels of one word that a negated rest names: itself, the noun it is derived from
    ("stigmatized": stigmatization), or a label of its stem."""
    for word in (rest, *_nouns_of(rest)):
        entries = [e for e in lex.entries.get((word,), ()) if e.scheme == OUTCOME]
        if entries:
            return entries
    return _stem_entries(rest, lex)


def _nouns_of(adjective: str) -> list[str]:
    """Nouns an adjective may be derived from, by the usual English suffixes."""
    out: list[str] = []
    for ending, replacements in _DERIVATIONS:
        if adjective.endswith(ending) and len(adjective) - len(ending) >= _MIN_STEM:
            stem = adjective[:len(adjective) - len(ending)]
            out.extend(stem + r for r in replacements)
    return out


# Prepositions that join the head of a two-word label to its modifier when the two change places ("satisfaction
# with life" is life satisfaction, "integration into the community" community integration, "adherence to
# medication", "attendance at sessions", "use of services"), and the words that may stand between them.
_INVERTING_PREPOSITIONS = frozenset({"of", "with", "in", "into", "to", "at", "within"})
_BETWEEN_INVERTED = frozenset({"the", "their", "his", "her", "its", "one", "our", "your", "a"})


def inverted_labels(sentence: Sentence, consumed: set[int], lex: Lexicon, positions: list[int],
                    norms: list[str]) -> list[Match]:
    """Outcomes named by a two-word label whose words changed places around a preposition: "satisfaction with
    life" (life satisfaction), "integration into the community" (community integration), "use of mental health
    services" is not one (the modifier is itself the head of a longer phrase), nor are words a label took."""
    extra: list[Match] = []
    for k in range(len(norms) - 2):
        if norms[k + 1] not in _INVERTING_PREPOSITIONS:
            continue
        j = k + 3 if norms[k + 2] in _BETWEEN_INVERTED and k + 3 < len(norms) else k + 2
        head, modifier = positions[k], positions[j]
        if head in consumed or modifier in consumed or not _phrase_ends(sentence, positions, j):
            continue
        entries = lex.entries.get((norms[j], norms[k]), ())  # the words as they stand: "used in" is a verb
        if any(e.scheme == BLOCK for e in entries):
            continue
        tokens = sentence.tokens
        extra.extend(Match(e.concept, e.scheme, head, modifier, tokens[head].start, tokens[modifier].end,
                           tokens[head].plural) for e in entries if e.scheme == OUTCOME)
    return extra


def _phrase_ends(sentence: Sentence, positions: list[int], j: int) -> bool:
    """True when the word at j ends its noun phrase: no word follows it in the sentence's words, or the next is a
    preposition, conjunction, verb form or punctuation rather than a noun it would modify."""
    if j + 1 >= len(positions):
        return True
    if positions[j + 1] != positions[j] + 1:
        return True  # punctuation between
    after = sentence.tokens[positions[j + 1]].norm
    return after in _AFTER_PREDICATE or after.endswith(("ed", "ly")) or after in {"is", "are", "was", "were"}
