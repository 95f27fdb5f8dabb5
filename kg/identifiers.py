"""Cleaning and checking the identifiers sources carry (DOI, ISSN, ORCID)."""

from __future__ import annotations

import re

from stdnum import issn as _issn

# "https://doi.org/10.1037/h0095655.CrossRef" -> group "10.1037/h0095655.CrossRef" (cleaned below)
DOI_IN_TEXT = re.compile(r"(?:doi\.org/|doi:\s*)?(?P<doi>10\.\d{4,9}/[^\s\"<>]+)", re.IGNORECASE)
DOI_SHAPE = re.compile(r"^10\.\d{4,9}/\S+$")
# Never part of a DOI: control characters, U+FFFD (what a wrong decoding leaves behind), lone surrogates
NOT_IN_DOI = re.compile(r"[\x00-\x1f\x7f-\x9f\ufffd\ud800-\udfff]")
# Link labels publisher pages glue onto a DOI or a reference: "...009.CrossRefPubMedGoogle Scholar"
LINK_LABELS = re.compile(
    r"(?:\s*(?:CrossRef|PubMed Central|PubMedCentral|PubMed|Google Scholar|MathSciNet|zbMATH))+\s*$"
)
_ORCID = re.compile(r"(?P<id>\d{4}-\d{4}-\d{4}-\d{3}[\dX])")


def clean_doi(raw: str) -> str:
    """A DOI in canonical form: no resolver prefix, no link label, no trailing period, lower-case."""
    match = DOI_IN_TEXT.search(LINK_LABELS.sub("", raw.strip()))
    if not match:
        return ""
    doi = LINK_LABELS.sub("", match["doi"])
    doi = doi.rstrip(".,;)]")
    return doi.lower() if DOI_SHAPE.match(doi) and not NOT_IN_DOI.search(doi) else ""


def clean_issn(raw: str) -> str:
    """An ISSN as NNNN-NNNC when its check digit is right, else the empty string."""
    compact = _issn.compact(raw) if raw else ""
    return _issn.format(compact) if compact and _issn.is_valid(compact) else ""


def clean_orcid(raw: str) -> str:
    """The bare ORCID iD in a string or URL, else the empty string."""
    match = _ORCID.search(raw)
    return match["id"] if match else ""
