"""A synthetic national data set, built with COPY against the real models.

About 210 NHS organisations in the seven regions, one of them with a large cohort (2,000 recruits
when the data set is big enough) for the manager's page. Each recruit has an HCPC (or GOsC)
registration copied from the seeded step templates and advanced as far as the time since their
offer allows (some steps late), English evidence, document metadata (no files), barrier reports,
an offer with its Code of Practice decision, the seeded NHS default checklist applied (tasks done
or still open, some overdue), buddy and mentor assignments with their check-ins, fortnightly
wellbeing pulses and network introductions. Random but seeded, so two builds are the same.
"""

import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from allauth.mfa.models import Authenticator
from django.db import connection
from django.utils import timezone

from accounts.models import User
from bench.bulkcopy import Copier, next_id, reset_sequences
from candidates.models import (
    BarrierReport,
    BarrierTheme,
    CandidateProfile,
    EnglishLanguageEvidence,
    EvidenceDocument,
    Pathway,
    Profession,
    RegistrationStep,
    RegistrationStepTemplate,
    Severity,
)
from employers.models import Membership, Organisation, Region
from insights.models import CheckInGapCount, FinishedStepCount, PulsePeriodCount
from insights.refresh import counts_refresh
from onboarding.models import (
    ChecklistApplication,
    ChecklistTemplate,
    CodeOfPracticeDecision,
    DueAnchor,
    Offer,
    OnboardingTask,
    RecruitmentRoute,
    TaskComment,
)
from onboarding.services import journey_progress_rebuild
from pastoral.models import (
    CheckIn,
    LocalNetwork,
    NetworkIntroduction,
    NetworkKind,
    PastoralSettings,
    StaffProfile,
    SupportAssignment,
    SupportRole,
    WellbeingPulse,
)

ORGANISATIONS = 210
BIG_ORGANISATION = 2_000
PASSWORD = "!bench-unusable"  # an unusable hash: bench users sign in only through sessions
COUNTRIES = [
    ("IN", 30), ("NG", 14), ("PH", 12), ("ZA", 8), ("AU", 6), ("GH", 6), ("KE", 5), ("ZW", 5),
    ("PK", 4), ("NZ", 3), ("US", 3), ("IE", 3), ("AE", 2), ("LK", 2), ("NP", 2), ("EG", 2),
]  # fmt: skip
FIRST = [
    "Aisha",
    "Ben",
    "Chidi",
    "Dara",
    "Esi",
    "Farah",
    "Grace",
    "Hari",
    "Ife",
    "Jomo",
    "Kavya",
    "Lerato",
    "Maya",
    "Nia",
    "Omar",
]
LAST = [
    "Adeyemi",
    "Bose",
    "Chauhan",
    "Dlamini",
    "Eze",
    "Fernandes",
    "Gupta",
    "Hassan",
    "Ibe",
    "Joseph",
    "Khan",
]
THEMES = [value for value, _ in BarrierTheme.choices]
THEME_WEIGHTS = [18, 12, 14, 10, 12, 14, 8, 12]
SEVERITIES = [(Severity.LOW, 30), (Severity.MEDIUM, 50), (Severity.HIGH, 20)]


@dataclass
class BenchWorld:
    """Who the bench signs in as, and how big what it built is."""

    recruits: int
    big_organisation_id: int = 0
    big_organisation_recruits: int = 0
    manager_id: int = 0
    recruit_id: int = 0
    recruit_candidate_id: int = 0
    analyst_id: int = 0
    load_recruit_ids: list[int] = field(default_factory=list)
    load_manager_ids: list[int] = field(default_factory=list)
    load_analyst_ids: list[int] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


def _at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=UTC)


class Ids:
    """Hands out ids per model, starting after whatever the migrations seeded."""

    def __init__(self, *models):
        self._next = {model: next_id(model) for model in models}

    def take(self, model) -> int:
        value = self._next[model]
        self._next[model] = value + 1
        return value


def _weighted(rng: random.Random, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights)[0]


def build(*, recruits: int, seed: int = 20260101, today: date | None = None) -> BenchWorld:
    """Build the data set into the (freshly migrated) default database."""
    rng = random.Random(seed)
    today = today or timezone.localdate()
    now = timezone.now()
    world = BenchWorld(recruits=recruits)
    models = [
        User, Authenticator, Organisation, Membership, StaffProfile, CandidateProfile,
        RegistrationStep, EnglishLanguageEvidence, EvidenceDocument, BarrierReport, Offer,
        CodeOfPracticeDecision, ChecklistApplication, OnboardingTask, TaskComment,
        SupportAssignment, CheckIn, WellbeingPulse, LocalNetwork, NetworkIntroduction,
    ]  # fmt: skip
    ids = Ids(*models)
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO off")

    professions = list(Profession.objects.all())
    profession_weights = [
        {"physiotherapists": 30, "occupational-therapists": 22, "radiographers": 20}.get(p.slug, 4)
        for p in professions
    ]
    templates_by_route: dict[tuple[str, str], list[RegistrationStepTemplate]] = {}
    for template in RegistrationStepTemplate.objects.order_by("order"):
        templates_by_route.setdefault((template.regulator, template.pathway), []).append(template)
    checklist = ChecklistTemplate.objects.filter(organisation__isnull=True).first()
    items = list(checklist.items.order_by("position", "pk")) if checklist else []
    pastoral = PastoralSettings.load()

    # --- Organisations and their staff ---------------------------------------------------------
    regions = [value for value, _ in Region.choices]
    big_size = BIG_ORGANISATION if recruits >= 2 * BIG_ORGANISATION else recruits // 2
    org_sizes = [big_size]
    rest = recruits - big_size
    for index in range(1, ORGANISATIONS):
        org_sizes.append(
            rest // (ORGANISATIONS - 1) + (1 if index <= rest % (ORGANISATIONS - 1) else 0)
        )
    users = Copier(
        User, ["id", "email", "full_name", "role", "password", "is_active", "date_joined"]
    )
    organisations = Copier(Organisation, ["id", "name", "ods_code", "region"])
    memberships = Copier(Membership, ["id", "user_id", "organisation_id", "role", "capacity"])
    staff_profiles = Copier(StaffProfile, ["id", "user_id", "profession_id"])
    authenticators = Copier(Authenticator, ["id", "user_id", "type", "data", "created_at"])

    def new_user(email: str, role: str, name: str | None = None) -> int:
        user_id = ids.take(User)
        name = name or f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        users.add(user_id, email, name, role, PASSWORD, True, now - timedelta(days=800))
        if role != User.Role.RECRUIT:
            authenticators.add(ids.take(Authenticator), user_id, "totp", {"secret": "bench"}, now)
        return user_id

    org_ids: list[int] = []
    org_region: dict[int, str] = {}
    managers_of: dict[int, list[int]] = {}
    buddies_of: dict[int, list[int]] = {}
    mentors_of: dict[int, list[int]] = {}
    for index, size in enumerate(org_sizes):
        org_id = ids.take(Organisation)
        region = regions[index % len(regions)]
        organisations.add(
            org_id,
            "Bench Riverside NHS Foundation Trust"
            if index == 0
            else f"Bench NHS Trust {index:03d}",
            f"B{index:04d}",
            region,
        )
        org_ids.append(org_id)
        org_region[org_id] = region
        staff = {"manager": [], "buddy": [], "mentor": []}
        counts = {"manager": 2, "buddy": max(1, size // 3), "mentor": max(1, size // 8)}
        for role, how_many in counts.items():
            for n in range(how_many):
                if index == 0 and role == "manager" and n == 0:
                    email, name = "manager@bench.ahp", "Bench Manager"
                else:
                    email, name = f"{role}{n}.org{index}@bench.ahp", None
                user_id = new_user(email, User.Role.EMPLOYER_STAFF, name)
                memberships.add(ids.take(Membership), user_id, org_id, role, 3)
                if role != "manager":
                    profession = rng.choices(professions, profession_weights)[0]
                    staff_profiles.add(ids.take(StaffProfile), user_id, profession.pk)
                staff[role].append(user_id)
        managers_of[org_id] = staff["manager"]
        buddies_of[org_id] = staff["buddy"]
        mentors_of[org_id] = staff["mentor"]
    world.big_organisation_id = org_ids[0]
    world.big_organisation_recruits = big_size
    world.manager_id = managers_of[org_ids[0]][0]
    world.load_manager_ids = [managers_of[org_id][0] for org_id in org_ids[:40]]
    for n in range(5):
        analyst = new_user(
            "analyst@bench.ahp" if n == 0 else f"analyst{n}@bench.ahp",
            User.Role.HEE_ANALYST,
            "Bench Analyst" if n == 0 else None,
        )
        world.load_analyst_ids.append(analyst)
    world.analyst_id = world.load_analyst_ids[0]

    networks = Copier(
        LocalNetwork, ["id", "name", "kind", "organisation_id", "region", "is_active"]
    )
    network_ids_by_region: dict[str, list[int]] = {}
    for region in regions:
        for n, kind in enumerate(value for value, _ in NetworkKind.choices):
            network_id = ids.take(LocalNetwork)
            networks.add(network_id, f"Bench {kind} network {region} {n}", kind, None, region, True)
            network_ids_by_region.setdefault(region, []).append(network_id)
    networks.close()

    # --- Recruits ------------------------------------------------------------------------------
    profiles = Copier(
        CandidateProfile,
        [
            "id", "user_id", "organisation_id", "profession_id", "pathway", "country_of_training",
            "nationality", "job_title", "band", "expected_start_on", "hcpc_reference",
            "decision_outcome", "registration_number", "created_at", "updated_at",
        ],
    )  # fmt: skip
    steps = Copier(
        RegistrationStep,
        ["id", "candidate_id", "template_id", "round", "status", "started_on", "finished_on",
         "due_on", "notes", "updated_at"],
    )  # fmt: skip
    english = Copier(
        EnglishLanguageEvidence,
        ["id", "candidate_id", "test_type", "test_date", "overall", "listening", "reading",
         "writing", "speaking", "created_at"],
    )  # fmt: skip
    documents = Copier(
        EvidenceDocument,
        ["id", "candidate_id", "step_id", "kind", "file", "original_name", "mime", "size",
         "uploaded_by_id", "uploaded_at", "status", "review_reason", "reviewed_by_id",
         "reviewed_at"],
    )  # fmt: skip
    barriers = Copier(
        BarrierReport,
        ["id", "candidate_id", "theme", "description", "severity", "occurred_on", "resolved_on",
         "resolution", "reported_by_id", "created_at"],
    )  # fmt: skip
    offers = Copier(
        Offer,
        ["id", "candidate_id", "organisation_id", "title", "profession_id", "band",
         "role_expectations", "offer_date", "start_date", "recruitment_route", "recruited_from",
         "created_by_id", "created_at", "updated_at"],
    )  # fmt: skip
    decisions = Copier(
        CodeOfPracticeDecision,
        ["id", "candidate_id", "offer_id", "country", "recruitment_route", "country_status",
         "outcome", "decided_by_id", "decided_at"],
    )  # fmt: skip
    applications = Copier(
        ChecklistApplication,
        ["id", "candidate_id", "template_id", "template_name", "applied_by_id", "applied_at"],
    )
    tasks = Copier(
        OnboardingTask,
        ["id", "candidate_id", "application_id", "template_item_id", "position", "section",
         "title", "guidance", "owner_role", "due_anchor", "due_offset_days", "due_on",
         "required", "barrier_theme", "guide_slug", "completed_at", "completed_by_id",
         "created_at"],
    )  # fmt: skip
    comments = Copier(TaskComment, ["id", "task_id", "author_id", "body", "created_at"])
    assignments = Copier(
        SupportAssignment,
        ["id", "candidate_id", "staff_id", "role", "assigned_by_id", "started_at", "ended_at",
         "next_check_in_on"],
    )  # fmt: skip
    check_ins = Copier(
        CheckIn,
        ["id", "assignment_id", "held_on", "format", "topics", "notes", "logged_by_id",
         "created_at", "days_since_previous", "role"],
    )  # fmt: skip
    pulses = Copier(
        WellbeingPulse,
        ["id", "candidate_id", "period_start", "belonging", "wellbeing", "supported", "comment",
         "is_low", "submitted_at", "first_in_month", "first_low_in_month"],
    )  # fmt: skip
    introductions = Copier(
        NetworkIntroduction, ["id", "candidate_id", "network_id", "introduced_on", "created_at"]
    )

    due_cache: dict[tuple[int, date], date | None] = {}
    check_in_formats = ["in_person", "video", "phone", "message"]
    doc_kinds = ["qualification", "translation", "course_information", "reference", "identity"]
    buddy_cursor = dict.fromkeys(org_ids, 0)
    recruit_number = 0

    for org_index, (org_id, size) in enumerate(zip(org_ids, org_sizes, strict=True)):
        managers = managers_of[org_id]
        for _ in range(size):
            recruit_number += 1
            featured = org_index == 0 and recruit_number == 1
            email = "recruit@bench.ahp" if featured else f"recruit{recruit_number}@bench.ahp"
            user_id = new_user(email, User.Role.RECRUIT, "Bench Recruit" if featured else None)
            candidate_id = ids.take(CandidateProfile)
            if featured:
                world.recruit_id, world.recruit_candidate_id = user_id, candidate_id
            if len(world.load_recruit_ids) < 400 and rng.random() < 0.5:
                world.load_recruit_ids.append(user_id)
            profession = rng.choices(professions, profession_weights)[0]
            pathway = _weighted(
                rng, [(Pathway.OVERSEAS, 80), (Pathway.REFUGEE_IN_UK, 8), (Pathway.UK_RESIDENT, 12)]
            )
            country = _weighted(rng, COUNTRIES)
            # The featured recruit is mid-journey: registration under way, tasks overdue.
            age = 150 if featured else int(rng.triangular(0, 1100, 250))
            offer_date = today - timedelta(days=age)
            start_date = offer_date + timedelta(days=rng.randint(45, 200))
            created = _at(offer_date - timedelta(days=rng.randint(10, 90)))
            template_list = templates_by_route.get((profession.regulator, pathway), [])

            # Registration steps, advanced as far as time allows.
            day = offer_date - timedelta(days=rng.randint(0, 60))
            current_status = None
            decision_outcome = registration_number = ""
            application_step_id = None
            open_found = False
            for template in template_list:
                step_id = ids.take(RegistrationStep)
                if template.key == "application":
                    application_step_id = step_id
                if open_found:
                    steps.add(step_id, candidate_id, template.pk, 1, "not_started", None, None,
                              None, "", now)  # fmt: skip
                    continue
                if template.optional and rng.random() > 0.25:
                    status = "not_needed" if day < today else "not_started"
                    steps.add(step_id, candidate_id, template.pk, 1, status, None, None, None, "",
                              now)  # fmt: skip
                    continue
                key = (template.pk, day)
                if key not in due_cache:
                    due_cache[key] = template.due_on(day)
                due_on = due_cache[key]
                if template.acted_on_by == "regulator" and template.target_amount:
                    took = int(template.target_amount * rng.uniform(0.5, 1.4))
                else:
                    took = rng.randint(1, 25)
                finished = day + timedelta(days=took)
                if finished < today:
                    steps.add(step_id, candidate_id, template.pk, 1, "done", day, finished, due_on,
                              "", now)  # fmt: skip
                    if template.key == "decision":
                        decision_outcome = "successful"
                    if template.key == "registered":
                        registration_number = f"PH{candidate_id:06d}"
                    day = finished
                else:
                    current_status = (
                        "waiting"
                        if template.acted_on_by == "regulator"
                        else rng.choice(["in_progress", "needs_action"])
                    )
                    steps.add(step_id, candidate_id, template.pk, 1, current_status, day, None,
                              due_on, "", now)  # fmt: skip
                    open_found = True
            profiles.add(
                candidate_id, user_id, org_id, profession.pk, pathway, country, country,
                profession.name[:-1] if profession.name.endswith("s") else profession.name,
                rng.choice(["5", "5", "6", "7"]), start_date, f"BH{candidate_id % 1_000_000:06d}",
                decision_outcome, registration_number, created, now,
            )  # fmt: skip

            if pathway != Pathway.UK_RESIDENT:
                for n in range(1 if rng.random() < 0.8 else 2):
                    score = rng.choice([6.0, 6.5, 7.0, 7.0, 7.5, 8.0])
                    english.add(
                        ids.take(EnglishLanguageEvidence), candidate_id, "ielts",
                        offer_date - timedelta(days=120 + 200 * n), score, score, score,
                        max(score - 0.5, 5.0), score, created,
                    )  # fmt: skip
            for kind in doc_kinds[: rng.randint(3, 5)]:
                uploaded = created + timedelta(days=rng.randint(0, 30))
                status = _weighted(
                    rng, [("accepted", 70), ("submitted", 24), ("replacement_requested", 6)]
                )
                reviewer = managers[0] if status != "submitted" else None
                documents.add(
                    ids.take(EvidenceDocument), candidate_id, application_step_id, kind,
                    f"bench/{candidate_id}-{kind}.pdf", f"{kind}.pdf", "application/pdf",
                    rng.randint(80_000, 4_000_000), user_id, uploaded, status,
                    "The copy is not certified." if status == "replacement_requested" else "",
                    reviewer, uploaded + timedelta(days=3) if reviewer else None,
                )  # fmt: skip
            for _ in range(rng.choices([0, 1, 2, 3, 4], [35, 30, 20, 10, 5])[0]):
                occurred = offer_date + timedelta(days=rng.randint(-60, max(age, 1)))
                occurred = min(occurred, today)
                resolved = (
                    occurred + timedelta(days=rng.randint(3, 90)) if rng.random() < 0.6 else None
                )
                if resolved and resolved > today:
                    resolved = None
                barriers.add(
                    ids.take(BarrierReport), candidate_id, rng.choices(THEMES, THEME_WEIGHTS)[0],
                    "Synthetic barrier for the benchmark.",
                    _weighted(rng, SEVERITIES),
                    occurred, resolved, "Sorted with the manager." if resolved else "",
                    user_id, _at(occurred),
                )  # fmt: skip

            if not featured and rng.random() < 0.05:
                continue  # no offer yet: no onboarding, no support
            offer_id = ids.take(Offer)
            route = _weighted(
                rng,
                [
                    (RecruitmentRoute.ACTIVE_TRUST, 45),
                    (RecruitmentRoute.ACTIVE_AGENCY, 35),
                    (RecruitmentRoute.DIRECT_APPLICATION, 20),
                ],
            )
            offers.add(
                offer_id, candidate_id, org_id, profession.name[:-1], profession.pk,
                rng.choice([5, 5, 6, 7]), "Band 5 rotation with supervision.", offer_date,
                start_date, route, country, managers[0], _at(offer_date), now,
            )  # fmt: skip
            decisions.add(
                ids.take(CodeOfPracticeDecision), candidate_id, offer_id, country, route, "green",
                "allowed", managers[0], _at(offer_date),
            )  # fmt: skip
            buddy_pool = buddies_of[org_id]
            buddy_id = buddy_pool[buddy_cursor[org_id] % len(buddy_pool)]
            buddy_cursor[org_id] += 1
            if featured or rng.random() < 0.92:
                application_id = ids.take(ChecklistApplication)
                applications.add(
                    application_id, candidate_id, checklist.pk, checklist.name, managers[0],
                    _at(offer_date + timedelta(days=1)),
                )  # fmt: skip
                diligence = 0.6 if featured else rng.uniform(0.6, 0.99)
                for item in items:
                    anchor = offer_date if item.due_anchor == DueAnchor.OFFER else start_date
                    due_on = max(anchor + timedelta(days=item.due_offset_days), offer_date)
                    done = due_on < today + timedelta(days=5) and rng.random() < diligence
                    completed_at = completed_by = None
                    if done:
                        completed_on = min(due_on - timedelta(days=rng.randint(-5, 10)), today)
                        completed_at = _at(max(completed_on, offer_date), 14)
                        completed_by = {"recruit": user_id, "manager": managers[0]}.get(
                            item.owner_role, buddy_id
                        )
                    task_id = ids.take(OnboardingTask)
                    tasks.add(
                        task_id, candidate_id, application_id, item.pk, item.position,
                        item.section, item.title, item.guidance, item.owner_role, item.due_anchor,
                        item.due_offset_days, due_on, item.required, item.barrier_theme,
                        item.guide_slug, completed_at, completed_by, _at(offer_date),
                    )  # fmt: skip
                    if rng.random() < 0.03:
                        comments.add(
                            ids.take(TaskComment), task_id, user_id, "Done, see the email.",
                            _at(min(due_on, today)),
                        )  # fmt: skip

            # Pastoral support: a buddy from a week before the start, mentors for some.
            support_start = start_date - timedelta(days=rng.randint(-10, 14))
            if support_start <= today and (featured or rng.random() < 0.85):
                roles = [(SupportRole.BUDDY, buddy_id)]
                if rng.random() < 0.4:
                    pool = mentors_of[org_id]
                    roles.append((SupportRole.MENTOR, pool[candidate_id % len(pool)]))
                for role, staff_id in roles:
                    assignment_id = ids.take(SupportAssignment)
                    held, last = [], None
                    day = support_start
                    while True:
                        day = pastoral.next_check_in_on(
                            started_on=support_start, last_check_in_on=last
                        )
                        if day > today or len(held) >= 30:
                            break
                        if rng.random() < 0.8:
                            held.append(day)
                        last = day
                    next_on = pastoral.next_check_in_on(
                        started_on=support_start, last_check_in_on=held[-1] if held else None
                    )
                    assignments.add(
                        assignment_id, candidate_id, staff_id, role, managers[0],
                        _at(support_start), None, next_on,
                    )  # fmt: skip
                    # `held` is in date order: gap and role as `check_in_gaps_refresh` stores them.
                    for previous_on, held_on in zip([None, *held], held, strict=False):
                        topics = rng.sample(THEMES, rng.choice([0, 1, 1, 2]))
                        check_ins.add(
                            ids.take(CheckIn), assignment_id, held_on,
                            rng.choice(check_in_formats), topics, "", staff_id, _at(held_on, 16),
                            (held_on - previous_on).days if previous_on else None, role,
                        )  # fmt: skip
                period = pastoral.pulse_period_start(max(start_date, today - timedelta(days=364)))
                mood = rng.uniform(2.2, 4.6)
                # Pulses come in date order: the marks as `pulse_month_flags_refresh` stores them.
                answered_in = low_in = None
                while period <= today:
                    if rng.random() < 0.6:
                        scores = [max(1, min(5, round(rng.gauss(mood, 0.8)))) for _ in range(3)]
                        is_low = min(scores) <= pastoral.pulse_low_at_most
                        month = (period.year, period.month)
                        pulses.add(
                            ids.take(WellbeingPulse), candidate_id, period, *scores, "", is_low,
                            _at(period, 19), answered_in != month, is_low and low_in != month,
                        )  # fmt: skip
                        answered_in = month
                        low_in = month if is_low else low_in
                    period += timedelta(days=pastoral.pulse_period_days)
                for network_id in rng.sample(
                    network_ids_by_region[org_region[org_id]], rng.choice([0, 1, 1, 2])
                ):
                    introductions.add(
                        ids.take(NetworkIntroduction), candidate_id, network_id,
                        support_start + timedelta(days=20), now,
                    )  # fmt: skip

    for copier in [
        users, authenticators, organisations, memberships, staff_profiles, profiles, steps,
        english, documents, barriers, offers, decisions, applications, tasks, comments,
        assignments, check_ins, pulses, introductions,
    ]:  # fmt: skip
        world.counts[copier.table] = copier.close()
    reset_sequences(*models)
    # What the services store beside the rows COPY wrote, with the services' own functions: each
    # recruit's progress row (`journey_progress_refresh`, a batch of recruits per query), then
    # the counts the scheduled refresh makes for the dashboards. Pastoral's marks were written
    # with the check-ins and pulses above, as its services work them out.
    world.counts["onboarding_journeyprogress"] = journey_progress_rebuild()
    counts_refresh()
    for model in (FinishedStepCount, PulsePeriodCount, CheckInGapCount):
        world.counts[model._meta.db_table] = model.objects.count()
    return world
