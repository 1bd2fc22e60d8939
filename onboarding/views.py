from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from candidates.selectors import candidates_visible_to
from employers.selectors import organisations_managed_by
from portal.access import employer_staff_required


@login_required
@employer_staff_required
def recruits(request):
    return render(
        request,
        "onboarding/recruits.html",
        {
            "organisations": organisations_managed_by(request.user),
            "candidates": candidates_visible_to(request.user),
        },
    )
