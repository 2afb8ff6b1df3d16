from django.contrib import admin

from sanad.notifications.models import Message


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    """Read-only: the outbox is written by the services and the worker only."""

    list_display = ["created_at", "template", "language", "status", "attempts", "next_attempt_at", "sent_at"]
    list_filter = ["status", "template", "language"]
    search_fields = ["object_type", "object_id", "provider_message_id"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
