"""Field conversions shared by the export mappers (RIS, BibTeX, MEDLINE, PubMed XML, Crossref, CSL-JSON).

Each export names the same facts differently; these helpers turn the common
shapes (page ranges, dates, ISSN lists, names, marked-up abstracts) into the
values :mod:`kg.records` expects, so every mapper fills a field the same way.
"""

from __future__ import annotations

import datetime
import html
import re
from collections.abc import Iterable, Mapping, Sequence

from stdnum import isbn as _isbn

from kg.identifiers import checked_orcid, clean_issn, failed_check
from kg.names import is_suffix, person_from_direct, person_from_inverted
from kg.records import AbstractSection, Agent, Journal, Organization, Person

# FaBiO class for a type a vocabulary does not know: the most general bibliographic work.
GENERIC_KIND = "Expression"

# "123-130", "123-8" (MEDLINE shortens the last page), "296–316", "e12", "S12-S15", "39"
PAGE_RANGE = re.compile(
    r"""^\s*(?P<start>[A-Za-z]{0,3}\d+[A-Za-z]?)      # first page, with an "e" or "S" prefix
        (?:\s*(?:-|–|—|--)\s*(?P<end>[A-Za-z]{0,3}\d+[A-Za-z]?))?\s*$""",
    re.VERBOSE,
)
# A year inside a date string: "2014 Feb 14", "2012/06/01/", "2021-01-11", "Spring 2010"
YEAR = re.compile(r"(?<!\d)(?P<year>1[5-9]\d\d|20\d\d)(?!\d)")
# A full date: "2014 Feb 14" (MEDLINE DP), "2012/06/01/" (RIS DA), "2022-01-11" (ISO)
FULL_DATE = re.compile(
    r"^\s*(?P<year>\d{4})[-/ ](?P<month>\d{1,2}|[A-Za-z]{3})[a-z]*\.?[-/ ](?P<day>\d{1,2})(?!\d)"
)
MONTHS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1
    )
}
# An ISSN with the label that may follow it: "1075-2730 (Print)", "1471-244X (Electronic)", "0894587X"
ISSN_TOKEN = re.compile(r"(?<![\dX-])(?P<issn>\d{4}-?\d{3}[\dXx])(?![\dX])(?:\s*\((?P<label>[A-Za-z]+)\))?")
# Which ISSN a label marks, so the print ISSN comes first; an unlabelled one ranks with the electronic.
ISSN_ORDER = {"print": 0, "ppub": 0, "electronic": 1, "epub": 1, "linking": 2}
# Words that mark a name with no comma as a body, not a person: "World Health Organization"
CORPORATE_NAME = re.compile(
    r"""\b(?:Organi[sz]ation|Association|Commission|Committee|Council|Consortium|Collaborat\w*
        |Group|Institute|Agency|Department|Ministry|Society|Network|Foundation|Federation
        |Alliance|Office|Board|Authority|Centre|Center|University|Administration|Services?
        |Trust|Coalition|Programme|Program|Team)\b""",
    re.VERBOSE | re.IGNORECASE,
)
# Tags of JATS or HTML markup in abstracts: "<jats:p>With increasing calls ...</jats:p>"
MARKUP_TAG = re.compile(r"<[^<>]+>")
# One headed part of a JATS abstract: "<jats:sec><jats:title>Background</jats:title><jats:p>..."
JATS_SECTION = re.compile(
    r"<(?:jats:)?sec\b[^>]*>\s*<(?:jats:)?title>(?P<heading>.*?)</(?:jats:)?title>(?P<body>.*?)</(?:jats:)?sec>",
    re.DOTALL,
)
# A leading title that only says "Abstract": "<jats:title>Abstract</jats:title><jats:p>..."
JATS_ABSTRACT_TITLE = re.compile(r"<(?:jats:)?title>\s*Abstract\s*</(?:jats:)?title>", re.IGNORECASE)
# Capitalised labels of a flattened structured abstract: "BACKGROUND: Little is known ... METHOD: A ..."
ABSTRACT_LABEL = re.compile(r"(?:^|(?<=[.?!])\s+)(?P<label>[A-Z][A-Z0-9 ,&/()-]{2,60}):\s+")


def clean_text(text: str) -> str:
    """The text with runs of white space (line breaks, tabs) made single spaces."""
    return " ".join(text.split())


def as_list(value: object) -> list[object]:
    """A JSON field that should hold a list, or an empty list when it holds anything else."""
    return value if isinstance(value, list) else []


def unique(values: Iterable[str]) -> tuple[str, ...]:
    """The non-empty values in first-seen order without repeats."""
    seen: dict[str, None] = {}
    for value in values:
        if value and value not in seen:
            seen[value] = None
    return tuple(seen)


def split_pages(text: str) -> tuple[str, str]:
    """First and last page of a range ("123-8" -> 123, 128); a single page or article id stays first."""
    match = PAGE_RANGE.match(text or "")
    if not match:
        return clean_text(text or ""), ""
    start, end = match["start"], match["end"] or ""
    if end.isdigit() and start.isdigit() and len(end) < len(start):
        end = start[: len(start) - len(end)] + end
    return start, end


def year_from(text: object) -> int | None:
    """The first plausible year in a date string, else None."""
    match = YEAR.search(str(text)) if text is not None else None
    return int(match["year"]) if match else None


def date_from_text(text: str) -> str:
    """An ISO date when the string gives year, month and day, else the empty string."""
    match = FULL_DATE.match(text or "")
    if not match:
        return ""
    month = match["month"]
    number = int(month) if month.isdigit() else MONTHS.get(month.lower(), 0)
    return iso_date((int(match["year"]), number, int(match["day"])))


def iso_date(parts: Sequence[object]) -> str:
    """An ISO date from [year, month, day] parts when all three are given and valid."""
    numbers = [number for number in map(_date_part, parts[:3]) if number is not None]
    if len(numbers) < 3:
        return ""
    try:
        return datetime.date(*numbers).isoformat()
    except (ValueError, OverflowError):  # month 13, day 40, year 446744551616
        return ""


def _date_part(part: object) -> int | None:
    """A date part given as a number or digits ("06"), else None (true, 1.5, "x", 10**40 digits)."""
    if isinstance(part, bool) or not isinstance(part, int | str):
        return None
    text = str(part).strip()
    return int(text) if text.isdecimal() and len(text) < 10 else None


def first_date_parts(container: object) -> Sequence[object]:
    """The first [year, month, day] list of a CSL or Crossref date ({"date-parts": [[2012, 6]]})."""
    parts = container.get("date-parts") if isinstance(container, Mapping) else None
    if isinstance(parts, list) and parts and isinstance(parts[0], list):
        return parts[0]
    return ()


def kind_from(vocabulary: Mapping[str, str], raw: str) -> str:
    """The FaBiO class local name a format's type names, or the general class for an unknown type."""
    return vocabulary.get((raw or "").strip().lower(), GENERIC_KIND)


def issns_from(*texts: str) -> tuple[str, ...]:
    """The valid ISSNs in values such as "1075-2730 (Print)", print first, without repeats."""
    found: list[tuple[int, int, str]] = []
    for text in texts:
        for match in ISSN_TOKEN.finditer(text or ""):
            issn = clean_issn(match["issn"])
            if issn:
                rank = ISSN_ORDER.get((match["label"] or "").lower(), 1)
                found.append((rank, len(found), issn))
    return unique(issn for _, _, issn in sorted(found))


def failed_issns(*texts: str) -> tuple[str, ...]:
    """What to report about the ISSNs among the values whose check digit fails."""
    found = (failed_check("issn", m["issn"]) for text in texts for m in ISSN_TOKEN.finditer(text or ""))
    return unique(failure for failure in found if failure)


def isbn_identifiers(*texts: str) -> tuple[tuple[str, str], ...]:
    """("isbn", ISBN-13) for each valid ISBN among the values, ("failed", why) for each whose check digit fails."""
    failed = (failed_check("isbn", text) for text in texts if text)
    return tuple(("isbn", isbn) for isbn in isbns_from(*texts)) + tuple(("failed", f) for f in unique(failed) if f)


def isbns_from(*texts: str) -> tuple[str, ...]:
    """The valid ISBNs among the values, in ISBN-13 form, without repeats."""
    cleaned = (_isbn.compact(text.split()[0]) for text in texts if text and text.split())
    return unique(_isbn.to_isbn13(value) for value in cleaned if _isbn.is_valid(value))


def journal_from(title: str, *issn_texts: str) -> Journal | None:
    """A journal from its title and ISSN values, or None when the source names neither."""
    issns = issns_from(*issn_texts)
    title = clean_text(title or "")
    return Journal(title=title, issns=issns, failed_checks=failed_issns(*issn_texts)) if title or issns else None


def organization_from(text: str) -> Organization:
    """A body named by one string, kept as the source wrote it."""
    name = clean_text(text).rstrip(".")
    return Organization(name=name, as_given=text.strip())


def affiliations_from(texts: Iterable[str]) -> tuple[Organization, ...]:
    """One organisation per non-empty affiliation string, in source order."""
    return tuple(organization_from(text) for text in unique(clean_text(t) for t in texts))


def person_from_parts(
    family: str,
    given: str = "",
    *,
    orcid: str = "",
    affiliations: tuple[Organization, ...] = (),
    as_given: str = "",
    suffix: str = "",
) -> Person:
    """A person from separate family and given names ("Davidson", "Larry"); a generational suffix ("Jr.",
    "3rd") given apart or left at the end of either part is kept in the name, never in the family name."""
    family_words, given_words, suffixes = clean_text(family).split(), clean_text(given).split(), suffix.split()
    while len(given_words) > 1 and is_suffix(given_words[-1]):
        suffixes.insert(0, given_words.pop())
    while len(family_words) > 1 and is_suffix(family_words[-1]):
        suffixes.insert(0, family_words.pop())
    family, given = " ".join(family_words), " ".join(given_words)
    name = " ".join(part for part in (given, family, *suffixes) if part)
    written = as_given or ", ".join(part for part in (family, " ".join(suffixes), given) if part)
    orcid, failed = checked_orcid(orcid)
    return Person(
        name=name,
        family=family,
        given=given,
        as_given=written,
        affiliations=affiliations,
        orcid=orcid,
        failed_checks=failed,
    )


def agent_from_name(text: str, *, affiliations: tuple[Organization, ...] = ()) -> Agent:
    """An author from one name: "Family, Given", a body ("World Health Organization") or "Given Family"."""
    # EndNote ends a corporate author with a comma: "A1  - World Health Organization,"
    text = clean_text(text).strip(" ,;")
    head = text.split(",")[0]
    # a body's name may hold a comma ("Department of Health, Victoria"), a person's family name never a body word
    if CORPORATE_NAME.search(head) and ("," not in text or len(head.split()) > 1):
        return organization_from(text)
    if "," in text:
        return person_from_inverted(text, affiliations=affiliations)
    return person_from_direct(text, affiliations=affiliations)


def title_without_final_period(title: str) -> str:
    """A title without the full stop PubMed ends every title with ("...mental illness." -> "...illness")."""
    title = clean_text(title)
    return title[:-1] if title.endswith(".") and not title.endswith("..") else title


def heading_from(label: str) -> str:
    """A section heading as the source gives it, with all-capital labels ("METHODS") made "Methods"."""
    label = clean_text(label).rstrip(":")
    return label.capitalize() if label.isupper() else label


def strip_markup(text: str) -> str:
    """Plain text from a JATS or HTML fragment: tags dropped, entities decoded, spaces collapsed."""
    return clean_text(html.unescape(MARKUP_TAG.sub(" ", text or "")))


def abstract_from_markup(text: str) -> tuple[str, tuple[AbstractSection, ...]]:
    """The plain abstract of a JATS fragment and its headed sections, if it has any."""
    text = JATS_ABSTRACT_TITLE.sub(" ", text or "")
    sections = tuple(
        AbstractSection(heading=heading_from(strip_markup(m["heading"])), text=strip_markup(m["body"]))
        for m in JATS_SECTION.finditer(text)
    )
    if sections:
        return " ".join(f"{s.heading}: {s.text}" for s in sections), sections
    return strip_markup(text), ()


def sections_from_labelled(text: str) -> tuple[AbstractSection, ...]:
    """The headed sections of a flattened abstract that starts with a label ("BACKGROUND: ...")."""
    matches = list(ABSTRACT_LABEL.finditer(text or ""))
    if not matches or matches[0].start() != 0:
        return ()
    ends = [m.start() for m in matches[1:]] + [len(text)]
    return tuple(
        AbstractSection(heading=heading_from(m["label"]), text=clean_text(text[m.end() : end]))
        for m, end in zip(matches, ends, strict=True)
    )


# PubMed publication types (MEDLINE `PT`, XML <PublicationType>) as FaBiO classes.
PUBMED_KINDS: Mapping[str, str] = {
    "journal article": "JournalArticle",
    "review": "JournalArticle",
    "systematic review": "JournalArticle",
    "meta-analysis": "JournalArticle",
    "randomized controlled trial": "JournalArticle",
    "editorial": "Editorial",
    "letter": "Letter",
    "comment": "Comment",
    "preprint": "Preprint",
}
# Publication types too general to name the article's type.
PUBMED_GENERIC_TYPES = frozenset({"journal article"})
