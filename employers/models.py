from django.conf import settings
from django.db import models


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
