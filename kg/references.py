"""Reading one APA-style reference ("Family, I. (Year). Title. Container.") into a record.

The parse runs in steps, each with a named pattern: link labels and the DOI are
taken off the end, the authors and the year off the front, and what is left is
"Title. Container." The title is split from the container by trying the
sentence boundaries left to right and keeping the first whose remainder reads
as a container (journal, place: publisher, web address), so a title with its
own colon, question mark or quotes stays whole.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypedDict

from kg.errors import RecordError
from kg.identifiers import LINK_LABELS, clean_doi
from kg.names import person_from_inverted
from kg.records import Agent, Journal, Organization, Reference, Work

# "... 11–23.  https://doi.org/10.1037/h0095655." (labels already removed): the DOI link at the end.
DOI_LINK = re.compile(r"\s*(?:(?:https?://)?(?:dx\.)?doi\.org/|\bdoi:\s*)(?P<doi>10\.\d{4,9}/\S+)\s*$", re.I)

# "Asad, S., & Chreim, S. (2016). Peer support ..." / "World Health Organization. (2014). Fact ..."
AUTHORS_AND_YEAR = re.compile(
    r"""^(?P<authors>.+?)\s*
        \(\s*(?:
            (?P<year>\d{4})(?P<suffix>[a-z]?)(?:,\s*(?P<when>[^)]*))?   # (2012) (2017a) (2018, March 3)
          | (?P<undated>n\.\s?d\.)                                       # (n.d.)
          | (?P<in_press>in\ press)                                      # (in press)
        )\s*\)\.?\s*
        (?P<rest>.*)$""",
    re.VERBOSE | re.IGNORECASE,
)

# One inverted name with initials: "Anthony, W. A." / "O’Connell, M. J." / "Le Boutillier, C." / "Kelly, J., Jr."
PERSON = re.compile(
    r"""(?P<family>[^\s,&…][^,&…]*?),\s+
        (?P<given>[A-Z][a-z]?\.(?:[\s-]*[A-Z][a-z]?\.)*)   # W. A. / J.-P. / Ch.
        (?:,\s+(?P<suffix>(?:Jr|Sr)\.|I{2,3}|IV)(?=\s*(?:,|&|$)))?   # , Jr. (APA keeps it after the initials)
        \s*(?:,\s*)?(?:&\s*)?""",
    re.VERBOSE,
)
# "Oborn, E., … Stamou, E.": the list skips authors and names the last one.
ELLIPSIS = re.compile(r"\s*(?:…|\.\.\.)\s*")
# ", W." somewhere in the list: the authors are people, so a failed read is an error, not a body.
INITIALS_HINT = re.compile(r",\s+[A-Z][a-z]?\.")

# A reference the page cuts short ends in an ellipsis, after link labels if any: "... across a range of…",
# "...h0094744CrossRefPubMed…". (An ellipsis inside the author list is ELLIPSIS, before the year.)
CUT_SHORT = re.compile(r"\s*(?:…|\.\.\.)\s*$")
# Where a sentence may end: "experience. World", "practice? Journal", "called ‘peer’. The".
SENTENCE_END = re.compile(r"[.?!][’”'\"]?(?=\s+[A-Z0-9‘“'\"])")

# "Psychosocial Rehabilitation Journal, 16(4), 11–23." / "BMC Psychiatry, 14, 39." / "..., 60, 234–250."
JOURNAL_WITH_VOLUME = re.compile(
    r"""^(?P<journal>[A-Z].*?),\s*
        (?P<volume>\d+[A-Za-z]?)
        (?:\s*\((?P<issue>[^()]+)\))?
        (?:,\s*(?:
            (?:Article\s+)(?P<article>\S+?)                                    # Article 39
          | (?P<start>[A-Za-z]?\d+[A-Za-z]?)(?:\s*[–—-]\s*(?P<end>[A-Za-z]?\d+[A-Za-z]?))?  # 11–23 / 565
        ))?\.$""",
    re.VERBOSE,
)
# "Cochrane Database of Systematic Reviews." / "Journal of Mental Health.": a journal, no volume yet.
JOURNAL_ONLY = re.compile(r"^(?P<journal>[A-Z][^.?!]*)\.$")
# "Calgary: Peer Leadership Group, Mental Health Commission of Canada." / "New York, NY: Guilford."
PLACE_AND_PUBLISHER = re.compile(r"^(?P<place>[A-Z][^:.]*?):\s+(?P<publisher>[A-Z][^:]*?)\.$")
# "Accessed online from: https://www.who.int/features/factfiles/mental_health/en/."
WEB_ADDRESS = re.compile(
    r"^(?:(?:Accessed|Retrieved|Available)\b[^:]*?(?:from|at)?:?\s*)?(?P<url>https?://\S+?)\.?$",
    re.IGNORECASE,
)
# "Peer Leadership Group, Mental Health Commission of Canada": a unit, then the body it belongs to.
PUBLISHER_UNIT = re.compile(r"^(?P<unit>.+?),\s+(?P<parent>(?!(?:Inc|Ltd|LLC|plc|GmbH|Co)\b\.?$).+)$")

# Longer than any real reference (a few hundred characters): reading tries the split between title
# and container at every sentence end, so the time grows with the square of the length.
MAX_REFERENCE_LENGTH = 3_000

# Words of a journal's name that stay lower-case in title case ("Journal of Mental Health").
_SMALL_WORDS = frozenset(
    {"a", "an", "and", "at", "by", "de", "for", "in", "of", "on", "or", "the", "to", "und"}
)
# Publishers whose name says they issue reports rather than books.
_REPORT_BODIES = (
    "Agency", "Commission", "Council", "Department", "Government", "Institute", "Ministry",
    "Office", "Organization", "Organisation", "Service", "Administration",
)


class ContainerFields(TypedDict, total=False):
    """The Work fields a reference's container gives (journal and volume, or publisher and place, or address)."""

    journal: Journal
    volume: str
    issue: str
    page_start: str
    page_end: str
    article_number: str
    publisher: Organization
    publisher_place: str
    url: str


@dataclass(frozen=True)
class Container:
    """What the remainder after the title says about where the work appeared."""

    kind: str
    fields: ContainerFields


def _journal_with_volume(text: str) -> Container | None:
    match = JOURNAL_WITH_VOLUME.match(text)
    if not match or _has_sentence_end(match["journal"]):
        return None
    issue = (match["issue"] or "").strip()
    return Container(
        "JournalArticle",
        {
            "journal": Journal(title=match["journal"].strip()),
            "volume": match["volume"],
            # "18(03)": the issue number is 3; a non-numeric issue ("Suppl 1") stays as printed.
            "issue": str(int(issue)) if issue.isdecimal() and len(issue) < 10 else issue,
            "page_start": match["start"] or "",
            "page_end": match["end"] or "",
            "article_number": match["article"] or "",
        },
    )


def _journal_only(text: str) -> Container | None:
    match = JOURNAL_ONLY.match(text)
    if not match or not _is_title_case(match["journal"]):
        return None
    return Container("JournalArticle", {"journal": Journal(title=match["journal"].strip())})


def _place_and_publisher(text: str) -> Container | None:
    match = PLACE_AND_PUBLISHER.match(text)
    if not match or _has_sentence_end(match["publisher"]) or "//" in match["publisher"]:
        return None
    given = match["publisher"].strip()
    unit = PUBLISHER_UNIT.match(given)
    publisher = (
        Organization(name=unit["unit"], as_given=given, parent=Organization(name=unit["parent"]))
        if unit
        else Organization(name=given, as_given=given)
    )
    kind = "Report" if any(word in given.split() for word in _REPORT_BODIES) else "Book"
    return Container(kind, {"publisher": publisher, "publisher_place": match["place"].strip()})


def _web_address(text: str) -> Container | None:
    match = WEB_ADDRESS.match(text)
    return Container("WebPage", {"url": match["url"]}) if match else None


# Tried in order on each candidate remainder; the web address comes first because
# "Accessed online from: https://..." would otherwise read as "place: publisher".
CONTAINER_READERS: tuple[tuple[str, Callable[[str], Container | None]], ...] = (
    ("web address", _web_address),
    ("journal with volume", _journal_with_volume),
    ("place and publisher", _place_and_publisher),
    ("journal name only", _journal_only),
)


def _has_sentence_end(text: str) -> bool:
    return SENTENCE_END.search(text) is not None


def _is_title_case(name: str) -> bool:
    words = [word for word in re.split(r"[\s-]+", name) if word]
    return bool(words) and all(word[0].isupper() or word in _SMALL_WORDS for word in words)


def read_container(text: str) -> Container | None:
    """The container a reference's tail names ("World Psychiatry, 11(2), 123–128."), or None."""
    for _name, reader in CONTAINER_READERS:
        container = reader(text)
        if container is not None:
            return container
    return None


def split_title_and_container(rest: str) -> tuple[str, Container | None]:
    """Split "Title. Container." at the first sentence end whose remainder reads as a container."""
    for boundary in SENTENCE_END.finditer(rest):
        container = read_container(rest[boundary.end() :].strip())
        if container is not None:
            return _title_from(rest[: boundary.end()]), container
    # No container: a lone sentence is a bare title; anything longer is ambiguous.
    if re.search(r"[.?!][’”'\"]?$", rest) and not _has_sentence_end(rest):
        return _title_from(rest), None
    return "", None


def _title_from(text: str) -> str:
    # The closing period belongs to APA punctuation; a question mark belongs to the title.
    return text.strip().removesuffix(".").strip()


def read_authors(text: str) -> tuple[tuple[Agent, ...], bool]:
    """The authors of "Gillard, S., Holley, J., … Stamou, E." and whether the list skips some."""
    parts = ELLIPSIS.split(text.strip(), maxsplit=1)
    people = [_read_people(part) for part in parts]
    if all(group is not None for group in people):
        return tuple(person for group in people for person in group or ()), len(parts) > 1
    if len(parts) == 1 and not INITIALS_HINT.search(text):
        # A corporate author: "World Health Organization."
        name = text.strip().removesuffix(".").strip()
        return (Organization(name=name, as_given=text.strip()),), False
    return (), False


def _read_people(text: str) -> list[Agent] | None:
    people: list[Agent] = []
    position, text = 0, text.strip().rstrip(",")
    while position < len(text):
        match = PERSON.match(text, position)
        if not match:
            return None
        suffix = f", {match['suffix']}" if match["suffix"] else ""
        people.append(person_from_inverted(f"{match['family'].strip()}, {match['given'].strip()}{suffix}"))
        position = match.end()
    return people or None


def parse_apa_reference(text: str, *, line: int, number: int | None, path: str) -> Reference:
    """One APA-style reference as a Reference holding the cited Work; RecordError when unreadable.

    A reference the page cuts short ("... across a range of…") keeps what can be read (authors, year,
    the title as far as it goes) and is flagged ``truncated``.
    """
    if len(text) > MAX_REFERENCE_LENGTH:
        reason = f"reference is {len(text):,} characters long (an entry holds at most {MAX_REFERENCE_LENGTH:,})"
        raise RecordError(path, line, reason, text[:60])
    text = " ".join(text.split())
    ending = CUT_SHORT.search(text)
    kept = text[: ending.start()] if ending else text
    # "…" right after the link labels is the page's "more" mark, not a cut in the reference
    cut = ending is not None and not LINK_LABELS.search(kept)
    printed = " ".join(LINK_LABELS.sub("", kept).split())
    body, doi = printed, ""
    doi_match = DOI_LINK.search(printed)
    if doi_match:
        doi = clean_doi(doi_match["doi"])
        body = printed[: doi_match.start()].strip()
    head = AUTHORS_AND_YEAR.match(body)
    if not head:
        raise RecordError(path, line, "reference has no '(year).' after its authors", printed)
    authors, truncated = read_authors(head["authors"])
    if not authors:
        raise RecordError(path, line, "reference authors are not 'Family, I.' names", head["authors"])
    title, container = split_title_and_container(head["rest"].strip())
    if not title and cut:
        # the readable part: the title up to its first sentence end, or all of it when the cut falls inside it
        end = SENTENCE_END.search(head["rest"])
        title = _title_from(head["rest"][: end.end()] if end else head["rest"]).rstrip(" ,;:")
    if not title:
        raise RecordError(path, line, "reference has no 'Title. Container.' after its year", printed)
    work = Work(
        line=line,
        title=title,
        kind=container.kind if container else "Expression",
        doi=doi,
        year=int(head["year"]) if head["year"] else None,
        authors=authors,
        authors_truncated=truncated,
        notes=("in press",) if head["in_press"] else (),
        **(container.fields if container else {}),
    )
    return Reference(line=line, text=printed + ("…" if cut else ""), work=work, number=number, truncated=bool(cut))
