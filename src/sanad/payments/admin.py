from django.contrib import admin

from sanad.payments.models import BankFile, ConfirmationImport, PaymentOrder, SettlementRun, Transfer


# Runs, orders and bank files are read here only: every change goes through the services, which lock,
# check the four eyes and audit it.
class _ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SettlementRun)
class SettlementRunAdmin(_ReadOnly):
    list_display = ("id", "period_start", "period_end", "status", "files", "orders", "fund_share", "currency")
    list_filter = ("status",)


@admin.register(PaymentOrder)
class PaymentOrderAdmin(_ReadOnly):
    list_display = ("id", "run", "payee_key", "payee_kind", "files", "fund_share", "status")
    list_filter = ("status", "payee_kind")
    raw_id_fields = ("run", "facility", "member")


@admin.register(Transfer)
class TransferAdmin(_ReadOnly):
    list_display = ("end_to_end_id", "order", "attempt", "amount", "currency", "status", "reason_code")
    list_filter = ("status",)
    raw_id_fields = ("order", "bank_file")


@admin.register(BankFile)
class BankFileAdmin(_ReadOnly):
    list_display = ("message_id", "run", "sequence", "transactions", "control_sum", "currency", "created_at")
    exclude = ("xml",)


@admin.register(ConfirmationImport)
class ConfirmationImportAdmin(_ReadOnly):
    list_display = ("message_id", "kind", "imported_at", "paid", "rejected", "unchanged")
    exclude = ("content",)
