"""The administrators' view of the exchange: participants (registered, deactivated) and the exchanges with
their callback attempts (read only: they are records)."""

from __future__ import annotations

from django.contrib import admin

from sanad.exchange.models import CallbackAttempt, Exchange, Participant


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "facility", "callback_url", "active")
    list_filter = ("active",)
    search_fields = ("code", "name", "facility__code")
    raw_id_fields = ("facility", "client", "created_by")
    readonly_fields = ("created_at", "created_by")


class CallbackAttemptInline(admin.TabularInline):
    model = CallbackAttempt
    extra = 0
    can_delete = False
    readonly_fields = ("at", "url", "status", "error")


@admin.register(Exchange)
class ExchangeAdmin(admin.ModelAdmin):
    list_display = ("api_call_id", "participant", "action", "status", "attempts", "received_at")
    list_filter = ("status", "action")
    search_fields = ("api_call_id", "correlation_id", "participant__code")
    inlines = [CallbackAttemptInline]
    exclude = ("request_jwe", "answer_jwe")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
