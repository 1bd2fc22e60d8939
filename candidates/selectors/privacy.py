"""What candidates holds about one recruit, for the privacy app's export and erasure."""

from candidates.models import (
    BarrierReport,
    CandidateProfile,
    EnglishLanguageEvidence,
    EvidenceDocument,
    RegistrationStep,
)
from portal.personal_data import PersonalRows


def personal_data(user) -> list[PersonalRows]:
    """`user`'s profile, registration steps, English results, documents and barrier reports.
    Erasure keeps the rows whose dates, statuses and themes feed HEE's figures."""
    of_recruit = {"candidate__user": user}
    return [
        PersonalRows(
            CandidateProfile.objects.filter(user=user),
            erase=("phone", "job_title", "hcpc_reference", "registration_number"),
        ),
        PersonalRows(RegistrationStep.objects.filter(**of_recruit), erase=("notes",)),
        PersonalRows(EnglishLanguageEvidence.objects.filter(**of_recruit)),
        PersonalRows(
            EvidenceDocument.objects.filter(**of_recruit), files=("file",), delete_on_erasure=True
        ),
        PersonalRows(
            BarrierReport.objects.filter(**of_recruit), erase=("description", "resolution")
        ),
    ]
