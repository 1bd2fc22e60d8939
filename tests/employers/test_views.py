import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import Invitation
from employers.models import Membership
from tests.factories import InvitationFactory, UserFactory


def test_organisation_redirects_to_the_only_organisation(organisation, manager, client_for):
    response = client_for(manager).get(reverse("employers:organisation"))

    assert response.url == reverse("employers:organisation-detail", args=[organisation.pk])


def test_organisation_detail_lists_staff_and_invite_form(organisation, manager, buddy, client_for):
    response = client_for(manager).get(
        reverse("employers:organisation-detail", args=[organisation.pk])
    )

    assert response.status_code == 200
    assert buddy.email in response.text
    assert "Send invitation" in response.text


def test_organisation_detail_for_buddy_has_no_invite_form(organisation, buddy, client_for):
    response = client_for(buddy).get(
        reverse("employers:organisation-detail", args=[organisation.pk])
    )

    assert response.status_code == 200
    assert "Send invitation" not in response.text


def test_organisation_detail_hides_other_organisations(organisation, other_manager, client_for):
    response = client_for(other_manager).get(
        reverse("employers:organisation-detail", args=[organisation.pk])
    )

    assert response.status_code == 404


def test_organisation_invite_hides_other_organisations(organisation, other_manager, client_for):
    response = client_for(other_manager).post(
        reverse("employers:organisation-invite", args=[organisation.pk]),
        {"email": "x@example.com", "kind": "recruit"},
    )

    assert response.status_code == 404
    assert Invitation.objects.count() == 0


def test_organisation_refuses_recruits(recruit, client_for):
    assert client_for(recruit).get(reverse("employers:organisation")).status_code == 403


@pytest.mark.parametrize(
    ("kind", "role", "duty"),
    [
        ("recruit", "recruit", ""),
        ("buddy", "employer_staff", "buddy"),
        ("manager", "employer_staff", "manager"),
    ],
)
def test_organisation_invite_sends_invitation(
    organisation, manager, client_for, kind, role, duty, django_capture_on_commit_callbacks
):
    url = reverse("employers:organisation-invite", args=[organisation.pk])

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(manager).post(
            url, {"email": "New.Person@Example.com", "full_name": "New Person", "kind": kind}
        )

    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.role, invitation.membership_role) == (
        "new.person@example.com",
        role,
        duty,
    )
    assert (invitation.organisation, invitation.invited_by) == (organisation, manager)
    assert mail.outbox[0].to == ["new.person@example.com"]


def test_organisation_invite_refuses_buddy(organisation, buddy, client_for):
    url = reverse("employers:organisation-invite", args=[organisation.pk])

    response = client_for(buddy).post(url, {"email": "x@example.com", "kind": "recruit"})

    assert response.status_code == 403
    assert Invitation.objects.count() == 0


def test_organisation_invite_existing_account_is_refused(organisation, manager, client_for):
    UserFactory(email="taken@example.com")
    url = reverse("employers:organisation-invite", args=[organisation.pk])

    response = client_for(manager).post(url, {"email": "taken@example.com", "kind": "buddy"})

    assert response.status_code == 200  # the form again with its errors, like every form
    assert "already has an account" in response.text
    assert 'value="taken@example.com"' in response.text
    assert Invitation.objects.count() == 0


def test_organisation_invite_pending_invitation_is_refused(organisation, manager, client_for):
    InvitationFactory(email="waiting@example.com", organisation=organisation)
    url = reverse("employers:organisation-invite", args=[organisation.pk])

    response = client_for(manager).post(url, {"email": "waiting@example.com", "kind": "recruit"})

    assert response.status_code == 200  # the form again with its errors, like every form
    assert "already has an invitation waiting" in response.text
    assert Invitation.objects.count() == 1


@pytest.mark.parametrize("extra", [0, 3])
def test_organisation_detail_query_count_is_constant(
    organisation, manager, client_for, extra, django_assert_num_queries
):
    from tests.factories import MembershipFactory

    for _ in range(extra):
        MembershipFactory(organisation=organisation, role=Membership.Role.BUDDY)
        InvitationFactory(organisation=organisation)
    client = client_for(manager)
    url = reverse("employers:organisation-detail", args=[organisation.pk])
    client.get(url)

    with django_assert_num_queries(7):
        assert client.get(url).status_code == 200


def test_organisation_detail_links_manager_to_dashboards_self_assessment_and_guide(
    organisation, manager, client_for
):
    response = client_for(manager).get(
        reverse("employers:organisation-detail", args=[organisation.pk])
    )

    for url in [
        reverse("insights:organisation-dashboard", args=[organisation.pk]),
        reverse("pastoral:self-assessment", args=[organisation.pk]),
        reverse("learning:good-practice-topic", args=["preparing-workforce"]),
    ]:
        assert f'href="{url}"' in response.text


def test_organisation_detail_for_buddy_has_guide_but_no_manager_links(
    organisation, buddy, client_for
):
    response = client_for(buddy).get(
        reverse("employers:organisation-detail", args=[organisation.pk])
    )

    assert reverse("learning:good-practice-topic", args=["preparing-workforce"]) in response.text
    assert reverse("insights:organisation-dashboard", args=[organisation.pk]) not in response.text
    assert reverse("pastoral:self-assessment", args=[organisation.pk]) not in response.text
