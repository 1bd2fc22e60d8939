from django.contrib import admin

from employers.models import CodeOfPracticeList, CountryStatus, Membership, Organisation


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "ods_code", "region"]
    list_filter = ["region"]
    search_fields = ["name", "ods_code"]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "role", "capacity"]
    list_filter = ["role", "organisation"]
    raw_id_fields = ["user"]


@admin.register(CountryStatus)
class CountryStatusAdmin(admin.ModelAdmin):
    list_display = ["country", "status", "effective_from", "effective_to"]
    list_filter = ["status"]
    search_fields = ["country", "agreement_note"]


@admin.register(CodeOfPracticeList)
class CodeOfPracticeListAdmin(admin.ModelAdmin):
    list_display = ["name", "effective_from"]
