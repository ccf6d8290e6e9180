"""URLs of step 2: one-on-ones, their agenda and action items, and expectations."""

from django.urls import path

from ..views import expectations, one_on_ones

urlpatterns = [
    path("", one_on_ones.one_on_one_list, name="one-on-one-list"),
    path("new/", one_on_ones.one_on_one_create, name="one-on-one-create"),
    path("<int:one_on_one_id>/", one_on_ones.one_on_one_detail, name="one-on-one-detail"),
    path("<int:one_on_one_id>/edit/", one_on_ones.one_on_one_edit, name="one-on-one-edit"),
    path("<int:one_on_one_id>/agenda/", one_on_ones.one_on_one_agenda_add, name="one-on-one-agenda-add"),
    path("<int:one_on_one_id>/action-items/", one_on_ones.action_item_create, name="action-item-create"),
    path("action-items/<int:action_item_id>/done/", one_on_ones.action_item_toggle, name="action-item-toggle"),
    path("expectations/", expectations.expectation_list, name="expectation-list"),
    path("expectations/goals/<int:goal_id>/", expectations.expectation_goal_create, name="expectation-goal-create"),
    path(
        "expectations/<int:expectation_id>/acknowledge/",
        expectations.expectation_acknowledge,
        name="expectation-acknowledge",
    ),
]
