"""Pastoral support: who supports each recruit, how often they meet, how the recruit is doing,
the local networks they can join, and how well the employer rates its own pastoral care."""

import calendar
from collections.abc import Iterable
from datetime import date, timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q, Subquery, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone

from candidates.models import BarrierTheme
from employers.models import Region


def add_months(day: date, months: int) -> date:
    """`day` moved on by whole calendar months, clamped to the end of a shorter month."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


class PastoralSettings(models.Model):
    """The pastoral rules an administrator may tune; one row, seeded by a data migration."""

    early_weeks = models.PositiveSmallIntegerField(
        default=12, help_text="How many weeks after an assignment starts check-ins stay frequent."
    )
    early_interval_days = models.PositiveSmallIntegerField(
        default=7, help_text="Days between check-ins in the early weeks (7 = weekly)."
    )
    later_interval_months = models.PositiveSmallIntegerField(
        default=1, help_text="Months between check-ins after the early weeks (1 = monthly)."
    )
    pulse_period_days = models.PositiveSmallIntegerField(
        default=14, help_text="How often recruits answer the wellbeing pulse (14 = fortnightly)."
    )
    pulse_period_anchor = models.DateField(
        default=date(2024, 1, 1), help_text="A day on which a pulse period starts (a Monday)."
    )
    pulse_low_at_most = models.PositiveSmallIntegerField(
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text="An answer at or below this score flags the recruit for their buddy and manager.",
    )

    class Meta:
        verbose_name = "pastoral settings"
        verbose_name_plural = "pastoral settings"

    def __str__(self) -> str:
        return "Pastoral settings"

    @classmethod
    def load(cls) -> "PastoralSettings":
        obj, _ = cls.objects.get_or_create(pk=1)
        return obj

    def next_check_in_on(self, *, started_on: date, last_check_in_on: date | None) -> date:
        """Weekly (by default) for the first weeks after `started_on`, monthly after that."""
        base = last_check_in_on or started_on
        if base < started_on + timedelta(weeks=self.early_weeks):
            return base + timedelta(days=self.early_interval_days)
        return add_months(base, self.later_interval_months)

    def pulse_period_start(self, day: date) -> date:
        offset = (day - self.pulse_period_anchor).days % self.pulse_period_days
        return day - timedelta(days=offset)


class StaffProfile(models.Model):
    """What pastoral support needs to know about a member of staff beyond their duties."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pastoral_profile"
    )
    profession = models.ForeignKey(
        "candidates.Profession",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Recruits often do best with a buddy from their own profession.",
    )

    def __str__(self) -> str:
        return f"{self.user} ({self.profession or 'no profession'})"


class SupportRole(models.TextChoices):
    BUDDY = "buddy", "Buddy"
    MENTOR = "mentor", "Mentor"
    PRECEPTOR = "preceptor", "Preceptor"


class SupportAssignmentQuerySet(models.QuerySet):
    def active(self) -> "SupportAssignmentQuerySet":
        """Assignments going on now (`SupportAssignment.active_q`)."""
        return self.filter(SupportAssignment.active_q())


class SupportAssignment(models.Model):
    """One member of staff supporting one recruit in one role, for a while.

    Ending an assignment keeps the row: `ended_at` marks history. A recruit has at most one
    active assignment per role.
    """

    candidate = models.ForeignKey(
        "candidates.CandidateProfile", on_delete=models.CASCADE, related_name="support_assignments"
    )
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="support_assignments"
    )
    role = models.CharField(max_length=10, choices=SupportRole.choices)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    started_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    over_capacity_reason = models.TextField(
        blank=True, help_text="Why the manager assigned someone already at capacity."
    )
    next_check_in_on = models.DateField(null=True, blank=True)

    objects = SupportAssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "role"],
                condition=Q(ended_at__isnull=True),  # active, as `active_q`
                name="pastoral_one_active_assignment_per_role",
            )
        ]
        indexes = [models.Index(fields=["staff", "ended_at"])]

    def __str__(self) -> str:
        return f"{self.staff} – {self.get_role_display()} to {self.candidate}"

    @staticmethod
    def active_q(prefix: str = "") -> Q:
        """The rule for an active assignment: not ended (an ended one stays as history).
        `prefix` reaches assignments through a relation ("candidate__support_assignments__").
        `is_active` is the same rule for an assignment in memory."""
        return Q(**{f"{prefix}ended_at__isnull": True})

    @property
    def is_active(self) -> bool:
        """`active_q` for this assignment: the same rule."""
        return self.ended_at is None

    @classmethod
    def active_supporter_name(cls, candidate_id, role: str) -> Subquery:
        """The recruit `candidate_id`'s (an OuterRef or F) active supporter in `role`, by
        display name as `User.get_full_name()` gives it; NULL when they have none (a recruit
        has at most one active assignment per role)."""
        supporters = cls.objects.active().filter(candidate_id=candidate_id, role=role).order_by()
        name = Coalesce(
            NullIf(F("staff__full_name"), Value("")),
            F("staff__email"),
            output_field=models.CharField(),
        )
        return Subquery(supporters.values(name=name)[:1])


class BuddyChangeRequest(models.Model):
    """A recruit's private request for a different buddy; only managers see it."""

    candidate = models.ForeignKey(
        "candidates.CandidateProfile", on_delete=models.CASCADE, related_name="buddy_requests"
    )
    assignment = models.ForeignKey(
        SupportAssignment,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="change_requests",
        help_text="The buddy assignment the recruit asked to change.",
    )
    reason = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    resolution = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Buddy change request from {self.candidate}"

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None


class CheckInFormat(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    VIDEO = "video", "Video call"
    PHONE = "phone", "Phone call"
    MESSAGE = "message", "Message"


class CheckIn(models.Model):
    """A conversation between a recruit and their buddy, mentor or preceptor.

    The notes are private to the pair and the recruit's managers.
    """

    assignment = models.ForeignKey(
        SupportAssignment, on_delete=models.CASCADE, related_name="check_ins"
    )
    held_on = models.DateField("date")
    format = models.CharField(max_length=10, choices=CheckInFormat.choices)
    topics = models.JSONField(
        default=list, blank=True, help_text="Barrier themes talked about (candidates.BarrierTheme)."
    )
    notes = models.TextField(blank=True)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    days_since_previous = models.PositiveIntegerField(
        null=True,
        blank=True,
        editable=False,
        help_text="Days since the pair's check-in before this one (none for their first); kept "
        "by pastoral's services for HEE's check-in regularity figures.",
    )
    role = models.CharField(
        max_length=10,
        choices=SupportRole.choices,
        blank=True,
        editable=False,
        help_text="The pair's support role, copied from the assignment by pastoral's services, "
        "so HEE's check-in figures read check-ins alone.",
    )

    class Meta:
        ordering = ["-held_on", "-created_at"]
        indexes = [
            models.Index(fields=["assignment", "held_on"], name="check_in_assignment_held"),
            models.Index(fields=["held_on"], name="check_in_held_on"),
        ]

    def __str__(self) -> str:
        return f"Check-in on {self.held_on:%d %b %Y} ({self.assignment})"

    @property
    def topic_labels(self) -> list[str]:
        labels = dict(BarrierTheme.choices)
        return [labels.get(topic, topic) for topic in self.topics]


SCORE_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]


class WellbeingPulseQuerySet(models.QuerySet):
    def low(self) -> "WellbeingPulseQuerySet":
        """Low pulses (`WellbeingPulse.low_q`)."""
        return self.filter(WellbeingPulse.low_q())


class WellbeingPulse(models.Model):
    """A recruit's fortnightly answer: belonging, wellbeing and feeling supported, 1 to 5.

    The comment never leaves the recruit's organisation: only the recruit, their managers and
    their buddy read it.
    """

    candidate = models.ForeignKey(
        "candidates.CandidateProfile", on_delete=models.CASCADE, related_name="pulses"
    )
    period_start = models.DateField()
    belonging = models.PositiveSmallIntegerField(validators=SCORE_VALIDATORS)
    wellbeing = models.PositiveSmallIntegerField(validators=SCORE_VALIDATORS)
    supported = models.PositiveSmallIntegerField(validators=SCORE_VALIDATORS)
    comment = models.TextField(blank=True)
    is_low = models.BooleanField(
        default=False, help_text="An answer was at or below the low score when submitted."
    )
    submitted_at = models.DateTimeField(default=timezone.now)
    first_in_month = models.BooleanField(
        default=False,
        editable=False,
        help_text="The recruit's first answer with a period starting in this calendar month; "
        "kept by pastoral's services, so HEE's monthly counts of recruits need no DISTINCT.",
    )
    first_low_in_month = models.BooleanField(
        default=False,
        editable=False,
        help_text="The recruit's first low answer with a period starting in this calendar month.",
    )

    objects = WellbeingPulseQuerySet.as_manager()

    class Meta:
        ordering = ["-period_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "period_start"], name="pastoral_one_pulse_per_period"
            )
        ]
        indexes = [models.Index(fields=["period_start"], name="pulse_period_start")]

    def __str__(self) -> str:
        return f"Pulse from {self.candidate} for {self.period_start:%d %b %Y}"

    @staticmethod
    def answers_are_low(scores: Iterable[int], *, low_at_most: int) -> bool:
        """The rule for a low pulse: any answer at or below `low_at_most` (the admin's
        `PastoralSettings.pulse_low_at_most`). Worked out once, when the pulse is submitted,
        and stored as `is_low`, so a later change of the setting leaves old pulses as they
        were; `low_q` reads it."""
        return min(scores) <= low_at_most

    @staticmethod
    def low_q() -> Q:
        """Low pulses (`answers_are_low`, as stored when each was submitted)."""
        return Q(is_low=True)

    @classmethod
    def latest_is_low(cls, candidate_id) -> Subquery:
        """Whether the latest pulse (by period) of the recruit `candidate_id` (an OuterRef or
        F) was low, as an expression; NULL when they have none. The rule for a recruit's low
        wellbeing now."""
        latest = cls.objects.filter(candidate_id=candidate_id).order_by("-period_start")
        return Subquery(latest.values("is_low")[:1])


class CheckInGapCount(models.Model):
    """How many check-ins held on one day, by pairs in one role, came so many days after the
    pair's previous check-in. HEE's check-in regularity figures for every recruit read these
    few rows (one per day, role and gap) instead of every check-in. Kept by pastoral's services
    (`check_in_gap_counts_refresh`) whenever a check-in's gap or role is stored."""

    held_on = models.DateField()
    role = models.CharField(max_length=10, choices=SupportRole.choices, blank=True)
    days_since_previous = models.PositiveIntegerField()
    check_ins = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["held_on", "role", "days_since_previous"],
                name="pastoral_one_gap_count_per_day_role_gap",
            )
        ]

    def __str__(self) -> str:
        return f"{self.check_ins} check-ins on {self.held_on} after {self.days_since_previous} days"


class PulsePeriodTotals(models.Model):
    """Every answer to the pulse for one period (fortnight), added up: HEE's pulse trend for
    every recruit reads one row per period instead of every answer. Kept by pastoral's services
    (`pulse_period_totals_refresh`) whenever a pulse or its first-in-month marks change."""

    period_start = models.DateField(unique=True)
    answers = models.PositiveIntegerField()
    first_in_month = models.PositiveIntegerField(help_text="Answers marked first in their month.")
    first_low_in_month = models.PositiveIntegerField(
        help_text="Answers marked first low answer in their month."
    )
    belonging = models.PositiveIntegerField(help_text="The scores' sum.")
    wellbeing = models.PositiveIntegerField(help_text="The scores' sum.")
    supported = models.PositiveIntegerField(help_text="The scores' sum.")

    class Meta:
        verbose_name_plural = "pulse period totals"

    def __str__(self) -> str:
        return f"{self.answers} pulse answers for the period starting {self.period_start}"


class NetworkKind(models.TextChoices):
    DIASPORA = "diaspora", "Diaspora group"
    BAME = "bame", "BAME staff network"
    PROFESSIONAL_BODY = "professional_body", "Professional body"
    FAITH = "faith", "Faith group"
    CULTURAL = "cultural", "Cultural group"


class LocalNetwork(models.Model):
    """A group a recruit can join: kept by an organisation's staff, or shared across a region
    (or nationally, when neither is set)."""

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=NetworkKind.choices)
    organisation = models.ForeignKey(
        "employers.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="networks",
        help_text="The organisation whose staff keep this entry.",
    )
    region = models.CharField(
        max_length=20,
        choices=Region.choices,
        blank=True,
        help_text="Shown to recruits of every organisation in this region.",
    )
    description = models.TextField(blank=True)
    contact = models.CharField(
        max_length=200, blank=True, help_text="A name, email address or phone number."
    )
    link = models.URLField(blank=True)
    is_active = models.BooleanField(default=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class NetworkIntroduction(models.Model):
    """A recruit saying they were introduced to a network (counts toward belonging)."""

    candidate = models.ForeignKey(
        "candidates.CandidateProfile", on_delete=models.CASCADE, related_name="introductions"
    )
    network = models.ForeignKey(
        LocalNetwork, on_delete=models.CASCADE, related_name="introductions"
    )
    introduced_on = models.DateField(default=timezone.localdate)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-introduced_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "network"], name="pastoral_one_introduction_per_network"
            )
        ]

    def __str__(self) -> str:
        return f"{self.candidate} introduced to {self.network}"


class SelfAssessmentGroup(models.TextChoices):
    BEFORE_EMPLOYMENT = "before_employment", "Before employment"
    ARRIVAL_INDUCTION = "arrival_induction", "Arrival and induction"
    SETTLING_IN = "settling_in", "Settling in"
    SIX_MONTHS = "six_months", "Six months and beyond"


class SelfAssessmentCriterion(models.Model):
    """One statement of good pastoral care an employer rates itself against."""

    group = models.CharField(max_length=20, choices=SelfAssessmentGroup.choices)
    text = models.CharField(max_length=300)
    guidance = models.TextField(blank=True, help_text="What good evidence looks like.")
    order = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["group", "order", "pk"]
        verbose_name_plural = "self-assessment criteria"

    def __str__(self) -> str:
        return self.text


class SelfAssessmentRating(models.Model):
    """An organisation's rating of itself against one criterion, with its evidence."""

    class Rating(models.IntegerChoices):
        NOT_IN_PLACE = 0, "0 – Not in place"
        STARTED = 1, "1 – Started"
        MOSTLY = 2, "2 – Mostly in place"
        FULLY = 3, "3 – Fully in place, with evidence"

    MAXIMUM = 3

    organisation = models.ForeignKey(
        "employers.Organisation", on_delete=models.CASCADE, related_name="self_assessment"
    )
    criterion = models.ForeignKey(
        SelfAssessmentCriterion, on_delete=models.CASCADE, related_name="ratings"
    )
    rating = models.PositiveSmallIntegerField(
        choices=Rating.choices, validators=[MaxValueValidator(3)]
    )
    evidence = models.TextField(blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "criterion"], name="pastoral_one_rating_per_criterion"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.criterion} = {self.rating}"
