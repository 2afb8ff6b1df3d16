"""Benchmark of the register's search: scale × 1,000,000 members (about 3.5 M persons) loaded through the
import's writer, then the searches a counter makes all day, each timed alone.

The reference measured in the same run is a member read by its primary key: the figures are the search's
latency and its ratio to that read, so that a slower or faster machine moves both.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Iterator

from django.conf import settings
from django.db import connection

from sanad.funds import load_profile
from sanad.registry.bench import TODAY, families_make
from sanad.registry.imports.writing import Family, families_write, next_serial
from sanad.registry.models import IdentityDocument, Member
from sanad.registry.search.selectors import person_search

_ROUNDS = 5  # each query is run this many times; the first run of each is the cold one


def _phones(families: list[Family], country: str) -> None:
    """One phone per family, as at a real fund (the import bench shares three numbers between all)."""
    prefix = "+2223" if country == "MR" else "+2126"
    for i, family in enumerate(families):
        family.member = family.member._replace(
            phone=f"{prefix}{i:07d}" if country == "MR" else f"{prefix}{i:08d}"
        )


def _timed(call: Callable[[], object]) -> float:
    started = time.perf_counter()
    call()
    return (time.perf_counter() - started) * 1000


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) > 1 else values[0]


def _queries(count: int, families: list[Family]) -> list[str]:
    """What the counter types: numbers, phones, documents, names in Latin and Arabic script, misspelled."""
    step = max(1, len(families) // 40)
    picks = range(0, len(families), step)
    members = Member.objects.order_by("pk").values_list("registration_number", flat=True)
    texts: list[str] = []
    for i in picks:
        m = families[i].member
        texts += [
            m.phone[-8:],
            f"{m.first_name} {m.last_name}",
            f"{m.first_name_ar} {m.last_name_ar}",
            m.last_name,
        ]
        texts.append(f"{m.first_name.replace('o', 'ou')} {m.last_name}")  # spelled another way
    step_m = max(1, count // 40)
    texts += list(members[::step_m][:40])
    texts += list(IdentityDocument.objects.order_by("pk").values_list("number", flat=True)[::step_m][:40])
    return texts


def run(scale: float) -> Iterator[tuple[str, float, str]]:
    profile = load_profile(settings.SANAD_FUND)
    families = families_make(profile, max(1_000, int(1_000_000 * scale)))
    _phones(families, profile.country)
    families_write(families, profile=profile, on=TODAY, serial=next_serial(profile))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # the planner must know the index's keys (no autovacuum to count them)
    texts = _queries(len(families), families)
    ids = list(Member.objects.order_by("pk").values_list("pk", flat=True)[:: max(1, len(families) // 200)])
    reference = [
        _timed(lambda pk=pk: Member.objects.filter(pk=pk).first()) for pk in ids for _ in range(_ROUNDS)
    ]
    latencies: list[float] = []
    found = 0
    for text in texts:
        for _ in range(_ROUNDS):
            latencies.append(_timed(lambda text=text: person_search(text=text, on=TODAY)))
        found += bool(person_search(text=text, on=TODAY).rows)
    if found < len(texts) * 0.95:
        raise AssertionError(f"only {found} of {len(texts)} searches found someone")
    yield "p50_ms", statistics.median(latencies), "ms"
    yield "p95_ms", _p95(latencies), "ms"
    yield "p95_ratio_to_key_read", _p95(latencies) / statistics.median(reference), "x"
    yield "key_read_ms", statistics.median(reference), "ms"
