from django.conf import settings
from django.urls import NoReverseMatch, reverse

# (label, url name, roles that see it). Pages that are not built yet are skipped.
NAV_ITEMS = [
    ("My journey", "candidates:journey", {"recruit"}),
    ("Checklist", "onboarding:my-tasks", {"recruit"}),
    ("Support", "pastoral:my-support", {"recruit"}),
    ("Learning", "learning:library", {"recruit"}),
    ("My recruits", "onboarding:recruits", {"employer_staff"}),
    ("Supporting", "pastoral:supporting", {"employer_staff"}),
    ("Templates", "onboarding:templates", {"employer_staff"}),
    ("Organisation", "employers:organisation", {"employer_staff"}),
    ("Good practice", "learning:good-practice", {"employer_staff"}),
    ("Dashboards", "insights:dashboard", {"hee_analyst"}),
]

ROLE_LABELS = {
    "recruit": "Recruit",
    "employer_staff": "Employer staff",
    "hee_analyst": "HEE analyst",
}

_resolved: dict[str, str | None] = {}


def _url(name: str) -> str | None:
    if name not in _resolved:
        try:
            _resolved[name] = reverse(name)
        except NoReverseMatch:
            _resolved[name] = None
    return _resolved[name]


def navigation(request) -> dict:
    context = {"service_name": settings.SERVICE_NAME}
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return context
    items = []
    for label, name, roles in NAV_ITEMS:
        url = _url(name)
        if url and user.role in roles:
            items.append({"label": label, "url": url, "current": request.path.startswith(url)})
    context["nav_items"] = items
    context["nav_role_label"] = ROLE_LABELS.get(user.role, "")
    context["nav_notifications_url"] = _url("reminders:notifications")
    return context
