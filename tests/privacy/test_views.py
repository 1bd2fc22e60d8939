import io
import zipfile

import pytest
from django.urls import reverse

from privacy.models import ErasureRequest
from tests.factories import DEFAULT_PASSWORD, CandidateFactory, EvidenceDocumentFactory

# Session, user, managed organisations, unread notifications, the requests with their
# recruits (one query), and the session save (savepoint, update, release).
QUERIES_ERASURE_LIST = 8


def test_my_data_export_downloads_a_zip_for_the_recruit(candidate, client_for):
    EvidenceDocumentFactory(candidate=candidate)
    response = client_for(candidate.user).get(reverse("privacy:export"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith("attachment;")
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert "personal-data.json" in names
    assert len(names) == 2


def test_my_data_erasure_request_needs_confirmation(candidate, client_for):
    client = client_for(candidate.user)
    response = client.post(reverse("privacy:my-data"), {"reason": "Moving on"})

    assert response.status_code == 200
    assert "nhsuk-error-summary" in response.content.decode()
    assert ErasureRequest.objects.count() == 0
    response = client.post(reverse("privacy:my-data"), {"reason": "Moving on", "confirm": "on"})
    assert response.status_code == 302
    assert ErasureRequest.objects.get().recruit == candidate.user


def test_erasure_approved_by_manager_stops_sign_in(candidate, manager, client, client_for):
    candidate.user.set_password(DEFAULT_PASSWORD)
    candidate.user.save()
    email = candidate.user.email
    request = ErasureRequest.objects.create(recruit=candidate.user)

    response = client_for(manager).post(
        reverse("privacy:erasure-decide", args=[request.pk]), {"decision": "approve"}
    )
    assert response.status_code == 302
    client.logout()

    response = client.post(reverse("account_login"), {"login": email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 200
    assert not response.wsgi_request.user.is_authenticated


def test_erasure_requests_list_is_the_managers_organisation_only(
    candidate, other_candidate, manager, client_for
):
    ErasureRequest.objects.create(recruit=candidate.user)
    ErasureRequest.objects.create(recruit=other_candidate.user)

    html = client_for(manager).get(reverse("privacy:erasure-requests")).content.decode()

    assert candidate.user.get_full_name() in html
    assert other_candidate.user.get_full_name() not in html


@pytest.mark.parametrize("n", [1, 8])
def test_erasure_requests_list_query_count_does_not_grow_with_requests(
    n, organisation, manager, client_for, django_assert_num_queries
):
    for _ in range(n):
        ErasureRequest.objects.create(recruit=CandidateFactory(organisation=organisation).user)
    client = client_for(manager)

    with django_assert_num_queries(QUERIES_ERASURE_LIST):
        response = client.get(reverse("privacy:erasure-requests"))

    assert response.status_code == 200
    assert len(response.context["requests"]) == n
