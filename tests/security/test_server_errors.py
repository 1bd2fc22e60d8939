"""The 500s a web scanner found: each request now gets an answer a person can act on."""

from datetime import date

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from candidates.models import RegistrationStep
from candidates.services import registration_start
from onboarding.models import MAX_DUE_OFFSET_DAYS, ChecklistTemplateItem, Offer
from tests.factories import CandidateFactory, ChecklistTemplateFactory, profession

pytestmark = pytest.mark.django_db

LAST_DAY = date(9999, 12, 31)


def _date(prefix: str, day: date) -> dict:
    return {f"{prefix}_day": day.day, f"{prefix}_month": day.month, f"{prefix}_year": day.year}


def test_offer_dated_year_9999_is_refused_beside_the_field(candidate, manager, client_for):
    response = client_for(manager).post(
        reverse("onboarding:offer", args=[candidate.pk]),
        {
            "title": "Physiotherapist",
            "profession": profession().pk,
            "band": "5",
            "role_expectations": "Outpatients, weekly supervision.",
            **_date("offer_date", LAST_DAY),
            **_date("start_date", LAST_DAY),
            "recruitment_route": "active_trust",
            "recruited_from": "IN",
        },
    )

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["offer_date"][0].startswith(
        "The date of the offer must be between 1 January 1950 and "
    )
    assert errors["start_date"][0].startswith(
        "The planned start date must be between 1 January 1950 and "
    )
    assert Offer.objects.count() == 0


@pytest.mark.parametrize("offset", [MAX_DUE_OFFSET_DAYS + 1, 10**9])
def test_template_item_due_further_than_five_years_is_refused(
    organisation, manager, client_for, offset
):
    template = ChecklistTemplateFactory(organisation=organisation)

    response = client_for(manager).post(
        reverse("onboarding:template-item-add", args=[template.pk]),
        {
            "section": "Arrival",
            "title": "Far away",
            "owner_role": "manager",
            "due_anchor": "start",
            "due_offset_days": str(offset),
            "required": "on",
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors["due_offset_days"] == [
        f"Enter a number of days from -{MAX_DUE_OFFSET_DAYS} to {MAX_DUE_OFFSET_DAYS} "
        "(five years either side)."
    ]
    assert not ChecklistTemplateItem.objects.filter(template=template).exists()


@pytest.fixture
def candidate_without_repeatable_step(organisation):
    """A recruit whose route has steps, none of which the regulator may ask for again."""
    candidate = CandidateFactory(organisation=organisation)
    registration_start(candidate=candidate)
    RegistrationStep.objects.filter(candidate=candidate, template__repeatable=True).delete()
    return candidate


@pytest.mark.parametrize("steps", ["none", "none-repeatable"])
def test_further_information_without_a_repeatable_step_answers_with_a_message(
    request, organisation, manager, client_for, steps
):
    candidate = (
        CandidateFactory(organisation=organisation)
        if steps == "none"
        else request.getfixturevalue("candidate_without_repeatable_step")
    )
    client = client_for(manager)
    steps_before = RegistrationStep.objects.filter(candidate=candidate).count()

    response = client.post(reverse("candidates:further-information-request", args=[candidate.pk]))

    assert response.status_code == 302
    assert response["Location"] == reverse("candidates:candidate-journey", args=[candidate.pk])
    assert [str(message) for message in get_messages(response.wsgi_request)] == [
        "This registration route has no step for further information from the regulator, so "
        "there is nothing to add. Update the step HCPC is working on instead."
    ]
    assert RegistrationStep.objects.filter(candidate=candidate).count() == steps_before


def test_journey_offers_no_further_information_button_without_a_repeatable_step(
    candidate_without_repeatable_step, manager, client_for
):
    candidate = candidate_without_repeatable_step
    url = reverse("candidates:further-information-request", args=[candidate.pk])

    page = client_for(manager).get(reverse("candidates:candidate-journey", args=[candidate.pk]))

    assert page.status_code == 200
    assert url not in page.content.decode()


def test_journey_offers_the_button_when_the_route_has_the_step(candidate, manager, client_for):
    registration_start(candidate=candidate)
    url = reverse("candidates:further-information-request", args=[candidate.pk])

    page = client_for(manager).get(reverse("candidates:candidate-journey", args=[candidate.pk]))

    assert url in page.content.decode()
