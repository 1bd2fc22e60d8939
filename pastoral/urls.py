from django.urls import path

from pastoral import views

app_name = "pastoral"

urlpatterns = [
    # Recruits
    path("", views.my_support, name="my-support"),
    path("pulse/", views.pulse, name="pulse"),
    path("change-buddy/", views.change_buddy, name="change-buddy"),
    path("networks/<int:pk>/introduced/", views.network_introduced, name="network-introduced"),
    # Buddies, mentors and preceptors
    path("supporting/", views.supporting, name="supporting"),
    path("supporting/profession/", views.staff_profile, name="staff-profile"),
    path("supporting/<int:assignment_pk>/check-in/", views.check_in_new, name="check-in-new"),
    path("recruits/<int:candidate_pk>/", views.recruit, name="recruit"),
    # Managers
    path("recruits/", views.recruits, name="recruits"),
    path("recruits/<int:candidate_pk>/assign/", views.assign, name="assign"),
    path("assignments/<int:pk>/end/", views.assignment_end, name="assignment-end"),
    path("requests/", views.change_requests, name="change-requests"),
    path("requests/<int:pk>/resolve/", views.change_request_resolve, name="change-request-resolve"),
    path("pulses/", views.pulses, name="pulses"),
    path("self-assessment/", views.self_assessment, name="self-assessment"),
    path("self-assessment/<int:organisation_id>/", views.self_assessment, name="self-assessment"),
    path(
        "self-assessment/<int:organisation_id>/<int:criterion_id>/",
        views.self_assessment_rate,
        name="self-assessment-rate",
    ),
    # Networks, kept by staff
    path("networks/", views.networks, name="networks"),
    path("networks/new/", views.network_new, name="network-new"),
    path("networks/<int:pk>/edit/", views.network_edit, name="network-edit"),
]
