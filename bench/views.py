from django.contrib.auth.decorators import login_required
from django.http import HttpResponse


@login_required
def floor(request):
    """The framework's floor: the full middleware stack, a session and a user, and nothing else."""
    return HttpResponse("ok", content_type="text/plain")
