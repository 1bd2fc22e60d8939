from django.contrib import admin

from reminders.models import Notification, NotificationPreference, Reminder
from reminders.services import reminders_retry_failed


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    """Failed reminders stay here (filter by status) until an admin tries them again."""

    list_display = [
        "created_at",
        "recipient",
        "kind",
        "subject",
        "period",
        "delivery",
        "status",
        "attempts",
        "sent_at",
    ]
    list_filter = ["status", "kind", "delivery"]
    search_fields = ["recipient__email", "subject"]
    list_select_related = ["recipient"]
    date_hierarchy = "created_at"
    readonly_fields = [f.name for f in Reminder._meta.fields]
    actions = ["retry"]

    def has_add_permission(self, request) -> bool:
        return False

    @admin.action(description="Try sending the selected failed reminders again")
    def retry(self, request, queryset):
        count = reminders_retry_failed(reminder_ids=list(queryset.values_list("pk", flat=True)))
        self.message_user(request, f"{count} reminder(s) queued again.")


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "delivery", "updated_at"]
    list_filter = ["kind", "delivery"]
    search_fields = ["user__email"]
    list_select_related = ["user"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "recipient", "kind", "reminder", "read_at"]
    list_filter = ["kind"]
    search_fields = ["recipient__email", "reminder__subject"]
    list_select_related = ["recipient", "reminder"]
