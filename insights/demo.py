"""Demo data for the dashboards: a national cohort big enough that disclosure control leaves
figures to see.

The other apps' demos tell seven recruits' stories; seven recruits would be all "[c]" for an HEE
analyst. This adds 240 anonymous recruits (no usable password, no free text) spread over the
demo employers, with offers, HCPC steps, barriers, buddies, check-ins, tasks and pulses drawn
from a fixed random seed, so every run builds the same figures. Idempotent: recruits are found by
email and only new ones get data.

The cohort's buddies are a few anonymous "Cohort buddy" staff per organisation (no usable
password), so the named demo buddies (Tom Ellis and the rest) keep room under their capacity for
the pastoral demo's recruits and for trying the buddy picker.
"""

import random
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from accounts.models import User
from candidates.models import (
    BarrierReport,
    BarrierTheme,
    CandidateProfile,
    Pathway,
    Profession,
    RegistrationStep,
    RegistrationStepTemplate,
    Severity,
)
from employers.models import Membership
from onboarding.models import Offer, OnboardingTask, OwnerRole, RecruitmentRoute
from onboarding.services import journey_progress_refresh
from pastoral.models import CheckIn, CheckInFormat, SupportAssignment, SupportRole, WellbeingPulse
from portal.demo import DemoWorld

COHORT_SIZE = 240
COHORT_BUDDIES_PER_ORGANISATION = 5
COHORT_BUDDY_CAPACITY = 15  # room for every cohort recruit of one organisation, shared by five
SEED = 2026
PROFESSIONS = [
    "physiotherapist",
    "occupational-therapist",
    "radiographer",
    "speech-and-language-therapist",
    "dietitian",
    "paramedic",
]
# (country, weight, red list): red-list countries only ever by direct application.
COUNTRIES = [
    ("IN", 30, False),
    ("PH", 20, False),
    ("ZA", 10, False),
    ("AU", 8, False),
    ("BR", 6, False),
    ("KE", 6, False),
    ("NG", 8, True),
    ("GH", 4, True),
    ("US", 8, False),
]
# (step key, days to start after the previous step, (shortest, longest) days it takes)
STEPS = [
    ("application", (5, 20), (1, 10)),
    ("scrutiny_fee", (0, 3), (1, 5)),
    ("initial_review", (0, 2), (14, 45)),
    ("assessment", (0, 2), (45, 110)),
    ("decision", (0, 1), (3, 15)),
    ("registration_fee", (0, 3), (1, 7)),
    ("registered", (0, 1), (3, 15)),
]


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10)))


def seed(world: DemoWorld) -> None:
    rng = random.Random(SEED)
    today = timezone.localdate()
    organisations = list(world.organisations.values())
    professions = {p.slug: p for p in Profession.objects.filter(slug__in=PROFESSIONS)}
    templates = {
        (t.pathway, t.key): t for t in RegistrationStepTemplate.objects.filter(regulator="hcpc")
    }
    supporters = {organisation.pk: _cohort_buddies(organisation) for organisation in organisations}
    countries = [c for c, _, _ in COUNTRIES]
    weights = [w for _, w, _ in COUNTRIES]
    red = {c for c, _, is_red in COUNTRIES if is_red}

    for n in range(COHORT_SIZE):
        # Draw every number whether or not the recruit exists, so reruns stay in step.
        draws = random.Random(rng.random())
        user, created = User.objects.get_or_create(
            email=f"cohort-{n:03d}@recruits.example",
            defaults={"full_name": f"Cohort recruit {n:03d}", "role": User.Role.RECRUIT},
        )
        if not created:
            continue
        user.set_unusable_password()
        user.save(update_fields=["password"])
        organisation = organisations[n % len(organisations)]
        country = draws.choices(countries, weights)[0]
        pathway = draws.choices(
            [Pathway.OVERSEAS, Pathway.REFUGEE_IN_UK, Pathway.UK_RESIDENT], [80, 10, 10]
        )[0]
        profession = professions[draws.choice(PROFESSIONS)]
        candidate = CandidateProfile.objects.create(
            user=user,
            organisation=organisation,
            profession=profession,
            pathway=pathway,
            country_of_training=country,
            nationality=country,
        )
        offer_date = today - timedelta(days=draws.randint(30, 700))
        start_date = offer_date + timedelta(days=draws.randint(90, 220))
        route = (
            RecruitmentRoute.DIRECT_APPLICATION
            if country in red or pathway != Pathway.OVERSEAS
            else draws.choice(list(RecruitmentRoute))
        )
        Offer.objects.create(
            candidate=candidate,
            organisation=organisation,
            title=profession.name,
            profession=profession,
            band=draws.choice([5, 5, 5, 6, 7]),
            role_expectations="Demo cohort role.",
            offer_date=offer_date,
            start_date=start_date,
            recruitment_route=route,
            recruited_from=country,
        )
        _steps(draws, candidate, pathway, offer_date, today, templates)
        _barriers(draws, candidate, offer_date, today)
        if start_date <= today:
            _support(draws, candidate, organisation, start_date, today, supporters)
        # The offer above was written directly, so the manager page's progress row is set here.
        journey_progress_refresh(candidate_id=candidate.pk)


def _cohort_buddies(organisation) -> dict[int, int]:
    """The organisation's cohort buddies (created once), each with how many recruits they
    support now."""
    load = {}
    for k in range(1, COHORT_BUDDIES_PER_ORGANISATION + 1):
        user, created = User.objects.get_or_create(
            email=f"cohort-buddy-{organisation.ods_code.lower()}-{k}@staff.example",
            defaults={
                "full_name": f"Cohort buddy {organisation.ods_code} {k}",
                "role": User.Role.EMPLOYER_STAFF,
            },
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        Membership.objects.get_or_create(
            user=user,
            organisation=organisation,
            role=Membership.Role.BUDDY,
            defaults={"capacity": COHORT_BUDDY_CAPACITY},
        )
        load[user.pk] = (
            SupportAssignment.objects.active().filter(staff=user, role=SupportRole.BUDDY).count()
        )
    return load


def _steps(draws, candidate, pathway, offer_date, today, templates):
    previous_end = offer_date
    for key, (gap_low, gap_high), (low, high) in STEPS:
        template = templates.get((pathway, key))
        if template is None:
            continue
        started_on = previous_end + timedelta(days=draws.randint(gap_low, gap_high))
        if started_on > today:
            return
        finished_on = started_on + timedelta(days=draws.randint(low, high))
        done = finished_on <= today
        RegistrationStep.objects.create(
            candidate=candidate,
            template=template,
            status=RegistrationStep.Status.DONE if done else RegistrationStep.Status.WAITING,
            started_on=started_on,
            finished_on=finished_on if done else None,
            due_on=template.due_on(started_on),
        )
        if not done:
            return
        previous_end = finished_on


def _barriers(draws, candidate, offer_date, today):
    themes = list(BarrierTheme)
    for _ in range(draws.choice([0, 0, 1, 1, 2, 3])):
        occurred_on = offer_date + timedelta(
            days=draws.randint(0, max((today - offer_date).days, 0))
        )
        resolved_on = occurred_on + timedelta(days=draws.randint(3, 80))
        BarrierReport.objects.create(
            candidate=candidate,
            theme=draws.choice(themes),
            severity=draws.choice(list(Severity)),
            description="Demo cohort barrier.",
            occurred_on=occurred_on,
            resolved_on=resolved_on if resolved_on <= today and draws.random() < 0.6 else None,
        )


def _support(draws, candidate, organisation, start_date, today, supporters):
    load = supporters.get(organisation.pk) or {}
    if load and draws.random() < 0.85:
        buddy_from = start_date + timedelta(days=draws.choice([0, 2, 5, 9, 13, 20, 30]))
        if buddy_from <= today:
            staff_id = min(load, key=lambda pk: (load[pk], pk))  # the least busy cohort buddy
            load[staff_id] += 1
            assignment = SupportAssignment.objects.create(
                candidate=candidate,
                staff_id=staff_id,
                role=SupportRole.BUDDY,
                started_at=_at(buddy_from),
            )
            held_on = buddy_from
            for _ in range(8):
                held_on += timedelta(days=draws.choice([7, 7, 10, 14, 14, 21, 35]))
                if held_on > today:
                    break
                CheckIn.objects.create(
                    assignment=assignment, held_on=held_on, format=CheckInFormat.IN_PERSON
                )
    for position in range(4):
        due_on = start_date + timedelta(days=7 * (position + 1))
        done = due_on <= today and draws.random() < 0.8
        OnboardingTask.objects.create(
            candidate=candidate,
            position=position,
            title=f"Demo task {position + 1}",
            owner_role=OwnerRole.RECRUIT,
            due_on=due_on,
            completed_at=_at(due_on) if done else None,
        )
    period_start = start_date - timedelta(days=start_date.weekday())
    for _ in range(10):
        period_start += timedelta(days=14)
        if period_start > today:
            break
        scores = [draws.choices([1, 2, 3, 4, 5], [3, 7, 25, 40, 25])[0] for _ in range(3)]
        WellbeingPulse.objects.create(
            candidate=candidate,
            period_start=period_start,
            belonging=scores[0],
            wellbeing=scores[1],
            supported=scores[2],
            is_low=WellbeingPulse.answers_are_low(scores, low_at_most=2),
            submitted_at=_at(period_start),
        )
