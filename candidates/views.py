from copy import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from candidates import services
from candidates.forms import (
    BarrierForm,
    DocumentReviewForm,
    DocumentUploadForm,
    EmploymentForm,
    EnglishEvidenceForm,
    ProfileForm,
    RegistrationDetailsForm,
    StepForm,
)
from candidates.models import RegistrationStep
from candidates.selectors import (
    barrier_visible_to,
    candidate_for_user,
    candidate_managed_by,
    candidate_visible_to,
    document_managed_by,
    document_visible_to,
    journey_for,
    step_visible_to,
)
from employers.selectors import organisations_managed_by
from portal.access import employer_staff_required, recruit_required, require_form_methods
from portal.uploads import private_file_response


def _journey_url(user, candidate) -> str:
    if user.is_recruit:
        return reverse("candidates:journey")
    return reverse("candidates:candidate-journey", args=[candidate.pk])


def _form_page(request, form, *, title: str, candidate, caption: str = "", multipart=False):
    return render(
        request,
        "candidates/form.html",
        {
            "form": form,
            "title": title,
            "candidate": candidate,
            "caption": caption,
            "multipart": multipart,
            "back_url": _journey_url(request.user, candidate),
        },
    )


def _render_journey(request, candidate):
    journey = journey_for(candidate, today=timezone.localdate())
    return render(
        request,
        "candidates/journey.html",
        {"journey": journey, "candidate": candidate, "viewer_is_recruit": request.user.is_recruit},
    )


@login_required
@recruit_required
@require_safe
def journey(request):
    return _render_journey(request, candidate_for_user(request.user))


@login_required
@employer_staff_required
@require_safe
def candidate_journey(request, pk: int):
    return _render_journey(request, candidate_managed_by(request.user, pk))


@login_required
@recruit_required
@require_form_methods
def profile_edit(request):
    candidate = candidate_for_user(request.user)
    form = ProfileForm(request.POST or None, instance=candidate)
    if request.method == "POST" and form.is_valid():
        services.candidate_profile_update(candidate=candidate, **form.cleaned_data)
        messages.success(request, "Your details are saved.")
        return redirect("candidates:journey")
    return _form_page(request, form, title="Your details", candidate=candidate)


@login_required
@employer_staff_required
@require_form_methods
def employment_edit(request, pk: int):
    candidate = candidate_managed_by(request.user, pk)
    form = EmploymentForm(
        request.POST or None,
        instance=candidate,
        organisations=organisations_managed_by(request.user),
    )
    if request.method == "POST" and form.is_valid():
        services.candidate_profile_update(candidate=candidate, **form.cleaned_data)
        messages.success(request, "Employment details saved.")
        return redirect("candidates:candidate-journey", pk=candidate.pk)
    return _form_page(
        request, form, title="Employment details", candidate=candidate, caption=str(candidate)
    )


@login_required
@require_form_methods
def registration_details(request, pk: int):
    candidate = candidate_visible_to(request.user, pk)
    form = RegistrationDetailsForm(request.POST or None, instance=candidate)
    if request.method == "POST" and form.is_valid():
        services.candidate_registration_update(candidate=candidate, **form.cleaned_data)
        messages.success(request, "Registration details saved.")
        return redirect(_journey_url(request.user, candidate))
    return _form_page(
        request,
        form,
        title="HCPC reference and decision",
        candidate=candidate,
        caption=str(candidate),
    )


@login_required
@require_form_methods
def step_update(request, pk: int):
    step = step_visible_to(request.user, pk)
    # A copy for the form, whose validation writes the new values on its instance: the
    # service compares them with the step as it was (a step newly done starts the next).
    form = StepForm(request.POST or None, instance=copy(step))
    if request.method == "POST" and form.is_valid():
        services.registration_step_update(step=step, **form.cleaned_data)
        messages.success(request, f"“{step.display_name}” is updated.")
        return redirect(_journey_url(request.user, step.candidate))
    return render(
        request,
        "candidates/step_form.html",
        {
            "form": form,
            "step": step,
            "candidate": step.candidate,
            "back_url": _journey_url(request.user, step.candidate),
        },
    )


@login_required
@require_POST
def further_information_request(request, pk: int):
    candidate = candidate_visible_to(request.user, pk)
    try:
        step = services.registration_further_information_request(
            candidate=candidate, requested_on=timezone.localdate()
        )
    except services.NoRepeatableStep as refusal:
        messages.error(request, str(refusal))
        return redirect(_journey_url(request.user, candidate))
    messages.success(request, f"Added “{step.display_name}”.")
    return redirect("candidates:step-update", pk=step.pk)


@login_required
@require_form_methods
def english_add(request, pk: int):
    candidate = candidate_visible_to(request.user, pk)
    form = EnglishEvidenceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.english_evidence_add(candidate=candidate, **form.cleaned_data)
        messages.success(request, "English language evidence added.")
        return redirect(_journey_url(request.user, candidate))
    return _form_page(
        request,
        form,
        title="Add English language evidence",
        candidate=candidate,
        caption=str(candidate),
    )


@login_required
@require_form_methods
def document_upload(request, pk: int):
    candidate = candidate_visible_to(request.user, pk)
    steps = RegistrationStep.objects.filter(candidate=candidate).select_related("template")
    form = DocumentUploadForm(request.POST or None, request.FILES or None, steps=steps)
    if request.method == "POST" and form.is_valid():
        services.evidence_document_upload(
            candidate=candidate,
            upload=form.cleaned_data["file"],
            kind=form.cleaned_data["kind"],
            step=form.cleaned_data["step"],
            uploaded_by=request.user,
        )
        messages.success(request, "Document uploaded.")
        return redirect(_journey_url(request.user, candidate))
    return _form_page(
        request,
        form,
        title="Upload a document",
        candidate=candidate,
        caption=str(candidate),
        multipart=True,
    )


@login_required
@require_safe
def document_download(request, pk: int):
    document = document_visible_to(request.user, pk)
    return private_file_response(
        document.file, download_name=document.original_name, mime=document.mime
    )


@login_required
@employer_staff_required
@require_form_methods
def document_review(request, pk: int):
    document = document_managed_by(request.user, pk)
    form = DocumentReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.evidence_document_review(
            document=document,
            accepted=form.cleaned_data["decision"] == "accept",
            reason=form.cleaned_data["reason"].strip(),
            reviewed_by=request.user,
        )
        messages.success(request, "Review saved.")
        return redirect("candidates:candidate-journey", pk=document.candidate_id)
    return render(
        request,
        "candidates/document_review.html",
        {
            "form": form,
            "document": document,
            "candidate": document.candidate,
            "back_url": _journey_url(request.user, document.candidate),
        },
    )


@login_required
@require_form_methods
def barrier_add(request, pk: int):
    candidate = candidate_visible_to(request.user, pk)
    form = BarrierForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.barrier_report_create(
            candidate=candidate, reported_by=request.user, **form.cleaned_data
        )
        messages.success(request, "Barrier recorded.")
        return redirect(_journey_url(request.user, candidate))
    return _form_page(
        request, form, title="Record a barrier", candidate=candidate, caption=str(candidate)
    )


@login_required
@require_form_methods
def barrier_update(request, pk: int):
    report = barrier_visible_to(request.user, pk)
    form = BarrierForm(request.POST or None, instance=report)
    if request.method == "POST" and form.is_valid():
        services.barrier_report_update(report=report, **form.cleaned_data)
        messages.success(request, "Barrier updated.")
        return redirect(_journey_url(request.user, report.candidate))
    return _form_page(
        request,
        form,
        title="Update a barrier",
        candidate=report.candidate,
        caption=str(report.candidate),
    )
