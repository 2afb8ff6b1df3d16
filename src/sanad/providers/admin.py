from django.contrib import admin

from sanad.providers.models import Facility, FacilityStaff


@admin.register(Facility)
class FacilityAdmin(admin.ModelAdmin):
    list_display = ("code", "name_fr", "kind", "sector", "level", "region")
    list_filter = ("kind", "sector", "level", "region")
    search_fields = ("code", "name_fr", "name_ar")


@admin.register(FacilityStaff)
class FacilityStaffAdmin(admin.ModelAdmin):
    list_display = ("user", "facility")
    raw_id_fields = ("user", "facility")
