from django.contrib import admin

from pastoral.models import (
    BuddyChangeRequest,
    CheckIn,
    LocalNetwork,
    NetworkIntroduction,
    PastoralSettings,
    SelfAssessmentCriterion,
    SelfAssessmentRating,
    StaffProfile,
    SupportAssignment,
    WellbeingPulse,
)


@admin.register(PastoralSettings)
class PastoralSettingsAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "early_weeks",
        "early_interval_days",
        "later_interval_months",
        "pulse_period_days",
        "pulse_low_at_most",
    ]

    def has_add_permission(self, request):
        return not PastoralSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(StaffProfile)
class StaffProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "profession"]
    list_select_related = ["user", "profession"]
    search_fields = ["user__email", "user__full_name"]
    raw_id_fields = ["user"]


@admin.register(SupportAssignment)
class SupportAssignmentAdmin(admin.ModelAdmin):
    list_display = ["candidate", "staff", "role", "started_at", "ended_at", "next_check_in_on"]
    list_filter = ["role", "candidate__organisation"]
    list_select_related = ["candidate__user", "staff"]
    raw_id_fields = ["candidate", "staff", "assigned_by"]


@admin.register(BuddyChangeRequest)
class BuddyChangeRequestAdmin(admin.ModelAdmin):
    list_display = ["candidate", "created_at", "resolved_at"]
    list_select_related = ["candidate__user"]
    raw_id_fields = ["candidate", "assignment", "resolved_by"]


@admin.register(CheckIn)
class CheckInAdmin(admin.ModelAdmin):
    # Notes stay private to the pair and managers: the admin list shows only the facts.
    list_display = ["assignment", "held_on", "format"]
    list_select_related = ["assignment__candidate__user", "assignment__staff"]
    raw_id_fields = ["assignment", "logged_by"]


@admin.register(WellbeingPulse)
class WellbeingPulseAdmin(admin.ModelAdmin):
    list_display = ["candidate", "period_start", "belonging", "wellbeing", "supported", "is_low"]
    list_filter = ["is_low"]
    list_select_related = ["candidate__user"]
    raw_id_fields = ["candidate"]


@admin.register(LocalNetwork)
class LocalNetworkAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "organisation", "region", "is_active"]
    list_filter = ["kind", "region", "is_active"]
    search_fields = ["name"]


@admin.register(NetworkIntroduction)
class NetworkIntroductionAdmin(admin.ModelAdmin):
    list_display = ["candidate", "network", "introduced_on"]
    raw_id_fields = ["candidate", "network"]


@admin.register(SelfAssessmentCriterion)
class SelfAssessmentCriterionAdmin(admin.ModelAdmin):
    list_display = ["text", "group", "order", "is_active"]
    list_filter = ["group", "is_active"]
    list_editable = ["order", "is_active"]


@admin.register(SelfAssessmentRating)
class SelfAssessmentRatingAdmin(admin.ModelAdmin):
    list_display = ["organisation", "criterion", "rating", "updated_at"]
    list_filter = ["organisation"]
