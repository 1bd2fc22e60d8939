"""A small fixed data set whose every dashboard figure is worked out by hand in the tests.

Today is 30 June 2026 for every figure. Four recruits have offers, one has none:

recruit  employer      profession    pathway     trained  offer       start       route
r1       A London     physio        overseas    IN       2025-01-10  2025-04-01  direct
r2       A London     physio        overseas    NG red   2025-02-01  2025-07-01  active agency
r3       B Midlands   radiographer  refugee_uk  SY       2025-03-01  2026-01-15  direct
r4       B Midlands   radiographer  overseas    PH       2025-12-01  2026-09-01  direct
r5       A London     physio        overseas    IN       (no offer)
"""

from dataclasses import dataclass
from datetime import date, datetime, time

import pytest
from django.utils import timezone

from candidates.models import BarrierTheme, Pathway, RegistrationStep
from employers.models import Region
from onboarding.models import RecruitmentRoute
from pastoral.models import SupportRole
from tests.factories import (
    BarrierReportFactory,
    CandidateFactory,
    CheckInFactory,
    OfferFactory,
    OnboardingTaskFactory,
    OrganisationFactory,
    RegistrationStepFactory,
    SupportAssignmentFactory,
    WellbeingPulseFactory,
    profession,
    step_template,
)
from tests.module_data import built_once

TODAY = date(2026, 6, 30)
SECRET_TEXT = "Nobody outside my trust may read this sentence"


def at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(9)))


def step(candidate, key, started_on, finished_on, *, due_on=None):
    return RegistrationStepFactory(
        candidate=candidate,
        template=step_template(key, pathway=candidate.pathway),
        status=RegistrationStep.Status.DONE,
        started_on=started_on,
        finished_on=finished_on,
        due_on=due_on,
    )


@dataclass
class World:
    a: object
    b: object
    r1: object
    r2: object
    r3: object
    r4: object
    r5: object


def build_world(a=None, b=None) -> World:
    a = a or OrganisationFactory(name="Trust A", region=Region.LONDON)
    b = b or OrganisationFactory(name="Trust B", region=Region.MIDLANDS)
    physio, radiographer = profession("physiotherapist"), profession("radiographer")

    def recruit(org, prof, pathway, trained):
        return CandidateFactory(
            organisation=org, profession=prof, pathway=pathway, country_of_training=trained
        )

    r1 = recruit(a, physio, Pathway.OVERSEAS, "IN")
    r2 = recruit(a, physio, Pathway.OVERSEAS, "NG")
    r3 = recruit(b, radiographer, Pathway.REFUGEE_IN_UK, "SY")
    r4 = recruit(b, radiographer, Pathway.OVERSEAS, "PH")
    r5 = recruit(a, physio, Pathway.OVERSEAS, "IN")

    def offer(candidate, offered, starts, route, country):
        OfferFactory(
            candidate=candidate,
            profession=candidate.profession,
            offer_date=offered,
            start_date=starts,
            recruitment_route=route,
            recruited_from=country,
        )

    offer(r1, date(2025, 1, 10), date(2025, 4, 1), RecruitmentRoute.DIRECT_APPLICATION, "IN")
    offer(r2, date(2025, 2, 1), date(2025, 7, 1), RecruitmentRoute.ACTIVE_AGENCY, "NG")
    offer(r3, date(2025, 3, 1), date(2026, 1, 15), RecruitmentRoute.DIRECT_APPLICATION, "SY")
    offer(r4, date(2025, 12, 1), date(2026, 9, 1), RecruitmentRoute.DIRECT_APPLICATION, "PH")

    step(r1, "application", date(2025, 1, 15), date(2025, 1, 20))  # 5 days
    step(r1, "initial_review", date(2025, 1, 20), date(2025, 2, 10), due_on=date(2025, 2, 17))
    step(r1, "registered", date(2025, 3, 1), date(2025, 3, 10))  # 9 days; offer +59
    step(r2, "application", date(2025, 2, 5), date(2025, 2, 6))  # 1 day
    step(r2, "initial_review", date(2025, 2, 6), date(2025, 3, 20), due_on=date(2025, 3, 6))
    step(r2, "registered", date(2025, 4, 1), date(2025, 4, 15))  # 14 days; offer +73
    step(r3, "application", date(2025, 3, 5), date(2025, 3, 8))  # 3 days

    BarrierReportFactory(
        candidate=r1,
        theme=BarrierTheme.LANGUAGE,
        occurred_on=date(2025, 2, 10),
        resolved_on=date(2025, 2, 20),
        description=SECRET_TEXT,
        resolution=SECRET_TEXT,
    )
    BarrierReportFactory(candidate=r1, theme=BarrierTheme.ONBOARDING, occurred_on=date(2025, 5, 5))
    BarrierReportFactory(
        candidate=r2,
        theme=BarrierTheme.LANGUAGE,
        occurred_on=date(2025, 4, 1),
        resolved_on=date(2025, 4, 5),
    )
    BarrierReportFactory(candidate=r3, theme=BarrierTheme.CULTURAL, occurred_on=date(2025, 4, 15))

    buddy_1 = SupportAssignmentFactory(
        candidate=r1, role=SupportRole.BUDDY, started_at=at(date(2025, 4, 10))
    )
    SupportAssignmentFactory(candidate=r2, role=SupportRole.BUDDY, started_at=at(date(2025, 8, 1)))
    for held_on in (date(2025, 4, 10), date(2025, 4, 17), date(2025, 5, 1)):
        CheckInFactory(assignment=buddy_1, held_on=held_on, notes=SECRET_TEXT)

    OnboardingTaskFactory(candidate=r1, required=True, completed_at=at(date(2025, 4, 2)))
    OnboardingTaskFactory(candidate=r1, required=True, completed_at=at(date(2025, 4, 3)))
    OnboardingTaskFactory(candidate=r2, required=True, completed_at=None)

    WellbeingPulseFactory(
        candidate=r1, period_start=date(2025, 5, 5), belonging=4, wellbeing=3, supported=5
    )
    WellbeingPulseFactory(
        candidate=r2,
        period_start=date(2025, 5, 19),
        belonging=2,
        wellbeing=2,
        supported=3,
        is_low=True,
        comment=SECRET_TEXT,
    )
    WellbeingPulseFactory(
        candidate=r1, period_start=date(2025, 6, 2), belonging=4, wellbeing=4, supported=4
    )
    return World(a, b, r1, r2, r3, r4, r5)


@pytest.fixture
def world(db) -> World:
    return build_world()


@pytest.fixture(scope="module")
def module_world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The world built once for a module (for a module that overrides `world` with it); each
    test's own writes still roll back with its savepoint."""
    yield from built_once(build_world, django_db_blocker, tmp_path_factory.mktemp("private"))
