from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "insights"

    def ready(self) -> None:
        from insights.caching import connect_receivers

        connect_receivers()
