"""What the portal holds about one recruit, read across the apps (privacy sits above them all).

`PERSONAL_DATA` lists, per model, how its rows reach the recruit and which of its fields are
free text or identifying. The export serialises every listed row; erasure clears the listed
fields and deletes the files, and keeps the rows (their dates, statuses and themes feed the
aggregate figures HEE reads). `tests/privacy` asserts every model with a path to a recruit is
listed, so a new model can't be left out silently.
"""

from dataclasses import dataclass

from django.apps import apps
from django.core import serializers
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from candidates.models import CandidateProfile
from employers.selectors import organisation_ids_managed_by
from privacy.models import ErasureRequest


@dataclass(frozen=True)
class PersonalData:
    label: str  # "app.Model"
    to_recruit: str  # lookup from the model to the recruit's User ("" for the user)
    erase: tuple[str, ...] = ()  # free-text / identifying fields, cleared on erasure
    files: tuple[str, ...] = ()  # file fields, deleted from storage on erasure
    delete_on_erasure: bool = False  # rows with nothing aggregate in them


PERSONAL_DATA: tuple[PersonalData, ...] = (
    PersonalData("accounts.User", "", erase=("full_name", "email")),
    PersonalData(
        "candidates.CandidateProfile",
        "user",
        erase=("phone", "job_title", "hcpc_reference", "registration_number"),
    ),
    PersonalData("candidates.RegistrationStep", "candidate__user", erase=("notes",)),
    PersonalData("candidates.EnglishLanguageEvidence", "candidate__user"),
    PersonalData(
        "candidates.EvidenceDocument",
        "candidate__user",
        files=("file",),
        delete_on_erasure=True,
    ),
    PersonalData(
        "candidates.BarrierReport", "candidate__user", erase=("description", "resolution")
    ),
    PersonalData("onboarding.Offer", "candidate__user", erase=("role_expectations",)),
    PersonalData(
        "onboarding.CodeOfPracticeDecision",
        "candidate__user",
        erase=("agreement_text", "explanation", "application_account"),
    ),
    PersonalData("onboarding.OnboardingTask", "candidate__user"),
    PersonalData("onboarding.TaskComment", "task__candidate__user", erase=("body",)),
    PersonalData("pastoral.SupportAssignment", "candidate__user", erase=("over_capacity_reason",)),
    PersonalData("pastoral.BuddyChangeRequest", "candidate__user", erase=("reason", "resolution")),
    PersonalData("pastoral.CheckIn", "assignment__candidate__user", erase=("notes",)),
    PersonalData("pastoral.WellbeingPulse", "candidate__user", erase=("comment",)),
    PersonalData("pastoral.NetworkIntroduction", "candidate__user"),
    PersonalData("learning.GuideProgress", "candidate__user"),
    PersonalData(
        "learning.CpdActivity", "candidate__user", erase=("title", "learned", "practice_change")
    ),
    PersonalData(
        "learning.CpdEvidence", "activity__candidate__user", files=("file",), delete_on_erasure=True
    ),
    PersonalData("learning.Preceptorship", "candidate__user"),
    PersonalData(
        "learning.PreceptorshipObjective", "preceptorship__candidate__user", erase=("text",)
    ),
    PersonalData(
        "learning.ProtectedTimeSession", "preceptorship__candidate__user", erase=("activity",)
    ),
    PersonalData(
        "learning.PreceptorshipReview",
        "preceptorship__candidate__user",
        erase=("preceptee_comments", "preceptor_comments"),
    ),
    PersonalData("reminders.Reminder", "recipient", delete_on_erasure=True),
    PersonalData("reminders.Notification", "recipient", delete_on_erasure=True),
    PersonalData("reminders.NotificationPreference", "user"),
    PersonalData("privacy.ErasureRequest", "recruit", erase=("reason",)),
)


def rows_of(entry: PersonalData, user) -> QuerySet:
    model = apps.get_model(entry.label)
    lookup = entry.to_recruit or "pk"
    return model._default_manager.filter(**{lookup: user.pk if not entry.to_recruit else user})


def personal_data_of(user) -> dict:
    """Everything listed in PERSONAL_DATA about `user`, as JSON-ready dicts by model label.
    The user's password hash is left out."""
    data = {}
    for entry in PERSONAL_DATA:
        rows = serializers.serialize("python", rows_of(entry, user).order_by("pk"))
        for row in rows:
            row["fields"].pop("password", None)
        data[entry.label] = rows
    return data


def files_of(user) -> list[tuple[str, object, object]]:
    """(folder in the export, row, FieldFile) for every document and evidence file `user` has."""
    found = []
    for entry in PERSONAL_DATA:
        for row in rows_of(entry, user) if entry.files else ():
            for name in entry.files:
                field_file = getattr(row, name)
                if field_file:
                    found.append((entry.label.split(".")[1].lower(), row, field_file))
    return found


def erasure_requests_for_manager(user) -> QuerySet[ErasureRequest]:
    """Requests from recruits of the organisations `user` manages, pending first."""
    return (
        ErasureRequest.objects.filter(
            recruit__candidate_profile__organisation_id__in=organisation_ids_managed_by(user)
        )
        .select_related("recruit", "decided_by")
        .order_by("-status", "-requested_at")
    )


def erasure_request_for_manager(user, request_id: int) -> ErasureRequest:
    return get_object_or_404(erasure_requests_for_manager(user), pk=request_id)


def open_erasure_request_for(user) -> ErasureRequest | None:
    return ErasureRequest.objects.filter(recruit=user, status=ErasureRequest.Status.PENDING).first()


def candidate_of(user) -> CandidateProfile | None:
    return CandidateProfile.objects.filter(user=user).first()
