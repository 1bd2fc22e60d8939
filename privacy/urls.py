from django.urls import path

from privacy import views

app_name = "privacy"

urlpatterns = [
    path("my-data/", views.my_data, name="my-data"),
    path("my-data/export.zip", views.export, name="export"),
    path("erasure-requests/", views.erasure_requests, name="erasure-requests"),
    path("erasure-requests/<int:pk>/", views.erasure_decide, name="erasure-decide"),
]
