"""Demo pastoral support: buddies and mentors in Riverside and Northfield (Amal Haddad is left
without one for the manager to assign), check-ins, pulses (Chidi Obi's is low), networks and a
partly filled self-assessment for Riverside."""

from datetime import timedelta

from django.utils import timezone

from candidates.models import Profession
from pastoral.models import (
    CheckIn,
    LocalNetwork,
    NetworkIntroduction,
    PastoralSettings,
    SelfAssessmentCriterion,
    SelfAssessmentRating,
    StaffProfile,
    SupportAssignment,
    WellbeingPulse,
)
from pastoral.services import pulse_submit
from portal.demo import DemoWorld

STAFF_PROFESSIONS = {
    "buddy@riverside.example": "physiotherapist",
    "mentor@riverside.example": "radiographer",
    "buddy@northfield.example": "occupational-therapist",
}

# (recruit email, staff email, role, started this many days ago)
ASSIGNMENTS = [
    ("anjali@example.com", "buddy@riverside.example", "buddy", 40),
    ("anjali@example.com", "mentor@riverside.example", "mentor", 40),
    ("anjali@example.com", "mentor@riverside.example", "preceptor", 30),
    ("jose@example.com", "mentor@riverside.example", "buddy", 20),
    ("chidi@example.com", "buddy@northfield.example", "buddy", 100),
    ("chidi@example.com", "buddy@northfield.example", "mentor", 100),
    ("mei@example.com", "buddy@northfield.example", "buddy", 10),
]

# (recruit email, role, days ago, format, topics, notes)
CHECK_INS = [
    (
        "anjali@example.com",
        "buddy",
        33,
        "in_person",
        ["nhs_system_knowledge"],
        "Walked through the e-rostering system and where to find policies.",
    ),
    (
        "anjali@example.com",
        "buddy",
        26,
        "video",
        ["belonging_wellbeing", "cultural"],
        "Anjali is finding the weather hard; suggested the Indian community centre.",
    ),
    (
        "chidi@example.com",
        "buddy",
        12,
        "phone",
        ["hcpc_registration"],
        "Chidi is waiting on the HCPC assessors; reassured him about the timescale.",
    ),
]

# (recruit email, periods ago, belonging, wellbeing, supported, comment)
PULSES = [
    # Anjali has not answered this fortnight yet, so the demo can show the pulse form.
    ("anjali@example.com", 2, 4, 4, 5, ""),
    ("anjali@example.com", 1, 4, 3, 4, "Settling in well, thank you."),
    ("jose@example.com", 0, 3, 4, 4, ""),
    ("chidi@example.com", 1, 3, 3, 3, ""),
    ("chidi@example.com", 0, 2, 3, 2, "Finding it hard to make friends outside work."),
    ("mei@example.com", 0, 5, 4, 4, ""),
]

# (name, kind, ODS code or None, region shared with, description, contact, link)
NETWORKS = [
    (
        "Filipino Nurses and AHPs Association – London",
        "diaspora",
        "RJ1",
        "london",
        "Monthly meet-ups, help with housing and a WhatsApp group for new arrivals.",
        "Maria Cruz, fnaa.london@example.org",
        "https://fnaa.example.org/",
    ),
    (
        "Riverside BAME Staff Network",
        "bame",
        "RJ1",
        "",
        "Staff-led network with a mentoring scheme and a say in trust policy.",
        "bame.network@riverside.example",
        "",
    ),
    (
        "Chartered Society of Physiotherapy – London branch",
        "professional_body",
        None,
        "london",
        "Regional branch meetings, CPD evenings and a welcome for internationally trained "
        "physiotherapists.",
        "",
        "https://www.csp.org.uk/",
    ),
    (
        "Northfield Multifaith Chaplaincy",
        "faith",
        "RX1",
        "",
        "Prayer rooms on every site and a chaplain from several faiths.",
        "Ext. 4400",
        "",
    ),
    (
        "Yorkshire African and Caribbean Health Professionals",
        "cultural",
        "RX1",
        "ne_yorks",
        "Social events and peer support for African and Caribbean staff across the region.",
        "yachp@example.org",
        "",
    ),
]

INTRODUCTIONS = [("jose@example.com", "Filipino Nurses and AHPs Association – London")]

# Riverside has rated its first few criteria in each group (criterion order -> rating).
SELF_ASSESSMENT = {
    "before_employment": {1: 3, 2: 2, 3: 2},
    "arrival_induction": {1: 3, 2: 1, 3: 3},
    "settling_in": {1: 2, 3: 1},
}


def seed(world: DemoWorld) -> None:
    today = timezone.localdate()
    settings = PastoralSettings.load()
    for email, slug in STAFF_PROFESSIONS.items():
        StaffProfile.objects.update_or_create(
            user=world.staff[email], defaults={"profession": Profession.objects.get(slug=slug)}
        )

    managers = {"RJ1": "manager@riverside.example", "RX1": "manager@northfield.example"}
    assignments = {}
    for recruit_email, staff_email, role, days_ago in ASSIGNMENTS:
        candidate = world.recruits[recruit_email]
        assignment = SupportAssignment.objects.filter(
            candidate=candidate, role=role, ended_at__isnull=True
        ).first()
        if assignment is None:
            assignment = SupportAssignment.objects.create(
                candidate=candidate,
                staff=world.staff[staff_email],
                role=role,
                assigned_by=world.staff[managers[candidate.organisation.ods_code]],
                started_at=timezone.now() - timedelta(days=days_ago),
            )
        assignments[(recruit_email, role)] = assignment

    for recruit_email, role, days_ago, format_, topics, notes in CHECK_INS:
        assignment = assignments[(recruit_email, role)]
        CheckIn.objects.get_or_create(
            assignment=assignment,
            held_on=today - timedelta(days=days_ago),
            defaults={
                "format": format_,
                "topics": topics,
                "notes": notes,
                "logged_by": assignment.staff,
            },
        )
    for assignment in assignments.values():
        last = assignment.check_ins.order_by("-held_on").values_list("held_on", flat=True).first()
        assignment.next_check_in_on = settings.next_check_in_on(
            started_on=timezone.localdate(assignment.started_at), last_check_in_on=last
        )
        assignment.save(update_fields=["next_check_in_on"])

    current_period = settings.pulse_period_start(today)
    for recruit_email, periods_ago, belonging, wellbeing, supported, comment in PULSES:
        period_start = current_period - timedelta(days=settings.pulse_period_days * periods_ago)
        candidate = world.recruits[recruit_email]
        if periods_ago == 0:
            # This fortnight's answers go through the service, as a recruit's would, so a low
            # one fires the alert to the buddy and managers (once: a second run finds it).
            if not WellbeingPulse.objects.filter(
                candidate=candidate, period_start=period_start
            ).exists():
                pulse_submit(
                    candidate=candidate,
                    belonging=belonging,
                    wellbeing=wellbeing,
                    supported=supported,
                    comment=comment,
                    today=today,
                )
            continue
        WellbeingPulse.objects.get_or_create(
            candidate=candidate,
            period_start=period_start,
            defaults={
                "belonging": belonging,
                "wellbeing": wellbeing,
                "supported": supported,
                "comment": comment,
                "is_low": WellbeingPulse.answers_are_low(
                    (belonging, wellbeing, supported), low_at_most=settings.pulse_low_at_most
                ),
            },
        )

    networks = {}
    for name, kind, ods_code, region, description, contact, link in NETWORKS:
        networks[name], _ = LocalNetwork.objects.update_or_create(
            name=name,
            defaults={
                "kind": kind,
                "organisation": world.organisations[ods_code] if ods_code else None,
                "region": region,
                "description": description,
                "contact": contact,
                "link": link,
            },
        )
    for recruit_email, name in INTRODUCTIONS:
        NetworkIntroduction.objects.get_or_create(
            candidate=world.recruits[recruit_email],
            network=networks[name],
            defaults={"introduced_on": today - timedelta(days=5)},
        )

    riverside = world.organisations["RJ1"]
    for group, ratings in SELF_ASSESSMENT.items():
        criteria = SelfAssessmentCriterion.objects.filter(group=group, is_active=True)
        for criterion in criteria:
            if criterion.order in ratings:
                SelfAssessmentRating.objects.get_or_create(
                    organisation=riverside,
                    criterion=criterion,
                    defaults={
                        "rating": ratings[criterion.order],
                        "evidence": "Demo evidence: see the international recruitment file.",
                        "updated_by": world.staff["manager@riverside.example"],
                    },
                )
