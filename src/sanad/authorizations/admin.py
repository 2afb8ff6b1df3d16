from django.contrib import admin

from sanad.authorizations.models import (
    Appeal,
    AuthorizationRequest,
    CalendarSlot,
    Decision,
    DecisionItem,
    FacilityContact,
    RequestEvent,
)


# Requests are read here only: every change goes through the services, which check and audit it. The
# documents are not listed: the confidential report is opened by medical advisers on the request's page.
class _ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class RequestEventInline(admin.TabularInline):
    model = RequestEvent
    extra = 0
    can_delete = False
    readonly_fields = ("at", "action", "from_status", "to_status", "actor", "reason")
    exclude = ("data",)


class DecisionItemInline(admin.TabularInline):
    model = DecisionItem
    extra = 0
    can_delete = False
    readonly_fields = ("kind", "code", "quantity", "amount")


@admin.register(AuthorizationRequest)
class AuthorizationRequestAdmin(_ReadOnly):
    list_display = ("reference", "facility", "request_type", "status", "submitted_at", "due_at")
    list_filter = ("status", "request_type")
    search_fields = ("reference",)
    raw_id_fields = ("facility", "member", "dependant", "decision", "submitted_by")
    exclude = ("values",)
    inlines = [RequestEventInline]


@admin.register(Decision)
class DecisionAdmin(_ReadOnly):
    list_display = (
        "request",
        "kind",
        "action",
        "automatic",
        "on_appeal",
        "rule",
        "valid_from",
        "valid_to",
        "decided_at",
    )
    list_filter = ("kind", "action", "automatic", "on_appeal")
    raw_id_fields = ("request", "replaces", "facility", "decided_by")
    inlines = [DecisionItemInline]


# Appeals are filed and decided on the request's page, whose services check and audit them: read here only.
@admin.register(Appeal)
class AppealAdmin(_ReadOnly):
    list_display = ("request", "decision", "filed_at", "at_branch", "due_at", "answer")
    list_filter = ("at_branch",)
    raw_id_fields = ("request", "decision", "filed_by", "answer")


# The calendar is kept on the regional office's page, whose services audit each change: read here only.
@admin.register(CalendarSlot)
class CalendarSlotAdmin(_ReadOnly):
    list_display = ("region", "day", "starts", "ends", "kind", "facility", "cancelled_at")
    list_filter = ("region", "kind")
    raw_id_fields = ("facility", "created_by", "cancelled_by")


@admin.register(FacilityContact)
class FacilityContactAdmin(_ReadOnly):
    list_display = ("facility", "contact", "phone", "assigned_at")
    raw_id_fields = ("facility", "contact", "assigned_by")
