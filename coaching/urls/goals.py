"""URLs of step 1: goals and goal templates."""

from django.urls import path

from ..views import goals

urlpatterns = [
    path("", goals.goal_list, name="goal-list"),
    path("new/", goals.goal_create, name="goal-create"),
    path("check/", goals.goal_smart_check_preview, name="goal-smart-check"),
    path("<int:goal_id>/", goals.goal_detail, name="goal-detail"),
    path("<int:goal_id>/activate/", goals.goal_activate, name="goal-activate"),
    path("<int:goal_id>/adjust/", goals.goal_adjust, name="goal-adjust"),
    path("<int:goal_id>/close/", goals.goal_close, name="goal-close"),
    path("<int:goal_id>/save-template/", goals.goal_save_template, name="goal-save-template"),
    path("templates/", goals.template_list, name="goal-template-list"),
    path("templates/<int:template_id>/apply/", goals.template_apply, name="goal-template-apply"),
]
