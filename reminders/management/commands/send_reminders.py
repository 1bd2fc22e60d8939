from datetime import datetime

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count
from django.utils import timezone

from reminders.models import Reminder
from reminders.services import reminders_scan
from reminders.sources import messages_for


class Command(BaseCommand):
    help = (
        "Run one reminder scan now (what beat runs hourly). Without REDIS_URL the deliveries "
        "run in this process; with it they are queued for the workers."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--now", help="Scan as of this moment (ISO 8601), e.g. 2026-03-02T09:00+00:00."
        )

    def handle(self, *args, **options):
        try:
            now = datetime.fromisoformat(options["now"]) if options["now"] else timezone.now()
        except ValueError as error:
            raise CommandError(f"--now: {error}") from error
        if timezone.is_naive(now):
            now = timezone.make_aware(now)
        result = reminders_scan(now=now)
        new = Reminder.objects.filter(created_at=now).select_related("recipient")
        self.stdout.write(
            f"Scan as of {now:%Y-%m-%d %H:%M}: {new.count()} new reminder(s), "
            f"{result.queued} delivery task(s) queued."
        )
        for row in new.values("kind", "status").annotate(n=Count("pk")).order_by("kind", "status"):
            self.stdout.write(f"  {row['kind']:<28} {row['status']:<8} {row['n']}")
        if options["verbosity"] >= 1:
            shown = list(new.order_by("kind", "recipient__email")[:200])
            messages = messages_for(shown)
            for reminder in shown:
                message = messages[reminder.pk]
                self.stdout.write(
                    f"  - {reminder.recipient.email:<30} {reminder.kind:<26} "
                    f"[{reminder.status}] {message.title}"
                    + (f" ({message.detail})" if message.detail else "")
                )
