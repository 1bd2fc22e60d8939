from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Portal"

    def ready(self) -> None:
        from portal.audit import fix_logentry_admin, register_journey_models

        register_journey_models()
        fix_logentry_admin()


class PortalAdminConfig(admin_apps.AdminConfig):
    """Django's admin with the portal's site, whose login is allauth's (portal.admin_site).
    Named in INSTALLED_APPS in place of "django.contrib.admin"."""

    default = False  # "portal" in INSTALLED_APPS still means PortalConfig
    default_site = "portal.admin_site.PortalAdminSite"
