from django.urls import path

from candidates import views

app_name = "candidates"

urlpatterns = [
    path("", views.journey, name="journey"),
    path("profile/", views.profile_edit, name="profile-edit"),
    path("recruits/<int:pk>/", views.candidate_journey, name="candidate-journey"),
    path("recruits/<int:pk>/employment/", views.employment_edit, name="employment-edit"),
    path(
        "recruits/<int:pk>/registration/", views.registration_details, name="registration-details"
    ),
    path(
        "recruits/<int:pk>/further-information/",
        views.further_information_request,
        name="further-information-request",
    ),
    path("recruits/<int:pk>/english/", views.english_add, name="english-add"),
    path("recruits/<int:pk>/documents/", views.document_upload, name="document-upload"),
    path("recruits/<int:pk>/barriers/", views.barrier_add, name="barrier-add"),
    path("steps/<int:pk>/", views.step_update, name="step-update"),
    path("documents/<int:pk>/", views.document_download, name="document-download"),
    path("documents/<int:pk>/review/", views.document_review, name="document-review"),
    path("barriers/<int:pk>/", views.barrier_update, name="barrier-update"),
]
