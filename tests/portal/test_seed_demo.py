"""`manage.py seed_demo`, and what the demo world it builds promises.

Seeding the demo world is the slowest step of the suite, so the module seeds it once: the command
runs as `make demo` runs it, committed (its on-commit work done), before the module's first test.
The tests that only look at the world each run in a savepoint on top of it. The command's own test
is transactional and runs last (pytest-django orders transactional tests after the others): it
seeds again, committed, and its flush ends the world. The module ends with the database flushed
back to the data the migrations seed, as a transactional test leaves it.
"""

from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connections
from django.urls import reverse

from accounts.models import User
from candidates.models import CandidateProfile
from employers import demo as employers_demo
from employers.models import Membership, Organisation
from insights import demo as insights_demo
from insights.dashboards import DASHBOARDS
from insights.models import CheckInGapCount, FinishedStepCount, PulsePeriodCount
from insights.refresh import counts_refresh
from onboarding.models import JourneyProgress
from onboarding.services import journey_progress_rebuild
from pastoral.models import CheckIn, SupportAssignment, SupportRole, WellbeingPulse
from pastoral.selectors import staff_options_for
from pastoral.services import analysis_marks_rebuild
from tests.module_data import fast_test_settings

# Serialized rollback on every test, so the migrations' data is serialized for the restore below
# whichever of the module's tests run.
pytestmark = pytest.mark.django_db(serialized_rollback=True)

PROJECT_APPS = {
    "accounts",
    "employers",
    "candidates",
    "pastoral",
    "onboarding",
    "learning",
    "reminders",
    "insights",
}


DEMO_ODS_CODES = [ods_code for ods_code, *_ in employers_demo.ORGANISATIONS]


def model_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for app in PROJECT_APPS
        for model in apps.get_app_config(app).get_models()
    }


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker, tmp_path_factory):
    """The command's output and the model counts after it ran once, committed."""
    with django_db_blocker.unblock(), fast_test_settings(tmp_path_factory.mktemp("private")):
        output = StringIO()
        try:
            call_command("seed_demo", stdout=output)
            counts = model_counts()
        except BaseException:
            _flush_to_migrated_data()
            raise
    yield output.getvalue(), counts
    with django_db_blocker.unblock():
        # Unless the command's test has flushed it already.
        if Organisation.objects.filter(ods_code__in=DEMO_ODS_CODES).exists():
            _flush_to_migrated_data()


def _flush_to_migrated_data() -> None:
    """What a transactional test's teardown does (tests/conftest.py puts the data back)."""
    for alias in connections:
        contents = getattr(connections[alias], "_test_serialized_contents", None)
        assert contents, "the migrations' data must be serialized to put it back after the flush"
        call_command(
            "flush", database=alias, interactive=False, verbosity=0, inhibit_post_migrate=True
        )
        connections[alias].creation.deserialize_db_from_string(contents)


def test_cohort_buddies_leave_the_named_demo_buddies_room(seeded):
    amal = CandidateProfile.objects.get(user__email="amal@example.com")  # Riverside, no buddy yet
    options = {option.user.email: option for option in staff_options_for(amal, SupportRole.BUDDY)}
    tom = options["buddy@riverside.example"]
    assert (tom.supporting_now, tom.capacity, tom.has_room) == (1, 3, True)
    named = User.objects.filter(email__in=[email for email, *_ in employers_demo.STAFF])
    assert named.count() == len(employers_demo.STAFF)
    assert not SupportAssignment.objects.filter(
        staff__in=named, candidate__user__email__startswith="cohort-"
    ).exists()


def test_cohort_buddies_stay_within_capacity_and_seeding_twice_adds_nothing(seeded):
    counts = (SupportAssignment.objects.count(), Membership.objects.count())

    call_command("seed_demo", stdout=StringIO())

    assert (SupportAssignment.objects.count(), Membership.objects.count()) == counts
    cohort_buddies = Membership.objects.filter(user__email__startswith="cohort-buddy-")
    assert cohort_buddies.count() == 3 * insights_demo.COHORT_BUDDIES_PER_ORGANISATION
    for membership in cohort_buddies:
        supporting = SupportAssignment.objects.filter(
            staff=membership.user, role=SupportRole.BUDDY, ended_at__isnull=True
        ).count()
        assert 0 < supporting <= membership.capacity


def test_cohort_recruits_have_the_manager_page_progress_row(seeded):
    cohort = CandidateProfile.objects.filter(user__email__startswith="cohort-")
    assert cohort.count() == JourneyProgress.objects.filter(candidate__in=cohort).count() > 0
    assert not JourneyProgress.objects.filter(
        candidate__in=cohort, last_progress_at__isnull=True
    ).exists()


def test_demo_world_stores_what_the_services_and_the_refresh_store_from_scratch(seeded):
    stored_rows = {
        CheckIn: ["pk", "days_since_previous", "role"],
        WellbeingPulse: ["pk", "first_in_month", "first_low_in_month"],
        JourneyProgress: [
            "candidate_id", "organisation_id", "last_progress_at", "open_count", "next_due_on",
            "required_count", "required_open_count", "first_buddy_on", "registered_on",
            "offer_to_registration_days", "recruit_profession_id",
        ],
        CheckInGapCount: ["held_on", "role", "days_since_previous", "check_ins"],
        PulsePeriodCount: ["period_start", "answers", "recruits", "low", "belonging"],
        FinishedStepCount: ["template_id", "month", "days", "steps", "with_due", "on_time"],
    }  # fmt: skip

    def stored():
        return {
            model: set(model.objects.values_list(*fields)) for model, fields in stored_rows.items()
        }

    before = stored()
    assert all(before.values())
    assert any(row[7] for row in before[JourneyProgress])  # when a first buddy started
    assert any(row[8] for row in before[JourneyProgress])  # when a recruit registered
    CheckIn.objects.update(days_since_previous=None, role="")
    WellbeingPulse.objects.update(first_in_month=False, first_low_in_month=False)
    JourneyProgress.objects.all().delete()

    analysis_marks_rebuild()
    journey_progress_rebuild()
    counts_refresh()

    assert stored() == before


def test_demo_analyst_sees_all_five_views_with_charts(seeded, client_for):
    analyst = User.objects.get(email="analyst@hee.example")
    client = client_for(analyst)
    for slug in DASHBOARDS:
        html = client.get(reverse(f"insights:{slug}")).content.decode()
        assert "<svg" in html, slug
        assert "[c]" in html or slug == "time", slug


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_seed_demo_twice_yields_the_same_counts_and_its_logins_work(seeded, client):
    text, first = seeded
    call_command("seed_demo", stdout=StringIO())
    assert model_counts() == first
    assert first["employers.Organisation"] == 3
    assert first["candidates.CandidateProfile"] >= 7

    assert "Every demo account's password: demo-journeys-2026" in text
    assert "analyst@hee.example" in text
    assert text.count("MFA: recovery code ") == 7

    lines = text.splitlines()
    index = next(i for i, line in enumerate(lines) if "manager@riverside.example" in line)
    code = lines[index + 1].split("recovery code ")[1].split(",")[0]
    response = client.post(
        "/accounts/login/", {"login": "manager@riverside.example", "password": "demo-journeys-2026"}
    )
    assert response["Location"] == "/accounts/2fa/authenticate/"
    response = client.post("/accounts/2fa/authenticate/", {"code": code})
    assert response.status_code == 302
    assert client.get("/onboarding/recruits/").status_code == 200

    recruit = client.__class__()
    response = recruit.post(
        "/accounts/login/", {"login": "anjali@example.com", "password": "demo-journeys-2026"}
    )
    assert response["Location"] == "/"
    assert recruit.get("/journey/").status_code == 200
