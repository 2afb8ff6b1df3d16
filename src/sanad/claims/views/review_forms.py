"""Forms of the fund's pipeline pages: the checker's actions and the adviser's verdict per line."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sanad.claims.models import LineOutcome
from sanad.claims.services.review import LineReview
from sanad.claims.statuses import DocumentKind, LineVerdict, ReviewReason
from sanad.common.errors import DomainError

_BLANK = [("", "—")]


def add_domain_error(form: forms.Form, error: DomainError) -> None:
    """Show a broken rule next to its field (or above the form when the field is not on it)."""
    form.add_error(error.field if error.field in form.fields else None, error.message)


class InfoRequestForm(forms.Form):
    documents = forms.MultipleChoiceField(
        label=_("Documents missing"),
        choices=DocumentKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    message = forms.CharField(
        label=_("Message to the facility"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class ConditionForm(forms.Form):
    code = forms.CharField(label=_("Long-term condition (catalogue code)"), max_length=32)
    valid_from = forms.DateField(label=_("Recognized from"), widget=forms.DateInput(attrs={"type": "date"}))
    valid_to = forms.DateField(
        label=_("Until (empty: no end)"), widget=forms.DateInput(attrs={"type": "date"}), required=False
    )


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class RejectForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=_BLANK + list(ReviewReason.choices), required=False)
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class ReviewForm(forms.Form):
    """One verdict per line of the current decision: `verdict_<line_id>`, `fund_share_<line_id>`,
    `reason_<line_id>`, `note_<line_id>` (the names the review service gives its errors)."""

    note = forms.CharField(
        label=_("Note on the file"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args: Any, outcomes: Iterable[LineOutcome], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.line_ids = [outcome.line_id for outcome in outcomes]
        for line_id in self.line_ids:
            self.fields[f"verdict_{line_id}"] = forms.ChoiceField(
                label=_("Verdict"),
                choices=LineVerdict.choices,
                initial=LineVerdict.ACCEPT,
                widget=forms.RadioSelect,
            )
            self.fields[f"fund_share_{line_id}"] = forms.DecimalField(
                label=_("New fund share"), min_value=0, decimal_places=2, required=False
            )
            self.fields[f"reason_{line_id}"] = forms.ChoiceField(
                label=_("Reason"), choices=_BLANK + list(ReviewReason.choices), required=False
            )
            self.fields[f"note_{line_id}"] = forms.CharField(label=_("Note"), max_length=500, required=False)

    def line_fields(self, line_id: int) -> dict[str, Any]:
        return {name: self[f"{name}_{line_id}"] for name in ("verdict", "fund_share", "reason", "note")}

    def reviews(self) -> list[LineReview]:
        data = self.cleaned_data
        return [
            LineReview(
                line_id=line_id,
                verdict=data[f"verdict_{line_id}"],
                fund_share=data.get(f"fund_share_{line_id}"),
                reason=data.get(f"reason_{line_id}") or "",
                note=data.get(f"note_{line_id}") or "",
            )
            for line_id in self.line_ids
        ]
