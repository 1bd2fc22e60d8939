from django.utils.functional import SimpleLazyObject

from reminders.selectors import unread_count


def unread_notifications(request) -> dict:
    """The header's unread count: one indexed COUNT, only when a page shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"nav_unread_count": SimpleLazyObject(lambda: unread_count(user))}
