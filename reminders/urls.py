from django.urls import path

from reminders import views

app_name = "reminders"

urlpatterns = [
    path("", views.notifications, name="notifications"),
    path("<int:notification_id>/read/", views.notification_read, name="notification-read"),
    path("read-all/", views.notifications_read_all, name="notifications-read-all"),
    path("preferences/", views.preferences, name="preferences"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
