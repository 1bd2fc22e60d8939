"""Reads for accounts."""

from accounts.models import User
from portal.personal_data import PersonalRows


def personal_data(user) -> list[PersonalRows]:
    """What accounts holds about `user`, for the privacy app's export and erasure (their name
    and email are replaced on erasure, not cleared)."""
    return [PersonalRows(User.objects.filter(pk=user.pk), erase=("full_name", "email"))]
