"""The finance officer's forms: the scope of a run, the runs list's filters, a confirmation file."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sanad.common.vocabulary import FacilityKind
from sanad.funds.active import active_profile
from sanad.payments.selectors.runs import RunFilters
from sanad.payments.statuses import OrderStatus, RunStatus

MAX_CONFIRMATION_MB = 20


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        # The browser's date picker reads and writes ISO dates, whatever the language's display format.
        super().__init__(attrs, format="%Y-%m-%d")


def _previous_month(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    end = today.replace(day=1) - datetime.timedelta(days=1)
    return end.replace(day=1), end


def _ordered(form: forms.Form, start: str, end: str) -> None:
    first, last = form.cleaned_data.get(start), form.cleaned_data.get(end)
    if first is not None and last is not None and last < first:
        form.add_error(end, _("The end of the period comes before its start."))


class RunScopeForm(forms.Form):
    """What a run settles: the files received in a period, of one region or kind of facility if chosen."""

    period_start = forms.DateField(label=_("Files received from"), widget=DateInput)
    period_end = forms.DateField(label=_("Files received until"), widget=DateInput)
    region = forms.ChoiceField(label=_("Region"), required=False)
    facility_kind = forms.ChoiceField(label=_("Kind of facility"), required=False)

    def __init__(self, *args: Any, today: datetime.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        start, end = _previous_month(today)
        self.fields["period_start"].initial, self.fields["period_end"].initial = start, end
        regions = [(r.code, r.name.get_text()) for r in active_profile().regions]
        self.fields["region"].choices = [("", _("Every region")), *regions]
        self.fields["facility_kind"].choices = [("", _("Every kind of facility")), *FacilityKind.choices]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        _ordered(self, "period_start", "period_end")
        return data


class RunFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False)
    period_from = forms.DateField(label=_("Period from"), widget=DateInput, required=False)
    period_to = forms.DateField(label=_("Period until"), widget=DateInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("All statuses")), *RunStatus.choices]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        _ordered(self, "period_from", "period_to")
        return data

    def filters(self) -> RunFilters:
        # A form with errors filters nothing: the page shows the errors next to their fields.
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return RunFilters(
            status=data.get("status") or "",
            period_from=data.get("period_from"),
            period_to=data.get("period_to"),
        )


class OrderFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("All statuses")), *OrderStatus.choices]

    def status_value(self) -> str:
        return (self.cleaned_data.get("status") or "") if self.is_bound and self.is_valid() else ""


class ConfirmationForm(forms.Form):
    file = forms.FileField(label=_("Confirmation file from the bank (XML)"))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_CONFIRMATION_MB * 1024 * 1024:
            raise forms.ValidationError(
                _("The file is larger than %(size)s MB.") % {"size": MAX_CONFIRMATION_MB}
            )
        return upload
