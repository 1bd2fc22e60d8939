from django.contrib import admin

from onboarding.models import (
    ChecklistApplication,
    ChecklistTemplate,
    ChecklistTemplateItem,
    CodeOfPracticeDecision,
    Offer,
    OnboardingSettings,
    OnboardingTask,
    TaskComment,
)
from onboarding.services import journey_progress_refresh


class RefreshesProgressAdmin(admin.ModelAdmin):
    """For models with a `candidate` that the recruits' stored progress is worked out from: a
    write here goes round the services, so it stores the progress again as they do, for the
    recruit the row belongs to now and the one it belonged to before."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        before = form.initial.get("candidate")
        journey_progress_refresh(candidate_ids={obj.candidate_id, before} - {None})

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        journey_progress_refresh(candidate_ids=[obj.candidate_id])

    def delete_queryset(self, request, queryset):
        candidate_ids = set(queryset.values_list("candidate_id", flat=True))
        super().delete_queryset(request, queryset)
        journey_progress_refresh(candidate_ids=candidate_ids)


@admin.register(OnboardingSettings)
class OnboardingSettingsAdmin(admin.ModelAdmin):
    list_display = ["__str__", "stalled_after_days"]

    def has_add_permission(self, request):
        return not OnboardingSettings.objects.exists()


class ChecklistTemplateItemInline(admin.TabularInline):
    model = ChecklistTemplateItem
    extra = 0
    fields = [
        "position",
        "section",
        "title",
        "owner_role",
        "due_anchor",
        "due_offset_days",
        "required",
        "barrier_theme",
        "not_for_refugees_in_uk",
    ]


@admin.register(ChecklistTemplate)
class ChecklistTemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "updated_at"]
    list_filter = ["organisation"]
    search_fields = ["name"]
    inlines = [ChecklistTemplateItemInline]


@admin.register(Offer)
class OfferAdmin(RefreshesProgressAdmin):
    list_display = [
        "candidate",
        "title",
        "band",
        "recruitment_route",
        "recruited_from",
        "start_date",
    ]
    list_filter = ["recruitment_route", "band", "organisation"]
    raw_id_fields = ["candidate", "created_by"]


@admin.register(CodeOfPracticeDecision)
class CodeOfPracticeDecisionAdmin(admin.ModelAdmin):
    list_display = ["candidate", "country", "recruitment_route", "country_status", "outcome"]
    list_filter = ["outcome", "country_status"]
    raw_id_fields = ["candidate", "offer", "decided_by"]

    def has_change_permission(self, request, obj=None):
        return False  # a record of what was decided, kept as it was


@admin.register(ChecklistApplication)
class ChecklistApplicationAdmin(admin.ModelAdmin):
    list_display = ["candidate", "template_name", "applied_at"]
    raw_id_fields = ["candidate", "applied_by"]


@admin.register(OnboardingTask)
class OnboardingTaskAdmin(RefreshesProgressAdmin):
    list_display = ["title", "candidate", "owner_role", "due_on", "completed_at"]
    list_filter = ["owner_role", "required", "barrier_theme"]
    search_fields = ["title", "candidate__user__full_name"]
    raw_id_fields = ["candidate", "application", "template_item", "completed_by"]


@admin.register(TaskComment)
class TaskCommentAdmin(admin.ModelAdmin):
    list_display = ["task", "author", "created_at"]
    raw_id_fields = ["task", "author"]
