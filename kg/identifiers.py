"""Cleaning and checking the identifiers sources carry (DOI, ISSN, ORCID)."""

from __future__ import annotations

import re

from stdnum import isbn as _isbn
from stdnum import issn as _issn
from stdnum.iso7064 import mod_11_2

# "https://doi.org/10.1037/h0095655.CrossRef" -> group "10.1037/h0095655.CrossRef" (cleaned below).
# A Wiley SICI DOI holds '<' and '>' in its suffix: "10.1002/(SICI)1097-4571(199806)49:8<693::AID-ASI4>3.0.CO;2-O";
# a '<' is part of the DOI only in that shape ("<start::code>"), never as markup ("</a>").
DOI_IN_TEXT = re.compile(
    r"(?:doi\.org/|doi:\s*)?(?P<doi>10\.\d{4,9}/(?:[^\s\"<>]|<\d*::[^\s\"<>]*>)+)", re.IGNORECASE
)
DOI_SHAPE = re.compile(r"^10\.\d{4,9}/\S+$")
# Never part of a DOI: control characters, U+FFFD (what a wrong decoding leaves behind), lone surrogates
NOT_IN_DOI = re.compile(r"[\x00-\x1f\x7f-\x9f\ufffd\ud800-\udfff]")
# Link labels publisher pages glue onto a DOI or a reference: "...009.CrossRefPubMedGoogle Scholar"
LINK_LABELS = re.compile(
    r"(?:\s*(?:CrossRef|PubMed Central|PubMedCentral|PubMed|Google Scholar|MathSciNet|zbMATH))+\s*$"
)
_ORCID = re.compile(r"(?P<id>\d{4}-?\d{4}-?\d{4}-?\d{3}[\dXx])")


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
    """The bare ORCID iD in a string or URL when its check digit (ISO 7064 MOD 11-2) is right, else ''."""
    match = _ORCID.search(raw or "")
    if not match:
        return ""
    digits = match["id"].replace("-", "").upper()
    if not mod_11_2.is_valid(digits):
        return ""
    return "-".join(digits[i : i + 4] for i in range(0, 16, 4))


def checked_orcid(raw: str) -> tuple[str, tuple[str, ...]]:
    """The ORCID iD to link, and what to report instead when its check digit fails."""
    failed = failed_check("orcid", raw)
    return ("", (failed,)) if failed else (clean_orcid(raw), ())


def failed_check(kind: str, raw: str) -> str:
    """What to report about an identifier of the right shape whose check digit fails; '' when it passes or
    does not look like one at all ("ORCID 0000-0002-1825-0098: check digit fails")."""
    text = " ".join((raw or "").split())
    if kind == "orcid":
        match = _ORCID.search(text)
        bad = bool(match) and not clean_orcid(text)
        shown = match["id"] if match else text
    elif kind == "issn":
        compact = _issn.compact(text) if text else ""
        bad = len(compact) == 8 and compact[:7].isdigit() and not _issn.is_valid(compact)
        shown = text
    elif kind == "isbn":
        compact = _isbn.compact(text.split()[0]) if text.split() else ""
        bad = len(compact) in (10, 13) and compact[:9].isdigit() and not _isbn.is_valid(compact)
        shown = text.split()[0] if text.split() else text
    else:
        raise ValueError(f"no check digit known for {kind!r}; known: orcid, issn, isbn")
    return f"{kind.upper()} {shown}: check digit fails" if bad else ""
