"""Gates for views: roles, and the HTTP methods a view answers. Object-level access lives in
each app's selectors (404 for strangers)."""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.views.decorators.http import require_http_methods

# Every view says which methods it serves; anything else (PUT, PATCH, DELETE, TRACE...) is a
# 405, never the page. Pages: Django's require_safe (GET, HEAD). Actions: require_POST.
# A page with a form that posts back to it:
require_form_methods = require_http_methods(["GET", "HEAD", "POST"])


def _role_required(predicate, message: str):
    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated or not predicate(request.user):
                raise PermissionDenied(message)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


recruit_required = _role_required(lambda u: u.is_recruit, "This page is for recruits.")
employer_staff_required = _role_required(
    lambda u: u.is_employer_staff, "This page is for employer staff."
)
hee_analyst_required = _role_required(lambda u: u.is_hee_analyst, "This page is for HEE analysts.")
