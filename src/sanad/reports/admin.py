"""The binding of a regional office's accounts to their region, set by an administrator."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin

from sanad.funds.active import active_profile
from sanad.reports.models import RegionalStaff


class RegionalStaffForm(forms.ModelForm):
    """The region is chosen among the fund profile's regions, by name."""

    region = forms.ChoiceField(choices=())

    class Meta:
        model = RegionalStaff
        fields = ("user", "region")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [(r.code, r.name.get_text()) for r in active_profile().regions]
        self.fields["region"].label = RegionalStaff._meta.get_field("region").verbose_name


@admin.register(RegionalStaff)
class RegionalStaffAdmin(admin.ModelAdmin):
    form = RegionalStaffForm
    list_display = ("user", "region")
    raw_id_fields = ("user",)
