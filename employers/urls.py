from django.urls import path

from employers import views

app_name = "employers"

urlpatterns = [
    path("recruits/", views.recruits, name="recruits"),
]
