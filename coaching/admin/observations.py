"""Django admin for the behaviour catalogue."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ..models import Behaviour


@admin.register(Behaviour)
class BehaviourAdmin(admin.ModelAdmin):
    """Behaviours coached on calls: what good looks like and the metrics each one drives.

    Retire a behaviour by unticking "active": its past ratings stay on the record.
    """

    list_display = ("name", "metrics_driven", "display_order", "is_active")
    list_editable = ("display_order", "is_active")
    list_filter = ("is_active", "metrics")
    search_fields = ("name", "good_looks_like")
    filter_horizontal = ("metrics",)
    fields = ("name", "good_looks_like", "metrics", "display_order", "is_active")

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("metrics")

    @admin.display(description=_("metrics it drives"))
    def metrics_driven(self, behaviour: Behaviour) -> str:
        return ", ".join(metric.code for metric in behaviour.metrics.all()) or "—"
