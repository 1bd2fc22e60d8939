"""What the portal holds about one recruit, read across the apps (privacy sits above them all)
through each app's own `personal_data(user)` selector: every row it holds about them, with the
free-text and identifying fields erasure clears, the files it deletes, and the rows it deletes
outright. The export serialises every row; erasure keeps the rows whose dates, statuses and
themes feed the aggregate figures HEE reads. `tests/privacy` checks every model with a path to
a recruit is in some app's list, so a new model can't be left out silently.
"""

from django.core import serializers
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from accounts.selectors import personal_data as accounts_data
from candidates.models import CandidateProfile
from candidates.selectors.privacy import personal_data as candidates_data
from employers.selectors import organisation_ids_managed_by
from learning.selectors import personal_data as learning_data
from onboarding.selectors.privacy import personal_data as onboarding_data
from pastoral.selectors.privacy import personal_data as pastoral_data
from portal.personal_data import PersonalRows
from privacy.models import ErasureRequest
from reminders.selectors import personal_data as reminders_data


def personal_rows_of(user) -> list[PersonalRows]:
    """Every app's rows about `user`, app by app."""
    return [
        *accounts_data(user),
        *candidates_data(user),
        *onboarding_data(user),
        *pastoral_data(user),
        *learning_data(user),
        *reminders_data(user),
        PersonalRows(ErasureRequest.objects.filter(recruit=user), erase=("reason",)),
    ]


def personal_data_of(user) -> dict:
    """Everything the apps hold about `user`, as JSON-ready dicts by model label. The user's
    password hash is left out."""
    data = {}
    for entry in personal_rows_of(user):
        rows = serializers.serialize("python", entry.rows.order_by("pk"))
        for row in rows:
            row["fields"].pop("password", None)
        data[entry.label] = rows
    return data


def files_of(user) -> list[tuple[str, object, object]]:
    """(folder in the export, row, FieldFile) for every document and evidence file `user` has."""
    found = []
    for entry in personal_rows_of(user):
        for row in entry.rows if entry.files else ():
            for name in entry.files:
                field_file = getattr(row, name)
                if field_file:
                    found.append((entry.rows.model._meta.model_name, row, field_file))
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
