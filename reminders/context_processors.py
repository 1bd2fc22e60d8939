def unread_notifications(request) -> dict:
    """The header's unread count. Filled in by the reminders app's notifications."""
    return {}
