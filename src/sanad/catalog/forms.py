"""Forms of the catalog pages.

A list page's form names the model it filters (`filter_model`), the columns the page always filters on
(`scope_columns`), its order (`order_key`) and, in `filter_columns`, the column each filter field reads; a
test checks that each has an index. `q` is a search: its `search_prefix` columns are indexed; a
part-of-the-label match (`icontains`) is a scan that no B-tree index serves.
"""

from __future__ import annotations

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from sanad.catalog.fileio import FORMATS
from sanad.catalog.models import (
    Act,
    ActCategory,
    BenefitPackageEntry,
    Device,
    DeviceCategory,
    Drug,
    ItemKind,
    KeyLetterValue,
    LongTermCondition,
    TreatmentProtocol,
)
from sanad.catalog.selectors import EVERY_SECTOR
from sanad.catalog.tables import TABLES
from sanad.common.vocabulary import Sector

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
# Each importable table by its name in the reader's language (the file's own columns keep their names).
TABLE_LABELS = {
    "key_letters": _("Key letters"),
    "acts": _("Acts"),
    "drugs": _("Drugs"),
    "devices": _("Devices"),
    "long_term_conditions": _("Long-term conditions"),
    "coverage_rates": _("Coverage rates"),
    "benefit_package": _("Benefit package"),
    "protocols": _("Treatment protocols"),
}
TABLE_CHOICES = [(name, TABLE_LABELS.get(name, name)) for name in TABLES]


class ListForm(forms.Form):
    """Filters of a list page in force on a date, and the key after which the page starts."""

    filter_model: type[models.Model]
    order_key = "code"  # the page's order, and the column rows are found by
    filter_columns: dict[str, str] = {}  # filter field → column
    scope_columns: tuple[str, ...] = ()  # filtered on every page, whatever the form says
    search_prefix: tuple[str, ...] = ("code",)  # columns `q` matches by prefix

    q = forms.CharField(label=_("Code or label"), required=False, max_length=100)
    on = forms.DateField(
        label=_("In force on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    after = forms.CharField(required=False, max_length=200, widget=forms.HiddenInput)


class ActSearchForm(ListForm):
    filter_model = Act
    filter_columns = {"category": "category"}

    field_order = ["q", "category", "on"]
    category = forms.ChoiceField(
        label=_("Category"), required=False, choices=[("", _("All")), *ActCategory.choices]
    )


class DrugSearchForm(ListForm):
    filter_model = Drug
    filter_columns = {
        "direct_billing": "direct_billing",
        "long_term_only": "long_term_only",
        "costly": "costly",
    }
    search_prefix = ("code", "barcode")

    field_order = ["q", "direct_billing", "long_term_only", "costly", "on"]
    q = forms.CharField(label=_("Code, name or barcode"), required=False, max_length=100)
    direct_billing = forms.BooleanField(label=_("On the direct-billing list"), required=False)
    long_term_only = forms.BooleanField(label=_("Reserved to long-term conditions"), required=False)
    costly = forms.BooleanField(label=_("Costly drugs"), required=False)


class DeviceSearchForm(ListForm):
    filter_model = Device
    filter_columns = {"category": "category"}

    field_order = ["q", "category", "on"]
    category = forms.ChoiceField(
        label=_("Category"), required=False, choices=[("", _("All")), *DeviceCategory.choices]
    )


class ConditionSearchForm(ListForm):
    filter_model = LongTermCondition


class PackageSearchForm(ListForm):
    filter_model = BenefitPackageEntry
    scope_columns = ("fund",)  # the active fund's package
    filter_columns = {"kind": "kind"}

    field_order = ["q", "kind", "on"]
    q = forms.CharField(label=_("Code"), required=False, max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All")), *ItemKind.choices])


class ProtocolSearchForm(ListForm):
    filter_model = TreatmentProtocol
    order_key = "diagnosis"
    search_prefix = ("diagnosis",)

    q = forms.CharField(label=_("Diagnosis (ICD-10) or label"), required=False, max_length=100)


class KeyLetterSearchForm(ListForm):
    filter_model = KeyLetterValue
    order_key = "letter"
    filter_columns = {"letter": "letter", "sector": "sector"}
    search_prefix = ()

    field_order = ["letter", "sector", "on"]
    q = None
    letter = forms.CharField(label=_("Key letter"), required=False, max_length=16)
    sector = forms.ChoiceField(
        label=_("Sector"),
        required=False,
        choices=[("", _("All")), (EVERY_SECTOR, _("Every sector (default value)")), *Sector.choices],
    )
    on = forms.DateField(
        label=_("In force on (empty: every period)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )


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
