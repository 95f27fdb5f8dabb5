"""The records the mappers fill."""

from __future__ import annotations

import dataclasses
import typing

from kg import records


def test_work_fields_name_every_field_of_work_but_its_line() -> None:
    """A mapper gathers a Work's fields in a WorkFields dict, so the two must list the same fields."""
    work_fields = {field.name: field.type for field in dataclasses.fields(records.Work) if field.name != "line"}
    gathered = typing.get_type_hints(records.WorkFields)
    assert list(gathered) == list(work_fields)
    resolved = typing.get_type_hints(records.Work)
    assert {name: resolved[name] for name in work_fields} == gathered


def test_person_extra_names_fields_of_person() -> None:
    """The extras a name splitter passes on are Person fields of the same types."""
    resolved = typing.get_type_hints(records.Person)
    extra = typing.get_type_hints(records.PersonExtra)
    assert {name: resolved[name] for name in extra} == extra


def test_partial_field_sets_of_mappers_name_fields_of_work() -> None:
    """The partial field sets the mappers gather are Work fields, so a misspelt key cannot slip through."""
    from kg import references
    from kg.mappers import article_page, search_listing

    work = {field.name for field in dataclasses.fields(records.Work)}
    for partial in (article_page.PageFields, search_listing.HeaderFields, references.ContainerFields):
        assert set(typing.get_type_hints(partial)) <= work, partial.__name__
