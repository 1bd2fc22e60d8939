from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils import timezone
from django_countries.fields import CountryField

from candidates.models import BarrierTheme
from employers.models import NO_LIST_HELD, CountryStatus


class OnboardingSettings(models.Model):
    """Admin-editable thresholds for onboarding (one row, seeded by a data migration)."""

    stalled_after_days = models.PositiveSmallIntegerField(
        default=14,
        help_text="A journey with open tasks and no progress for this many days counts as stalled.",
    )

    class Meta:
        verbose_name_plural = "onboarding settings"

    def __str__(self) -> str:
        return "Onboarding settings"


class RecruitmentRoute(models.TextChoices):
    DIRECT_APPLICATION = "direct", "Direct application (the recruit applied on their own)"
    ACTIVE_TRUST = "active_trust", "Active recruitment by our trust"
    ACTIVE_AGENCY = "active_agency", "Active recruitment through an agency"


ACTIVE_ROUTES = {RecruitmentRoute.ACTIVE_TRUST, RecruitmentRoute.ACTIVE_AGENCY}


class Offer(models.Model):
    """The job a recruit has been offered: one per recruit, edited as plans change."""

    candidate = models.OneToOneField(
        "candidates.CandidateProfile", on_delete=models.CASCADE, related_name="offer"
    )
    organisation = models.ForeignKey(
        "employers.Organisation", on_delete=models.PROTECT, related_name="offers"
    )
    title = models.CharField("Job title", max_length=150)
    profession = models.ForeignKey(
        "candidates.Profession", on_delete=models.PROTECT, related_name="offers"
    )
    band = models.PositiveSmallIntegerField(
        "Agenda for Change band",
        validators=[MinValueValidator(2), MaxValueValidator(9)],
    )
    role_expectations = models.TextField(
        "What the role expects", help_text="In plain words: duties, hours, supervision."
    )
    offer_date = models.DateField("Date of the offer")
    start_date = models.DateField("Planned start date")
    recruitment_route = models.CharField(
        "How they were recruited", max_length=20, choices=RecruitmentRoute.choices
    )
    recruited_from = CountryField("Country they were recruited from")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(band__gte=2, band__lte=9), name="offer_band_2_to_9"
            ),
            models.CheckConstraint(
                condition=models.Q(start_date__gte=models.F("offer_date")),
                name="offer_starts_after_offer_date",
            ),
        ]
        indexes = [
            models.Index(fields=["offer_date"], name="offer_offer_date"),
            models.Index(fields=["start_date"], name="offer_start_date"),
        ]

    def __str__(self) -> str:
        return f"{self.title} (band {self.band}) for {self.candidate}"

    @property
    def is_active_recruitment(self) -> bool:
        return self.recruitment_route in ACTIVE_ROUTES


class CodeOfPracticeDecision(models.Model):
    """One check of a recruitment against the Code of Practice, kept on the recruit's journey,
    whether it allowed the offer or refused it."""

    class Outcome(models.TextChoices):
        ALLOWED = "allowed", "Allowed"
        REFUSED = "refused", "Refused"
        CONFIRMED_UNDER_AGREEMENT = "agreement", "Confirmed under a government agreement"
        NO_LIST_HELD = "no_list", "Not checked: no list held for the offer date"

    candidate = models.ForeignKey(
        "candidates.CandidateProfile",
        on_delete=models.CASCADE,
        related_name="code_of_practice_decisions",
    )
    offer = models.ForeignKey(
        Offer, on_delete=models.SET_NULL, null=True, blank=True, related_name="decisions"
    )
    country = CountryField()
    recruitment_route = models.CharField(max_length=20, choices=RecruitmentRoute.choices)
    country_status = models.CharField(
        max_length=5,
        help_text="red, amber or green on the day; none when no list is held for the day.",
    )
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    agreement_text = models.TextField(
        blank=True, help_text="For amber: the agreement the recruitment follows, and how."
    )
    explanation = models.TextField(blank=True)
    follows_refusal = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The refusal a direct application was recorded after (the route changed).",
    )
    application_account = models.TextField(
        "How the person applied",
        blank=True,
        help_text="For a direct application after a refusal: on their own initiative, to which "
        "advert, and when.",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-decided_at"]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()}: {self.country.name} ({self.country_status})"

    @property
    def country_status_label(self) -> str:
        return COUNTRY_STATUS_LABELS.get(self.country_status, self.country_status)


# How a decision names the country's status on the day, in words.
COUNTRY_STATUS_LABELS = {
    CountryStatus.Status.RED: "red list",
    CountryStatus.Status.AMBER: "amber list",
    CountryStatus.Status.GREEN: "not on the list",
    NO_LIST_HELD: "no list held for the date",
}


class OwnerRole(models.TextChoices):
    RECRUIT = "recruit", "Recruit"
    MANAGER = "manager", "Manager"
    BUDDY = "buddy", "Buddy"


class DueAnchor(models.TextChoices):
    OFFER = "offer", "the offer date"
    START = "start", "the start date"


class ChecklistTemplate(models.Model):
    """A reusable onboarding checklist: an organisation's own, or the NHS default (no owner)."""

    organisation = models.ForeignKey(
        "employers.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="checklist_templates",
        help_text="Empty for the NHS default template every organisation can use.",
    )
    name = models.CharField(max_length=150)
    description = models.TextField(blank=True)
    copied_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="copies"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["organisation__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="checklist_template_unique_name"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_default(self) -> bool:
        return self.organisation_id is None


# An item is due at most five years either side of its offer or start date (the portal's date
# range, portal.forms): further out is a typing slip, and past year 9999 no date can be counted.
MAX_DUE_OFFSET_DAYS = 5 * 366


class ChecklistTemplateItem(models.Model):
    template = models.ForeignKey(ChecklistTemplate, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(default=0)
    section = models.CharField(max_length=80, help_text="The stage it belongs to, e.g. Arrival.")
    title = models.CharField(max_length=200)
    guidance = models.TextField(blank=True)
    owner_role = models.CharField("Who does it", max_length=10, choices=OwnerRole.choices)
    due_anchor = models.CharField("Due relative to", max_length=5, choices=DueAnchor.choices)
    due_offset_days = models.IntegerField(
        "Days after (negative for before)",
        help_text="Counted from the offer date or the start date. Negative means before it.",
        validators=[
            MinValueValidator(-MAX_DUE_OFFSET_DAYS),
            MaxValueValidator(MAX_DUE_OFFSET_DAYS),
        ],
    )
    required = models.BooleanField(default=True)
    barrier_theme = models.CharField(max_length=30, choices=BarrierTheme.choices, blank=True)
    guide_slug = models.SlugField(
        max_length=80, blank=True, help_text="A learning guide that helps with this item."
    )
    not_for_refugees_in_uk = models.BooleanField(
        "Not for refugees already in the UK",
        default=False,
        help_text="Left out for recruits on the refugee pathway (e.g. sponsorship and visa).",
    )

    class Meta:
        ordering = ["template", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(due_anchor="offer", due_offset_days__lt=0),
                name="template_item_not_before_offer",
            )
        ]

    def __str__(self) -> str:
        return self.title


class ChecklistApplication(models.Model):
    """A template applied to one recruit; a template can be applied to a recruit once."""

    candidate = models.ForeignKey(
        "candidates.CandidateProfile", on_delete=models.CASCADE, related_name="checklists"
    )
    template = models.ForeignKey(
        ChecklistTemplate, on_delete=models.PROTECT, related_name="applications"
    )
    template_name = models.CharField(max_length=150)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    applied_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["applied_at"]
        constraints = [
            models.UniqueConstraint(fields=["candidate", "template"], name="checklist_applied_once")
        ]

    def __str__(self) -> str:
        return f"{self.template_name} for {self.candidate}"


class OnboardingTaskQuerySet(models.QuerySet):
    def open(self) -> "OnboardingTaskQuerySet":
        """Tasks not done yet."""
        return self.filter(completed_at__isnull=True)

    def overdue(self, *, today: date) -> "OnboardingTaskQuerySet":
        """Tasks overdue as of `today` (`OnboardingTask.overdue_q`)."""
        return self.filter(OnboardingTask.overdue_q(today=today))


class OnboardingTask(models.Model):
    """One thing to do on a recruit's journey, copied from a template item so that later
    template edits never rewrite it."""

    candidate = models.ForeignKey(
        "candidates.CandidateProfile", on_delete=models.CASCADE, related_name="onboarding_tasks"
    )
    application = models.ForeignKey(
        ChecklistApplication,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="tasks",
    )
    template_item = models.ForeignKey(
        ChecklistTemplateItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    position = models.PositiveSmallIntegerField(default=0)
    section = models.CharField(max_length=80, blank=True)
    title = models.CharField(max_length=200)
    guidance = models.TextField(blank=True)
    owner_role = models.CharField(max_length=10, choices=OwnerRole.choices)
    due_anchor = models.CharField(max_length=5, choices=DueAnchor.choices, blank=True)
    due_offset_days = models.IntegerField(null=True, blank=True)
    due_on = models.DateField()
    required = models.BooleanField(default=True)
    barrier_theme = models.CharField(max_length=30, choices=BarrierTheme.choices, blank=True)
    guide_slug = models.SlugField(max_length=80, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OnboardingTaskQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "position", "pk"]
        indexes = [
            models.Index(fields=["candidate", "completed_at"]),
            models.Index(fields=["due_on", "completed_at"]),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_done(self) -> bool:
        return self.completed_at is not None

    @staticmethod
    def overdue_q(*, today: date) -> Q:
        """The rule for an overdue task, as of `today`: not done and due before `today`. On its
        due date it is not overdue yet. `is_overdue` is the same rule for a task in memory."""
        return Q(completed_at__isnull=True, due_on__lt=today)

    def is_overdue(self, today: date) -> bool:
        """`overdue_q` for this task: the same rule."""
        return self.completed_at is None and self.due_on < today

    def relative_due_on(self, *, offer_date: date, start_date: date) -> date | None:
        """The due date its anchor gives, never before the offer; None for a fixed date."""
        if not self.due_anchor or self.due_offset_days is None:
            return None
        anchor = offer_date if self.due_anchor == DueAnchor.OFFER else start_date
        return max(anchor + timedelta(days=self.due_offset_days), offer_date)


class TaskComment(models.Model):
    task = models.ForeignKey(OnboardingTask, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"Comment on {self.task} by {self.author}"


class JourneyProgressQuerySet(models.QuerySet):
    def stalled(self, *, today: date, days: int) -> "JourneyProgressQuerySet":
        """Journeys stalled as of `today` (`JourneyProgress.stalled_q`)."""
        return self.filter(JourneyProgress.stalled_q(today=today, days=days))


class JourneyProgress(models.Model):
    """Each recruit's progress and the facts HEE's dashboards count them by, one row per
    recruit: the manager's recruits page sorts and filters on these columns instead of working
    them out over every task of every recruit, and the dashboards count recruits here instead of
    joining their tasks, buddies, offers and registrations.

    Every column is defined once, in `onboarding.services.journey_progress_refresh`, which the
    services that change one call (and `manage.py journey_progress_rebuild` calls for every
    recruit). Every recruit has a row from the moment their profile is created, so the page ranks
    one organisation's recruits from this table alone."""

    candidate = models.OneToOneField(
        "candidates.CandidateProfile",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="journey_progress",
    )
    organisation = models.ForeignKey(
        "employers.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
        help_text="The recruit's organisation, copied so the index can lead with it.",
    )
    last_progress_at = models.DateTimeField(null=True, blank=True)
    open_count = models.PositiveIntegerField(default=0)
    required_count = models.PositiveIntegerField(
        default=0, help_text="Required tasks, done or not (for HEE's onboarding completion)."
    )
    required_open_count = models.PositiveIntegerField(
        default=0, help_text="Required tasks not done."
    )
    next_due_on = models.DateField(
        null=True, blank=True, help_text="The earliest due date of an open task."
    )
    first_buddy_on = models.DateField(
        null=True,
        blank=True,
        help_text="The day the recruit's first buddy started (ended since or not), for HEE's "
        "buddy-in-time measure.",
    )
    recruit_profession = models.ForeignKey(
        "candidates.Profession",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
        help_text="The recruit's profession, copied so HEE's figures group the rows by it alone.",
    )
    registered_on = models.DateField(
        null=True, blank=True, help_text="The day the recruit's HCPC registration step finished."
    )
    offer_to_registration_days = models.IntegerField(
        null=True,
        blank=True,
        help_text="Calendar days from the offer date to registration (none without either).",
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = JourneyProgressQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "journey progress"
        indexes = [
            # Covering on PostgreSQL: the recruits page ranks an organisation's recruits from
            # the index alone (stalled, open tasks, overdue). SQLite builds the plain index.
            models.Index(
                fields=["organisation", "last_progress_at"],
                include=["candidate", "open_count", "next_due_on"],
                name="journey_progress_org_last",
            )
        ]

    def __str__(self) -> str:
        return f"Progress of {self.candidate_id}"

    @staticmethod
    def stalled_since(*, today: date, days: int) -> datetime:
        """The moment a journey's last progress must be before to count as stalled: the start
        of the day `days` days before `today`."""
        return timezone.make_aware(datetime.combine(today - timedelta(days=days), time.min))

    @classmethod
    def stalled_q(cls, *, today: date, days: int) -> Q:
        """The rule for a stalled journey, as of `today`: open tasks, and no progress since
        the start of the day `days` days before (the admin's `stalled_after_days`). Progress
        on that day itself keeps the journey going. Over `open_count` and `last_progress_at`:
        these columns, or annotations of the same names on another model's rows."""
        return Q(open_count__gt=0, last_progress_at__lt=cls.stalled_since(today=today, days=days))

    @classmethod
    def is_stalled(cls, *, today: date, days: int) -> Case:
        """`stalled_q` as a 1 or 0 column, to sort stalled journeys first."""
        return Case(
            When(cls.stalled_q(today=today, days=days), then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
