from accounts.models import User
from candidates.models import CandidateProfile
from candidates.services import registration_start


def profile_from_invitation(sender, *, invitation, user, **kwargs) -> None:
    """A recruit invited by an organisation starts with a profile joined to that employer."""
    if user.role == User.Role.RECRUIT:
        profile, _ = CandidateProfile.objects.get_or_create(
            user=user, defaults={"organisation_id": invitation.organisation_id}
        )
        registration_start(candidate=profile)
