"""Reminders and notifications keep the intent only; their words, dates and links are rendered
from templates when sent or shown. A notification is now always its reminder's: the few whose
reminder was deleted (it was SET_NULL) have nothing left to show and go too."""

import django.db.models.deletion
from django.db import migrations, models


def delete_notifications_without_reminder(apps, schema_editor):
    Notification = apps.get_model("reminders", "Notification")
    Notification.objects.filter(reminder__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reminders", "0003_recipient_without_database_constraint"),
    ]

    operations = [
        migrations.RemoveField(model_name="notification", name="detail"),
        migrations.RemoveField(model_name="notification", name="title"),
        migrations.RemoveField(model_name="notification", name="url"),
        migrations.RemoveField(model_name="reminder", name="detail"),
        migrations.RemoveField(model_name="reminder", name="title"),
        migrations.RemoveField(model_name="reminder", name="url"),
        migrations.RunPython(delete_notifications_without_reminder, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="notification",
            name="reminder",
            field=models.OneToOneField(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="notification",
                to="reminders.reminder",
            ),
        ),
    ]
