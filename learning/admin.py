from django import forms
from django.contrib import admin

from candidates.models import BarrierTheme
from learning.models import (
    CpdActivity,
    CpdEvidence,
    Guide,
    GuideChoice,
    GuideQuestion,
    Preceptorship,
    PreceptorshipObjective,
    PreceptorshipReview,
    ProtectedTimeSession,
    RegistrationCycle,
    ReviewMilestone,
)


class GuideAdminForm(forms.ModelForm):
    barrier_themes = forms.MultipleChoiceField(
        choices=BarrierTheme.choices, widget=forms.CheckboxSelectMultiple, required=False
    )

    class Meta:
        model = Guide
        fields = [
            "title",
            "slug",
            "summary",
            "body",
            "case_study",
            "audience",
            "topic",
            "barrier_themes",
            "professions",
            "organisation",
            "author",
            "published",
        ]


class GuideQuestionInline(admin.StackedInline):
    model = GuideQuestion
    extra = 0
    show_change_link = True


class GuideChoiceInline(admin.TabularInline):
    model = GuideChoice
    extra = 3


@admin.register(Guide)
class GuideAdmin(admin.ModelAdmin):
    form = GuideAdminForm
    list_display = ["title", "audience", "topic", "organisation", "published", "updated_at"]
    list_filter = ["audience", "published", "topic"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["professions"]
    raw_id_fields = ["author"]
    inlines = [GuideQuestionInline]


@admin.register(GuideQuestion)
class GuideQuestionAdmin(admin.ModelAdmin):
    list_display = ["text", "guide", "order"]
    inlines = [GuideChoiceInline]


@admin.register(RegistrationCycle)
class RegistrationCycleAdmin(admin.ModelAdmin):
    list_display = ["profession", "renewal_day", "renewal_month", "years", "notes"]


@admin.register(ReviewMilestone)
class ReviewMilestoneAdmin(admin.ModelAdmin):
    list_display = ["name", "months"]


class CpdEvidenceInline(admin.TabularInline):
    model = CpdEvidence
    extra = 0
    fields = ["original_name", "mime", "uploaded_at"]
    readonly_fields = fields
    can_delete = False


@admin.register(CpdActivity)
class CpdActivityAdmin(admin.ModelAdmin):
    list_display = ["title", "candidate", "activity_type", "date", "hours"]
    list_filter = ["activity_type"]
    raw_id_fields = ["candidate"]
    inlines = [CpdEvidenceInline]


class ObjectiveInline(admin.TabularInline):
    model = PreceptorshipObjective
    extra = 0
    raw_id_fields = ["added_by"]


class ReviewInline(admin.TabularInline):
    model = PreceptorshipReview
    extra = 0
    fields = ["months", "due_date", "preceptee_signed_at", "preceptor_signed_at"]
    readonly_fields = ["preceptee_signed_at", "preceptor_signed_at"]


class SessionInline(admin.TabularInline):
    model = ProtectedTimeSession
    extra = 0
    raw_id_fields = ["logged_by"]


@admin.register(Preceptorship)
class PreceptorshipAdmin(admin.ModelAdmin):
    list_display = ["candidate", "preceptor", "start_date", "planned_protected_hours"]
    raw_id_fields = ["candidate", "preceptor", "started_by"]
    inlines = [ObjectiveInline, ReviewInline, SessionInline]
