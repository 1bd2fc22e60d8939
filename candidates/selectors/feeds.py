"""What reminders read: late registration steps, who each reminder goes to, and the steps and
recruits a reminder's message names (loaded many at once)."""

from collections.abc import Iterable
from datetime import date

from django.db.models import F, QuerySet

from candidates.models import CandidateProfile, RegistrationStep
from employers.models import Membership


def late_registration_steps(*, today: date) -> QuerySet[RegistrationStep]:
    """Steps late as of `today` (`RegistrationStep.objects.late`), oldest due first, for
    reminders. Ordered by pk ties so it can be read in batches (`.iterator(chunk_size=…)`)."""
    return (
        RegistrationStep.objects.late(today=today)
        .select_related("template", "candidate__user", "candidate__organisation")
        .order_by("due_on", "pk")
    )


def late_registration_step_recipients(*, today: date) -> dict[str, QuerySet]:
    """`late_registration_steps`, one row per step and person to remind: "recruit" (the
    recruit) and "manager" (each manager of the recruit's organisation).

    Plain values: `recipient_id`, `step_id` and `due_on`. One SELECT each however many steps."""
    steps = late_registration_steps(today=today).order_by()
    memberships = "candidate__organisation__memberships"
    managed = steps.filter(**{f"{memberships}__role": Membership.Role.MANAGER})
    return {
        "recruit": steps.values("due_on", recipient_id=F("candidate__user_id"), step_id=F("pk")),
        "manager": managed.values(
            "due_on", recipient_id=F(f"{memberships}__user_id"), step_id=F("pk")
        ),
    }


def registration_steps_by_id(ids: Iterable[int]) -> dict[int, RegistrationStep]:
    """Steps by id, each with its template and recruit's account, in one query."""
    steps = RegistrationStep.objects.filter(pk__in=list(ids)).select_related(
        "template", "candidate__user"
    )
    return {step.pk: step for step in steps}


def candidates_by_id(ids: Iterable[int]) -> dict[int, CandidateProfile]:
    """Recruits by id, each with their account, in one query."""
    return CandidateProfile.objects.select_related("user").in_bulk(list(ids))
