from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Portal"

    def ready(self) -> None:
        from portal.audit import fix_logentry_admin, register_journey_models

        register_journey_models()
        fix_logentry_admin()
