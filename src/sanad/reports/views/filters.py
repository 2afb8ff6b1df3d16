"""The dashboards' filters: a month (or a period from/to, both days included, within bounds), a region of
the fund profile, a kind of facility, a facility by its code, a care type. A bad value is an error next to
its field, in the reader's language; the page then shows the current month."""

from __future__ import annotations

import datetime
import re
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from sanad.catalog.choices import CareTypeChoice
from sanad.common.vocabulary import FacilityKind
from sanad.funds.active import active_profile
from sanad.providers.models import Facility
from sanad.reports.indicators import Selection

# How far back a page reads, and how long a period may be: the daily tables keep years, a page one year.
YEARS_BACK = 10
MAX_DAYS = 366
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        # The browser's date picker reads and writes ISO dates, whatever the language's display format.
        super().__init__(attrs, format="%Y-%m-%d")


class MonthInput(forms.TextInput):
    input_type = "month"


def month_last(first: datetime.date) -> datetime.date:
    return (first + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)


def default_period(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The current month, up to today."""
    return today.replace(day=1), today


class ReportFilterForm(forms.Form):
    month = forms.CharField(label=_("Month"), required=False, widget=MonthInput)
    start = forms.DateField(label=_("From"), required=False, widget=DateInput)
    end = forms.DateField(label=_("Until"), required=False, widget=DateInput)
    region = forms.ChoiceField(label=_("Region"), required=False)
    facility_kind = forms.ChoiceField(label=_("Kind of facility"), required=False)
    facility = forms.CharField(label=_("Facility (code)"), required=False, max_length=240)
    care_type = forms.ChoiceField(label=_("Care type"), required=False)
    key = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        today: datetime.date | None = None,
        own_facility: bool = False,
        own_region: str = "",
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()
        self.earliest = self.today.replace(year=self.today.year - YEARS_BACK, day=1)
        regions = [(r.code, r.name.get_text()) for r in active_profile().regions]
        self.fields["region"].choices = [("", _("Every region")), *regions]
        self.fields["facility_kind"].choices = [("", _("Every kind of facility")), *FacilityKind.choices]
        self.fields["care_type"].choices = [("", _("Every care type")), *CareTypeChoice.choices]
        self.fields["month"].help_text = _("Or a period from… until…")
        self.facility_found: Facility | None = None
        if own_facility:
            # Facility staff read their own facility's figures: no facility nor region to choose.
            for name in ("facility", "region", "facility_kind"):
                del self.fields[name]
        elif own_region:
            # A regional office reads its region's figures: no other region to choose.
            del self.fields["region"]

    def _bounded(self, name: str, day: datetime.date | None) -> None:
        if day is None:
            return
        if day < self.earliest:
            self.add_error(
                name,
                _("Choose a day from %(day)s onwards.")
                % {"day": date_format(self.earliest, "SHORT_DATE_FORMAT")},
            )
        elif day > self.today:
            self.add_error(name, _("Choose a day up to today."))

    def clean_month(self) -> datetime.date | None:
        value = (self.cleaned_data.get("month") or "").strip()
        if not value:
            return None
        match = _MONTH.match(value)
        if not match or not 1 <= int(match[2]) <= 12:
            raise forms.ValidationError(_("Choose a month, as in 2026-11."))
        first = datetime.date(int(match[1]), int(match[2]), 1)
        if first < self.earliest:
            raise forms.ValidationError(
                _("Choose a month from %(month)s onwards.")
                % {"month": date_format(self.earliest, "YEAR_MONTH_FORMAT")}
            )
        if first > self.today:
            raise forms.ValidationError(_("Choose a month up to the current one."))
        return first

    def clean_facility(self) -> str:
        # A code, or a code followed by the name as a page shows them ("MR-F0014 Centre hospitalier…").
        code = (self.cleaned_data.get("facility") or "").strip().split(" ")[0]
        if code:
            self.facility_found = Facility.objects.filter(code__iexact=code).first()
            if self.facility_found is None:
                raise forms.ValidationError(_("No facility has this code."))
            return self.facility_found.code
        return ""

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        self._bounded("start", start)
        self._bounded("end", end)
        if start and end and not self.has_error("start") and not self.has_error("end"):
            if end < start:
                self.add_error("end", _("The end of the period comes before its start."))
            elif (end - start).days + 1 > MAX_DAYS:
                self.add_error("end", _("A period holds at most %(days)s days.") % {"days": MAX_DAYS})
        return data

    def period(self) -> tuple[datetime.date, datetime.date]:
        """The period asked for: from/to when given (one alone reaches to the month's other end), else the
        month, else the current month; the current month when the form has errors."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        start, end, month = data.get("start"), data.get("end"), data.get("month")
        if start or end:
            start = start or (end.replace(day=1) if end else None)
            end = end or min(month_last(start), self.today)
            return start, end
        if month:
            return month, min(month_last(month), self.today)
        return default_period(self.today)

    def selection(self) -> Selection:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        start, end = self.period()
        return Selection(
            start=start,
            end=end,
            region=data.get("region") or "",
            facility_id=self.facility_found.pk if data.get("facility") and self.facility_found else None,
            facility_code=self.facility_found.code if data.get("facility") and self.facility_found else "",
            facility_kind=data.get("facility_kind") or "",
            care_type=data.get("care_type") or "",
            key=data.get("key") or "",
        )
