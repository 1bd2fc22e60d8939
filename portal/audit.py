"""The audit trail of every recruit's journey, kept by django-auditlog.

Journey models are registered here by name, each with the path from the model to the recruit's
`candidates.CandidateProfile`, so the trail of one recruit can be read in one query. Nobody edits
the trail: auditlog's admin is read-only and no view of ours writes to it.

Registration happens in `PortalConfig.ready`. Names that do not resolve yet are skipped, so an
app mid-way through its models never breaks start-up; `tests/security/test_audit.py` asserts that
every name in `JOURNEY_MODELS` resolves, so a rename can't silently stop the auditing.
"""

import ast
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC

from auditlog.models import LogEntry
from auditlog.registry import auditlog
from dateutil import parser as date_parser
from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import Q, QuerySet
from django.utils import formats, timezone

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
    about_candidate = Q()
    for model, entry in audited_models():
        content_type = ContentType.objects.get_for_model(model)
        if entry.candidate_path:
            rows = model._default_manager.filter(**{entry.candidate_path: candidate.pk})
            about_candidate |= Q(content_type=content_type, object_id__in=rows.values("pk"))
        else:
            about_candidate |= Q(content_type=content_type, object_id=candidate.pk)
    if not about_candidate:
        return LogEntry.objects.none()
    return (
        LogEntry.objects.filter(about_candidate)
        .select_related("actor", "content_type")
        .order_by("-timestamp", "-pk")
    )


def newest_audit_entries_for_candidate(candidate, count: int) -> list[LogEntry]:
    """The `count` newest of `audit_entries_for_candidate`, with the actor and content type."""
    return list(audit_entries_for_candidate(candidate)[:count])


@dataclass(frozen=True)
class AuditChange:
    field: str  # the field's verbose name
    before: str
    after: str


@dataclass(frozen=True)
class AuditRow:
    entry: LogEntry
    changes: tuple[AuditChange, ...]


_EMPTY = "None"  # how auditlog stores a missing value
_DATE_TYPES = ("DateTimeField", "DateField", "TimeField")


def audit_trail_rows(entries) -> list[AuditRow]:
    """`entries` (from `audit_entries_for_candidate`) with their changes ready to show.

    Like auditlog's `changes_display_dict` (choices as labels, dates localised, related rows by
    name) without its query per changed foreign key: every id a model's entries name is
    resolved in one query per related model, whatever the number of entries. A related row
    since deleted shows as its stored id; an empty value as "".
    """
    entries = list(entries)
    parsed = [(entry, _changed_fields(entry)) for entry in entries]
    wanted: dict[type, set] = defaultdict(set)
    for _entry, fields in parsed:
        for field, values in fields:
            if field.many_to_one or field.one_to_one:
                for value in values:
                    pk = _related_pk(field, value)
                    if pk is not None:
                        wanted[field.related_model].add(pk)
    names: dict[type, dict] = {}
    for related_model, pks in wanted.items():
        # Following non-null relations keeps `str()` of a row (often its recruit's name) free.
        rows = related_model._default_manager.select_related().filter(pk__in=pks)
        names[related_model] = {row.pk: str(row) for row in rows}
    rows = []
    for entry, fields in parsed:
        model = entry.content_type.model_class()
        mapping = _field_mapping(model)
        changes = []
        for field, values in fields:
            shown = [_display(field, value, names) for value in values]
            label = mapping.get(field.name) or str(getattr(field, "verbose_name", field.name))
            changes.append(AuditChange(label, *[*shown, "", ""][:2]))
        rows.append(AuditRow(entry, tuple(changes)))
    return rows


def _changed_fields(entry: LogEntry) -> list[tuple]:
    model = entry.content_type.model_class()
    if model is None:
        return []
    fields = []
    for name, values in (entry.changes_dict or {}).items():
        if not isinstance(values, list | tuple):
            continue  # many-to-many changes: none of our journey models audits them
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if not hasattr(field, "get_internal_type") or field.many_to_many:
            continue
        fields.append((field, [str(value) for value in values]))
    return fields


def _field_mapping(model) -> dict[str, str]:
    if model is None or not auditlog.contains(model):
        return {}
    return auditlog.get_model_fields(model).get("mapping_fields") or {}


def _related_pk(field, value: str):
    if value == _EMPTY:
        return None
    try:
        return field.related_model._meta.pk.to_python(value)
    except ValidationError:
        return None


def _display(field, value: str, names: dict) -> str:
    if value == _EMPTY:
        return ""
    choices = dict(field.flatchoices) if getattr(field, "choices", None) else None
    if choices:
        if value in choices:
            return str(choices[value])
        try:
            return str(choices.get(ast.literal_eval(value), value))
        except (ValueError, SyntaxError):
            return value
    if field.many_to_one or field.one_to_one:
        pk = _related_pk(field, value)
        return names.get(field.related_model, {}).get(pk, value)
    field_type = field.get_internal_type()
    if field_type in _DATE_TYPES:
        try:
            moment = date_parser.parse(value)
        except (ValueError, OverflowError):
            return value
        if field_type == "DateField":
            value = formats.localize(moment.date())
        elif field_type == "TimeField":
            value = formats.localize(moment.time())
        else:
            if timezone.is_naive(moment):
                moment = moment.replace(tzinfo=UTC)
            value = formats.localize(timezone.localtime(moment))
    truncate_at = getattr(settings, "AUDITLOG_CHANGE_DISPLAY_TRUNCATE_LENGTH", 140)
    if 0 <= truncate_at < len(value):
        value = value[:truncate_at] + ("..." if truncate_at > 0 else "")
    return value


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
