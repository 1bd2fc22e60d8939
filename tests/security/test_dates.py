"""One date-range rule for every date a person types (portal.forms.NHSDateField): nothing before
1950, nothing more than five years ahead, nothing after today for what has already happened;
the field's error says the range."""

import importlib
import inspect
from datetime import date, timedelta

import pytest
from django import forms
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from candidates.models import CandidateProfile
from learning.models import CpdActivity, PreceptorshipObjective, ProtectedTimeSession
from onboarding.models import OnboardingTask
from portal.forms import EARLIEST_DATE, NHSDateField, latest_date
from tests.factories import PreceptorshipFactory

pytestmark = pytest.mark.django_db

PROJECT_APPS = [
    config.name
    for config in apps.get_app_configs()
    if not config.name.startswith(("django.", "allauth", "crispy", "csp", "auditlog"))
    and config.name not in {"django_countries"}
]


def project_forms() -> list[type[forms.BaseForm]]:
    """Every form class the project defines, app by app."""
    found = []
    for app in PROJECT_APPS:
        try:
            module = importlib.import_module(f"{app}.forms")
        except ModuleNotFoundError:
            continue
        found.extend(
            value
            for _name, value in inspect.getmembers(module, inspect.isclass)
            if issubclass(value, forms.BaseForm) and value.__module__ == module.__name__
        )
    return found


def date_fields() -> list[tuple[str, NHSDateField]]:
    return [
        (f"{form.__module__}.{form.__name__}.{name}", field)
        for form in project_forms()
        for name, field in form.base_fields.items()
        if isinstance(field, forms.DateField)
    ]


def _typed(day: date) -> str:
    return f"{day.year:04d}-{day.month}-{day.day}"


def test_every_date_field_in_the_project_keeps_the_shared_rule():
    fields = date_fields()

    # The walk finds the dates the probe got 9999-12-31 into (and every other).
    assert {
        "learning.forms.CpdActivityForm.date",
        "learning.forms.ProtectedTimeForm.date",
        "learning.forms.ObjectiveForm.agreed_on",
        "candidates.forms.EmploymentForm.expected_start_on",
        "onboarding.forms.TaskAddForm.due_on",
    } <= {name for name, _field in fields}
    assert [name for name, field in fields if not isinstance(field, NHSDateField)] == []


@pytest.mark.parametrize("name", [name for name, _field in date_fields()])
def test_every_date_field_refuses_dates_nobody_could_mean(name):
    field = dict(date_fields())[name]
    today = timezone.localdate()
    latest = today if field.past_only else latest_date(today)

    for day in (date(9999, 12, 31), latest + timedelta(days=1), date(1949, 12, 31), date(1, 1, 1)):
        with pytest.raises(forms.ValidationError) as refused:
            field.clean(_typed(day))
        message = refused.value.messages[0]
        if field.past_only and day > today:
            assert message.endswith("must be today or in the past."), (name, message)
        else:
            assert "must be between 1 January 1950 and " in message, (name, message)
    assert field.clean(_typed(EARLIEST_DATE)) == EARLIEST_DATE
    assert field.clean(_typed(latest)) == latest


def test_the_error_states_the_range():
    field = NHSDateField(label="Planned start date", what="The planned start date")
    latest = latest_date(timezone.localdate())

    with pytest.raises(forms.ValidationError) as refused:
        field.clean("9999-12-31")

    assert refused.value.messages == [
        f"The planned start date must be between 1 January 1950 and {latest.day} {latest:%B %Y}."
    ]


def test_latest_date_of_29_february_is_28_february():
    assert latest_date(date(2028, 2, 29)) == date(2033, 2, 28)


# --- The dates the probe got in, through their pages -----------------------------------------


def _date(prefix: str, day: date) -> dict:
    return {f"{prefix}_day": day.day, f"{prefix}_month": day.month, f"{prefix}_year": day.year}


FAR = date(9999, 12, 31)


@pytest.fixture
def preceptorship(candidate):
    return PreceptorshipFactory(candidate=candidate)


def test_cpd_date_refused(client_for, candidate):
    response = client_for(candidate.user).post(
        reverse("learning:cpd-add"),
        {
            "activity_type": "work_based",
            **_date("date", FAR),
            "hours": "2",
            "title": "Manual handling refresher",
            "learned": "Safer transfers.",
            "practice_change": "Fewer risky lifts.",
        },
    )

    assert response.context["form"].errors["date"] == [
        "The date of the activity must be today or in the past."
    ]
    assert not CpdActivity.objects.exists()


def test_protected_time_date_refused(client_for, preceptorship):
    response = client_for(preceptorship.candidate.user).post(
        reverse("learning:protected-time-add", args=[preceptorship.pk]),
        {**_date("date", FAR), "hours": "2", "activity": "Supervision"},
    )

    assert response.context["time_form"].errors["date"] == [
        "The date of the protected time must be today or in the past."
    ]
    assert not ProtectedTimeSession.objects.filter(preceptorship=preceptorship).exists()


def test_objective_agreed_date_refused(client_for, preceptorship):
    before = PreceptorshipObjective.objects.filter(preceptorship=preceptorship).count()

    response = client_for(preceptorship.candidate.user).post(
        reverse("learning:objective-add", args=[preceptorship.pk]),
        {"text": "Lead a ward round.", **_date("agreed_on", FAR)},
    )

    assert response.context["objective_form"].errors["agreed_on"] == [
        "The date it was agreed must be today or in the past."
    ]
    assert PreceptorshipObjective.objects.filter(preceptorship=preceptorship).count() == before


def test_expected_start_date_refused(client_for, manager, candidate, organisation):
    response = client_for(manager).post(
        reverse("candidates:employment-edit", args=[candidate.pk]),
        {"organisation": organisation.pk, **_date("expected_start_on", FAR)},
    )

    [message] = response.context["form"].errors["expected_start_on"]
    assert message.startswith("The expected start date must be between 1 January 1950 and ")
    assert CandidateProfile.objects.get(pk=candidate.pk).expected_start_on is None


def test_task_due_date_refused(client_for, manager, candidate):
    response = client_for(manager).post(
        reverse("onboarding:task-add", args=[candidate.pk]),
        {"title": "Meet the team", "owner_role": "manager", **_date("due_on", FAR)},
    )

    [message] = response.context["task_form"].errors["due_on"]
    assert message.startswith("The due date must be between 1 January 1950 and ")
    assert not OnboardingTask.objects.filter(candidate=candidate).exists()
