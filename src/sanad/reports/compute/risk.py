"""Risk (issue 20, §1): the anomaly signals raised on the files the engine decided that day, by kind and
facility, and the facilities whose average amount per act stands far above their peers'.

The signals are those `sanad.claims.anomalies` raised and the engine's decision kept (FileDecision's
`anomalies`, at most one per rule); the peers are the day's peer averages (`PeerDay`, computed once a day
with the profile's `anomaly_peer_factor` and `anomaly_peer_min_acts`, as the engine reads them).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator

from django.db.models import Count
from django.db.models.fields.json import KT
from django.utils.translation import gettext_lazy as _

from sanad.claims.anomalies import peer_averages_of_day
from sanad.claims.models import FileDecision
from sanad.claims.selectors.decided import SIGNAL_NAMES
from sanad.claims.statuses import DecisionSource
from sanad.funds.types import FundProfile
from sanad.providers.models import Facility
from sanad.reports.compute import FigureRow
from sanad.reports.compute.claims import CLAIMS_STAFF, decided_link, dimensions, dims_of
from sanad.reports.indicators import Area, Indicator, Measure, Selection, register

# Each rule of `anomalies.chunk_signals` raises at most one signal on a file: three rules, three places.
_RULES = 3


def signalled(*, day: datetime.date):
    """The engine's decisions of the day that raised a signal (a person's decision only copies them)."""
    return FileDecision.objects.filter(
        decided_on=day, source=DecisionSource.ENGINE, anomalies__0__code__isnull=False
    )


def signal_rows(*, day: datetime.date) -> Iterator[FigureRow]:
    """Files signalled, by kind of signal (a file with two kinds counts under each)."""
    kinds = {f"kind{n}": KT(f"anomalies__{n}__code") for n in range(_RULES)}
    rows = signalled(day=day).values(**kinds, **dimensions("billing_file")).annotate(n=Count("pk")).order_by()
    for row in rows:
        for kind in {row[f"kind{n}"] for n in range(_RULES)} - {None, ""}:
            yield FigureRow(indicator="anomaly_signals", count=row["n"], key=kind, **dims_of(row))


def peer_rows(*, day: datetime.date, profile: FundProfile) -> Iterator[FigureRow]:
    """Each (facility, act) above its peers on `day`: count 1, amount the facility's average per act."""
    above = peer_averages_of_day(profile=profile, on=day).above
    if not above:
        return
    facilities = {
        pk: (region, kind)
        for pk, region, kind in Facility.objects.filter(pk__in={f for f, _code in above}).values_list(
            "pk", "region", "kind"
        )
    }
    for (facility_id, code), (average, _peers) in sorted(above.items()):
        region, kind = facilities.get(facility_id, ("", ""))
        yield FigureRow(
            indicator="peer_outliers",
            count=1,
            amount=average,
            facility_id=facility_id,
            region=region,
            facility_kind=kind,
            key=code,
        )


def figures_of_day(*, day: datetime.date, profile: FundProfile) -> Iterable[FigureRow]:
    yield from signal_rows(day=day)
    yield from peer_rows(day=day, profile=profile)


def _signal_link(selection: Selection) -> str | None:
    return decided_link(selection, signal=selection.key) if selection.key else None


def _signal_label(key: str) -> str:
    name = SIGNAL_NAMES.get(key)
    return key if name is None else str(name)


def _act_label(key: str) -> str:
    from sanad.reports.compute.reasons import act_label

    return act_label(key)


register(
    Indicator(
        code="anomaly_signals",
        label=_("Anomaly signals"),
        area=Area.RISK,
        measure=Measure.COUNT,
        description=_(
            "Billing files the engine decided that day with an anomaly signal, by kind of signal: care "
            "billed elsewhere the same day, identical files, amounts far above the peers' (seed 000: "
            "control of the effectiveness of care)."
        ),
        roles=CLAIMS_STAFF,
        link=_signal_link,
        key_label=_signal_label,
        key_name=_("signal"),
    ),
    Indicator(
        code="peer_outliers",
        label=_("Facilities far above their peers"),
        area=Area.RISK,
        measure=Measure.AMOUNT,
        description=_(
            "Facilities whose average amount per act over the last quarter stands above the fund's factor "
            "times the average of the other facilities of their sector, by act (seed 000: medical review "
            "of the effectiveness of care); the amount is the facility's average."
        ),
        roles=CLAIMS_STAFF,
        key_label=_act_label,
        key_name=_("act"),
        snapshot=True,
    ),
)
