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
from pastoral.services import check_in_gaps_refresh, pulse_month_flags_refresh
from pastoral.signals import supporters_changed


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


# The admin writes round the services, so after a write it calls what they call: the stored
# marks HEE's figures read (`check_in_gaps_refresh`, `pulse_month_flags_refresh`) and the
# `supporters_changed` hook, for the row as it is now and as it was before.


@admin.register(SupportAssignment)
class SupportAssignmentAdmin(admin.ModelAdmin):
    list_display = ["candidate", "staff", "role", "started_at", "ended_at", "next_check_in_on"]
    list_filter = ["role", "candidate__organisation"]
    list_select_related = ["candidate__user", "staff"]
    raw_id_fields = ["candidate", "staff", "assigned_by"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        check_in_gaps_refresh(assignment_id=obj.pk)  # the pair's role is copied to each
        candidate_ids = {obj.candidate_id, form.initial.get("candidate")} - {None}
        supporters_changed.send(sender=SupportAssignment, candidate_ids=candidate_ids)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        supporters_changed.send(sender=SupportAssignment, candidate_ids=[obj.candidate_id])

    def delete_queryset(self, request, queryset):
        candidate_ids = set(queryset.values_list("candidate_id", flat=True))
        super().delete_queryset(request, queryset)
        supporters_changed.send(sender=SupportAssignment, candidate_ids=candidate_ids)


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

    @staticmethod
    def _refresh(assignment_ids) -> None:
        for assignment_id in set(assignment_ids) - {None}:
            check_in_gaps_refresh(assignment_id=assignment_id)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        self._refresh([obj.assignment_id, form.initial.get("assignment")])

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        self._refresh([obj.assignment_id])

    def delete_queryset(self, request, queryset):
        assignment_ids = list(queryset.values_list("assignment_id", flat=True))
        super().delete_queryset(request, queryset)
        self._refresh(assignment_ids)


@admin.register(WellbeingPulse)
class WellbeingPulseAdmin(admin.ModelAdmin):
    list_display = ["candidate", "period_start", "belonging", "wellbeing", "supported", "is_low"]
    list_filter = ["is_low"]
    list_select_related = ["candidate__user"]
    raw_id_fields = ["candidate"]

    @staticmethod
    def _refresh(recruit_months) -> None:
        for candidate_id, month in {(c, m.replace(day=1)) for c, m in recruit_months if c}:
            pulse_month_flags_refresh(candidate_id=candidate_id, month=month)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        before = (form.initial.get("candidate"), form.initial.get("period_start"))
        self._refresh([(obj.candidate_id, obj.period_start), *([before] if change else [])])

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        self._refresh([(obj.candidate_id, obj.period_start)])

    def delete_queryset(self, request, queryset):
        recruit_months = list(queryset.values_list("candidate_id", "period_start"))
        super().delete_queryset(request, queryset)
        self._refresh(recruit_months)


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
