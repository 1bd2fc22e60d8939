from django.core.management.base import BaseCommand

from insights.refresh import dashboards_refresh


class Command(BaseCommand):
    help = (
        "Count what HEE's dashboards store and work out each dashboard's first view afresh "
        "(what the scheduled refresh does)."
    )

    def handle(self, *args, **options):
        refreshed = dashboards_refresh()
        self.stdout.write(f"Dashboards worked out afresh: {', '.join(refreshed)}.")
