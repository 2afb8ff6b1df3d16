from django.contrib import admin

from sanad.registry.models import (
    Contribution,
    Dependant,
    Enrollment,
    IdentityDocument,
    Member,
    RightsPeriod,
    SupportingCertificate,
)


class DependantInline(admin.TabularInline):
    model = Dependant
    extra = 0


class DocumentInline(admin.TabularInline):
    model = IdentityDocument
    fk_name = "member"
    extra = 0


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin):
    list_display = ("registration_number", "first_name", "last_name", "sex", "birth_date", "region")
    list_filter = ("population", "sex", "region")
    search_fields = ("registration_number", "last_name", "last_name_ar")
    inlines = [DependantInline, DocumentInline]
    raw_id_fields = ("user",)


@admin.register(SupportingCertificate)
class SupportingCertificateAdmin(admin.ModelAdmin):
    list_display = ("dependant", "kind", "issued_on", "expires_on")
    list_filter = ("kind",)
    raw_id_fields = ("dependant",)


@admin.register(Contribution)
class ContributionAdmin(admin.ModelAdmin):
    list_display = ("receipt_number", "member", "amount", "currency", "method", "period_start", "paid_on")
    list_filter = ("method",)
    search_fields = ("receipt_number", "reference", "member__registration_number")
    raw_id_fields = ("member", "recorded_by")


@admin.register(RightsPeriod)
class RightsPeriodAdmin(admin.ModelAdmin):
    list_display = ("member", "paid_from", "start", "end")
    raw_id_fields = ("member", "contribution")


@admin.register(Enrollment)
class EnrollmentAdmin(admin.ModelAdmin):
    list_display = ("member", "status", "submitted_on", "due_on", "decided_on")
    list_filter = ("status",)
    raw_id_fields = ("member", "submitted_by")
