"""The curated tables kept in the repo (kg/data/): journals and organisations, read once per process."""

from __future__ import annotations

import csv
import re
from functools import cache

from kg.namespaces import normalize_key
from kg.resources import resource_file

# "The Journal of Mental Health" and "Journal of Mental Health" are one title
_LEADING_ARTICLE = re.compile(r"^the ")


@cache
def journal_table() -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    """Curated journal names: abbreviation -> full title, and normalised title -> ISSNs."""
    abbreviations: dict[str, str] = {}
    issns: dict[str, tuple[str, ...]] = {}
    with resource_file("kg", "data/journals.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(row for row in handle if not row.startswith("#")):
            title = normalize_key(row["title"])
            for abbreviation in filter(None, row["abbreviations"].split("|")):
                abbreviations[normalize_key(abbreviation)] = title
            found = tuple(filter(None, (row["issn_print"], row["issn_online"])))
            if found:
                issns[title] = found
    return abbreviations, issns


def journal_title_key(title: str) -> str:
    """A journal title normalised, a leading article dropped and known abbreviations expanded."""
    key = _LEADING_ARTICLE.sub("", normalize_key(title))
    abbreviations, _ = journal_table()
    return abbreviations.get(key, key)


@cache
def organization_table() -> dict[tuple[str, str], tuple[str, str]]:
    """(normalised name, normalised locality) -> (ROR id, where it was found)."""
    rows: dict[tuple[str, str], tuple[str, str]] = {}
    with resource_file("kg", "data/organizations.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(line for line in handle if not line.startswith("#")):
            rows[(normalize_key(row["name"]), normalize_key(row["locality"]))] = (row["ror"], row["source"])
    return rows
