"""Keeps each recruit's stored progress row in step with their profile: the candidates app sits
below onboarding and cannot call its services, so onboarding listens for profile saves."""

from onboarding.models import JourneyProgress
from onboarding.services import journey_progress_refresh


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
