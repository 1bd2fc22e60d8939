from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from portal.access import employer_staff_required, recruit_required, require_form_methods
from privacy import selectors, services
from privacy.forms import ErasureDecisionForm, ErasureRequestForm


def _my_data_page(request, form=None, status=200):
    return render(
        request,
        "privacy/my_data.html",
        {
            "form": form or ErasureRequestForm(),
            "open_request": selectors.open_erasure_request_for(request.user),
        },
        status=status,
    )


@login_required
@recruit_required
@require_form_methods
def my_data(request):
    if request.method == "POST" and selectors.open_erasure_request_for(request.user):
        messages.info(request, "You have already asked; your manager will decide soon.")
        return redirect("privacy:my-data")
    form = ErasureRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.erasure_request_create(user=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "We've sent your request to your manager.")
            return redirect("privacy:my-data")
    return _my_data_page(request, form)


@login_required
@recruit_required
@require_safe
def export(request):
    content = services.personal_data_export(user=request.user)
    response = HttpResponse(content, content_type="application/zip")
    day = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="my-data-{day}.zip"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@employer_staff_required
@require_safe
def erasure_requests(request):
    return render(
        request,
        "privacy/erasure_requests.html",
        {"requests": selectors.erasure_requests_for_manager(request.user)},
    )


@login_required
@employer_staff_required
@require_form_methods
def erasure_decide(request, pk: int):
    erasure_request = selectors.erasure_request_for_manager(request.user, pk)
    form = ErasureDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.erasure_request_decide(
                request=erasure_request,
                by=request.user,
                approve=form.cleaned_data["decision"] == "approve",
                note=form.cleaned_data["note"],
            )
        except PermissionDenied:
            raise
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Decision saved.")
            return redirect("privacy:erasure-requests")
    return render(
        request,
        "privacy/erasure_decide.html",
        {"form": form, "erasure_request": erasure_request},
    )
