from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import Invitation, User
from employers.models import Membership
from tests.factories import (
    DEFAULT_PASSWORD,
    InvitationFactory,
    MembershipFactory,
    RecruitUserFactory,
)

pytestmark = pytest.mark.django_db


def test_login_with_email_and_password_reaches_recruit_start_page(client, candidate):
    response = client.post(
        reverse("account_login"),
        {"login": candidate.user.email, "password": DEFAULT_PASSWORD},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("candidates:journey")
    assert response.context["user"] == candidate.user


def test_login_with_wrong_password_shows_error_next_to_form(client, candidate):
    response = client.post(
        reverse("account_login"), {"login": candidate.user.email, "password": "not-it"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "nhsuk-error-summary" in html
    assert "The email address and/or password you specified are not correct." in html
    assert f'value="{candidate.user.email}"' in html


def test_login_refused_until_email_verified(client):
    user = RecruitUserFactory(verified_email=False)
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=False)
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session


def test_logout_ends_the_session(client_for, recruit):
    client = client_for(recruit)
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("candidates:journey")).status_code == 302


def test_anonymous_user_is_redirected_to_login(client):
    response = client.get(reverse("candidates:journey"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_home_sends_each_role_to_its_start_page(client_for, recruit, manager, analyst):
    assert client_for(recruit).get("/")["Location"] == reverse("candidates:journey")
    assert client_for(manager).get("/")["Location"] == reverse("onboarding:recruits")
    assert client_for(analyst).get("/")["Location"] == reverse("insights:dashboard")


def test_recruit_cannot_open_staff_or_analyst_pages(client_for, recruit):
    client = client_for(recruit)
    assert client.get(reverse("onboarding:recruits")).status_code == 403
    assert client.get(reverse("insights:dashboard")).status_code == 403


def test_staff_without_mfa_is_sent_to_enrol_before_any_data_page(client):
    membership = MembershipFactory(role=Membership.Role.MANAGER)
    response = client.post(
        reverse("account_login"),
        {"login": membership.user.email, "password": DEFAULT_PASSWORD},
        follow=True,
    )
    assert [url for url, _ in response.redirect_chain] == [
        reverse("home"),
        reverse("mfa_activate_totp"),
    ]
    html = response.content.decode()
    assert "must set up an authenticator app" in html
    assert 'name="code"' in html
    assert client.get(reverse("onboarding:recruits"))["Location"] == reverse("mfa_activate_totp")


def test_analyst_without_mfa_is_sent_to_enrol(client):
    from tests.factories import AnalystFactory

    client.force_login(AnalystFactory())
    response = client.get(reverse("insights:dashboard"))
    assert response["Location"] == reverse("mfa_activate_totp")


def test_recruit_does_not_need_mfa(client_for, recruit):
    assert client_for(recruit).get(reverse("candidates:journey")).status_code == 200


def test_enrolled_staff_reach_their_pages(client_for, manager):
    assert client_for(manager).get(reverse("onboarding:recruits")).status_code == 200


def test_invitation_creates_account_with_unverified_email_and_sends_verification(
    client, organisation
):
    invitation = InvitationFactory(
        email="new.recruit@example.com", role=User.Role.RECRUIT, organisation=organisation
    )
    url = reverse("accounts:invitation-accept", args=[invitation.token])
    response = client.post(
        url,
        {
            "full_name": "Rosa Lima",
            "password1": "a-long-pass-phrase",
            "password2": "a-long-pass-phrase",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    user = User.objects.get(email="new.recruit@example.com")
    assert user.full_name == "Rosa Lima"
    assert user.candidate_profile.organisation == organisation
    assert EmailAddress.objects.get(user=user).verified is False
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["new.recruit@example.com"]
    invitation.refresh_from_db()
    assert invitation.accepted_by == user


def test_staff_invitation_creates_membership(client, organisation):
    invitation = InvitationFactory(
        role=User.Role.EMPLOYER_STAFF,
        organisation=organisation,
        membership_role=Invitation.MembershipRole.BUDDY,
    )
    client.post(
        reverse("accounts:invitation-accept", args=[invitation.token]),
        {
            "full_name": "Ben Carter",
            "password1": "a-long-pass-phrase",
            "password2": "a-long-pass-phrase",
        },
    )
    membership = Membership.objects.get(user__email=invitation.email)
    assert (membership.organisation, membership.role) == (organisation, Membership.Role.BUDDY)


def test_reused_invitation_is_refused_with_a_clear_message(client):
    invitation = InvitationFactory()
    url = reverse("accounts:invitation-accept", args=[invitation.token])
    data = {
        "full_name": "A Person",
        "password1": "a-long-pass-phrase",
        "password2": "a-long-pass-phrase",
    }
    client.post(url, data)
    client.logout()
    response = client.post(url, data)
    assert response.status_code == 410
    assert "This invitation has already been used." in response.content.decode()
    assert User.objects.filter(email=invitation.email).count() == 1


def test_expired_invitation_is_refused_with_a_clear_message(client):
    invitation = InvitationFactory(expires_at=timezone.now() - timedelta(minutes=1))
    response = client.get(reverse("accounts:invitation-accept", args=[invitation.token]))
    assert response.status_code == 410
    assert "This invitation expired on" in response.content.decode()
    assert not User.objects.filter(email=invitation.email).exists()


def test_unknown_invitation_token_is_refused(client):
    response = client.get(reverse("accounts:invitation-accept", args=["not-a-token"]))
    assert response.status_code == 410
    assert "We could not find this invitation." in response.content.decode()


def test_invitation_form_errors_keep_what_was_typed(client):
    invitation = InvitationFactory()
    response = client.post(
        reverse("accounts:invitation-accept", args=[invitation.token]),
        {
            "full_name": "Keep Me",
            "password1": "a-long-pass-phrase",
            "password2": "different-phrase!",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "The passwords do not match." in html
    assert 'value="Keep Me"' in html
    assert not User.objects.filter(email=invitation.email).exists()


def test_self_signup_is_closed(client):
    response = client.get(reverse("account_signup"))
    assert "Sign-up is by invitation" in response.content.decode()
