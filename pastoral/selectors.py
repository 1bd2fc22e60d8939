"""Reads for pastoral support, scoped to who asks. Strangers get 404.

Who may read what:
- check-in notes: the pair (the recruit and the member of staff on the assignment) and the
  recruit's managers;
- a pulse comment: the recruit, their organisation's managers and their active buddy (who must be
  on that organisation's staff), never anyone outside the organisation;
- pulse scores and check-in dates: also the recruit's other active supporters.
Reminders and insights call the functions at the bottom; they carry no free text.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time

from django.db import models
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import TruncDate
from django.http import Http404
from django.utils import timezone

from accounts.models import User
from candidates.models import BarrierTheme, CandidateProfile
from candidates.selectors import recruit_columns
from employers.models import Membership, Organisation
from employers.selectors import organisation_ids_managed_by
from pastoral.models import (
    BuddyChangeRequest,
    CheckIn,
    CheckInFormat,
    CheckInGapCount,
    LocalNetwork,
    NetworkIntroduction,
    NetworkKind,
    PastoralSettings,
    PulsePeriodTotals,
    SelfAssessmentCriterion,
    SelfAssessmentGroup,
    SelfAssessmentRating,
    StaffProfile,
    SupportAssignment,
    SupportRole,
    WellbeingPulse,
)
from portal.timeline import RecruitRowsOfSources, TimelineEntry, name_of

# Which staff duties qualify someone for each support role.
ELIGIBLE_DUTIES = {
    SupportRole.BUDDY: [Membership.Role.BUDDY],
    SupportRole.MENTOR: [Membership.Role.MENTOR],
    SupportRole.PRECEPTOR: [Membership.Role.BUDDY, Membership.Role.MENTOR],
}


def _active() -> Q:
    return Q(ended_at__isnull=True)


def managed_organisation_ids(user) -> list[int]:
    """`organisation_ids_managed_by`, asked once per user object (one request's worth)."""
    if not hasattr(user, "_pastoral_managed_ids"):
        user._pastoral_managed_ids = organisation_ids_managed_by(user)
    return user._pastoral_managed_ids


# --- Assignments ------------------------------------------------------------------------------
def candidate_ids_supported_by(user) -> set[int]:
    """Recruits `user` supports now, in any role."""
    if not user.is_authenticated:
        return set()
    return set(
        SupportAssignment.objects.filter(_active(), staff=user).values_list(
            "candidate_id", flat=True
        )
    )


def supported_by(user) -> Exists:
    """Whether `user` supports the recruit now, in any role: an expression for a query of
    recruits (`CandidateProfile.objects.annotate(supported=supported_by(user))`)."""
    return Exists(
        SupportAssignment.objects.filter(_active(), staff_id=user.pk, candidate_id=OuterRef("pk"))
    )


def active_assignments_for(candidate) -> QuerySet[SupportAssignment]:
    """The recruit's current buddy, mentor and preceptor assignments, with the staff member."""
    return (
        SupportAssignment.objects.filter(_active(), candidate=candidate)
        .select_related("staff")
        .order_by("role")
    )


def active_buddy_ids_for(candidate_ids: Iterable[int]) -> dict[int, list[int]]:
    """Candidate id → user ids of that recruit's active buddies, for many recruits in one query.

    Every id asked about is a key (an empty list when the recruit has no buddy now).
    """
    buddy_ids: dict[int, list[int]] = {candidate_id: [] for candidate_id in candidate_ids}
    if not buddy_ids:
        return buddy_ids
    rows = (
        SupportAssignment.objects.filter(
            _active(), role=SupportRole.BUDDY, candidate_id__in=list(buddy_ids)
        )
        .order_by("candidate_id", "pk")
        .values_list("candidate_id", "staff_id")
    )
    for candidate_id, staff_id in rows:
        buddy_ids[candidate_id].append(staff_id)
    return buddy_ids


def preceptor_for(candidate) -> User | None:
    assignment = active_assignments_for(candidate).filter(role=SupportRole.PRECEPTOR).first()
    return assignment.staff if assignment else None


def assignment_history_for(candidate) -> QuerySet[SupportAssignment]:
    return SupportAssignment.objects.filter(candidate=candidate).select_related(
        "staff", "assigned_by"
    )


def assignments_supported_by(user) -> QuerySet[SupportAssignment]:
    """The active assignments in which `user` is the buddy, mentor or preceptor."""
    return (
        SupportAssignment.objects.filter(_active(), staff=user)
        .select_related("candidate__user", "candidate__profession")
        .order_by("next_check_in_on", "candidate__user__full_name")
    )


def assignment_for_logging(user, assignment_id: int) -> SupportAssignment:
    """An active assignment in which `user` is the supporter (only they log its check-ins)."""
    try:
        return SupportAssignment.objects.select_related("candidate__user").get(
            _active(), pk=assignment_id, staff=user
        )
    except SupportAssignment.DoesNotExist:
        raise Http404("No such assignment.") from None


def recruit_for_manager(user, candidate_id: int) -> CandidateProfile:
    """A recruit of an organisation `user` manages."""
    try:
        return CandidateProfile.objects.select_related("user", "organisation", "profession").get(
            pk=candidate_id, organisation_id__in=managed_organisation_ids(user)
        )
    except CandidateProfile.DoesNotExist:
        raise Http404("No such recruit.") from None


def recruit_for_supporter(user, candidate_id: int) -> CandidateProfile:
    """A recruit `user` manages or supports now."""
    access = Q(organisation_id__in=managed_organisation_ids(user)) | Q(
        pk__in=candidate_ids_supported_by(user)
    )
    try:
        return CandidateProfile.objects.select_related("user", "organisation", "profession").get(
            access, pk=candidate_id
        )
    except CandidateProfile.DoesNotExist:
        raise Http404("No such recruit.") from None


@dataclass
class StaffOption:
    """One member of staff in the assignment picker."""

    user: User
    profession: object
    shares_profession: bool
    supporting_now: int
    capacity: int

    @property
    def has_room(self) -> bool:
        return self.supporting_now < self.capacity

    @property
    def label(self) -> str:
        parts = [self.user.get_full_name()]
        if self.profession:
            same = " (same profession)" if self.shares_profession else ""
            parts.append(f"{self.profession}{same}")
        parts.append(f"supports {self.supporting_now} of {self.capacity}")
        if not self.has_room:
            parts.append("at capacity")
        return " – ".join(parts)


def staff_options_for(candidate: CandidateProfile, role: str) -> list[StaffOption]:
    """Who in the recruit's organisation can take on `role`, with their room to do so; those
    with room and the recruit's profession first. Three queries whatever the staff size."""
    capacities: dict[int, tuple[User, int]] = {}
    memberships = Membership.objects.filter(
        organisation_id=candidate.organisation_id, role__in=ELIGIBLE_DUTIES[role]
    ).select_related("user")
    for membership in memberships:
        if membership.user_id == candidate.user_id or not membership.user.is_active:
            continue
        known = capacities.get(membership.user_id)
        capacity = max(membership.capacity, known[1]) if known else membership.capacity
        capacities[membership.user_id] = (membership.user, capacity)
    if not capacities:
        return []
    professions = {
        profile.user_id: profile.profession
        for profile in StaffProfile.objects.filter(user_id__in=capacities).select_related(
            "profession"
        )
    }
    counts = dict(
        SupportAssignment.objects.filter(_active(), staff_id__in=capacities, role=role)
        .values("staff_id")
        .annotate(n=Count("pk"))
        .values_list("staff_id", "n")
    )
    options = [
        StaffOption(
            user=user,
            profession=professions.get(user_id),
            shares_profession=bool(
                candidate.profession_id
                and professions.get(user_id)
                and professions[user_id].pk == candidate.profession_id
            ),
            supporting_now=counts.get(user_id, 0),
            capacity=capacity,
        )
        for user_id, (user, capacity) in capacities.items()
    ]
    options.sort(
        key=lambda o: (not o.has_room, not o.shares_profession, o.supporting_now, str(o.user))
    )
    return options


# --- Check-ins --------------------------------------------------------------------------------
def can_read_check_in_notes(user, check_in: CheckIn) -> bool:
    assignment = check_in.assignment
    if not user.is_authenticated:
        return False
    if user.pk in (assignment.staff_id, assignment.candidate.user_id):
        return True
    return assignment.candidate.organisation_id in managed_organisation_ids(user)


def check_ins_for_viewer(user, candidate: CandidateProfile) -> list[CheckIn]:
    """The recruit's check-ins (the caller has already checked the viewer may see the recruit),
    each marked `notes_visible` for this viewer."""
    is_manager = candidate.organisation_id in managed_organisation_ids(user)
    is_recruit = user.pk == candidate.user_id
    check_ins = list(
        CheckIn.objects.filter(assignment__candidate=candidate).select_related("assignment__staff")
    )
    for check_in in check_ins:
        check_in.notes_visible = is_manager or is_recruit or check_in.assignment.staff_id == user.pk
    return check_ins


# --- Pulses -----------------------------------------------------------------------------------
def can_read_pulse_comment(user, candidate: CandidateProfile) -> bool:
    """Only the recruit, their organisation's managers and their buddy (on that organisation's
    staff) read pulse comments."""
    if not user.is_authenticated:
        return False
    if user.pk == candidate.user_id:
        return True
    if candidate.organisation_id is None:
        return False
    if candidate.organisation_id in managed_organisation_ids(user):
        return True
    return (
        SupportAssignment.objects.filter(
            _active(), candidate=candidate, staff=user, role=SupportRole.BUDDY
        ).exists()
        and Membership.objects.filter(user=user, organisation_id=candidate.organisation_id).exists()
    )


def pulses_for_viewer(user, candidate: CandidateProfile) -> list[WellbeingPulse]:
    """The recruit's pulses, newest first, each marked `comment_visible` for this viewer."""
    comment_visible = can_read_pulse_comment(user, candidate)
    pulses = list(WellbeingPulse.objects.filter(candidate=candidate))
    for pulse in pulses:
        pulse.comment_visible = comment_visible
    return pulses


def current_pulse_period(today: date | None = None) -> date:
    return PastoralSettings.load().pulse_period_start(today or timezone.localdate())


def pulse_for_period(candidate: CandidateProfile, period_start: date) -> WellbeingPulse | None:
    return WellbeingPulse.objects.filter(candidate=candidate, period_start=period_start).first()


def pulses_for_managed_organisations(user, *, since: date) -> QuerySet[WellbeingPulse]:
    """Pulses from the recruits of organisations `user` manages (comments included: managers may
    read them), low ones first."""
    return (
        WellbeingPulse.objects.filter(
            candidate__organisation_id__in=managed_organisation_ids(user),
            period_start__gte=since,
        )
        .select_related("candidate__user")
        .order_by("-is_low", "-period_start", "candidate__user__full_name")
    )


def pulse_is_low(pulse: WellbeingPulse) -> bool:
    """Whether any answer was low (at or below the low score in force when it was submitted)."""
    return pulse.is_low


# --- Change requests --------------------------------------------------------------------------
def change_requests_for_manager(user) -> QuerySet[BuddyChangeRequest]:
    return BuddyChangeRequest.objects.filter(
        candidate__organisation_id__in=managed_organisation_ids(user)
    ).select_related("candidate__user", "assignment__staff", "resolved_by")


def change_request_for_manager(user, request_id: int) -> BuddyChangeRequest:
    try:
        return change_requests_for_manager(user).get(pk=request_id)
    except BuddyChangeRequest.DoesNotExist:
        raise Http404("No such request.") from None


def open_change_request_for(candidate: CandidateProfile) -> BuddyChangeRequest | None:
    return BuddyChangeRequest.objects.filter(candidate=candidate, resolved_at__isnull=True).first()


# --- Networks ---------------------------------------------------------------------------------
def networks_for_recruit(candidate: CandidateProfile) -> QuerySet[LocalNetwork]:
    """Networks kept by the recruit's organisation, shared with its region, or national."""
    networks = LocalNetwork.objects.filter(is_active=True).select_related("organisation")
    national = Q(organisation__isnull=True, region="")
    if candidate.organisation_id is None:
        return networks.filter(national)
    return networks.filter(
        national
        | Q(organisation_id=candidate.organisation_id)
        | Q(region=candidate.organisation.region)
    )


def network_for_recruit(candidate: CandidateProfile, network_id: int) -> LocalNetwork:
    try:
        return networks_for_recruit(candidate).get(pk=network_id)
    except LocalNetwork.DoesNotExist:
        raise Http404("No such network.") from None


def organisations_for_staff(user) -> QuerySet[Organisation]:
    return Organisation.objects.filter(memberships__user=user).distinct()


def networks_kept_by(user) -> QuerySet[LocalNetwork]:
    """Networks kept by organisations where `user` is on the staff."""
    return LocalNetwork.objects.filter(organisation__memberships__user=user).distinct()


def network_kept_by(user, network_id: int) -> LocalNetwork:
    try:
        return networks_kept_by(user).get(pk=network_id)
    except LocalNetwork.DoesNotExist:
        raise Http404("No such network.") from None


def introduced_network_ids(candidate: CandidateProfile) -> set[int]:
    return set(
        NetworkIntroduction.objects.filter(candidate=candidate).values_list("network_id", flat=True)
    )


# --- Self-assessment --------------------------------------------------------------------------
def organisation_managed_by(user, organisation_id: int | None = None) -> Organisation:
    """An organisation `user` manages: the one asked for, or their first."""
    organisations = Organisation.objects.filter(pk__in=managed_organisation_ids(user))
    if organisation_id is not None:
        organisations = organisations.filter(pk=organisation_id)
    organisation = organisations.first()
    if organisation is None:
        raise Http404("No such organisation.")
    return organisation


def self_assessment_criterion(criterion_id: int) -> SelfAssessmentCriterion:
    try:
        return SelfAssessmentCriterion.objects.get(pk=criterion_id, is_active=True)
    except SelfAssessmentCriterion.DoesNotExist:
        raise Http404("No such criterion.") from None


def self_assessment_for(organisation: Organisation) -> list[dict]:
    """Each group with its criteria, the organisation's ratings and a score: the percentage of
    the maximum (unrated criteria count as 0). Two queries."""
    ratings = {
        rating.criterion_id: rating
        for rating in SelfAssessmentRating.objects.filter(organisation=organisation)
    }
    groups = {
        value: {"key": value, "label": label, "rows": []}
        for value, label in SelfAssessmentGroup.choices
    }
    for criterion in SelfAssessmentCriterion.objects.filter(is_active=True):
        groups[criterion.group]["rows"].append((criterion, ratings.get(criterion.pk)))
    for group in groups.values():
        rows = group["rows"]
        total = sum(rating.rating for _, rating in rows if rating)
        maximum = SelfAssessmentRating.MAXIMUM * len(rows)
        group["rated"] = sum(1 for _, rating in rows if rating)
        group["score"] = round(100 * total / maximum) if maximum else None
    return list(groups.values())


# --- For other apps ---------------------------------------------------------------------------
def _noon(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(12)))


# A row of the pastoral timeline: an assignment, a check-in, a pulse or an introduction.
_TIMELINE_COLUMNS = {
    "pk": models.IntegerField,
    "code": models.CharField,  # an assignment's role (a check-in's too)
    "code_2": models.CharField,  # a check-in's format, a network's kind
    "label": models.CharField,  # the supporter's name, a network's name
    "by": models.CharField,  # who made the assignment
    "at": models.DateTimeField,  # an assignment's start, a pulse's answer
    "end_at": models.DateTimeField,  # an assignment's end, a check-in's logging
    "day": models.DateField,  # a check-in's date, a pulse's period, an introduction's date
    "topic_codes": models.JSONField,  # a check-in's
    "low": models.BooleanField,  # a pulse's, and its three scores
    "score_1": models.IntegerField,
    "score_2": models.IntegerField,
    "score_3": models.IntegerField,
}
_SOURCE_ORDER = {"assignment": 0, "check_in": 1, "pulse": 2, "introduction": 3}
_ROLES = dict(SupportRole.choices)
_FORMATS = dict(CheckInFormat.choices)
_NETWORK_KINDS = dict(NetworkKind.choices)
_TOPICS = dict(BarrierTheme.choices)


def _newest_first(row: dict) -> tuple:
    """Within each source, the order its entries were always listed in (assignments by start,
    check-ins by date then logging, pulses by period, introductions by date; newest first)."""
    source = row["source"]
    if source == "assignment":
        key = (-row["at"].timestamp(), -row["pk"])
    elif source == "check_in":
        key = (-row["day"].toordinal(), -row["end_at"].timestamp(), -row["pk"])
    else:
        key = (-row["day"].toordinal(), -row["pk"])
    return (_SOURCE_ORDER[source], *key)


def _pastoral_timeline_sources(candidate_id: int) -> dict:
    return {
        "assignment": (
            SupportAssignment.objects.filter(candidate_id=candidate_id),
            {
                "pk": "pk",
                "code": "role",
                "label": name_of("staff"),
                "by": name_of("assigned_by"),
                "at": "started_at",
                "end_at": "ended_at",
            },
        ),
        "check_in": (
            CheckIn.objects.filter(assignment__candidate_id=candidate_id),
            {
                "pk": "pk",
                "code": "assignment__role",
                "code_2": "format",
                "label": name_of("assignment__staff"),
                "end_at": "created_at",
                "day": "held_on",
                "topic_codes": "topics",
            },
        ),
        "pulse": (
            WellbeingPulse.objects.filter(candidate_id=candidate_id),
            {
                "pk": "pk",
                "at": "submitted_at",
                "day": "period_start",
                "low": "is_low",
                "score_1": "belonging",
                "score_2": "wellbeing",
                "score_3": "supported",
            },
        ),
        "introduction": (
            NetworkIntroduction.objects.filter(candidate_id=candidate_id),
            {
                "pk": "pk",
                "code_2": "network__kind",
                "label": "network__name",
                "day": "introduced_on",
            },
        ),
    }


_PASTORAL_TIMELINE_ROWS = RecruitRowsOfSources(_TIMELINE_COLUMNS, _pastoral_timeline_sources)


def pastoral_timeline(candidate: CandidateProfile) -> list[TimelineEntry]:
    """Assignments, check-ins (without notes), pulses (without comment) and introductions.
    One query."""
    rows = _PASTORAL_TIMELINE_ROWS.rows(candidate.pk)
    rows.sort(key=_newest_first)
    entries = []
    for row in rows:
        source = row["source"]
        if source == "assignment":
            role = _ROLES.get(row["code"], row["code"]).lower()
            entries.append(
                TimelineEntry(
                    when=row["at"],
                    kind="pastoral",
                    title=f"{row['label']} became {role}",
                    actor=row["by"] or "",
                )
            )
            if row["end_at"]:
                entries.append(
                    TimelineEntry(
                        when=row["end_at"],
                        kind="pastoral",
                        title=f"{row['label']} stopped being {role}",
                    )
                )
        elif source == "check_in":
            role = _ROLES.get(row["code"], row["code"]).lower()
            topics = [_TOPICS.get(topic, topic) for topic in row["topic_codes"]]
            entries.append(
                TimelineEntry(
                    when=_noon(row["day"]),
                    kind="pastoral",
                    title=f"Check-in with {role}",
                    detail=", ".join([_FORMATS.get(row["code_2"], row["code_2"]), *topics]),
                    actor=row["label"],
                )
            )
        elif source == "pulse":
            entries.append(
                TimelineEntry(
                    when=row["at"],
                    kind="pastoral",
                    title="Wellbeing pulse answered" + (" (low score)" if row["low"] else ""),
                    detail=(
                        f"Belonging {row['score_1']}, wellbeing {row['score_2']}, "
                        f"supported {row['score_3']}"
                    ),
                )
            )
        else:
            entries.append(
                TimelineEntry(
                    when=_noon(row["day"]),
                    kind="pastoral",
                    title=f"Introduced to {row['label']}",
                    detail=_NETWORK_KINDS.get(row["code_2"], row["code_2"]),
                )
            )
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries


def latest_pulse_is_low(candidate_id) -> Subquery:
    """An expression: whether the latest pulse of the recruit `candidate_id` (an OuterRef or
    F) was low; NULL when they have none. For a list that reads it with its own rows."""
    latest = WellbeingPulse.objects.filter(candidate_id=candidate_id).order_by("-period_start")
    return Subquery(latest.values("is_low")[:1])


def latest_pulse_is_low_sql(candidate_column: str) -> str:
    """`latest_pulse_is_low` as SQL text, for a query written by hand: `candidate_column` names
    the outer query's recruit id column. Tests hold the two to the same answers."""
    return (
        f"SELECT pulse.is_low FROM {WellbeingPulse._meta.db_table} pulse"  # noqa: S608
        f" WHERE pulse.candidate_id = {candidate_column}"
        " ORDER BY pulse.period_start DESC LIMIT 1"
    )


def active_supporter_name_sql(candidate_column: str, role: str) -> str:
    """The recruit's active supporter in `role`, by display name, as SQL text for a query written
    by hand (`candidate_column` names the outer query's recruit id column): what
    `support_summaries` reports, held to it by tests."""
    role = SupportRole(role)  # one of the choices: it is written into the text
    return (
        # The display name as User.get_full_name() gives it.
        "SELECT COALESCE(NULLIF(staff.full_name, ''), staff.email)"  # noqa: S608
        f" FROM {SupportAssignment._meta.db_table} assignment"
        f" JOIN {User._meta.db_table} staff ON staff.id = assignment.staff_id"
        f" WHERE assignment.candidate_id = {candidate_column} AND assignment.role = '{role}'"
        " AND assignment.ended_at IS NULL"
    )


def support_summaries(candidate_ids: list[int], *, with_pulse: bool = True) -> dict[int, dict]:
    """For each recruit: "buddy", "mentor", "preceptor" (display names or None), "low_pulse"
    (their latest pulse was low; left False without `with_pulse`, for a caller that reads
    `latest_pulse_is_low` itself) and "next_check_in_on" (the earliest across their
    supporters). Two queries (one without the pulse), whatever the number of recruits."""
    summaries = {
        candidate_id: {
            "buddy": None,
            "mentor": None,
            "preceptor": None,
            "low_pulse": False,
            "next_check_in_on": None,
        }
        for candidate_id in candidate_ids
    }
    if not summaries:
        return summaries
    assignments = (
        SupportAssignment.objects.filter(_active(), candidate_id__in=summaries)
        .order_by("-started_at")
        .values_list("candidate_id", "role", "next_check_in_on", "staff__full_name", "staff__email")
    )
    for candidate_id, role, due, full_name, email in assignments:
        summary = summaries[candidate_id]
        summary[role] = full_name or email  # as User.get_full_name()
        if due and (summary["next_check_in_on"] is None or due < summary["next_check_in_on"]):
            summary["next_check_in_on"] = due
    if not with_pulse:
        return summaries
    low_latest = (
        CandidateProfile.objects.filter(pk__in=summaries)
        .annotate(low=latest_pulse_is_low(OuterRef("pk")))
        .filter(low=True)
        .values_list("pk", flat=True)
    )
    for candidate_id in low_latest:
        summaries[candidate_id]["low_pulse"] = True
    return summaries


def check_ins_due(*, today: date) -> QuerySet[SupportAssignment]:
    """Active assignments whose next check-in is due today or overdue."""
    return SupportAssignment.objects.filter(_active(), next_check_in_on__lte=today).select_related(
        "candidate__user", "staff"
    )


def pulse_due_candidates(*, today: date) -> QuerySet[CandidateProfile]:
    """Recruits with an employer who have not answered the pulse for the current period."""
    period_start = current_pulse_period(today)
    answered = WellbeingPulse.objects.filter(period_start=period_start).values("candidate_id")
    return (
        CandidateProfile.objects.filter(organisation__isnull=False, user__is_active=True)
        .exclude(pk__in=answered)
        .select_related("user")
    )


def _recruit_column(field: str) -> Subquery:
    """A column of the recruit the row is about, looked up only when selected: the dashboards'
    aggregates filter and group on other columns, so they pay no join over every recruit."""
    recruits = CandidateProfile.objects.filter(pk=OuterRef("candidate_id")).order_by()
    return Subquery(recruits.values(field)[:1])


def assignments_for_analysis() -> QuerySet:
    return SupportAssignment.objects.values(
        "id",
        "candidate_id",
        "role",
        "started_at",
        "ended_at",
        organisation_id=_recruit_column("organisation_id"),
        profession_id=_recruit_column("profession_id"),
    ).annotate(
        over_capacity=ExpressionWrapper(~Q(over_capacity_reason=""), output_field=BooleanField())
    )


def check_ins_for_analysis() -> QuerySet:
    """One row per check-in, with its days since the pair's previous one and the pair's role
    (both stored on the check-in, so counting them joins nothing). The recruit's columns are
    looked up only when selected; filter on `assignment__candidate_id` to choose recruits."""
    pairs = SupportAssignment.objects.filter(pk=OuterRef("assignment_id")).order_by()
    return CheckIn.objects.values(
        "id",
        "assignment_id",
        "held_on",
        "days_since_previous",
        "role",
        "format",
        "topics",
        candidate_id=Subquery(pairs.values("candidate_id")[:1]),
        organisation_id=Subquery(pairs.values("candidate__organisation_id")[:1]),
    )


def first_buddy_started_on(candidate_id) -> QuerySet:
    """The day a recruit's first buddy started (ended since or not), as a one-value subquery;
    `candidate_id` may be an OuterRef."""
    return (
        SupportAssignment.objects.filter(candidate_id=candidate_id, role=SupportRole.BUDDY)
        .order_by("started_at")
        .values(started_on=TruncDate("started_at"))[:1]
    )


def check_in_gap_counts_for_analysis() -> QuerySet:
    """Check-ins after a pair's first, counted per day held, role and days since the previous
    one, over every recruit (no recruit can be chosen: filter check_ins_for_analysis for that)."""
    return CheckInGapCount.objects.values("held_on", "role", "days_since_previous", "check_ins")


def pulse_period_totals_for_analysis() -> QuerySet:
    """Pulse answers added up per period, over every recruit (no recruit can be chosen: filter
    pulses_for_analysis for that)."""
    return PulsePeriodTotals.objects.values(
        "period_start",
        "answers",
        "first_in_month",
        "first_low_in_month",
        "belonging",
        "wellbeing",
        "supported",
    )


def pulses_for_analysis() -> QuerySet:
    return WellbeingPulse.objects.values(
        "id",
        "candidate_id",
        "period_start",
        "belonging",
        "wellbeing",
        "supported",
        "is_low",
        "submitted_at",
        "first_in_month",
        "first_low_in_month",
        organisation_id=_recruit_column("organisation_id"),
    )


def introductions_for_analysis() -> QuerySet:
    return NetworkIntroduction.objects.values(
        "id",
        "candidate_id",
        "network_id",
        "introduced_on",
        organisation_id=F("candidate__organisation_id"),
        network_kind=F("network__kind"),
    )


# --- For reminders: who each reminder goes to, set-based ---------------------------------------


def check_in_due_recipients(*, today: date) -> QuerySet:
    """`check_ins_due` as plain values: `recipient_id` (the member of staff), `assignment_id`,
    `next_check_in_on` and `recruit_columns`."""
    return (
        check_ins_due(today=today)
        .order_by()
        .values(
            "next_check_in_on",
            recipient_id=F("staff_id"),
            assignment_id=F("pk"),
            **recruit_columns("candidate"),
        )
    )


def pulse_due_recipients(*, today: date) -> QuerySet:
    """`pulse_due_candidates` as plain values: `recipient_id` (the recruit's account) and
    `recruit_columns`."""
    return (
        pulse_due_candidates(today=today)
        .order_by()
        .values(recipient_id=F("user_id"), **recruit_columns())
    )
