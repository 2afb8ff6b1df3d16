"""Stored findings and anomaly signals as text in the reader's language.

The engine's findings render through its reason catalogue (`finding_text`); the reasons a checker or an
adviser added (`review_reduced`, `review_rejected`) through the ReviewReason labels; the anomaly signals
through their texts below. The engine and the signals name a facility and a billing file by their ids, a
day as a date (stored as ISO text), papers, kinds, sectors, care types, sexes, categories and pyramid
levels by their codes, and amounts as bare figures: here, at render time, a facility reads as its code and
name, a file as its invoice number, a day and an amount in the reader's format, every code by its label
in the reader's language; the facilities and files of all the findings rendered together are read in one
query each.
"""

from __future__ import annotations

import contextlib
import datetime
import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from sanad.adjudication import CATALOGUE, Finding, Reason, finding_text
from sanad.catalog.choices import ActCategory, DeviceCategory
from sanad.claims.anomalies import IDENTICAL_BURST, PEER_AVERAGE, SAME_DAY_ELSEWHERE
from sanad.claims.models import BillingFile
from sanad.claims.statuses import (
    REVIEW_REDUCED,
    REVIEW_REJECTED,
    CareType,
    DocumentKind,
    LineKind,
    ReviewReason,
)
from sanad.common.money import amount_text
from sanad.common.vocabulary import FacilityKind, Sector
from sanad.funds.active import active_profile
from sanad.funds.types import FundProfile
from sanad.providers.models import Facility
from sanad.registry.models import Sex
from sanad.registry.vocabulary import CertificateKind

_ENGINE_CODES = frozenset(code.value for code in Reason)
_LANGUAGES = ("fr", "ar", "en")
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
# The parameters that name facilities or a billing file by their ids.
_FACILITY, _FACILITIES, _FILE = "facility", "facilities", "claim"
# The anomaly signals (`anomalies.py`): their text, and their name in the engine's list of flags.
_SIGNALS: dict[str, Any] = {
    SAME_DAY_ELSEWHERE: gettext_lazy("Care billed on %(day)s by another facility: %(facilities)s."),
    IDENTICAL_BURST: gettext_lazy(
        "%(files)s files of the same care for this person from this facility, from %(day)s."
    ),
    PEER_AVERAGE: gettext_lazy(
        "Act %(code)s: this facility's average amount per act, %(average)s, is more than %(factor)s times "
        "its peers' (%(peers)s)."
    ),
}
_FLAGS: dict[str, Any] = {
    SAME_DAY_ELSEWHERE: gettext_lazy("care billed by another facility the same day"),
    IDENTICAL_BURST: gettext_lazy("identical files from one facility"),
    PEER_AVERAGE: gettext_lazy("amounts far above the facility's peers"),
}
# Parameters listing codes (", "-separated) and the labels they read as.
_LISTS: dict[str, dict[str, Any]] = {
    "missing": {**dict(DocumentKind.choices), **dict(CertificateKind.choices)},
    "flags": _FLAGS,
    "allowed": dict(FacilityKind.choices),
}
# Parameters holding one code, and the labels it reads as (the profile's own labels are added per reader).
_CODES: dict[str, dict[str, Any]] = {
    "sector": dict(Sector.choices),
    "care_type": dict(CareType.choices),
    "sex": dict(Sex.choices),
    "category": {**dict(ActCategory.choices), **dict(DeviceCategory.choices)},
    "kind": dict(LineKind.choices),
}
# `kind` is a line's kind (act, drug, device) but in these reasons, where it is the facility's.
_FACILITY_KIND_REASONS = frozenset({Reason.FACILITY_KIND_NOT_ALLOWED.value})
# Ranks in the care pyramid, read as the profile's names of its levels.
_LEVELS = frozenset({"level", "min_level", "max_level", "entry_level"})
# The catalogue writes an amount's currency after it: those parameters are amounts.
_AMOUNT = re.compile(r"\{(\w+)\} \{currency\}")
_AMOUNTS: dict[str, frozenset[str]] = {
    code.value: frozenset(_AMOUNT.findall(text.fr)) for code, text in CATALOGUE.items()
}
# The signals' amounts, written with their currency.
_SIGNAL_AMOUNTS = frozenset({"average", "peers"})


def _language() -> str:
    code = (get_language() or "fr").split("-")[0]
    return code if code in _LANGUAGES else "fr"


def _params(item: Any) -> dict[str, Any] | None:
    """The parameters of an engine finding (as the engine gives it or as stored) or of an anomaly signal;
    None for anything else."""
    if isinstance(item, Finding):
        return dict(item.params)
    if isinstance(item, dict) and (item.get("code") in _ENGINE_CODES or item.get("code") in _SIGNALS):
        return {str(k): v for k, v in (item.get("params") or {}).items()}
    return None


def _id(value: Any) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return None


def _day(value: Any) -> Any:
    if isinstance(value, datetime.date):
        return date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, str) and _ISO_DAY.fullmatch(value):
        with contextlib.suppress(ValueError):
            return date_format(datetime.date.fromisoformat(value), "SHORT_DATE_FORMAT")
    return value


def _labels(profile: FundProfile, lang: str) -> dict[str, dict[str, Any]]:
    """Each code parameter's labels in the reader's language, the profile's own (care types, ceilings'
    categories, pyramid levels by rank) over the common vocabularies."""
    labels = {name: dict(known) for name, known in _CODES.items()}
    labels["care_type"].update({c.code: c.label.get(lang) for c in profile.care_types})
    labels["category"].update({c.code: c.label.get(lang) for c in profile.yearly_ceilings})
    labels["level"] = {str(level.rank): level.label.get(lang) for level in profile.care_pyramid.levels}
    labels["facility_kind"] = dict(FacilityKind.choices)
    return labels


class Names:
    """The facilities (code and name) and billing files (invoice number) the findings name, by id, and
    the labels of the codes they hold, in the reader's language."""

    __slots__ = ("facilities", "files", "labels", "profile", "separator")

    def __init__(self, facilities: dict[int, str], files: dict[int, str], lang: str) -> None:
        self.facilities = facilities
        self.files = files
        self.separator = "، " if lang == "ar" else ", "
        self.profile = active_profile()
        self.labels = _labels(self.profile, lang)

    @classmethod
    def of(cls, params: Iterable[dict[str, Any]], lang: str) -> Names:
        """Read the names the parameters call for: one query for the facilities, one for the files, none
        when no parameter names either."""
        facility_ids: set[int] = set()
        file_ids: set[int] = set()
        for found in params:
            named = [found.get(_FACILITY), *(found.get(_FACILITIES) or ())]
            facility_ids.update(key for key in map(_id, named) if key is not None)
            key = _id(found.get(_FILE))
            if key is not None:
                file_ids.add(key)
        facilities = {}
        if facility_ids:
            for pk, code, name_fr, name_ar in Facility.objects.filter(pk__in=facility_ids).values_list(
                "pk", "code", "name_fr", "name_ar"
            ):
                facilities[pk] = f"{code} {name_ar if lang == 'ar' and name_ar else name_fr}"
        files = {}
        if file_ids:
            files = dict(BillingFile.objects.filter(pk__in=file_ids).values_list("pk", "invoice_number"))
        return cls(facilities, files, lang)

    def _named(self, known: dict[int, str], value: Any) -> Any:
        key = _id(value)
        return value if key is None else known.get(key, value)

    def _label(self, name: str, value: Any, code: str) -> Any:
        if name == "kind" and code in _FACILITY_KIND_REASONS:
            name = "facility_kind"
        elif name in _LEVELS:
            name = "level"
        return str(self.labels[name].get(str(value), value))

    def plain(self, params: dict[str, Any], code: str = "") -> dict[str, Any]:
        """The parameters of the finding `code` with the facilities and the file named, the days and the
        amounts in the reader's format and the codes as their labels."""
        amounts = _AMOUNTS.get(code, frozenset())
        out = {}
        for name, value in params.items():
            if name in amounts:
                value = amount_text(value, self.profile, currency=False)
            elif name in _SIGNAL_AMOUNTS and code == PEER_AVERAGE:
                value = amount_text(value, self.profile)
            elif name in _CODES or name in _LEVELS:
                value = self._label(name, value, code)
            elif name == _FACILITY:
                value = self._named(self.facilities, value)
            elif name == _FACILITIES and isinstance(value, list):
                value = self.separator.join(str(self._named(self.facilities, v)) for v in value)
            elif name == _FILE:
                value = self._named(self.files, value)
            elif name in _LISTS and isinstance(value, str):
                labels = _LISTS[name]
                value = self.separator.join(str(labels.get(v.strip(), v.strip())) for v in value.split(","))
            elif name == "rate" and not isinstance(value, Decimal):
                # Stored as text; the catalogue shows a rate as a percentage.
                with contextlib.suppress(InvalidOperation):
                    value = Decimal(str(value))
            else:
                value = _day(value)
            out[name] = value
        return out


def _engine_text(code: str, params: dict[str, Any], lang: str, names: Names) -> str:
    finding = Finding(Reason(code), "", tuple(names.plain(params, code).items()), "")
    try:
        return finding_text(finding, lang)  # type: ignore[arg-type]
    except (KeyError, IndexError, ValueError):
        return code


def _signal_text(code: str, params: dict[str, Any], names: Names) -> str:
    try:
        return str(_SIGNALS[code]) % names.plain(params, code)
    except (KeyError, TypeError, ValueError):
        return str(_FLAGS[code])


def _review_text(item: dict[str, Any], names: Names) -> str:
    params = item.get("params") or {}
    reason = dict(ReviewReason.choices).get(params.get("reason", ""), params.get("reason", ""))
    if item["code"] == REVIEW_REDUCED:
        text = _("Reduced on review to %(amount)s: %(reason)s") % {
            "amount": amount_text(params.get("fund_share", ""), names.profile),
            "reason": reason,
        }
    else:
        text = _("Rejected on review: %(reason)s") % {"reason": reason}
    note = params.get("note")
    return f"{text} ({note})" if note else text


def _text(item: Any, params: dict[str, Any] | None, lang: str, names: Names) -> dict[str, str]:
    if params is not None:
        code = item.code.value if isinstance(item, Finding) else item["code"]
        if code in _SIGNALS:
            return {"code": code, "text": _signal_text(code, params, names), "by": "engine"}
        return {"code": code, "text": _engine_text(code, params, lang, names), "by": "engine"}
    if not isinstance(item, dict) or "code" not in item:
        return {"code": "", "text": str(item), "by": "engine"}
    if item["code"] in (REVIEW_REDUCED, REVIEW_REJECTED):
        return {"code": item["code"], "text": _review_text(item, names), "by": "review"}
    text = " ".join([item["code"], *(f"{k}: {v}," for k, v in (item.get("params") or {}).items())])
    return {"code": item["code"], "text": text.rstrip(","), "by": "engine"}


def finding_texts_grouped(groups: Iterable[Any]) -> list[list[dict[str, str]]]:
    """`finding_texts` of several lists of findings (the lines of a file, its decisions) at once: the
    facilities and files they name are read once for all, in one query each."""
    lang = _language()
    items = [list(findings or []) for findings in groups]
    params = [[_params(item) for item in group] for group in items]
    names = Names.of((p for group in params for p in group if p is not None), lang)
    return [
        [_text(item, found, lang, names) for item, found in zip(group, found_params, strict=True)]
        for group, found_params in zip(items, params, strict=True)
    ]


def finding_texts(findings: Any) -> list[dict[str, str]]:
    """Each finding, as the engine gives it or as stored ({"code", "rule", "params"}), or anomaly signal, as
    {"code", "text", "by"} in the reader's language: "by" is "review" for a person's reason, else
    "engine"."""
    return finding_texts_grouped([findings])[0]


def finding_strings(findings: Any) -> list[str]:
    """The texts alone of `finding_texts`."""
    return [item["text"] for item in finding_texts(findings)]
