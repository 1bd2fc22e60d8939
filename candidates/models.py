from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Exists, F, Q, Subquery
from django.utils import timezone
from django_countries.fields import CountryField

from candidates.workdays import add_working_days


class Profession(models.Model):
    """One of the 14 Allied Health Professions, with the regulator that registers it."""

    class Regulator(models.TextChoices):
        HCPC = "hcpc", "Health and Care Professions Council (HCPC)"
        GOSC = "gosc", "General Osteopathic Council (GOsC)"

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    regulator = models.CharField(max_length=10, choices=Regulator.choices, default=Regulator.HCPC)
    registration_prefix = models.CharField(
        max_length=5,
        blank=True,
        help_text="The letters HCPC registration numbers of this profession start with, e.g. PH "
        "for physiotherapists. Blank for a profession another regulator registers.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def registration_number_error(self, number: str) -> str:
        """What is wrong with `number` (spaces removed, in capitals) as a registration number
        for this profession, in words; "" when nothing is."""
        if self.regulator == self.Regulator.GOSC:
            if not number.isdigit():
                return (
                    f"The General Osteopathic Council registers {self.name.lower()}s, not the "
                    "HCPC: enter the GOsC registration number, in digits only."
                )
            return ""
        prefix = self.registration_prefix
        if not prefix:
            return ""
        if number.startswith(prefix) and number[len(prefix) :].isdigit():
            return ""
        digits = number.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        if number != digits and digits.isdigit():
            given = number[: len(number) - len(digits)]
            return (
                f"HCPC registration numbers for this profession ({self.name.lower()}) start "
                f"with {prefix}, not {given}. Check the number on HCPC's register: it is "
                f"{prefix} then digits, like {prefix}123456."
            )
        return f"Enter the HCPC registration number as {prefix} then digits, like {prefix}123456."


class Pathway(models.TextChoices):
    OVERSEAS = "overseas", "Overseas recruit"
    REFUGEE_IN_UK = "refugee_uk", "Refugee in the UK"
    UK_RESIDENT = "uk_resident", "Other UK resident"


class DecisionOutcome(models.TextChoices):
    SUCCESSFUL = "successful", "Successful"
    TEST_OF_COMPETENCE = "test_of_competence", "Test of competence"
    REFUSED = "refused", "Refused"
    APPEAL = "appeal", "Appeal"


class Band(models.TextChoices):
    BAND_5 = "5", "Band 5"
    BAND_6 = "6", "Band 6"
    BAND_7 = "7", "Band 7"
    BAND_8 = "8", "Band 8 or above"


HCPC_REFERENCE_VALIDATOR = RegexValidator(
    r"^[A-Z]{2}[0-9]{6}$",
    "Enter the HCPC application reference as two letters then six digits, like AA123456.",
    code="bad_reference",
)


class CandidateProfile(models.Model):
    """A recruit: who they are, what they trained as, and the employer they are joining."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="candidate_profile"
    )
    organisation = models.ForeignKey(
        "employers.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="candidates",
        help_text="The employer the recruit is joining.",
    )
    profession = models.ForeignKey(
        Profession, on_delete=models.PROTECT, null=True, blank=True, related_name="candidates"
    )
    pathway = models.CharField(max_length=20, choices=Pathway.choices, default=Pathway.OVERSEAS)
    country_of_training = CountryField(blank=True)
    nationality = CountryField(blank=True)
    phone = models.CharField(max_length=30, blank=True)
    job_title = models.CharField(max_length=120, blank=True)
    band = models.CharField(
        "Agenda for Change band", max_length=2, choices=Band.choices, blank=True
    )
    expected_start_on = models.DateField("expected start date", null=True, blank=True)
    hcpc_reference = models.CharField(
        "HCPC application reference",
        max_length=8,
        blank=True,
        validators=[HCPC_REFERENCE_VALIDATOR],
        help_text="Two letters and six digits, for example AA123456.",
    )
    decision_outcome = models.CharField(max_length=20, choices=DecisionOutcome.choices, blank=True)
    registration_number = models.CharField("HCPC registration number", max_length=20, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["user__full_name"]

    def __str__(self) -> str:
        return str(self.user)

    @property
    def is_refugee(self) -> bool:
        return self.pathway == Pathway.REFUGEE_IN_UK


class BarrierTheme(models.TextChoices):
    """The eight barriers HEE's study found; the taxonomy for barrier reports, checklist items,
    check-in topics, guides and the dashboards."""

    HCPC_REGISTRATION = "hcpc_registration", "HCPC registration – professional standards"
    NHS_SYSTEM_KNOWLEDGE = "nhs_system_knowledge", "NHS system knowledge"
    LANGUAGE = "language", "Language proficiency"
    PASTORAL_SUPPORT = "pastoral_support", "Pastoral support"
    ONBOARDING = "onboarding", "Onboarding"
    CULTURAL = "cultural", "Cultural barriers"
    CPD = "cpd", "Continuous professional development"
    BELONGING_WELLBEING = "belonging_wellbeing", "Belonging and wellbeing"


class RegistrationStepTemplate(models.Model):
    """One step of a regulator's registration process for one pathway, in order.

    Admins edit these; each recruit's `RegistrationStep` rows are copied from them when their
    registration starts. Target durations are the regulator's published service targets.
    """

    class TargetUnit(models.TextChoices):
        CALENDAR_DAYS = "calendar_days", "Calendar days"
        WORKING_DAYS = "working_days", "Working days (England and Wales)"

    class Actor(models.TextChoices):
        RECRUIT = "recruit", "The recruit"
        REGULATOR = "regulator", "The regulator"

    regulator = models.CharField(max_length=10, choices=Profession.Regulator.choices)
    pathway = models.CharField(max_length=20, choices=Pathway.choices)
    order = models.PositiveSmallIntegerField()
    key = models.SlugField(
        max_length=40, help_text="A stable name for the step, e.g. 'assessment'."
    )
    name = models.CharField(max_length=120)
    guidance = models.TextField(blank=True, help_text="What the recruit should do in this step.")
    acted_on_by = models.CharField(
        max_length=10,
        choices=Actor.choices,
        default=Actor.RECRUIT,
        help_text="Who moves this step on: the recruit, or the regulator (then we wait).",
    )
    target_amount = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The regulator's target for this step; blank for none."
    )
    target_unit = models.CharField(
        max_length=20, choices=TargetUnit.choices, default=TargetUnit.CALENDAR_DAYS
    )
    optional = models.BooleanField(
        default=False, help_text="Only some recruits need it (it can be marked 'not needed')."
    )
    repeatable = models.BooleanField(default=False, help_text="The regulator may ask again.")

    class Meta:
        ordering = ["regulator", "pathway", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["regulator", "pathway", "key"], name="step_template_unique_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_regulator_display()} · {self.get_pathway_display()} · {self.name}"

    @property
    def target_display(self) -> str:
        return self.describe_target(self.target_amount, self.target_unit)

    @classmethod
    def describe_target(cls, amount: int | None, unit: str) -> str:
        """`target_display` for a target read as plain values."""
        if not amount:
            return ""
        unit = "working days" if unit == cls.TargetUnit.WORKING_DAYS else "days"
        if unit == "days" and amount % 7 == 0:
            weeks = amount // 7
            return f"{weeks} week{'s' if weeks != 1 else ''}"
        return f"{amount} {unit}"

    def due_on(self, started_on: date | None) -> date | None:
        if started_on is None or not self.target_amount:
            return None
        if self.target_unit == self.TargetUnit.WORKING_DAYS:
            return add_working_days(started_on, self.target_amount)
        return started_on + timedelta(days=self.target_amount)


class RegistrationStepQuerySet(models.QuerySet):
    def late(self, *, today: date) -> "RegistrationStepQuerySet":
        """Steps late as of `today` (`RegistrationStep.late_q`)."""
        return self.filter(RegistrationStep.late_q(today=today))

    def finished_on_time(self) -> "RegistrationStepQuerySet":
        """Steps finished by their due date (`RegistrationStep.finished_on_time_q`)."""
        return self.filter(RegistrationStep.finished_on_time_q())

    def current(self) -> "RegistrationStepQuerySet":
        """Steps that may be their recruit's current one, in order: the first of a recruit's
        is their current step (`RegistrationStep.may_be_current_q`)."""
        return self.filter(RegistrationStep.may_be_current_q()).order_by("template__order", "round")


class RegistrationStep(models.Model):
    """Where one recruit stands in one step of their registration."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        WAITING = "waiting", "Waiting on HCPC"
        NEEDS_ACTION = "needs_action", "Needs your action"
        DONE = "done", "Done"
        NOT_NEEDED = "not_needed", "Not needed"

    CLOSED = (Status.DONE, Status.NOT_NEEDED)

    candidate = models.ForeignKey(
        CandidateProfile, on_delete=models.CASCADE, related_name="registration_steps"
    )
    template = models.ForeignKey(
        RegistrationStepTemplate, on_delete=models.PROTECT, related_name="steps"
    )
    round = models.PositiveSmallIntegerField(
        default=1, help_text="1 for the first time; 2, 3… when the regulator asks again."
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    started_on = models.DateField(null=True, blank=True)
    finished_on = models.DateField(null=True, blank=True)
    due_on = models.DateField(
        null=True, blank=True, help_text="Start date plus the target, fixed when the step starts."
    )
    notes = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RegistrationStepQuerySet.as_manager()

    class Meta:
        ordering = ["candidate", "template__order", "round"]
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "template", "round"], name="registration_step_unique_round"
            )
        ]
        indexes = [
            models.Index(fields=["due_on"], name="registration_step_due"),
            models.Index(fields=["finished_on"], name="registration_step_finished"),
            # Finished steps for HEE's dashboards (who finished, and when), read from the index
            # alone per template.
            models.Index(
                fields=["template", "candidate"],
                include=["finished_on", "started_on", "due_on"],
                condition=models.Q(finished_on__isnull=False),
                name="registration_step_finished_by",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.name_of(self.template.name, self.round)

    @staticmethod
    def name_of(template_name: str, round: int) -> str:
        """A step's name for people: its template's, and which time round it is when repeated."""
        if round > 1:
            return f"{template_name} ({RegistrationStep.ordinal(round)} time)"
        return template_name

    @staticmethod
    def ordinal(round: int) -> str:
        return {2: "second", 3: "third"}.get(round, f"{round}th")

    @property
    def round_ordinal(self) -> str:
        return self.ordinal(self.round)

    @property
    def is_closed(self) -> bool:
        return self.status in self.CLOSED

    def is_late(self, *, today: date) -> bool:
        """Open past HCPC's target, as of `today` (the rule is `late_q`)."""
        return self.late_on(today, status=self.status, due_on=self.due_on)

    @classmethod
    def late_q(cls, *, today: date) -> Q:
        """The rule for a late step, as of `today`: still open (not done, not "not needed") and
        its due date (HCPC's target) before `today`. On the due date itself it is not late yet.
        `late_on` is the same rule for a step already in memory."""
        return Q(due_on__lt=today) & ~Q(status__in=cls.CLOSED)

    @classmethod
    def late_on(cls, today: date, *, status: str, due_on: date | None) -> bool:
        """`late_q` for a step read as plain values: the same rule."""
        return status not in cls.CLOSED and due_on is not None and due_on < today

    @staticmethod
    def finished_on_time_q() -> Q:
        """The rule for a step finished on time: finished on or before its due date. A step
        without a finish or a due date is neither on time nor late. `finished_on_time_of` is
        the same rule for a step already in memory; `finished_late_of` its other side."""
        return Q(finished_on__lte=F("due_on"))

    @staticmethod
    def finished_on_time_of(*, finished_on: date | None, due_on: date | None) -> bool:
        """`finished_on_time_q` for a step read as plain values: the same rule."""
        return finished_on is not None and due_on is not None and finished_on <= due_on

    @classmethod
    def may_be_current_q(cls) -> Q:
        """The rule for a step that may be the recruit's current one: still open, and not an
        optional step nobody has started (most recruits never need those). The current step is
        the first such in template order, then round (`RegistrationStepQuerySet.current`).
        `may_be_current` is the same rule for a step already in memory."""
        return ~Q(status__in=cls.CLOSED) & ~Q(
            template__optional=True, status=cls.Status.NOT_STARTED
        )

    @classmethod
    def may_be_current(cls, *, status: str, optional: bool) -> bool:
        """`may_be_current_q` for a step read as plain values: the same rule."""
        return status not in cls.CLOSED and not (optional and status == cls.Status.NOT_STARTED)

    @classmethod
    def stage_columns(cls, candidate_id) -> dict[str, Exists | Subquery]:
        """Where the recruit `candidate_id` (an OuterRef or F) is in their registration, as
        annotations: `has_steps`, and the current step's `current_step` (its template's name)
        and `current_step_round` (both NULL when every step is closed). The selectors'
        `registration_stage` turns the three into words."""
        steps = cls.objects.filter(candidate_id=candidate_id)
        current = steps.current()
        return {
            "has_steps": Exists(steps),
            "current_step": Subquery(current.values("template__name")[:1]),
            "current_step_round": Subquery(current.values("round")[:1]),
        }

    @property
    def finished_late(self) -> bool:
        return self.finished_late_of(finished_on=self.finished_on, due_on=self.due_on)

    @classmethod
    def finished_late_of(cls, *, finished_on: date | None, due_on: date | None) -> bool:
        """Finished after its due date: a step with both dates not finished on time
        (`finished_on_time_q`)."""
        return (
            finished_on is not None
            and due_on is not None
            and not cls.finished_on_time_of(finished_on=finished_on, due_on=due_on)
        )

    def days_late(self, *, today: date) -> int:
        return (today - self.due_on).days if self.is_late(today=today) else 0


class FinishedStepCount(models.Model):
    """How many steps of one template that finished in one calendar month took so many days
    from start to finish, and how many of those had a due date and finished by it. HEE's time
    figures for every recruit read these rows (one per template, month and number of days)
    instead of every step. Kept by candidates' receivers (`finished_step_counts_refresh`) on
    every save or delete of a step; steps without a start or finish date are not counted."""

    template = models.ForeignKey(
        RegistrationStepTemplate, on_delete=models.CASCADE, related_name="+"
    )
    month = models.DateField(help_text="The first day of the month the steps finished in.")
    days = models.IntegerField(help_text="Calendar days from start to finish.")
    steps = models.PositiveIntegerField()
    with_due = models.PositiveIntegerField(help_text="Steps that had a due date.")
    on_time = models.PositiveIntegerField(help_text="Steps that finished on or before it.")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["template", "month", "days"], name="finished_step_count_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.steps} steps finished in {self.month:%B %Y} after {self.days} days"


class EnglishTestType(models.TextChoices):
    IELTS = "ielts", "IELTS Academic"
    OET = "oet", "OET"
    TOEFL = "toefl_ibt", "TOEFL iBT"
    QUALIFICATION = "qualification", "Qualification from a qualifying country"


ELEMENTS = ("listening", "reading", "writing", "speaking")

# The scales each test reports on (a property of the test, not of HCPC's policy). OET has no
# overall score: its "overall" is the total of the four papers, added up for the recruit.
SCORE_RANGES = {
    EnglishTestType.IELTS: {
        "overall": (0, 9),
        "element": (0, 9),
        "step": Decimal("0.5"),
        "step_message": "IELTS scores are in half bands, like 7.0 or 7.5.",
    },
    EnglishTestType.OET: {
        "overall": (0, 2000),
        "element": (0, 500),
        "step": Decimal("10"),
        "step_message": "OET scores go up in tens, like 350 or 360.",
        "overall_is_total": True,
    },
    EnglishTestType.TOEFL: {
        "overall": (0, 120),
        "element": (0, 30),
        "step": Decimal("1"),
        "step_message": "TOEFL iBT scores are whole numbers, like 25.",
    },
}


class EnglishThreshold(models.Model):
    """The English score a regulator asks of one profession (or of everyone, when profession is
    blank) on one test, and how long a result counts for. A test with no row for a profession
    (and no general row) is not accepted for it: OET has rows only for the professions with an
    OET version. For OET, `overall` is the total of the four papers."""

    test_type = models.CharField(max_length=20, choices=EnglishTestType.choices)
    profession = models.ForeignKey(
        Profession,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="english_thresholds",
        help_text="Blank: applies to every profession without its own row.",
    )
    overall = models.DecimalField(
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        help_text="The overall score needed; for OET, the total of the four papers.",
    )
    minimum_element = models.DecimalField(
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        help_text="No element (listening, reading, writing, speaking) may be below this.",
    )
    valid_for_days = models.PositiveIntegerField(
        default=730,
        null=True,
        blank=True,
        help_text="How long after the test date a result still counts. Blank: it never "
        "expires (a qualification).",
    )
    confirmed = models.BooleanField(
        "Figures confirmed",
        default=True,
        help_text="Untick while the figures are not confirmed against HCPC's published "
        "requirements: results are then shown as to be confirmed by an administrator.",
    )
    accepted_if_taken_in_uk = models.BooleanField(
        "Accepted if taken in the UK",
        default=True,
        help_text="HCPC does not accept a TOEFL iBT taken in the UK.",
    )
    sourced_from = models.TextField(
        blank=True, help_text="Where the figures come from, or what to check."
    )

    class Meta:
        ordering = ["test_type", "profession__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["test_type", "profession"], name="english_threshold_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_test_type_display()} – {self.profession or 'all professions'}"


class EnglishLanguageEvidence(models.Model):
    """A recruit's English test result (or qualification) offered to the regulator."""

    candidate = models.ForeignKey(
        CandidateProfile, on_delete=models.CASCADE, related_name="english_evidence"
    )
    test_type = models.CharField(max_length=20, choices=EnglishTestType.choices)
    test_date = models.DateField()
    overall = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    listening = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    reading = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    writing = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    speaking = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    taken_in_uk = models.BooleanField(
        "Taken in the UK",
        null=True,
        blank=True,
        help_text="Where the test was taken: HCPC does not accept a TOEFL iBT taken in the UK.",
    )
    qualification_country = CountryField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["candidate", "-test_date", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_test_type_display()} on {self.test_date:%d %B %Y}"


class EnglishQualifyingCountry(models.Model):
    """A country on HCPC's list of qualifying countries: a relevant primary qualification
    gained there shows English without a test (from 29 January 2025). Countries not listed
    don't."""

    country = CountryField(unique=True)
    note = models.CharField(max_length=200, blank=True)
    to_be_checked = models.BooleanField(
        default=False,
        help_text="Ticked while an administrator has still to check this entry against HCPC's "
        "published list: qualifications from it are shown as to be confirmed.",
    )

    class Meta:
        ordering = ["country"]
        verbose_name_plural = "English qualifying countries"

    def __str__(self) -> str:
        return self.country.name


class EvidenceDocument(models.Model):
    """A document a recruit uploads for their registration, stored privately."""

    class Kind(models.TextChoices):
        QUALIFICATION = "qualification", "Qualification certificate (certified copy)"
        TRANSLATION = "translation", "Certified English translation"
        COURSE_INFORMATION = "course_information", "Course information form"
        REFERENCE = "reference", "Reference"
        IDENTITY = "identity", "Identity document"
        NAME_CHANGE = "name_change", "Evidence of name change"
        PROFESSIONAL_STATUS = "professional_status", "Certificate of professional status"
        ENGLISH = "english", "English language evidence"
        OTHER = "other", "Other"

    class Status(models.TextChoices):
        SUBMITTED = "submitted", "Waiting for review"
        ACCEPTED = "accepted", "Accepted"
        REPLACEMENT_REQUESTED = "replacement_requested", "New copy needed"

    candidate = models.ForeignKey(
        CandidateProfile, on_delete=models.CASCADE, related_name="documents"
    )
    step = models.ForeignKey(
        RegistrationStep,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="documents",
    )
    kind = models.CharField(max_length=30, choices=Kind.choices)
    file = models.FileField(max_length=200)
    original_name = models.CharField(max_length=200)
    mime = models.CharField(max_length=50)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=30, choices=Status.choices, default=Status.SUBMITTED)
    review_reason = models.TextField(blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["candidate", "-uploaded_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.original_name}"


class Severity(models.TextChoices):
    LOW = "low", "Low: an inconvenience"
    MEDIUM = "medium", "Medium: slows things down"
    HIGH = "high", "High: stops progress"


class BarrierReport(models.Model):
    """A barrier a recruit met on the way, told by them or their manager; the raw material of
    HEE's dashboards (which read only theme, severity and dates)."""

    candidate = models.ForeignKey(
        CandidateProfile, on_delete=models.CASCADE, related_name="barrier_reports"
    )
    theme = models.CharField(max_length=30, choices=BarrierTheme.choices)
    description = models.TextField(max_length=1000)
    severity = models.CharField(max_length=10, choices=Severity.choices, default=Severity.MEDIUM)
    occurred_on = models.DateField()
    resolved_on = models.DateField(null=True, blank=True)
    resolution = models.TextField(max_length=1000, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["candidate", "-occurred_on", "-pk"]
        indexes = [models.Index(fields=["occurred_on"], name="barrier_report_occurred")]

    def __str__(self) -> str:
        return f"{self.get_theme_display()} ({self.occurred_on:%d %B %Y})"

    @property
    def is_resolved(self) -> bool:
        return self.resolved_on is not None
