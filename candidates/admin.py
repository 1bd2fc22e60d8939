from django.contrib import admin

from candidates.models import (
    BarrierReport,
    CandidateProfile,
    EnglishLanguageEvidence,
    EnglishQualifyingCountry,
    EnglishThreshold,
    EvidenceDocument,
    Profession,
    RegistrationStep,
    RegistrationStepTemplate,
)


@admin.register(Profession)
class ProfessionAdmin(admin.ModelAdmin):
    list_display = ["name", "regulator", "registration_prefix"]
    list_filter = ["regulator"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(RegistrationStepTemplate)
class RegistrationStepTemplateAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "regulator",
        "pathway",
        "order",
        "acted_on_by",
        "target_amount",
        "target_unit",
        "optional",
        "repeatable",
    ]
    list_filter = ["regulator", "pathway"]
    list_editable = ["order", "target_amount", "target_unit"]
    ordering = ["regulator", "pathway", "order"]


@admin.register(EnglishThreshold)
class EnglishThresholdAdmin(admin.ModelAdmin):
    list_display = [
        "test_type",
        "profession",
        "overall",
        "minimum_element",
        "valid_for_days",
        "confirmed",
        "accepted_if_taken_in_uk",
    ]
    list_filter = ["test_type", "confirmed"]
    list_editable = ["overall", "minimum_element", "valid_for_days", "confirmed"]


@admin.register(EnglishQualifyingCountry)
class EnglishQualifyingCountryAdmin(admin.ModelAdmin):
    list_display = ["country", "note", "to_be_checked"]
    list_filter = ["to_be_checked"]
    list_editable = ["to_be_checked"]
    search_fields = ["country", "note"]


class RegistrationStepInline(admin.TabularInline):
    model = RegistrationStep
    extra = 0
    fields = ["template", "round", "status", "started_on", "finished_on", "due_on"]
    raw_id_fields = ["template"]


@admin.register(CandidateProfile)
class CandidateProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "profession", "pathway", "organisation", "hcpc_reference"]
    list_filter = ["pathway", "profession", "organisation"]
    search_fields = ["user__email", "user__full_name", "hcpc_reference"]
    raw_id_fields = ["user"]
    inlines = [RegistrationStepInline]


@admin.register(EnglishLanguageEvidence)
class EnglishLanguageEvidenceAdmin(admin.ModelAdmin):
    list_display = ["candidate", "test_type", "test_date", "overall", "taken_in_uk"]
    list_filter = ["test_type"]
    raw_id_fields = ["candidate"]


@admin.register(EvidenceDocument)
class EvidenceDocumentAdmin(admin.ModelAdmin):
    # The file itself is only served by the journey's download view, which checks access.
    list_display = ["candidate", "kind", "original_name", "status", "uploaded_at"]
    list_filter = ["kind", "status"]
    exclude = ["file"]
    readonly_fields = ["mime", "size", "uploaded_by", "uploaded_at", "reviewed_by", "reviewed_at"]
    raw_id_fields = ["candidate", "step"]


@admin.register(BarrierReport)
class BarrierReportAdmin(admin.ModelAdmin):
    list_display = ["candidate", "theme", "severity", "occurred_on", "resolved_on"]
    list_filter = ["theme", "severity"]
    raw_id_fields = ["candidate", "reported_by"]
