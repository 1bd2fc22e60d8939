from django.urls import path

from onboarding import views

app_name = "onboarding"

urlpatterns = [
    path("recruits/", views.recruits, name="recruits"),
    path("my-tasks/", views.my_tasks, name="my-tasks"),
    path("journey/<int:pk>/", views.journey, name="journey"),
    path("journey/<int:pk>/offer/", views.offer_edit, name="offer"),
    path("journey/<int:pk>/checklist/", views.checklist_apply_view, name="checklist-apply"),
    path("journey/<int:pk>/tasks/add/", views.task_add_view, name="task-add"),
    path("tasks/<int:pk>/complete/", views.task_complete_view, name="task-complete"),
    path("tasks/<int:pk>/reopen/", views.task_reopen_view, name="task-reopen"),
    path("tasks/<int:pk>/comment/", views.task_comment_view, name="task-comment"),
    path("templates/", views.templates, name="templates"),
    path("templates/<int:pk>/", views.template_detail, name="template"),
    path("templates/<int:pk>/copy/", views.template_copy_view, name="template-copy"),
    path("templates/<int:pk>/delete/", views.template_delete_view, name="template-delete"),
    path("templates/<int:pk>/items/add/", views.template_item_edit, name="template-item-add"),
    path(
        "templates/<int:pk>/items/<int:item_pk>/",
        views.template_item_edit,
        name="template-item-edit",
    ),
    path(
        "templates/<int:pk>/items/<int:item_pk>/delete/",
        views.template_item_delete_view,
        name="template-item-delete",
    ),
]
