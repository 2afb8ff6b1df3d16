"""Ids far from any figure a paper or a message prints, so that an id showing there is seen: the next id of
each table is moved far above the counts, serials and amounts of a test's small world."""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.db import connection
from django.db.models import Model

FIRST_ID = 48_213


def ids_start_at(models: Iterable[type[Model]], first: int = FIRST_ID) -> None:
    """The next id of the first model's table is `first`, of the next one's `first` + 1000, and so on."""
    with connection.cursor() as cursor:
        for n, model in enumerate(models):
            table, start = model._meta.db_table, first + 1000 * n
            if connection.vendor == "postgresql":
                cursor.execute(f'ALTER TABLE "{table}" ALTER COLUMN "id" RESTART WITH {start}')
            else:
                cursor.execute("DELETE FROM sqlite_sequence WHERE name = %s", [table])
                cursor.execute("INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table, start - 1])


def ids_shown(text: str, ids: Iterable[int]) -> list[int]:
    """The ids found in `text` as a whole number, even glued to words (a PDF's text may come back without
    the spaces of a right-to-left line): ids this far from the small world's figures are no accident."""
    return [pk for pk in ids if re.search(rf"(?<!\d){pk}(?!\d)", text)]
