from django.conf import settings
from django.db import models
from django_countries.fields import CountryField


class Region(models.TextChoices):
    """NHS England's seven regions."""

    EAST_OF_ENGLAND = "east", "East of England"
    LONDON = "london", "London"
    MIDLANDS = "midlands", "Midlands"
    NORTH_EAST_AND_YORKSHIRE = "ne_yorks", "North East and Yorkshire"
    NORTH_WEST = "north_west", "North West"
    SOUTH_EAST = "south_east", "South East"
    SOUTH_WEST = "south_west", "South West"


class Organisation(models.Model):
    """An NHS employer (a trust or other provider) that recruits international AHPs."""

    name = models.CharField(max_length=200)
    ods_code = models.CharField(
        "ODS code", max_length=10, unique=True, help_text="The organisation's NHS ODS code."
    )
    region = models.CharField(max_length=20, choices=Region.choices)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A member of an organisation's staff, in one duty: manager, buddy or mentor.

    A person with several duties has one membership per duty; `capacity` is how many recruits
    they can support in that duty.
    """

    class Role(models.TextChoices):
        MANAGER = "manager", "Manager"
        BUDDY = "buddy", "Buddy"
        MENTOR = "mentor", "Mentor"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=10, choices=Role.choices)
    capacity = models.PositiveSmallIntegerField(
        default=3, help_text="How many recruits this person can support in this role."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation", "user", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="membership_unique_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} at {self.organisation}"


class CodeOfPracticeList(models.Model):
    """An edition of NHS Employers' Code of Practice country list, from the day it applied.

    The portal holds the list from its earliest edition on. For an earlier date no list is held,
    and the portal says so instead of calling every country green (before 23 March 2023 the
    Code followed the WHO's 2020 list, which an admin may add as an earlier edition).
    """

    name = models.CharField(max_length=200)
    effective_from = models.DateField(unique=True)
    source = models.TextField(blank=True, help_text="Where the list is published, to check it.")

    class Meta:
        ordering = ["-effective_from"]
        verbose_name = "Code of Practice list"

    def __str__(self) -> str:
        return f"{self.name} (from {self.effective_from:%d %B %Y})"


# The status of every country on a date before the earliest Code of Practice list held.
NO_LIST_HELD = "none"


class CountryStatus(models.Model):
    """A country's status under the Code of Practice for international recruitment, for a period.

    Admins keep this in step with NHS Employers' list: red means no active recruitment unless a
    government-to-government agreement allows it, amber only under the agreement's terms. A
    country with no row in effect is green, on dates a list is held for (`CodeOfPracticeList`).
    """

    class Status(models.TextChoices):
        RED = "red", "Red: no active recruitment"
        AMBER = "amber", "Amber: only under a government-to-government agreement"
        GREEN = "green", "Green: active recruitment allowed"

    country = CountryField()
    status = models.CharField(max_length=5, choices=Status.choices)
    effective_from = models.DateField()
    effective_to = models.DateField(
        null=True, blank=True, help_text="Leave empty while the status still applies."
    )
    agreement_note = models.TextField(
        blank=True,
        help_text="For amber: the agreement recruitment must follow, in plain words.",
    )

    class Meta:
        ordering = ["country", "-effective_from"]
        verbose_name_plural = "country statuses"
        indexes = [models.Index(fields=["country", "effective_from"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(effective_to__isnull=True)
                | models.Q(effective_to__gte=models.F("effective_from")),
                name="country_status_period_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"{self.country.name}: {self.get_status_display()} from {self.effective_from}"

    @property
    def is_listed(self) -> bool:
        return self.pk is not None

    @property
    def list_held(self) -> bool:
        return self.status != NO_LIST_HELD
