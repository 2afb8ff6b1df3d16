from django.contrib import admin

from sanad.providers.models import (
    AgreementEvent,
    AgreementRequest,
    DirectBillingAccess,
    DirectBillingEvent,
    Facility,
    FacilityStaff,
    Practitioner,
)


class PractitionerInline(admin.TabularInline):
    model = Practitioner
    extra = 0


# Workflow records are read here only: every change goes through the services, which audit it.
class _ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


# Facilities are registered and edited on the network's pages, whose service checks every field, audits
# the change and admits automatically the hospitals the profile admits: here they are only read.
@admin.register(Facility)
class FacilityAdmin(_ReadOnly):
    list_display = ("code", "name_fr", "kind", "sector", "level", "region", "network_status")
    list_filter = ("kind", "sector", "level", "region", "network_status")
    search_fields = ("code", "name_fr", "name_ar", "provider_identifier")
    inlines = [PractitionerInline]


@admin.register(FacilityStaff)
class FacilityStaffAdmin(admin.ModelAdmin):
    list_display = ("user", "facility")
    raw_id_fields = ("user", "facility")


class AgreementEventInline(admin.TabularInline):
    model = AgreementEvent
    extra = 0
    can_delete = False
    readonly_fields = ("on", "action", "from_status", "to_status", "note", "actor")


@admin.register(AgreementRequest)
class AgreementRequestAdmin(_ReadOnly):
    list_display = ("id", "facility", "status", "requested_on", "due_on", "valid_from", "valid_to")
    list_filter = ("status",)
    raw_id_fields = ("facility",)
    inlines = [AgreementEventInline]


class DirectBillingEventInline(admin.TabularInline):
    model = DirectBillingEvent
    extra = 0
    can_delete = False
    readonly_fields = ("on", "action", "from_status", "to_status", "note", "actor")


@admin.register(DirectBillingAccess)
class DirectBillingAccessAdmin(_ReadOnly):
    list_display = ("facility", "status", "automatic", "applied_on", "decided_on")
    list_filter = ("status", "automatic")
    raw_id_fields = ("facility",)
    inlines = [DirectBillingEventInline]
