"""Affiliations whose parts a copied web page glued together ("Prairie Mountain HealthBrandonCanada")."""

from __future__ import annotations

import re
from dataclasses import replace

from kg.countries import split_trailing_country
from kg.records import Organization

# "HealthBrandon" / "(CMH)London": a lower-case letter or ")" directly followed by a capital
# is where two spans of the page (unit, organisation, city) met when the text was copied.
GLUE_POINT = re.compile(r"(?<=[a-z)])(?=[A-Z])")
# Names that carry an inner capital by themselves: "McMaster", "MacDonald", "DePaul", "LaTrobe".
GLUED_NAME_PREFIXES: frozenset[str] = frozenset(
    {"Mc", "Mac", "De", "Di", "Da", "Du", "La", "Le", "Van", "Von", "Fitz"}
)


def split_glued(text: str) -> list[str]:
    """Split "Prairie Mountain HealthBrandon" into ["Prairie Mountain Health", "Brandon"]."""
    parts: list[str] = []
    start = 0
    for point in GLUE_POINT.finditer(text):
        cut = point.start()
        word_start = max(text.rfind(" ", start, cut) + 1, start)
        word_head = text[word_start:cut].lstrip("('\"‘“")
        # "eHealth", "deVries" (a lower-case head) and "McMaster" are one word, not two spans;
        # "eHealthDePaul" still splits, since "eHealth" already has its capital.
        if word_head.islower() or not word_head[:1].isalpha() or word_head in GLUED_NAME_PREFIXES:
            continue
        parts.append(text[start:cut].strip(" ,"))
        start = cut
    parts.append(text[start:].strip(" ,"))
    return [part for part in parts if part]


def organization_from_glued(text: str) -> Organization:
    """An Organization from "Department of XYale UniversityNew HavenUSA": units, body, city, country.

    With two or more spans the last is the city and the one before it the organisation;
    earlier spans are units inside it. A single span ("Swan River") stays the name, since
    nothing tells whether it names a place or a body.
    """
    as_given = " ".join(text.split())
    rest, country = split_trailing_country(as_given)
    spans = [span for chunk in rest.split(", ") for span in split_glued(chunk)]
    if not spans:
        return Organization(name=country, as_given=as_given, country=country)
    locality = spans.pop() if len(spans) >= 2 else ""
    # The last span is the largest body; each earlier span is a unit inside the next one.
    organization = Organization(name=spans[-1], locality=locality, country=country)
    for span in reversed(spans[:-1]):
        organization = Organization(name=span, parent=organization, locality=locality, country=country)
    return replace(organization, as_given=as_given)
