"""The filters of the file lists (the fund's queues, the reception of batches, the facility's own files):
each form reads the page's query string and gives its selector's filters."""

from __future__ import annotations

import calendar
import dataclasses
import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sanad.claims.selectors.batches import batch_group_choices
from sanad.claims.selectors.decided import (
    SIGNAL_NAMES,
    WHO_NAMES,
    DecidedFilters,
    reason_choices,
)
from sanad.claims.selectors.fund_lists import BatchFilters, FileFilters, facilities_matching
from sanad.claims.statuses import CareType, FileStatus, Outcome
from sanad.common.guards import AmountField
from sanad.common.vocabulary import FacilityKind
from sanad.funds.active import active_profile
from sanad.providers.models import Facility


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        # The browser's date picker reads and writes ISO dates, whatever the language's display format.
        super().__init__(attrs, format="%Y-%m-%d")


class MonthInput(forms.DateInput):
    input_type = "month"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m")


def _ordered(form: forms.Form, start: str, end: str, message: Any) -> None:
    first, last = form.cleaned_data.get(start), form.cleaned_data.get(end)
    if first is not None and last is not None and last < first:
        form.add_error(end, message)


class FacilityFilter(forms.Form):
    """A list's facility filter: a code or part of a name, in either script."""

    facility = forms.CharField(label=_("Facility (code or name)"), max_length=100, required=False)

    def facilities(self) -> list[Facility] | None:
        """The facilities the text names (None when no facility was typed)."""
        text = (self.cleaned_data.get("facility") or "").strip() if self.is_bound and self.is_valid() else ""
        if not text:
            return None
        if not hasattr(self, "_facilities"):
            self._facilities = facilities_matching(text=text)
        return self._facilities


class ReceivedPeriod(forms.Form):
    """A list's filter by the day the fund received a file or a complaint."""

    received_from = forms.DateField(label=_("Received from"), widget=DateInput, required=False)
    received_to = forms.DateField(label=_("Received until"), widget=DateInput, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        _ordered(self, "received_from", "received_to", _("The end of the period comes before its start."))
        return data

    def _data(self) -> dict[str, Any]:
        # A form with errors filters nothing: the page shows the errors next to their fields.
        return self.cleaned_data if self.is_bound and self.is_valid() else {}


class _FileFilterForm(forms.Form):
    billed_min = AmountField(label=_("Billed from"), required=False)
    billed_max = AmountField(label=_("Billed up to"), required=False)
    care_from = forms.DateField(label=_("Care from"), widget=DateInput, required=False)
    care_to = forms.DateField(label=_("Care until"), widget=DateInput, required=False)
    papers = forms.BooleanField(label=_("Waiting for papers"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        _ordered(self, "billed_min", "billed_max", _("The upper amount is below the lower one."))
        _ordered(self, "care_from", "care_to", _("The end of the period comes before its start."))
        return data

    def _data(self) -> dict[str, Any]:
        # A form with errors filters nothing: the page shows the errors next to their fields.
        return self.cleaned_data if self.is_bound and self.is_valid() else {}

    def _file_filters(self, **extra: Any) -> FileFilters:
        data = self._data()
        return FileFilters(
            billed_min=data.get("billed_min"),
            billed_max=data.get("billed_max"),
            care_from=data.get("care_from"),
            care_to=data.get("care_to"),
            papers_waiting=bool(data.get("papers")),
            **extra,
        )


class QueueFilterForm(FacilityFilter, _FileFilterForm):
    """The fund's queues: a facility by code or name, its region and kind, the care type, the amount
    billed, the date of care, the files whose papers were asked for and not yet sent, the overdue ones."""

    region = forms.ChoiceField(label=_("Region"), required=False)
    facility_kind = forms.ChoiceField(label=_("Kind of facility"), required=False)
    care_type = forms.ChoiceField(label=_("Care type"), required=False)
    overdue = forms.BooleanField(label=_("Only the overdue files"), required=False)
    field_order = [
        "facility",
        "region",
        "facility_kind",
        "care_type",
        "billed_min",
        "billed_max",
        "care_from",
        "care_to",
        "papers",
        "overdue",
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        regions = [(r.code, r.name.get_text()) for r in active_profile().regions]
        self.fields["region"].choices = [("", _("Every region")), *regions]
        self.fields["facility_kind"].choices = [("", _("Every kind of facility")), *FacilityKind.choices]
        self.fields["care_type"].choices = [("", _("Every care type")), *CareType.choices]

    def filters(self, *, today: datetime.date, overdue_only: bool = False) -> FileFilters:
        facilities = self.facilities()
        data = self._data()
        overdue = overdue_only or bool(data.get("overdue"))
        return self._file_filters(
            facility_ids=None if facilities is None else tuple(f.pk for f in facilities),
            overdue_on=today if overdue else None,
            region=data.get("region") or "",
            facility_kind=data.get("facility_kind") or "",
            care_type=data.get("care_type") or "",
        )


class FacilityFileFilterForm(_FileFilterForm):
    """The facility's own files: by status, month or days of care, amount billed, papers to send."""

    status = forms.ChoiceField(label=_("Status"), required=False)
    month = forms.DateField(
        label=_("Month of care"), widget=MonthInput, input_formats=["%Y-%m"], required=False
    )
    field_order = ["status", "month", "care_from", "care_to", "billed_min", "billed_max", "papers"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("All statuses")), *FileStatus.choices]

    def filters(self) -> FileFilters:
        data = self._data()
        filters = self._file_filters(status=data.get("status") or "")
        month = data.get("month")
        if month is None:
            return filters
        # A month of care narrows the days of care to it (within any range also typed).
        first = month.replace(day=1)
        last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
        care_from = max(first, filters.care_from) if filters.care_from else first
        care_to = min(last, filters.care_to) if filters.care_to else last
        return dataclasses.replace(filters, care_from=care_from, care_to=care_to)


class ReceptionFilterForm(FacilityFilter):
    """The reception desk's batches: by facility, type of files and day of submission."""

    group = forms.ChoiceField(label=_("Type of files"), required=False)
    submitted_from = forms.DateField(label=_("Submitted from"), widget=DateInput, required=False)
    submitted_to = forms.DateField(label=_("Submitted until"), widget=DateInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["group"].choices = [("", _("All types")), *batch_group_choices()]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        _ordered(self, "submitted_from", "submitted_to", _("The end of the period comes before its start."))
        return data

    def filters(self) -> BatchFilters:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        facilities = self.facilities()
        return BatchFilters(
            facility_ids=None if facilities is None else tuple(f.pk for f in facilities),
            group=data.get("group") or "",
            submitted_from=data.get("submitted_from"),
            submitted_to=data.get("submitted_to"),
        )


class DecidedFilterForm(FacilityFilter):
    """The decisions of a period (the rows behind the claims' indicators): by day decided, facility, its
    region and kind, care type, who decided, outcome, the reason or the code of a rejected line, and the
    anomaly signal the engine raised."""

    decided_from = forms.DateField(label=_("Decided from"), widget=DateInput, required=False)
    decided_to = forms.DateField(label=_("Decided until"), widget=DateInput, required=False)
    region = forms.ChoiceField(label=_("Region"), required=False)
    facility_kind = forms.ChoiceField(label=_("Kind of facility"), required=False)
    care_type = forms.ChoiceField(label=_("Care type"), required=False)
    who = forms.ChoiceField(label=_("Decided"), required=False)
    outcome = forms.ChoiceField(label=_("Outcome"), required=False)
    reason = forms.ChoiceField(label=_("Reason of a rejected line"), required=False)
    act = forms.CharField(label=_("Code of a rejected line"), max_length=32, required=False)
    signal = forms.ChoiceField(label=_("Anomaly signal"), required=False)
    penalty = forms.BooleanField(label=_("Only the files with a penalty"), required=False)
    rejected_line = forms.BooleanField(label=_("Only the files with a rejected line"), required=False)
    days_from = forms.IntegerField(label=_("Days from receipt, from"), min_value=0, required=False)
    days_to = forms.IntegerField(label=_("Days from receipt, up to"), min_value=0, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        regions = [(r.code, r.name.get_text()) for r in active_profile().regions]
        self.fields["region"].choices = [("", _("Every region")), *regions]
        self.fields["facility_kind"].choices = [("", _("Every kind of facility")), *FacilityKind.choices]
        self.fields["care_type"].choices = [("", _("Every care type")), *CareType.choices]
        self.fields["who"].choices = [("", _("Anyone")), *WHO_NAMES.items()]
        self.fields["outcome"].choices = [("", _("Every outcome")), *Outcome.choices]
        self.fields["reason"].choices = [("", _("Every reason")), *reason_choices()]
        self.fields["signal"].choices = [("", _("With or without a signal")), *SIGNAL_NAMES.items()]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        _ordered(self, "decided_from", "decided_to", _("The end of the period comes before its start."))
        _ordered(self, "days_from", "days_to", _("The upper number of days is below the lower one."))
        return data

    def filters(self) -> DecidedFilters:
        # A form with errors filters nothing: the page shows the errors next to their fields.
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        facilities = self.facilities()
        return DecidedFilters(
            decided_from=data.get("decided_from"),
            decided_to=data.get("decided_to"),
            facility_ids=None if facilities is None else tuple(f.pk for f in facilities),
            region=data.get("region") or "",
            facility_kind=data.get("facility_kind") or "",
            care_type=data.get("care_type") or "",
            who=data.get("who") or "",
            outcome=data.get("outcome") or "",
            reason=data.get("reason") or "",
            act=(data.get("act") or "").strip().upper(),
            signal=data.get("signal") or "",
            penalty=bool(data.get("penalty")),
            rejected_line=bool(data.get("rejected_line")),
            days_from=data.get("days_from"),
            days_to=data.get("days_to"),
        )
