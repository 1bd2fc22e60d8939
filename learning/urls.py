from django.urls import path

from learning import views

app_name = "learning"

urlpatterns = [
    path("", views.library, name="library"),
    path("guides/<slug:slug>/", views.guide, name="guide"),
    path("guides/<slug:slug>/read/", views.guide_read, name="guide-read"),
    path("guides/<slug:slug>/check/", views.guide_check, name="guide-check"),
    path("guides/<slug:slug>/edit/", views.guide_edit, name="guide-edit"),
    path("writing/", views.authoring, name="authoring"),
    path("writing/new/", views.guide_create, name="guide-create"),
    path("good-practice/", views.good_practice, name="good-practice"),
    path("good-practice/<slug:topic>/", views.good_practice_topic, name="good-practice-topic"),
    path("cpd/", views.cpd, name="cpd"),
    path("cpd/add/", views.cpd_add, name="cpd-add"),
    path("cpd/profile.pdf", views.cpd_profile, name="cpd-profile"),
    path("cpd/<int:pk>/", views.cpd_activity, name="cpd-activity"),
    path("cpd/<int:pk>/edit/", views.cpd_edit, name="cpd-edit"),
    path("cpd/evidence/<int:pk>/", views.cpd_evidence, name="cpd-evidence"),
    path("recruits/<int:candidate_id>/cpd/", views.recruit_cpd, name="recruit-cpd"),
    path("preceptorship/", views.preceptorship, name="preceptorship"),
    path("preceptorships/", views.preceptorships, name="preceptorships"),
    path(
        "preceptorships/start/<int:candidate_id>/",
        views.preceptorship_start,
        name="preceptorship-start",
    ),
    path("preceptorships/<int:pk>/", views.preceptorship_detail, name="preceptorship-detail"),
    path("preceptorships/<int:pk>/objectives/", views.objective_add, name="objective-add"),
    path("preceptorships/<int:pk>/time/", views.protected_time_add, name="protected-time-add"),
    path("reviews/<int:pk>/", views.review_sign_off, name="review-sign-off"),
]
