"""Forms of the catalog pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sanad.catalog.fileio import FORMATS
from sanad.catalog.models import ActCategory
from sanad.catalog.tables import TABLES

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
TABLE_CHOICES = [(name, name) for name in TABLES]


class ActSearchForm(forms.Form):
    q = forms.CharField(label=_("Code or label"), required=False, max_length=100)
    category = forms.ChoiceField(
        label=_("Category"), required=False, choices=[("", _("All")), *ActCategory.choices]
    )
    on = forms.DateField(label=_("In force on"), required=False)
    after = forms.CharField(required=False, max_length=32, widget=forms.HiddenInput)


class ImportForm(forms.Form):
    table = forms.ChoiceField(label=_("Table"), choices=TABLE_CHOICES)
    file = forms.FileField(label=_("File (CSV or XLSX)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        if upload.name.rsplit(".", 1)[-1].lower() not in FORMATS:
            raise forms.ValidationError(_("Use a .csv or .xlsx file."))
        return upload


class ExportForm(forms.Form):
    table = forms.ChoiceField(label=_("Table"), choices=TABLE_CHOICES)
    format = forms.ChoiceField(label=_("Format"), choices=[(f, f.upper()) for f in FORMATS])
