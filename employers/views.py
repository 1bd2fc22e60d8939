from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from employers.forms import InviteForm
from employers.selectors import (
    organisation_for_staff,
    organisation_staff,
    organisations_for_staff,
    pending_invitations,
    user_is_manager_of,
)
from employers.services import organisation_invite
from portal.access import employer_staff_required, require_form_methods


@login_required
@employer_staff_required
@require_safe
def organisation(request):
    """The first organisation the person works in; people in several pick from a list."""
    organisations = list(organisations_for_staff(request.user))
    if len(organisations) == 1:
        return redirect("employers:organisation-detail", pk=organisations[0].pk)
    return render(request, "employers/organisations.html", {"organisations": organisations})


@login_required
@employer_staff_required
@require_safe
def organisation_detail(request, pk: int):
    org = organisation_for_staff(request.user, pk)
    is_manager = user_is_manager_of(request.user, org.pk)
    form = InviteForm(organisation=org) if is_manager else None
    return _render_detail(request, org, is_manager=is_manager, form=form)


@login_required
@employer_staff_required
@require_form_methods
def organisation_invite_view(request, pk: int):
    org = organisation_for_staff(request.user, pk)
    if not user_is_manager_of(request.user, org.pk):
        raise PermissionDenied("Only the organisation's managers can invite people.")
    if request.method != "POST":
        return redirect("employers:organisation-detail", pk=org.pk)
    form = InviteForm(request.POST, organisation=org)
    if not form.is_valid():
        return _render_detail(request, org, is_manager=True, form=form)
    invitation = organisation_invite(
        organisation=org,
        by=request.user,
        email=form.cleaned_data["email"],
        full_name=form.cleaned_data["full_name"],
        kind=form.cleaned_data["kind"],
    )
    messages.success(request, f"We've sent an invitation to {invitation.email}.")
    return redirect("employers:organisation-detail", pk=org.pk)


def _render_detail(request, org, *, is_manager: bool, form):
    return render(
        request,
        "employers/organisation.html",
        {
            "organisation": org,
            "is_manager": is_manager,
            "staff": organisation_staff(org),
            "invitations": pending_invitations(org) if is_manager else [],
            "form": form,
        },
    )
