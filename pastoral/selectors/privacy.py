"""What pastoral holds about one recruit, for the privacy app's export and erasure."""

from pastoral.models import (
    BuddyChangeRequest,
    CheckIn,
    NetworkIntroduction,
    SupportAssignment,
    WellbeingPulse,
)
from portal.personal_data import PersonalRows


def personal_data(user) -> list[PersonalRows]:
    """`user`'s supporters, requests for another buddy, check-ins, pulses and introductions.
    Erasure keeps the dates and scores HEE's figures count."""
    of_recruit = {"candidate__user": user}
    return [
        PersonalRows(
            SupportAssignment.objects.filter(**of_recruit), erase=("over_capacity_reason",)
        ),
        PersonalRows(
            BuddyChangeRequest.objects.filter(**of_recruit), erase=("reason", "resolution")
        ),
        PersonalRows(CheckIn.objects.filter(assignment__candidate__user=user), erase=("notes",)),
        PersonalRows(WellbeingPulse.objects.filter(**of_recruit), erase=("comment",)),
        PersonalRows(NetworkIntroduction.objects.filter(**of_recruit)),
    ]
