"""What reminders read: late registration steps and who each reminder goes to."""

from datetime import date

from django.db.models import Case, CharField, F, QuerySet, Value, When
from django.db.models.functions import Cast, Concat

from candidates.models import RegistrationStep
from employers.models import Membership


def late_registration_steps(*, today: date) -> QuerySet[RegistrationStep]:
    """Steps late as of `today` (`RegistrationStep.objects.late`), oldest due first, for
    reminders. Ordered by pk ties so it can be read in batches (`.iterator(chunk_size=…)`)."""
    return (
        RegistrationStep.objects.late(today=today)
        .select_related("template", "candidate__user", "candidate__organisation")
        .order_by("due_on", "pk")
    )


def recruit_columns(path: str = "") -> dict[str, F]:
    """`recruit_id`, `recruit_full_name` and `recruit_email` of the recruit at `path` (a
    relation to a CandidateProfile; "" for the profile itself), for the reminder selectors."""
    at = f"{path}__" if path else ""
    return {
        "recruit_id": F(f"{at}pk"),
        "recruit_full_name": F(f"{at}user__full_name"),
        "recruit_email": F(f"{at}user__email"),
    }


def _step_name() -> Case:
    """A step's name as `RegistrationStep.display_name` gives it, in SQL."""
    ordinal = Case(
        When(round=2, then=Value("second")),
        When(round=3, then=Value("third")),
        default=Concat(Cast("round", CharField()), Value("th")),
    )
    repeated = Concat("template__name", Value(" ("), ordinal, Value(" time)"))
    return Case(
        When(round__gt=1, then=repeated),
        default=F("template__name"),
        output_field=CharField(),
    )


def late_registration_step_recipients(*, today: date) -> dict[str, QuerySet]:
    """`late_registration_steps`, one row per step and person to remind: "recruit" (the
    recruit) and "manager" (each manager of the recruit's organisation).

    Plain values: `recipient_id`, `step_id`, `step_name` (as `display_name`), `due_on` and
    `recruit_columns`. One SELECT each however many steps."""
    steps = late_registration_steps(today=today).order_by()
    columns = {"step_id": F("pk"), "step_name": _step_name(), **recruit_columns("candidate")}
    memberships = "candidate__organisation__memberships"
    managed = steps.filter(**{f"{memberships}__role": Membership.Role.MANAGER})
    return {
        "recruit": steps.values("due_on", recipient_id=F("candidate__user_id"), **columns),
        "manager": managed.values("due_on", recipient_id=F(f"{memberships}__user_id"), **columns),
    }
