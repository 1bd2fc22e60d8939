from django.contrib import admin
from django.urls import include, path

from accounts.views import home, mfa_activate_totp
from portal import views

urlpatterns = [
    path("", home, name="home"),
    path("", include("accounts.urls")),
    # Before allauth's own route of the same name: enrolment also marks the session as past MFA.
    path("accounts/2fa/totp/activate/", mfa_activate_totp, name="mfa_activate_totp"),
    path("accounts/", include("allauth.urls")),
    path("journey/", include("candidates.urls")),
    path("employer/", include("employers.urls")),
    path("onboarding/", include("onboarding.urls")),
    path("support/", include("pastoral.urls")),
    path("learning/", include("learning.urls")),
    path("notifications/", include("reminders.urls")),
    path("insights/", include("insights.urls")),
    path("privacy/", include("privacy.urls")),
    path("admin/", admin.site.urls),
    path("healthz/", views.healthz, name="healthz"),
]

handler403 = "portal.views.permission_denied"
handler404 = "portal.views.page_not_found"
