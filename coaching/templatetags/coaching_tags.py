"""Template filters that show metric values in their unit and which way they moved."""

from decimal import Decimal

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from ..formatting import format_metric_value
from ..models import MetricUnit
from ..rules.rollup import Change

register = template.Library()


@register.filter
def metric_format(value, metric):
    """``value`` of ``metric`` for people: 5:12 for seconds, 87.3 % for percent."""
    return format_metric_value(value, metric)


@register.filter
def metric_delta(delta, metric):
    """A signed difference in the metric's unit: +0:12, −1.4 %."""
    if delta is None:
        return ""
    delta = Decimal(delta)
    sign = "+" if delta > 0 else ("−" if delta < 0 else "±")
    if metric.unit == MetricUnit.PERCENT:
        # A change between two percentages is in percentage points, not percent.
        return sign + _("%(points)s pp") % {"points": number_format(abs(delta), metric.decimal_places, use_l10n=True)}
    return sign + metric_format(abs(delta), metric)


@register.filter
def metric_size(size, metric):
    """The size of a difference, without a sign, in the metric's unit: 0:12, 1.4 pp."""
    if size is None:
        return ""
    return metric_delta(abs(Decimal(size)), metric)[1:]


CHANGE_CSS = {
    Change.BETTER: "text-success",
    Change.WORSE: "text-danger",
    Change.STEADY: "text-secondary",
    Change.UNKNOWN: "text-secondary",
}


@register.inclusion_tag("coaching/includes/change_badge.html")
def change_badge(cell):
    """Which way a KPI cell's value moved (the arrow) and whether that is good (the colour)."""
    labels = {
        Change.BETTER: _("improved"),
        Change.WORSE: _("worsened"),
        Change.STEADY: _("steady"),
        Change.UNKNOWN: _("no earlier data"),
    }
    delta = cell.delta
    if delta is None or cell.change == Change.STEADY:
        icon = "dash" if delta is None else "arrow-right"
    else:
        icon = "arrow-up" if delta > 0 else "arrow-down"
    return {"cell": cell, "css": CHANGE_CSS[cell.change], "icon": icon, "label": labels[cell.change]}


@register.filter
def get_item(mapping, key):
    """``mapping[key]`` in a template, or ``None``."""
    return mapping.get(key)


@register.simple_tag(takes_context=True)
def page_url(context, number):
    """A link to page ``number`` of the current list, keeping its other query parameters (filters, search)."""
    query = context["request"].GET.copy()
    query["page"] = number
    return f"?{query.urlencode()}"
