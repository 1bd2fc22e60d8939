import pytest

from accounts.models import User
from accounts.services import InvitationError, invitation_accept, invitation_create

pytestmark = pytest.mark.django_db


def test_invitation_create_emails_a_single_use_link(
    organisation, manager, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invitation_create(
            email="Someone@Example.com",
            role=User.Role.RECRUIT,
            invited_by=manager,
            organisation=organisation,
        )
    assert invitation.email == "someone@example.com"
    assert len(mailoutbox) == 1
    assert f"/invite/{invitation.token}/" in mailoutbox[0].body


def test_invitation_accept_twice_creates_one_account(organisation):
    invitation = invitation_create(
        email="twice@example.com",
        role=User.Role.RECRUIT,
        invited_by=None,
        organisation=organisation,
    )
    invitation_accept(token=invitation.token, full_name="First", password="a-long-pass-phrase")
    with pytest.raises(InvitationError):
        invitation_accept(token=invitation.token, full_name="Second", password="a-long-pass-phrase")
    assert User.objects.filter(email="twice@example.com").count() == 1
