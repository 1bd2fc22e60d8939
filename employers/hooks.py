from accounts.models import User
from employers.models import Membership


def membership_from_invitation(sender, *, invitation, user, **kwargs) -> None:
    """Staff invited into an organisation get the duty their invitation named."""
    if user.role == User.Role.EMPLOYER_STAFF and invitation.organisation_id:
        Membership.objects.get_or_create(
            user=user,
            organisation_id=invitation.organisation_id,
            role=invitation.membership_role or Membership.Role.BUDDY,
        )
