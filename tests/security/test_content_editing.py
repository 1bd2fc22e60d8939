"""Who changes what an organisation tells its recruits: its guides and local networks are kept
by its managers (and national guides by administrators). Buddies and mentors read them, and the
pages tell them who to ask. The access matrix states the same per page."""

import pytest
from django.urls import reverse

from learning.models import Guide
from pastoral.models import LocalNetwork
from tests.factories import GuideFactory, LocalNetworkFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def guide(organisation):
    return GuideFactory(organisation=organisation, title="Parking at Riverside")


@pytest.fixture
def network(organisation):
    return LocalNetworkFactory(organisation=organisation, name="Kerala Association")


def _guide_post(**overrides) -> dict:
    data = {
        "title": "Changed by a buddy",
        "slug": "changed-by-a-buddy",
        "summary": "A summary.",
        "body": "Some text.",
    }
    data.update(overrides)
    return data


def test_buddy_cannot_write_or_change_guides(client_for, buddy, guide):
    client = client_for(buddy)

    created = client.post(reverse("learning:guide-create"), _guide_post())
    changed = client.post(reverse("learning:guide-edit", args=[guide.slug]), _guide_post())

    assert (created.status_code, changed.status_code) == (403, 403)
    assert list(Guide.objects.filter(organisation=guide.organisation).values_list("title")) == [
        ("Parking at Riverside",)
    ]


def test_buddy_reads_the_organisation_guides_and_is_told_who_writes_them(client_for, buddy, guide):
    response = client_for(buddy).get(reverse("learning:authoring"))
    html = response.content.decode()

    assert response.status_code == 200
    assert [g.pk for g in response.context["guides"]] == [guide.pk]
    assert "Only your organisation's managers can write or change its guides." in html
    assert reverse("learning:guide-edit", args=[guide.slug]) not in html
    assert reverse("learning:guide-create") not in html


def test_manager_writes_and_changes_guides(client_for, manager, guide):
    client = client_for(manager)

    created = client.post(reverse("learning:guide-create"), _guide_post(title="Welcome"))
    changed = client.post(
        reverse("learning:guide-edit", args=[guide.slug]),
        _guide_post(title="Parking and travel", slug=guide.slug),
    )

    assert (created.status_code, changed.status_code) == (302, 302)
    assert Guide.objects.get(pk=guide.pk).title == "Parking and travel"
    assert Guide.objects.filter(title="Welcome", organisation=guide.organisation).exists()


def test_buddy_cannot_add_or_change_networks(client_for, buddy, network):
    client = client_for(buddy)
    data = {"name": "Changed by a buddy", "kind": "diaspora", "is_active": "on"}

    added = client.post(reverse("pastoral:network-new"), data)
    changed = client.post(reverse("pastoral:network-edit", args=[network.pk]), data)

    assert (added.status_code, changed.status_code) == (403, 403)
    assert list(LocalNetwork.objects.values_list("name", flat=True)) == ["Kerala Association"]


def test_buddy_sees_networks_and_is_told_who_keeps_them(client_for, buddy, network):
    html = client_for(buddy).get(reverse("pastoral:networks")).content.decode()

    assert "Kerala Association" in html
    assert "Only your organisation's managers can add or change its networks." in html
    assert reverse("pastoral:network-edit", args=[network.pk]) not in html
    assert reverse("pastoral:network-new") not in html


def test_manager_adds_and_changes_networks(client_for, manager, network):
    client = client_for(manager)
    html = client.get(reverse("pastoral:networks")).content.decode()

    changed = client.post(
        reverse("pastoral:network-edit", args=[network.pk]),
        {"name": "Kerala Association of the North", "kind": "diaspora", "is_active": "on"},
    )

    assert reverse("pastoral:network-edit", args=[network.pk]) in html
    assert changed.status_code == 302
    assert LocalNetwork.objects.get(pk=network.pk).name == "Kerala Association of the North"
