from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.models import Invitation, User
from accounts.signals import invitation_accepted


class InvitationError(Exception):
    """An invitation link that can no longer be used; the message is shown to the person."""


def invitation_url(invitation: Invitation) -> str:
    return settings.SITE_URL + reverse("accounts:invitation-accept", args=[invitation.token])


def invitation_create(
    *,
    email: str,
    role: str,
    invited_by: User | None,
    organisation=None,
    membership_role: str = "",
    full_name: str = "",
) -> Invitation:
    """Create an invitation and email its link to `email`.

    Side effects: one Invitation row; one email (sent after the transaction commits).
    """
    invitation = Invitation.objects.create(
        email=email.strip().lower(),
        full_name=full_name,
        role=role,
        organisation=organisation,
        membership_role=membership_role,
        invited_by=invited_by,
    )
    transaction.on_commit(lambda: invitation_send(invitation=invitation))
    return invitation


def invitation_send(*, invitation: Invitation) -> None:
    context = {
        "invitation": invitation,
        "url": invitation_url(invitation),
        "service_name": settings.SERVICE_NAME,
    }
    send_mail(
        subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}You're invited to AHP Journeys",
        message=render_to_string("accounts/email/invitation.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[invitation.email],
        html_message=render_to_string("accounts/email/invitation.html", context),
    )


def invitation_check(*, token: str) -> Invitation:
    """Return the usable invitation for `token`, or raise InvitationError saying why not."""
    invitation = (
        Invitation.objects.select_related("organisation", "invited_by").filter(token=token).first()
    )
    if invitation is None:
        raise InvitationError(
            "We could not find this invitation. Check you copied the whole link from the email."
        )
    if invitation.is_accepted:
        raise InvitationError(
            "This invitation has already been used. If it was you, sign in with your email "
            "address and password."
        )
    if invitation.is_expired:
        raise InvitationError(
            f"This invitation expired on {timezone.localtime(invitation.expires_at):%d %B %Y}. "
            "Ask the person who invited you to send a new one."
        )
    if get_user_model().objects.filter(email__iexact=invitation.email).exists():
        raise InvitationError("An account already exists for this email address. Sign in instead.")
    return invitation


@transaction.atomic
def invitation_accept(*, token: str, full_name: str, password: str) -> User:
    """Turn an invitation into an account with an unverified email address.

    Claims the invitation with a conditional UPDATE so a link used twice at the same moment
    creates one account. Side effects: one User and one allauth EmailAddress (unverified);
    the `invitation_accepted` signal (memberships, profiles). The caller sends the
    verification email.
    """
    from allauth.account.models import EmailAddress

    invitation = invitation_check(token=token)
    now = timezone.now()
    claimed = Invitation.objects.filter(
        pk=invitation.pk, accepted_at__isnull=True, expires_at__gt=now
    ).update(accepted_at=now)
    if not claimed:
        raise InvitationError("This invitation has already been used.")
    user = get_user_model().objects.create_user(
        email=invitation.email,
        password=password,
        full_name=full_name.strip(),
        role=invitation.role,
    )
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=False)
    Invitation.objects.filter(pk=invitation.pk).update(accepted_by=user)
    invitation.accepted_at, invitation.accepted_by = now, user
    invitation_accepted.send(sender=Invitation, invitation=invitation, user=user)
    return user
