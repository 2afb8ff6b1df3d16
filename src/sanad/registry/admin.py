from django.contrib import admin

from sanad.registry.models import Dependant, Member


class DependantInline(admin.TabularInline):
    model = Dependant
    extra = 0


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin):
    list_display = ("registration_number", "first_name", "last_name", "sex", "birth_date", "region")
    list_filter = ("population", "sex", "region")
    search_fields = ("registration_number", "last_name", "last_name_ar")
    inlines = [DependantInline]
    raw_id_fields = ("user",)
