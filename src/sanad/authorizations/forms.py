"""Forms of the prior-authorization pages: they parse what was typed; the rules live in the services.

A request's form is built from its type in the fund profile: each field typed and bounded as the profile
says, labelled in the reader's language, and one upload per paper of its checklist.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sanad.authorizations.form_values import field_key
from sanad.authorizations.reasons import RefusalReason
from sanad.authorizations.services import Item, RequestInput
from sanad.authorizations.services.documents import document_key
from sanad.authorizations.statuses import Admission, DecisionKind, ItemKind
from sanad.common.guards import AmountField, PastDateField
from sanad.common.scans import ScanField
from sanad.funds.active import active_profile
from sanad.funds.types_authorizations import RequestCatalogue, RequestDocument, RequestField, RequestType

ITEM_ROWS = 3  # rows of acts, drugs or devices on a decision form


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        # A date input reads and writes ISO dates, whatever the language's display format.
        super().__init__(attrs, format="%Y-%m-%d")


class StartForm(forms.Form):
    registration_number = forms.CharField(
        label=_("Registration number"),
        max_length=32,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "off", "spellcheck": "false"}),
    )


def _label(field: RequestField) -> str:
    label = field.label.get_text()
    return f"{label} ({field.unit})" if field.unit else label


def _typed_field(field: RequestField) -> forms.Field:
    options: dict[str, Any] = {"label": _label(field), "required": field.required}
    if field.type == "integer":
        return forms.IntegerField(
            min_value=None if field.minimum is None else int(field.minimum),
            max_value=None if field.maximum is None else int(field.maximum),
            **options,
        )
    if field.type == "decimal":
        return forms.DecimalField(min_value=field.minimum, max_value=field.maximum, max_digits=12, **options)
    if field.type == "date":
        return forms.DateField(widget=DateInput, **options)
    if field.type == "choice":
        choices = [("", "—"), *((c.code, c.label.get_text()) for c in field.choices)]
        return forms.ChoiceField(choices=choices, **options)
    return forms.CharField(max_length=field.max_length, **options)


class RequestForm(forms.Form):
    """The type's form: the admission it matches, an emergency's day of care, its fields and its papers."""

    admission = forms.ChoiceField(label=_("Reason for admission"))

    def __init__(
        self,
        *args: Any,
        catalogue: RequestCatalogue,
        request_type: RequestType,
        documents: Iterable[RequestDocument],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.request_type = request_type
        self.fields["admission"].choices = [(code, Admission(code).label) for code in request_type.admissions]
        if request_type.emergency:
            self.fields["emergency"] = forms.BooleanField(
                label=_("Emergency: the care was already given"), required=False
            )
            self.fields["act_date"] = PastDateField(label=_("Day of the care given"), required=False)
        for code in request_type.fields:
            self.fields[field_key(code)] = _typed_field(catalogue.field(code))
        self.document_names = []
        for document in documents:
            name = document_key(document.code)
            self.fields[name] = ScanField(label=document.label.get_text())
            self.document_names.append(name)

    def values(self) -> dict[str, Any]:
        return {code: self.cleaned_data.get(field_key(code)) for code in self.request_type.fields}

    def uploads(self) -> dict[str, Any]:
        return {name.removeprefix("document_"): self.cleaned_data.get(name) for name in self.document_names}

    def request_input(self, *, facility_id: int, member: Any, dependant: Any) -> RequestInput:
        """What the form asks for, as the submitting services take it (the facility's desk and the branch)."""
        return RequestInput(
            facility_id=facility_id,
            member_id=member.pk,
            dependant_id=dependant.pk if dependant else None,
            request_type=self.request_type.code,
            admission=self.cleaned_data["admission"],
            values=self.values(),
            emergency=bool(self.cleaned_data.get("emergency")),
            act_date=self.cleaned_data.get("act_date"),
            documents=self.uploads(),
        )

    @property
    def typed_fields(self) -> list[Any]:
        return [self[field_key(code)] for code in self.request_type.fields]

    @property
    def document_fields(self) -> list[Any]:
        return [self[name] for name in self.document_names]


class DocumentsForm(forms.Form):
    """Scans of the papers of a request's checklist."""

    def __init__(self, *args: Any, documents: Iterable[RequestDocument], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for document in documents:
            self.fields[document_key(document.code)] = ScanField(label=document.label.get_text())

    def uploads(self) -> dict[str, Any]:
        return {name.removeprefix("document_"): value for name, value in self.cleaned_data.items()}


class QuestionForm(forms.Form):
    question = forms.CharField(
        label=_("Question to the facility"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Answer to the medical adviser"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class _ItemsForm(forms.Form):
    """Rows of acts, drugs or devices, each with how many and up to what amount."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for row in range(ITEM_ROWS):
            self.fields[f"item_kind_{row}"] = forms.ChoiceField(
                label=_("Kind"), choices=ItemKind.choices, required=False
            )
            self.fields[f"item_code_{row}"] = forms.CharField(label=_("Code"), max_length=32, required=False)
            self.fields[f"item_quantity_{row}"] = forms.IntegerField(
                label=_("Quantity"), min_value=1, max_value=10_000, required=False
            )
            self.fields[f"item_amount_{row}"] = AmountField(label=_("Amount"), required=False)

    @property
    def item_rows(self) -> list[list[Any]]:
        names = ("item_kind", "item_code", "item_quantity", "item_amount")
        return [[self[f"{name}_{row}"] for name in names] for row in range(ITEM_ROWS)]

    def items(self) -> list[Item]:
        found = []
        for row in range(ITEM_ROWS):
            code = (self.cleaned_data.get(f"item_code_{row}") or "").strip()
            if not code:
                continue
            found.append(
                Item(
                    self.cleaned_data.get(f"item_kind_{row}") or ItemKind.ACT,
                    code,
                    self.cleaned_data.get(f"item_quantity_{row}") or 1,
                    self.cleaned_data.get(f"item_amount_{row}"),
                )
            )
        return found


class DecisionForm(_ItemsForm):
    kind = forms.ChoiceField(label=_("Decision"), choices=DecisionKind.choices, widget=forms.RadioSelect)
    valid_from = forms.DateField(label=_("Valid from"), widget=DateInput, required=False)
    valid_to = forms.DateField(label=_("Valid to"), widget=DateInput, required=False)
    amount = AmountField(label=_("Amount approved"), required=False)
    conditions = forms.CharField(
        label=_("Conditions of the reserve"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    reasons = forms.MultipleChoiceField(
        label=_("Reasons for refusal"),
        choices=RefusalReason.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ModifyForm(_ItemsForm):
    kind = forms.ChoiceField(
        label=_("Decision"),
        choices=DecisionKind.choices[:2],
        widget=forms.RadioSelect,
    )
    valid_from = forms.DateField(label=_("Valid from"), widget=DateInput, required=False)
    valid_to = forms.DateField(label=_("Valid to"), widget=DateInput, required=False)
    amount = AmountField(label=_("Amount approved"), required=False)
    conditions = forms.CharField(
        label=_("Conditions of the reserve"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    reason = forms.CharField(label=_("Reason for the change"), widget=forms.Textarea(attrs={"rows": 2}))


class ExtendForm(forms.Form):
    valid_to = forms.DateField(label=_("New end of validity"), widget=DateInput)
    reason = forms.CharField(label=_("Reason for the change"), widget=forms.Textarea(attrs={"rows": 2}))


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason for the change"), widget=forms.Textarea(attrs={"rows": 2}))


class FilterForm(forms.Form):
    q = forms.CharField(label=_("Reference or registration number"), required=False, max_length=32)
    status = forms.ChoiceField(label=_("Status"), required=False)
    request_type = forms.ChoiceField(label=_("Type of request"), required=False)
    facility = forms.CharField(label=_("Facility code"), required=False, max_length=32)
    # The reports' figures link here: the requests first answered in a period, by region, care and outcome.
    region = forms.ChoiceField(label=_("Facility's region"), required=False)
    care = forms.ChoiceField(
        label=_("Care"),
        required=False,
        choices=[("", "—"), ("standard", _("Standard request")), ("emergency", _("Emergency"))],
    )
    outcome = forms.ChoiceField(
        label=_("First answer"), required=False, choices=[("", "—"), *DecisionKind.choices]
    )
    answered_from = forms.DateField(label=_("First answer from"), widget=DateInput, required=False)
    answered_to = forms.DateField(label=_("First answer until"), widget=DateInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Built per request: the regions' names in the reader's language.
        regions = sorted(active_profile().regions, key=lambda r: r.name.get_text())
        self.fields["region"].choices = [("", "—")] + [(r.code, r.name.get_text()) for r in regions]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("answered_from"), data.get("answered_to")
        if start is not None and end is not None and end < start:
            self.add_error("answered_to", _("The end of the period comes before its start."))
        return data
