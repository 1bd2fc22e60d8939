from django.db.models import QuerySet

from employers.models import Membership, Organisation


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
