"""Keeps each recruit's stored progress row in step with their profile and their buddies: the
candidates and pastoral apps sit below onboarding and cannot call its services, so onboarding
listens for profile saves and for buddy assignments saved or deleted."""

from onboarding.models import JourneyProgress
from onboarding.services import journey_progress_first_buddy_refresh, journey_progress_refresh
from pastoral.models import SupportAssignment


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


def _touches_buddy(update_fields) -> bool:
    return update_fields is None or bool(BUDDY_FIELDS & set(update_fields))


def remember_assignment_recruit(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    """An assignment moved to another recruit (as the admin may) leaves that recruit's first
    buddy to work out again."""
    instance._recruit_before = None
    if raw or instance.pk is None or not _touches_buddy(update_fields):
        return
    instance._recruit_before = (
        SupportAssignment.objects.filter(pk=instance.pk)
        .values_list("candidate_id", flat=True)
        .first()
    )


def first_buddy_after_assignment_save(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or not _touches_buddy(update_fields):
        return
    journey_progress_first_buddy_refresh(candidate_id=instance.candidate_id)
    before = getattr(instance, "_recruit_before", None)
    if before is not None and before != instance.candidate_id:
        journey_progress_first_buddy_refresh(candidate_id=before)


def first_buddy_after_assignment_delete(sender, instance, **kwargs) -> None:
    journey_progress_first_buddy_refresh(candidate_id=instance.candidate_id)
