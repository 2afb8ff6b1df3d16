from django.contrib import admin

from sanad.catalog import models as m


class DatedAdmin(admin.ModelAdmin):
    list_filter = ("assumption",)
    date_hierarchy = "valid_from"


@admin.register(m.KeyLetterValue)
class KeyLetterValueAdmin(DatedAdmin):
    list_display = ("letter", "sector", "value", "valid_from", "valid_to", "assumption")
    search_fields = ("letter",)


@admin.register(m.Act)
class ActAdmin(DatedAdmin):
    list_display = (
        "code",
        "label_fr",
        "category",
        "key_letter",
        "coefficient",
        "package_price",
        "valid_from",
        "valid_to",
    )
    list_filter = ("category", "grid", "needs_prior_approval", "assumption")
    search_fields = ("code", "label_fr", "label_ar")


@admin.register(m.Drug)
class DrugAdmin(DatedAdmin):
    list_display = ("code", "barcode", "name", "strength", "public_price", "reimbursement_base", "valid_from")
    list_filter = ("direct_billing", "long_term_only", "costly", "assumption")
    search_fields = ("code", "barcode", "name")


@admin.register(m.Device)
class DeviceAdmin(DatedAdmin):
    list_display = ("code", "label_fr", "category", "package_amount", "valid_from", "valid_to")
    search_fields = ("code", "label_fr")


@admin.register(m.LongTermCondition)
class LongTermConditionAdmin(DatedAdmin):
    list_display = ("code", "label_fr", "coverage_rate", "valid_from", "valid_to")
    search_fields = ("code", "label_fr")


@admin.register(m.CoverageRate)
class CoverageRateAdmin(DatedAdmin):
    list_display = ("fund", "care_type", "sector", "rate", "valid_from", "valid_to")


@admin.register(m.BenefitPackageEntry)
class BenefitPackageEntryAdmin(DatedAdmin):
    list_display = ("fund", "code", "kind", "valid_from", "valid_to")
    list_filter = ("fund", "kind")
    search_fields = ("code",)


@admin.register(m.TreatmentProtocol)
class TreatmentProtocolAdmin(DatedAdmin):
    list_display = ("diagnosis", "label", "valid_from", "valid_to")
    search_fields = ("diagnosis", "label")
