from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from candidates.selectors import candidate_for_user
from portal.access import recruit_required


@login_required
@recruit_required
def journey(request):
    candidate = candidate_for_user(request.user)
    return render(request, "candidates/journey.html", {"candidate": candidate})
