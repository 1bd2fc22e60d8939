from django.urls import path

from employers import views

app_name = "employers"

urlpatterns = [
    path("organisation/", views.organisation, name="organisation"),
    path("organisation/<int:pk>/", views.organisation_detail, name="organisation-detail"),
    path(
        "organisation/<int:pk>/invite/", views.organisation_invite_view, name="organisation-invite"
    ),
]
