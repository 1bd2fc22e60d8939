import calendar
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse

from candidates.models import BarrierTheme

MAX_HOURS_PER_DAY = Decimal("24")
HOURS_VALIDATORS = [
    MinValueValidator(Decimal("0.1"), "Enter a number of hours greater than 0."),
    MaxValueValidator(MAX_HOURS_PER_DAY, "There are only 24 hours in a day: enter 24 or fewer."),
]


def add_months(day: date, months: int) -> date:
    """`day` moved on by whole calendar months, clamped to the end of a shorter month."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def format_hours(hours: Decimal) -> str:
    """Hours as people write them: 20, 2.5 (never 20.0 or 2E+1)."""
    return f"{Decimal(hours).normalize():f}"


class Audience(models.TextChoices):
    RECRUIT = "recruit", "Recruits"
    MANAGER = "manager", "Managers and employer staff"


class GoodPracticeTopic(models.TextChoices):
    """The employer practices HEE's seed recommends that a manager acts on in the portal."""

    VALUES_BASED_RECRUITMENT = "values-based-recruitment", "Values-based recruitment"
    POSITIVE_INCLUSION = "positive-inclusion", "Positive inclusion at shortlisting"
    INDUCTION_PRECEPTORSHIP = "induction-preceptorship", "Induction and preceptorship"
    SHADOWING = "shadowing", "Shadowing"
    MENTORING = "mentoring", "Mentoring"
    BUDDIES = "buddies", "A work-based buddy"
    PREPARING_WORKFORCE = "preparing-workforce", "Preparing your current workforce"
    COMMUNITY_GROUPS = "community-groups", "Links to community and professional groups"


class Guide(models.Model):
    """A short guide in Markdown: for recruits (the learning library) or for managers (good
    practice). `organisation` empty means a national guide, seeded or written by admins; otherwise
    the guide was written by that employer's staff for their own recruits."""

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    summary = models.CharField(max_length=300, help_text="One or two sentences shown in lists.")
    body = models.TextField(
        help_text="Markdown: headings with ##, lists with -, links as [text](https://...). "
        "HTML is shown as plain text, never run."
    )
    case_study = models.TextField(
        blank=True, help_text="Markdown. For good-practice guides: a short case study."
    )
    audience = models.CharField(max_length=10, choices=Audience.choices, default=Audience.RECRUIT)
    topic = models.CharField(
        max_length=40,
        choices=GoodPracticeTopic.choices,
        blank=True,
        help_text="Good-practice guides only: the practice this guide is about.",
    )
    barrier_themes = models.JSONField(
        default=list, blank=True, help_text="Barrier themes (candidates.BarrierTheme values)."
    )
    professions = models.ManyToManyField(
        "candidates.Profession",
        blank=True,
        related_name="guides",
        help_text="Leave empty for a guide that suits every profession.",
    )
    organisation = models.ForeignKey(
        "employers.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="guides",
        help_text="Empty for a national guide; otherwise only this employer's recruits see it.",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="guides_written",
    )
    published = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title"]
        indexes = [models.Index(fields=["audience", "published"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("learning:guide", args=[self.slug])

    @property
    def barrier_theme_labels(self) -> list[str]:
        labels = dict(BarrierTheme.choices)
        return [labels[value] for value in self.barrier_themes if value in labels]


class GuideQuestion(models.Model):
    """One question of a guide's short self-check."""

    guide = models.ForeignKey(Guide, on_delete=models.CASCADE, related_name="questions")
    text = models.CharField(max_length=300)
    explanation = models.CharField(
        max_length=500, blank=True, help_text="Shown when the answer given was not right."
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["guide", "order", "pk"]

    def __str__(self) -> str:
        return self.text


class GuideChoice(models.Model):
    question = models.ForeignKey(GuideQuestion, on_delete=models.CASCADE, related_name="choices")
    text = models.CharField(max_length=200)
    is_correct = models.BooleanField(default=False)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["question", "order", "pk"]

    def __str__(self) -> str:
        return self.text


class GuideProgress(models.Model):
    """How far one recruit has got with one guide. No row means not started."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        READ = "read", "Read"
        COMPLETED = "completed", "Completed"

    candidate = models.ForeignKey(
        "candidates.CandidateProfile", on_delete=models.CASCADE, related_name="guide_progress"
    )
    guide = models.ForeignKey(Guide, on_delete=models.CASCADE, related_name="progress")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.NOT_STARTED)
    read_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["candidate", "guide"], name="guide_progress_unique")
        ]

    def __str__(self) -> str:
        return f"{self.candidate} – {self.guide}: {self.get_status_display()}"


class RegistrationCycle(models.Model):
    """When a profession's registrants renew (HCPC renews each profession every two years on a
    fixed date). Admin-editable: check against the regulator's published renewal dates."""

    class Years(models.TextChoices):
        EVEN = "even", "Even years"
        ODD = "odd", "Odd years"
        EVERY = "every", "Every year"

    profession = models.OneToOneField(
        "candidates.Profession", on_delete=models.CASCADE, related_name="registration_cycle"
    )
    renewal_day = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(31)]
    )
    renewal_month = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    years = models.CharField(max_length=5, choices=Years.choices, default=Years.EVEN)
    notes = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["profession__name"]

    def __str__(self) -> str:
        return f"{self.profession}: by {self.renewal_day}/{self.renewal_month}, {self.years} years"

    def _renewal_in(self, year: int) -> date:
        day = self.renewal_day
        while True:
            try:
                return date(year, self.renewal_month, day)
            except ValueError:
                day -= 1

    def _fits(self, year: int) -> bool:
        if self.years == self.Years.EVEN:
            return year % 2 == 0
        if self.years == self.Years.ODD:
            return year % 2 == 1
        return True

    def next_renewal(self, *, today: date) -> date:
        """The first renewal date on or after `today`."""
        year = today.year
        while not (self._fits(year) and self._renewal_in(year) >= today):
            year += 1
        return self._renewal_in(year)


class CpdActivity(models.Model):
    """One learning activity in a recruit's CPD record, shaped by HCPC's CPD standards: a mix
    of activity types, what was learned, and how it improved practice and helped service users."""

    class Type(models.TextChoices):
        WORK_BASED = "work_based", "Work-based learning"
        PROFESSIONAL = "professional", "Professional activity"
        FORMAL = "formal", "Formal or educational"
        SELF_DIRECTED = "self_directed", "Self-directed learning"
        OTHER = "other", "Other"

    candidate = models.ForeignKey(
        "candidates.CandidateProfile", on_delete=models.CASCADE, related_name="cpd_activities"
    )
    activity_type = models.CharField("type of activity", max_length=15, choices=Type.choices)
    date = models.DateField()
    hours = models.DecimalField(max_digits=4, decimal_places=1, validators=HOURS_VALIDATORS)
    title = models.CharField(max_length=200)
    learned = models.TextField("what you learned")
    practice_change = models.TextField("how it changed your practice and benefited service users")
    shared_with_preceptor = models.BooleanField(default=False)
    shared_with_manager = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name_plural = "CPD activities"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(hours__gt=0) & models.Q(hours__lte=MAX_HOURS_PER_DAY),
                name="cpd_hours_within_a_day",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.date:%d %b %Y})"

    def get_absolute_url(self) -> str:
        return reverse("learning:cpd-activity", args=[self.pk])


class CpdEvidence(models.Model):
    """A private evidence file for a CPD activity, stored under a random name."""

    activity = models.ForeignKey(CpdActivity, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to="cpd", max_length=200)
    original_name = models.CharField(max_length=200)
    mime = models.CharField(max_length=50)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name_plural = "CPD evidence"

    def __str__(self) -> str:
        return self.original_name


class Preceptorship(models.Model):
    """A recruit's structured first year: objectives agreed at the start, protected time, and
    reviews at 3, 6 and 12 months. Never pass or fail."""

    candidate = models.OneToOneField(
        "candidates.CandidateProfile", on_delete=models.CASCADE, related_name="preceptorship"
    )
    preceptor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="preceptees",
        help_text="From the recruit's pastoral assignment with the preceptor role.",
    )
    start_date = models.DateField()
    planned_protected_hours = models.DecimalField(
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5"), "Plan at least half an hour.")],
        help_text="Protected time planned over the whole preceptorship, in hours.",
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-start_date"]

    def __str__(self) -> str:
        return f"Preceptorship of {self.candidate}"

    def get_absolute_url(self) -> str:
        return reverse("learning:preceptorship-detail", args=[self.pk])


class ReviewMilestone(models.Model):
    """When reviews fall, in months from the start (3, 6 and 12 by the AHP framework)."""

    months = models.PositiveSmallIntegerField(unique=True)
    name = models.CharField(max_length=60)

    class Meta:
        ordering = ["months"]

    def __str__(self) -> str:
        return self.name


class PreceptorshipObjective(models.Model):
    preceptorship = models.ForeignKey(
        Preceptorship, on_delete=models.CASCADE, related_name="objectives"
    )
    text = models.CharField("objective", max_length=500)
    agreed_on = models.DateField()
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["agreed_on", "pk"]

    def __str__(self) -> str:
        return self.text


class ProtectedTimeSession(models.Model):
    preceptorship = models.ForeignKey(
        Preceptorship, on_delete=models.CASCADE, related_name="sessions"
    )
    date = models.DateField()
    hours = models.DecimalField(max_digits=4, decimal_places=1, validators=HOURS_VALIDATORS)
    activity = models.CharField("what the time was used for", max_length=300)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(hours__gt=0) & models.Q(hours__lte=MAX_HOURS_PER_DAY),
                name="protected_time_hours_within_a_day",
            )
        ]

    def __str__(self) -> str:
        return f"{self.hours} h on {self.date}"


class PreceptorshipReview(models.Model):
    """A progress conversation, signed off once by the preceptee and once by the preceptor.
    There is deliberately no outcome field: preceptorship is support, not assessment."""

    preceptorship = models.ForeignKey(
        Preceptorship, on_delete=models.CASCADE, related_name="reviews"
    )
    months = models.PositiveSmallIntegerField()
    due_date = models.DateField()
    preceptee_comments = models.TextField(blank=True)
    preceptor_comments = models.TextField(blank=True)
    preceptee_signed_at = models.DateTimeField(null=True, blank=True)
    preceptor_signed_at = models.DateTimeField(null=True, blank=True)
    preceptor_signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["preceptorship", "months"]
        constraints = [
            models.UniqueConstraint(
                fields=["preceptorship", "months"], name="preceptorship_review_unique_months"
            )
        ]
        indexes = [models.Index(fields=["due_date"])]

    def __str__(self) -> str:
        return f"{self.months}-month review"

    @property
    def name(self) -> str:
        return f"{self.months}-month review"

    @property
    def is_signed_off(self) -> bool:
        return self.preceptee_signed_at is not None and self.preceptor_signed_at is not None

    def is_late(self, *, today: date) -> bool:
        return not self.is_signed_off and self.due_date < today
