"""Writing the search index: the keys of a family's persons, kept with the register's writes."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django.db import transaction

from sanad.registry.models import Dependant, Member, SearchTerm
from sanad.registry.search.keys import person_terms, term_key

_NAME_FIELDS = ("first_name", "last_name", "first_name_ar", "last_name_ar")
_BATCH = 2000  # members per round trip when a whole register is indexed


def _names(person: Any) -> tuple[str, ...]:
    return tuple(getattr(person, field) or "" for field in _NAME_FIELDS)


def family_term_rows(
    member_id: int, member_names: Iterable[str], dependants: Iterable[tuple[int, Iterable[str]]]
) -> Iterator[tuple[int, int, int]]:
    """(member_id, dependant_id, term_key) rows of a member (dependant 0) and their dependants' names."""
    for term in person_terms(*member_names):
        yield (member_id, 0, term_key(term))
    for dependant_id, names in dependants:
        for term in person_terms(*names):
            yield (member_id, dependant_id, term_key(term))


def _rows(member_model: Any, dependant_model: Any, member_ids: list[int]) -> Iterator[tuple[int, int, int]]:
    families: dict[int, list[tuple[int, tuple[str, ...]]]] = {pk: [] for pk in member_ids}
    for dependant in dependant_model.objects.filter(member_id__in=member_ids).only(
        "member_id", *_NAME_FIELDS
    ):
        families[dependant.member_id].append((dependant.pk, _names(dependant)))
    for member in member_model.objects.filter(pk__in=member_ids).only(*_NAME_FIELDS):
        yield from family_term_rows(member.pk, _names(member), families[member.pk])


def terms_write(*, models: Any, member_ids: Iterable[int]) -> int:
    """Index again the families of `member_ids` (their old keys removed); returns the rows written.

    `models` are the `Member`, `Dependant` and `SearchTerm` models (the app's, or a migration's).
    """
    member_model, dependant_model, term_model = models
    wanted = list(dict.fromkeys(member_ids))
    written = 0
    for start in range(0, len(wanted), _BATCH):
        part = wanted[start : start + _BATCH]
        term_model.objects.filter(member_id__in=part).delete()
        rows = [
            term_model(member_id=member_id, dependant_id=dependant_id, term_key=key)
            for member_id, dependant_id, key in _rows(member_model, dependant_model, part)
        ]
        term_model.objects.bulk_create(rows, batch_size=5000)
        written += len(rows)
    return written


@transaction.atomic
def search_terms_refresh(*, member_ids: Iterable[int]) -> int:
    """Index the families of `member_ids` as they are now: after an enrollment, a new dependant, a change
    of name, a merge. Returns the rows written."""
    return terms_write(models=(Member, Dependant, SearchTerm), member_ids=member_ids)
