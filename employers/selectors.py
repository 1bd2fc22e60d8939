from datetime import date

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.models import Invitation
from employers.models import (
    NO_LIST_HELD,
    CodeOfPracticeList,
    CountryStatus,
    Membership,
    Organisation,
)


def organisations_managed_by(user) -> QuerySet[Organisation]:
    """Organisations in which `user` is a manager (empty for anyone else)."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(
        memberships__user=user, memberships__role=Membership.Role.MANAGER
    ).distinct()


def organisation_ids_managed_by(user) -> list[int]:
    if not user.is_authenticated:
        return []
    return list(
        Membership.objects.filter(user=user, role=Membership.Role.MANAGER).values_list(
            "organisation_id", flat=True
        )
    )


def organisation_ids_for_staff(user) -> list[int]:
    """Organisations where `user` holds any staff duty."""
    if not user.is_authenticated:
        return []
    return list(
        Membership.objects.filter(user=user).values_list("organisation_id", flat=True).distinct()
    )


def user_is_manager_of(user, organisation_id: int | None) -> bool:
    if not user.is_authenticated or organisation_id is None:
        return False
    return Membership.objects.filter(
        user=user, organisation_id=organisation_id, role=Membership.Role.MANAGER
    ).exists()


def code_of_practice_held_from() -> date | None:
    """The first day a Code of Practice list is held for (None: no list held at all)."""
    return (
        CodeOfPracticeList.objects.order_by("effective_from")
        .values_list("effective_from", flat=True)
        .first()
    )


def country_status_on(country, on: date) -> CountryStatus:
    """The Code of Practice status of `country` on the date `on`.

    A country with no row in effect is green: the result is then an unsaved row (`is_listed` is
    False) so callers can read `.status` and `.agreement_note` the same way. Before the earliest
    list held its status is `NO_LIST_HELD` (`list_held` is False), never green.
    """
    code = getattr(country, "code", country) or ""
    held_from = code_of_practice_held_from()
    if held_from is None or on < held_from:
        return CountryStatus(country=code, status=NO_LIST_HELD, effective_from=on)
    status = (
        CountryStatus.objects.filter(country=code, effective_from__lte=on)
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=on))
        .order_by("-effective_from")
        .first()
    )
    if status is None:
        return CountryStatus(country=code, status=CountryStatus.Status.GREEN, effective_from=on)
    return status


def organisations_for_staff(user) -> QuerySet[Organisation]:
    """Organisations where `user` holds any staff duty."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(memberships__user=user).distinct()


def organisation_for_staff(user, organisation_id: int) -> Organisation:
    """One organisation `user` works in; strangers get 404."""
    return get_object_or_404(organisations_for_staff(user), pk=organisation_id)


def organisation_staff(organisation: Organisation) -> list[dict]:
    """The organisation's staff, one entry per person with all their duties."""
    people: dict[int, dict] = {}
    memberships = organisation.memberships.select_related("user").order_by(
        "user__full_name", "user__email", "role"
    )
    for membership in memberships:
        person = people.setdefault(membership.user_id, {"user": membership.user, "memberships": []})
        person["memberships"].append(membership)
    return list(people.values())


def pending_invitations(organisation: Organisation) -> QuerySet[Invitation]:
    """Invitations into the organisation not used yet and not expired."""
    return organisation.invitations.filter(
        accepted_at__isnull=True, expires_at__gt=timezone.now()
    ).select_related("invited_by")


def staff_of(organisation_id: int, *, roles: tuple[str, ...]) -> QuerySet[Membership]:
    """Memberships in one organisation with any of `roles` (for choosing buddies and owners)."""
    return Membership.objects.filter(
        organisation_id=organisation_id, role__in=roles
    ).select_related("user")
