from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from portal.access import hee_analyst_required


@login_required
@hee_analyst_required
def dashboard(request):
    return render(request, "insights/dashboard.html")
