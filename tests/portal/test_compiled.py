"""portal.compiled: SQL compiled once per shape, run with each call's values."""

from datetime import date, datetime, timedelta

import pytest
from django.db import connection
from django.db.models import Count, Value
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from candidates.models import CandidateProfile
from onboarding.models import OnboardingTask
from portal.compiled import CompiledOnce
from tests.factories import (
    CandidateFactory,
    OfferFactory,
    OnboardingTaskFactory,
    StaffUserFactory,
)

pytestmark = pytest.mark.django_db

STAND_INS = {
    "recruit": -101,
    "day": date(1900, 1, 1),
    "since": timezone.make_aware(datetime(1900, 1, 2, 9, 30)),
}


def _open_tasks(shape, values):
    tasks = OnboardingTask.objects.filter(
        candidate_id=values["recruit"],
        due_on__lt=values["day"],
        created_at__gte=values["since"],
        completed_at__isnull=True,
    )
    if shape == "titled":
        tasks = tasks.exclude(title="")
    return tasks.order_by("due_on", "pk").values_list("pk", "due_on", "created_at")


def test_sql_and_params_are_a_fresh_compile_of_the_calls_values():
    compiled = CompiledOnce(_open_tasks, STAND_INS)
    for shape in [None, "titled"]:
        for values in [
            {"recruit": 7, "day": date(2026, 3, 1), "since": timezone.now()},
            {"recruit": 8, "day": date(2025, 1, 31), "since": timezone.now() - timedelta(days=3)},
        ]:
            fresh = _open_tasks(shape, values).query.get_compiler("default").as_sql()

            assert compiled.sql(shape, values) == (fresh[0], list(fresh[1]))


def test_each_shape_is_built_once_and_rows_are_converted_as_django_converts_them():
    built = []

    def build(shape, values):
        built.append(shape)
        return _open_tasks(shape, values)

    compiled = CompiledOnce(build, STAND_INS)
    today = timezone.localdate()
    candidate = CandidateFactory()
    due = OnboardingTaskFactory(candidate=candidate, due_on=today - timedelta(days=2))
    OnboardingTaskFactory(candidate=candidate, due_on=today + timedelta(days=2))
    OnboardingTaskFactory(due_on=today - timedelta(days=2))  # someone else's
    values = {"recruit": candidate.pk, "day": today, "since": timezone.now() - timedelta(hours=1)}

    rows = compiled.rows(None, values)
    compiled.rows(None, {**values, "day": today + timedelta(days=5)})
    compiled.rows("titled", values)

    assert rows == list(_open_tasks(None, values)) == [(due.pk, due.due_on, due.created_at)]
    assert isinstance(rows[0][1], date) and isinstance(rows[0][2], datetime)
    assert built == [None, "titled"]
    assert len(compiled.rows(None, {**values, "day": today + timedelta(days=5)})) == 2


def test_a_constant_equal_to_a_stand_in_in_value_but_not_type_is_left_alone():
    compiled = CompiledOnce(
        lambda _shape, values: OnboardingTask.objects.filter(
            candidate_id=values["recruit"]
        ).values_list("pk", Value(True)),
        stand_ins={"recruit": 1},
    )
    _sql, params = compiled.sql(None, {"recruit": 42})

    assert params == [True, 42]


def test_stand_ins_equal_to_each_other_are_refused():
    compiled = CompiledOnce(_open_tasks, {**STAND_INS, "other": -101})

    with pytest.raises(ValueError, match="equal"):
        compiled.sql(None, {})


def _recruits_with_offers(_shape, values):
    return (
        CandidateProfile.objects.select_related("user", "organisation", "offer__created_by")
        .filter(organisation_id=values["organisation"])
        .annotate(tasks=Count("onboarding_tasks"))
        .order_by("pk")
    )


def test_objects_are_the_instances_iterating_the_queryset_gives():
    """Fields, select_related objects (nullable ones too) and annotations."""
    offer = OfferFactory(created_by=StaffUserFactory())
    organisation = offer.candidate.organisation
    CandidateFactory(organisation=organisation)  # no offer: the related offer is None
    OnboardingTaskFactory.create_batch(2, candidate=offer.candidate)
    CandidateFactory()  # another organisation's
    compiled = CompiledOnce(_recruits_with_offers, {"organisation": -102})
    values = {"organisation": organisation.pk}

    objects = compiled.objects(None, values)
    expected = list(_recruits_with_offers(None, values))

    def loaded(candidate):
        offer = candidate.offer if hasattr(candidate, "offer") else None
        return (
            {k: v for k, v in vars(candidate).items() if not k.startswith("_")},
            vars(candidate.user) | {"_state": None},
            candidate.organisation.ods_code,
            offer and (offer.pk, offer.created_by_id, getattr(offer.created_by, "email", None)),
            candidate.tasks,
        )

    with CaptureQueriesContext(connection) as reads:
        assert [loaded(c) for c in objects] == [loaded(c) for c in expected]
    assert len(expected) == 2 and objects[0].tasks == 2
    assert objects[0].offer.created_by.email == offer.created_by.email
    assert len(reads) == 0  # nothing left to load: the related objects came with the row


def test_objects_refuses_a_values_queryset():
    compiled = CompiledOnce(_open_tasks, STAND_INS)

    with pytest.raises(TypeError, match="model instances"):
        compiled.objects(None, STAND_INS)


def test_stand_ins_may_depend_on_the_shape():
    def build(shape, values):
        return OnboardingTask.objects.filter(due_on__lt=values["day"]).values_list("pk")[:shape]

    compiled = CompiledOnce(build, lambda shape: {"day": date(1900, 1, shape)})
    day = date(2026, 5, 1)

    for shape in [1, 2]:
        fresh = build(shape, {"day": day}).query.get_compiler("default").as_sql()
        assert compiled.sql(shape, {"day": day}) == (fresh[0], list(fresh[1]))
