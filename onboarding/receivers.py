"""Keeps each recruit's stored progress row in step with their profile and their buddies, and
the registration-time counts in step with registrations, offers and professions: the candidates
and pastoral apps sit below onboarding and cannot call its services, so onboarding listens for
their saves and deletes. Fixture loading (`raw`) is left alone."""

from candidates.models import RegistrationStep
from onboarding.models import JourneyProgress, Offer
from onboarding.services import (
    REGISTERED_KEY,
    journey_progress_first_buddy_refresh,
    journey_progress_refresh,
    registration_months_of,
    registration_time_counts_refresh,
)
from pastoral.models import SupportAssignment
from portal.stored_counts import save_touches


def progress_for_saved_profile(sender, instance, created, raw=False, **kwargs) -> None:
    """A new recruit gets their row at once (the recruits page ranks from that table alone); a
    recruit who moved organisation gets theirs moved with them, so no manager of the old one
    keeps seeing them. Fixture loading (`raw`) is left alone."""
    if raw:
        return
    if not created:
        stored = list(
            JourneyProgress.objects.filter(candidate_id=instance.pk).values_list(
                "organisation_id", flat=True
            )
        )
        if stored == [instance.organisation_id]:
            return
    journey_progress_refresh(candidate_id=instance.pk)


BUDDY_FIELDS = {"candidate", "candidate_id", "role", "started_at"}


def remember_assignment_recruit(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    """An assignment moved to another recruit (as the admin may) leaves that recruit's first
    buddy to work out again."""
    instance._recruit_before = None
    if raw or instance.pk is None or not save_touches(update_fields, BUDDY_FIELDS):
        return
    instance._recruit_before = (
        SupportAssignment.objects.filter(pk=instance.pk)
        .values_list("candidate_id", flat=True)
        .first()
    )


def first_buddy_after_assignment_save(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or not save_touches(update_fields, BUDDY_FIELDS):
        return
    journey_progress_first_buddy_refresh(candidate_id=instance.candidate_id)
    before = getattr(instance, "_recruit_before", None)
    if before is not None and before != instance.candidate_id:
        journey_progress_first_buddy_refresh(candidate_id=before)


def first_buddy_after_assignment_delete(sender, instance, **kwargs) -> None:
    journey_progress_first_buddy_refresh(candidate_id=instance.candidate_id)


STEP_FIELDS = {"template", "template_id", "finished_on", "candidate", "candidate_id"}


def _registered_on(step_values) -> object | None:
    """The finish day of a (finished_on, template key, template regulator) row that is an HCPC
    registration, else None."""
    if step_values is None:
        return None
    finished_on, key, regulator = step_values
    return finished_on if key == REGISTERED_KEY and regulator == "hcpc" else None


def _step_values(pk: int):
    return (
        RegistrationStep.objects.filter(pk=pk)
        .values_list("finished_on", "template__key", "template__regulator")
        .first()
    )


def remember_registration_before_save(sender, instance, raw=False, update_fields=None, **kwargs):
    """A registration moved to another month, recruit or step leaves a count to redo there."""
    instance._registered_before = None
    if raw or instance.pk is None or not save_touches(update_fields, STEP_FIELDS):
        return
    instance._registered_before = _registered_on(_step_values(instance.pk))


def registration_times_after_step_save(
    sender, instance, raw=False, update_fields=None, **kwargs
) -> None:
    if raw or not save_touches(update_fields, STEP_FIELDS):
        return
    months = {
        getattr(instance, "_registered_before", None),
        _registered_on(_step_values(instance.pk)),
    }
    registration_time_counts_refresh(months=[month for month in months if month is not None])


def registration_times_after_step_delete(sender, instance, **kwargs) -> None:
    if instance.finished_on is None:
        return
    template = instance.template
    registered = _registered_on((instance.finished_on, template.key, template.regulator))
    if registered is not None:
        registration_time_counts_refresh(months=[registered])


OFFER_FIELDS = {"offer_date", "candidate", "candidate_id"}


def remember_offer_recruit(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    instance._recruit_before = None
    if raw or instance.pk is None or not save_touches(update_fields, OFFER_FIELDS):
        return
    instance._recruit_before = (
        Offer.objects.filter(pk=instance.pk).values_list("candidate_id", flat=True).first()
    )


def registration_times_after_offer_save(
    sender, instance, raw=False, update_fields=None, **kwargs
) -> None:
    """A recruit's offer date counts in the days to each of their registrations."""
    if raw or not save_touches(update_fields, OFFER_FIELDS):
        return
    months = registration_months_of(candidate_id=instance.candidate_id)
    before = getattr(instance, "_recruit_before", None)
    if before is not None and before != instance.candidate_id:
        months |= registration_months_of(candidate_id=before)
    registration_time_counts_refresh(months=months)


def registration_times_after_offer_delete(sender, instance, **kwargs) -> None:
    registration_time_counts_refresh(
        months=registration_months_of(candidate_id=instance.candidate_id)
    )


def registration_times_after_profile_save(
    sender, instance, created, raw=False, update_fields=None, **kwargs
) -> None:
    """A recruit's profession groups their registrations."""
    if raw or created or not save_touches(update_fields, {"profession", "profession_id"}):
        return
    registration_time_counts_refresh(months=registration_months_of(candidate_id=instance.pk))
