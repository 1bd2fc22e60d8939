from django.db import transaction

from accounts.models import Invitation, User
from accounts.services import invitation_create
from employers.models import Organisation

# What a manager may invite someone as: (choice value, label, account role, membership duty).
INVITE_KINDS = [
    ("recruit", "A recruit joining us", User.Role.RECRUIT, ""),
    ("buddy", "Staff: buddy", User.Role.EMPLOYER_STAFF, Invitation.MembershipRole.BUDDY),
    ("mentor", "Staff: mentor", User.Role.EMPLOYER_STAFF, Invitation.MembershipRole.MENTOR),
    ("manager", "Staff: manager", User.Role.EMPLOYER_STAFF, Invitation.MembershipRole.MANAGER),
]


@transaction.atomic
def organisation_invite(
    *, organisation: Organisation, by: User, email: str, full_name: str, kind: str
) -> Invitation:
    """Invite a recruit or a member of staff into `organisation`.

    Side effects: one Invitation row and its email (through `accounts.services.invitation_create`);
    on acceptance the recruit gets a profile, staff get the membership named here.
    """
    _value, _label, role, membership_role = next(k for k in INVITE_KINDS if k[0] == kind)
    return invitation_create(
        email=email,
        full_name=full_name,
        role=role,
        organisation=organisation,
        membership_role=membership_role,
        invited_by=by,
    )
