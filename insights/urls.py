from django.urls import path

from insights import views

app_name = "insights"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("pipeline/", views.view, {"slug": "pipeline"}, name="pipeline"),
    path("time/", views.view, {"slug": "time"}, name="time"),
    path("barriers/", views.view, {"slug": "barriers"}, name="barriers"),
    path("support/", views.view, {"slug": "support"}, name="support"),
    path("ethics/", views.view, {"slug": "ethics"}, name="ethics"),
    path("<slug:slug>/<slug:table>.csv", views.csv_download, name="csv"),
    path(
        "organisation/<int:organisation_id>/",
        views.organisation_dashboard,
        name="organisation-dashboard",
    ),
    path(
        "organisation/<int:organisation_id>/<slug:slug>/",
        views.organisation_view,
        name="organisation-view",
    ),
    path(
        "organisation/<int:organisation_id>/<slug:slug>/<slug:table>.csv",
        views.organisation_csv,
        name="organisation-csv",
    ),
]
