from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from candidates.selectors import candidate_for_user, candidates_visible_to
from employers.selectors import organisations_managed_by
from pastoral import selectors, services
from pastoral.forms import (
    AssignmentForm,
    ChangeRequestForm,
    CheckInForm,
    NetworkForm,
    PulseForm,
    ResolveChangeRequestForm,
    SelfAssessmentRatingForm,
    StaffProfileForm,
)
from pastoral.models import StaffProfile, SupportAssignment, SupportRole
from portal.access import employer_staff_required, recruit_required, require_form_methods

PULSE_HISTORY_SHOWN = 6
MANAGER_PULSE_WEEKS = 12


def _require_manager(user) -> list[int]:
    """The organisations `user` manages; other staff may not open manager pages."""
    organisation_ids = selectors.managed_organisation_ids(user)
    if not organisation_ids:
        raise PermissionDenied("This page is for managers.")
    return organisation_ids


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


# --- Recruit ----------------------------------------------------------------------------------
def _my_support_context(candidate, *, pulse_form=None) -> dict:
    period_start = selectors.current_pulse_period()
    return {
        "candidate": candidate,
        "assignments": selectors.active_assignments_for(candidate),
        "check_ins": selectors.check_ins_for_viewer(candidate.user, candidate),
        "pulse_period_start": period_start,
        "current_pulse": selectors.pulse_for_period(candidate, period_start),
        "form": pulse_form or PulseForm(),
        "pulses": selectors.pulses_for_viewer(candidate.user, candidate)[:PULSE_HISTORY_SHOWN],
        "networks": selectors.networks_for_recruit(candidate),
        "introduced_ids": selectors.introduced_network_ids(candidate),
        "open_change_request": selectors.open_change_request_for(candidate),
    }


@login_required
@recruit_required
@require_safe
def my_support(request):
    candidate = candidate_for_user(request.user)
    return render(request, "pastoral/my_support.html", _my_support_context(candidate))


@login_required
@recruit_required
@require_form_methods
def pulse(request):
    if request.method != "POST":
        return redirect("pastoral:my-support")
    candidate = candidate_for_user(request.user)
    form = PulseForm(request.POST)
    if form.is_valid():
        try:
            services.pulse_submit(candidate=candidate, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "Thank you. Your answers have been saved.")
            return redirect("pastoral:my-support")
    return render(
        request, "pastoral/my_support.html", _my_support_context(candidate, pulse_form=form)
    )


@login_required
@recruit_required
@require_form_methods
def change_buddy(request):
    candidate = candidate_for_user(request.user)
    form = ChangeRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.change_request_create(candidate=candidate, reason=form.cleaned_data["reason"])
        messages.success(
            request, "Your request has been sent to your managers. Your buddy has not been told."
        )
        return redirect("pastoral:my-support")
    return render(
        request,
        "pastoral/change_buddy.html",
        {"form": form, "open_change_request": selectors.open_change_request_for(candidate)},
    )


@login_required
@recruit_required
@require_POST
def network_introduced(request, pk: int):
    candidate = candidate_for_user(request.user)
    network = selectors.network_for_recruit(candidate, pk)
    services.introduction_record(candidate=candidate, network=network)
    messages.success(request, f"Noted: you were introduced to {network.name}.")
    return redirect(reverse("pastoral:my-support") + "#networks")


# --- Buddies, mentors and preceptors ----------------------------------------------------------
@login_required
@employer_staff_required
@require_safe
def supporting(request):
    assignments = list(selectors.assignments_supported_by(request.user))
    summaries = selectors.support_summaries([a.candidate_id for a in assignments])
    for assignment in assignments:
        assignment.low_pulse = summaries[assignment.candidate_id]["low_pulse"]
    return render(
        request,
        "pastoral/supporting.html",
        {
            "assignments": assignments,
            "today": timezone.localdate(),
            "is_manager": bool(selectors.managed_organisation_ids(request.user)),
            "staff_profile": StaffProfile.objects.filter(user=request.user)
            .select_related("profession")
            .first(),
        },
    )


@login_required
@employer_staff_required
@require_form_methods
def staff_profile(request):
    profile = StaffProfile.objects.filter(user=request.user).first()
    form = StaffProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        services.staff_profile_update(user=request.user, profession=form.cleaned_data["profession"])
        messages.success(request, "Your profession has been saved.")
        return redirect("pastoral:supporting")
    return render(request, "pastoral/staff_profile.html", {"form": form})


@login_required
@employer_staff_required
@require_form_methods
def check_in_new(request, assignment_pk: int):
    assignment = selectors.assignment_for_logging(request.user, assignment_pk)
    form = CheckInForm(request.POST or None, assignment=assignment)
    if request.method == "POST" and form.is_valid():
        services.check_in_log(assignment=assignment, by=request.user, **form.cleaned_data)
        assignment.refresh_from_db(fields=["next_check_in_on"])
        messages.success(
            request,
            f"Check-in saved. Next check-in with {assignment.candidate.user.get_full_name()}: "
            f"{assignment.next_check_in_on:%d %B %Y}.",
        )
        return redirect("pastoral:supporting")
    return render(request, "pastoral/check_in_form.html", {"form": form, "assignment": assignment})


@login_required
@employer_staff_required
@require_safe
def recruit(request, candidate_pk: int):
    candidate = selectors.recruit_for_supporter(request.user, candidate_pk)
    is_manager = candidate.organisation_id in selectors.managed_organisation_ids(request.user)
    return render(
        request,
        "pastoral/recruit.html",
        {
            "candidate": candidate,
            "is_manager": is_manager,
            "assignments": (
                selectors.assignment_history_for(candidate)
                if is_manager
                else selectors.active_assignments_for(candidate)
            ),
            "check_ins": selectors.check_ins_for_viewer(request.user, candidate),
            "pulses": selectors.pulses_for_viewer(request.user, candidate),
            "change_requests": (
                selectors.change_requests_for_manager(request.user).filter(candidate=candidate)
                if is_manager
                else []
            ),
        },
    )


# --- Managers ---------------------------------------------------------------------------------
@login_required
@employer_staff_required
@require_safe
def recruits(request):
    _require_manager(request.user)
    candidates = list(candidates_visible_to(request.user))
    summaries = selectors.support_summaries([candidate.pk for candidate in candidates])
    rows = [(candidate, summaries[candidate.pk]) for candidate in candidates]
    return render(request, "pastoral/recruits.html", {"rows": rows})


@login_required
@employer_staff_required
@require_form_methods
def assign(request, candidate_pk: int):
    candidate = selectors.recruit_for_manager(request.user, candidate_pk)
    role = request.GET.get("role", SupportRole.BUDDY)
    if role not in SupportRole.values:
        raise Http404("No such support role.")
    options = selectors.staff_options_for(candidate, role)
    form = AssignmentForm(request.POST or None, candidate=candidate, role=role, options=options)
    if request.method == "POST" and form.is_valid():
        try:
            services.assignment_create(
                candidate=candidate,
                staff=form.cleaned_data["staff"],
                role=role,
                by=request.user,
                over_capacity_reason=form.cleaned_data["over_capacity_reason"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                f"{form.cleaned_data['staff'].get_full_name()} is now "
                f"{candidate.user.get_full_name()}'s {form.role_label}.",
            )
            return redirect("pastoral:recruit", candidate_pk=candidate.pk)
    current = selectors.active_assignments_for(candidate).filter(role=role).first()
    return render(
        request,
        "pastoral/assign.html",
        {
            "candidate": candidate,
            "role": role,
            "role_label": form.role_label,
            "roles": SupportRole.choices,
            "options": options,
            "current": current,
            "form": form,
        },
    )


@login_required
@employer_staff_required
@require_POST
def assignment_end(request, pk: int):
    organisation_ids = _require_manager(request.user)
    managed = SupportAssignment.objects.active().filter(
        candidate__organisation_id__in=organisation_ids
    )
    assignment = get_object_or_404(managed, pk=pk)
    services.assignment_end(assignment=assignment, by=request.user)
    messages.success(request, "The assignment has ended. It stays in the recruit's history.")
    return redirect("pastoral:recruit", candidate_pk=assignment.candidate_id)


@login_required
@employer_staff_required
@require_safe
def change_requests(request):
    _require_manager(request.user)
    return render(
        request,
        "pastoral/change_requests.html",
        {"change_requests": selectors.change_requests_for_manager(request.user)},
    )


@login_required
@employer_staff_required
@require_form_methods
def change_request_resolve(request, pk: int):
    change_request = selectors.change_request_for_manager(request.user, pk)
    form = ResolveChangeRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.change_request_resolve(
            change_request=change_request,
            by=request.user,
            resolution=form.cleaned_data["resolution"],
        )
        messages.success(request, "The request is resolved.")
        return redirect("pastoral:change-requests")
    return render(
        request,
        "pastoral/change_request_resolve.html",
        {"form": form, "change_request": change_request},
    )


@login_required
@employer_staff_required
@require_safe
def pulses(request):
    _require_manager(request.user)
    since = timezone.localdate() - timedelta(weeks=MANAGER_PULSE_WEEKS)
    return render(
        request,
        "pastoral/pulses.html",
        {
            "pulses": selectors.pulses_for_managed_organisations(request.user, since=since),
            "weeks": MANAGER_PULSE_WEEKS,
        },
    )


# --- Networks ---------------------------------------------------------------------------------
@login_required
@employer_staff_required
@require_safe
def networks(request):
    managed = set(selectors.managed_organisation_ids(request.user))
    networks = selectors.networks_kept_by(request.user).select_related("organisation")
    return render(
        request,
        "pastoral/networks.html",
        {"networks": networks, "managed_ids": managed, "can_add": bool(managed)},
    )


def _network_form(request, network=None):
    # An organisation's managers keep its networks (what recruits are pointed to is the
    # organisation's word); buddies and mentors see them.
    managed = selectors.managed_organisation_ids(request.user)
    if network is not None and network.organisation_id not in managed:
        raise PermissionDenied("Only your organisation's managers can change its networks.")
    organisation = (
        network.organisation
        if network
        else organisations_managed_by(request.user).order_by("name").first()
    )
    if organisation is None:
        raise PermissionDenied("Only your organisation's managers can add networks.")
    form = NetworkForm(request.POST or None, instance=network)
    if request.method == "POST" and form.is_valid():
        services.network_save(
            network=network, organisation=organisation, by=request.user, **form.cleaned_data
        )
        messages.success(request, f"{form.cleaned_data['name']} has been saved.")
        return redirect("pastoral:networks")
    return render(
        request,
        "pastoral/network_form.html",
        {"form": form, "network": network, "organisation": organisation},
    )


@login_required
@employer_staff_required
@require_form_methods
def network_new(request):
    return _network_form(request)


@login_required
@employer_staff_required
@require_form_methods
def network_edit(request, pk: int):
    return _network_form(request, selectors.network_kept_by(request.user, pk))


# --- Self-assessment --------------------------------------------------------------------------
@login_required
@employer_staff_required
@require_safe
def self_assessment(request, organisation_id: int | None = None):
    _require_manager(request.user)
    organisation = selectors.organisation_managed_by(request.user, organisation_id)
    groups = selectors.self_assessment_for(organisation)
    return render(
        request,
        "pastoral/self_assessment.html",
        {"organisation": organisation, "groups": groups},
    )


@login_required
@employer_staff_required
@require_form_methods
def self_assessment_rate(request, organisation_id: int, criterion_id: int):
    organisation = selectors.organisation_managed_by(request.user, organisation_id)
    criterion = selectors.self_assessment_criterion(criterion_id)
    current = criterion.ratings.filter(organisation=organisation).first()
    form = SelfAssessmentRatingForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        services.self_assessment_rate(
            organisation=organisation, criterion=criterion, by=request.user, **form.cleaned_data
        )
        messages.success(request, "Your rating has been saved.")
        return redirect("pastoral:self-assessment", organisation_id=organisation.pk)
    return render(
        request,
        "pastoral/self_assessment_rate.html",
        {"form": form, "organisation": organisation, "criterion": criterion},
    )
