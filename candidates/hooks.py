from accounts.models import User
from candidates.models import CandidateProfile
from candidates.services import registration_start
from candidates.signals import recruits_changed


def profile_from_invitation(sender, *, invitation, user, **kwargs) -> None:
    """A recruit invited by an organisation starts with a profile joined to that employer (and
    `recruits_changed` sent, so the apps above store what they keep per recruit)."""
    if user.role == User.Role.RECRUIT:
        profile, _ = CandidateProfile.objects.get_or_create(
            user=user, defaults={"organisation_id": invitation.organisation_id}
        )
        registration_start(candidate=profile)
        recruits_changed.send(sender=CandidateProfile, candidate_ids=[profile.pk])
