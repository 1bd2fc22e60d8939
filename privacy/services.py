"""Personal data rights: the export a recruit downloads, and erasure once a manager approves."""

import io
import json
import zipfile
from datetime import datetime

from auditlog.context import disable_auditlog
from auditlog.models import LogEntry
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from employers.selectors import user_is_manager_of
from portal.audit import audit_entries_for_candidate
from privacy.models import ErasureRequest
from privacy.selectors import candidate_of, files_of, personal_data_of, personal_rows_of

ERASED = "[erased]"


def personal_data_export(*, user) -> bytes:
    """A zip of everything the portal holds about `user`: `personal-data.json` and their
    documents (registration evidence, CPD evidence). No side effects."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        data = {"exported_at": timezone.now(), "records": personal_data_of(user)}
        archive.writestr(
            "personal-data.json", json.dumps(data, cls=DjangoJSONEncoder, indent=2, default=str)
        )
        for folder, row, field_file in files_of(user):
            original = getattr(row, "original_name", "") or field_file.name.rsplit("/", 1)[-1]
            with field_file.open("rb") as handle:
                archive.writestr(f"documents/{folder}/{row.pk}-{original}", handle.read())
    return buffer.getvalue()


def erasure_request_create(*, user, reason: str = "") -> ErasureRequest:
    """A recruit asks to be erased. Side effects: one ErasureRequest row (one open at a time)."""
    if not user.is_recruit:
        raise PermissionDenied("Only recruits ask for erasure here.")
    if ErasureRequest.objects.filter(recruit=user, status=ErasureRequest.Status.PENDING).exists():
        raise ValidationError("You have already asked; your manager will decide soon.")
    return ErasureRequest.objects.create(recruit=user, reason=reason)


@transaction.atomic
def erasure_request_decide(
    *, request: ErasureRequest, by, approve: bool, note: str = "", now: datetime | None = None
) -> ErasureRequest:
    """A manager of the recruit's organisation approves or rejects. Approving erases
    (`personal_data_erase`). Side effects: the request is decided; on approval, see there."""
    request = ErasureRequest.objects.select_for_update().get(pk=request.pk)
    candidate = candidate_of(request.recruit)
    if candidate is None or not user_is_manager_of(by, candidate.organisation_id):
        raise PermissionDenied("Only the recruit's organisation's managers decide.")
    if request.status != ErasureRequest.Status.PENDING:
        raise ValidationError("This request has already been decided.")
    request.status = ErasureRequest.Status.APPROVED if approve else ErasureRequest.Status.REJECTED
    request.decided_by = by
    request.decided_at = now or timezone.now()
    request.decision_note = note
    request.save()
    if approve:
        personal_data_erase(user=request.recruit)
    return request


def _blank(field) -> str:
    return "" if field.blank else ERASED


def personal_data_erase(*, user) -> None:
    """Erase `user`'s personal data while keeping the aggregate figures right.

    Side effects (in the caller's transaction; files are deleted once it commits):
    - documents and CPD evidence: rows deleted, files deleted from storage;
    - reminders and notifications to them deleted;
    - every free-text and identifying field the apps' `personal_data` selectors list cleared;
    - the account: name and email replaced, password unusable, inactive (no more sign-in),
      allauth email addresses and MFA authenticators removed;
    - audit entries about their journey: changed values and object names redacted; entries
      where they acted keep the action but lose their email.
    Rows whose dates, statuses, themes and scores feed HEE's aggregates (profile, steps,
    barriers, offer, tasks, pulses...) stay, so every aggregate is unchanged.
    The changes themselves are not audited (the audit would record the values being erased).
    """
    candidate = candidate_of(user)
    # Audit entries are found through the journey rows, so read them before rows go.
    audit_ids = (
        list(audit_entries_for_candidate(candidate).values_list("pk", flat=True))
        if candidate
        else []
    )
    storage_names = []
    with disable_auditlog():
        for entry in personal_rows_of(user):
            for row in entry.rows if entry.files else ():
                for name in entry.files:
                    field_file = getattr(row, name)
                    if field_file:
                        storage_names.append((field_file.storage, field_file.name))
            if entry.delete_on_erasure:
                entry.rows.delete()
                continue
            fields = [f for f in entry.erase if f not in ("full_name", "email")]
            if fields:
                model = entry.rows.model
                entry.rows.update(**{f: _blank(model._meta.get_field(f)) for f in fields})
        user.full_name = ""
        user.email = f"erased-{user.pk}@erased.invalid"
        user.set_unusable_password()
        user.is_active = False
        user.save()
        _forget_sign_in(user)
    _redact_audit(audit_ids, user)

    def delete_files():
        for storage, name in storage_names:
            storage.delete(name)

    transaction.on_commit(delete_files)


def _forget_sign_in(user) -> None:
    for label in ("account.EmailAddress", "mfa.Authenticator"):
        try:
            apps.get_model(label).objects.filter(user=user).delete()
        except LookupError:
            continue


def _redact_audit(entry_ids: list[int], user) -> None:
    for entry in LogEntry.objects.filter(pk__in=entry_ids).only("pk", "changes"):
        changes = entry.changes if isinstance(entry.changes, dict) else {}
        redacted = {field: [ERASED, ERASED] for field in changes}
        LogEntry.objects.filter(pk=entry.pk).update(
            changes=redacted, changes_text="", object_repr=ERASED, remote_addr=None
        )
    LogEntry.objects.filter(actor=user).update(actor_email="", remote_addr=None)
