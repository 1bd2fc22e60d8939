from onboarding.services import journey_progress_refresh


def progress_of_changed_recruits(sender, *, candidate_ids, **kwargs) -> None:
    """A lower app (candidates, pastoral) changed what these recruits' stored progress is worked
    out from: store it again, in the same transaction."""
    journey_progress_refresh(candidate_ids=candidate_ids)
