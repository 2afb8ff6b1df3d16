"""The appeal's form: the reason, required and bounded, and new scans of the request's papers if any."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sanad.authorizations.models.appeal import REASON_MAX_LENGTH
from sanad.authorizations.services.documents import document_key
from sanad.common.scans import ScanField
from sanad.funds.types_authorizations import RequestDocument


class AppealForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the appeal"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the medical adviser should look at again, in a few sentences."),
    )

    def __init__(self, *args: Any, documents: Iterable[RequestDocument] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for document in documents:
            self.fields[document_key(document.code)] = ScanField(
                label=document.label.get_text(), required=False
            )

    def uploads(self) -> dict[str, Any]:
        return {
            name.removeprefix("document_"): value
            for name, value in self.cleaned_data.items()
            if name.startswith("document_")
        }
