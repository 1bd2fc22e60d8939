"""The audit trail of every recruit's journey, kept by django-auditlog.

Journey models are registered here by name, each with the path from the model to the recruit's
`candidates.CandidateProfile`, so the trail of one recruit can be read in one query. Nobody edits
the trail: auditlog's admin is read-only and no view of ours writes to it.

Registration happens in `PortalConfig.ready`. Names that do not resolve yet are skipped, so an
app mid-way through its models never breaks start-up; `tests/security/test_audit.py` asserts that
every name in `JOURNEY_MODELS` resolves, so a rename can't silently stop the auditing.
"""

from dataclasses import dataclass

from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet

# Bookkeeping timestamps say nothing the entry's own timestamp doesn't.
ALWAYS_EXCLUDED_FIELDS = ("created_at", "updated_at")


@dataclass(frozen=True)
class AuditedModel:
    label: str  # "app_label.ModelName"
    candidate_path: str  # lookup from the model to its CandidateProfile ("" for the profile)
    exclude_fields: tuple[str, ...] = ()


# Journey models. Each change to a row of these records who, when, before and after.
JOURNEY_MODELS: tuple[AuditedModel, ...] = (
    AuditedModel("candidates.CandidateProfile", ""),
    AuditedModel("candidates.RegistrationStep", "candidate"),
    # The stored file name is random and reveals nothing; the review decision is what matters.
    AuditedModel("candidates.EvidenceDocument", "candidate"),
    AuditedModel("candidates.EnglishLanguageEvidence", "candidate"),
    AuditedModel("candidates.BarrierReport", "candidate"),
    AuditedModel("pastoral.SupportAssignment", "candidate"),
    AuditedModel("pastoral.BuddyChangeRequest", "candidate"),
    AuditedModel("onboarding.Offer", "candidate"),
    AuditedModel("onboarding.CodeOfPracticeDecision", "candidate"),
    AuditedModel("onboarding.OnboardingTask", "candidate"),
    AuditedModel("learning.Preceptorship", "candidate"),
    AuditedModel("learning.PreceptorshipReview", "preceptorship__candidate"),
)

# Journey models still being written by their apps: registered as soon as they resolve (with the
# path below), and moved up to JOURNEY_MODELS once they have landed. None at the moment.
PENDING_JOURNEY_MODELS: tuple[AuditedModel, ...] = ()


def _resolve(label: str):
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def _has_path(model, path: str) -> bool:
    """Whether `path` walks from `model` along relations (to the candidate)."""
    current = model
    for part in path.split("__") if path else ():
        try:
            field = current._meta.get_field(part)
        except Exception:
            return False
        if not field.is_relation or field.related_model is None:
            return False
        current = field.related_model
    return current._meta.label == "candidates.CandidateProfile"


def audited_models() -> list[tuple[type, AuditedModel]]:
    """The journey models that exist now, with how each reaches its candidate."""
    found = []
    for entry in (*JOURNEY_MODELS, *PENDING_JOURNEY_MODELS):
        model = _resolve(entry.label)
        if model is not None and _has_path(model, entry.candidate_path):
            found.append((model, entry))
    return found


def register_journey_models() -> list[str]:
    """Register every journey model that exists with auditlog; return their labels."""
    registered = []
    for model, entry in audited_models():
        if not auditlog.contains(model):
            exclude = [*ALWAYS_EXCLUDED_FIELDS, *entry.exclude_fields]
            auditlog.register(model, exclude_fields=exclude)
        registered.append(entry.label)
    return registered


def audit_entries_for_candidate(candidate) -> QuerySet[LogEntry]:
    """Every audit entry about `candidate`'s journey objects, newest first, with the actor.

    One query whatever the number of models or entries: content types come from Django's cache
    and each model contributes a subquery of its rows that belong to the candidate. Entries
    about rows since deleted are not included (the admin still lists them). The caller checks
    that the person asking may see this recruit.
    """
    condition = Q()
    for model, entry in audited_models():
        content_type = ContentType.objects.get_for_model(model)
        if entry.candidate_path:
            ids = model._default_manager.filter(**{entry.candidate_path: candidate}).values("pk")
            condition |= Q(content_type=content_type, object_id__in=ids)
        else:
            condition |= Q(content_type=content_type, object_id=candidate.pk)
    if not condition:
        return LogEntry.objects.none()
    return (
        LogEntry.objects.filter(condition)
        .select_related("actor", "content_type")
        .order_by("-timestamp", "-pk")
    )


def fix_logentry_admin() -> None:
    """auditlog's LogEntry admin searches `actor__first_name`/`last_name`, which our email-keyed
    User lacks (a search would fail with a server error); search by our own fields instead.
    The admin stays read-only: no add, no change, no delete."""
    from auditlog.admin import LogEntryAdmin
    from django.contrib import admin

    class PortalLogEntryAdmin(LogEntryAdmin):
        search_fields = ["object_repr", "changes_text", "actor__email", "actor__full_name"]

    if admin.site.is_registered(LogEntry):
        admin.site.unregister(LogEntry)
    admin.site.register(LogEntry, PortalLogEntryAdmin)
