"""Metric values for people: 5:12 for seconds, 87.3 % for percent, in the active locale."""

from decimal import Decimal

from django.utils.formats import number_format

from .models import MetricUnit


def format_metric_value(value, metric) -> str:
    """``value`` of ``metric`` in its unit; an em dash when there is none."""
    if value is None:
        return "—"
    value = Decimal(value)
    if metric.unit == MetricUnit.SECONDS:
        total = int(value.quantize(Decimal(1)))
        sign = "-" if total < 0 else ""
        total = abs(total)
        return f"{sign}{total // 60}:{total % 60:02d}"
    if metric.unit == MetricUnit.COUNT:
        return number_format(value, 0, use_l10n=True)
    shown = number_format(value, metric.decimal_places, use_l10n=True)
    return f"{shown} %" if metric.unit == MetricUnit.PERCENT else shown
