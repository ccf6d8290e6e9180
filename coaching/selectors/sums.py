"""The database sums every roll-up needs (see ``rules.rollup.Totals``), written once."""

from decimal import Decimal

from django.db.models import Count, DecimalField, ExpressionWrapper, F, Q, Sum

from ..rules.rollup import Totals

WEIGHTED_VALUE = ExpressionWrapper(
    F("value") * F("sample_size"), output_field=DecimalField(max_digits=28, decimal_places=4)
)
# Σ value² × sample size: with the two above, the spread of the daily values (coaching impact).
WEIGHTED_SQUARE = ExpressionWrapper(
    F("value") * F("value") * F("sample_size"), output_field=DecimalField(max_digits=36, decimal_places=8)
)


def rollup_sums(prefix: str = "", period: Q | None = None) -> dict:
    """Aggregates named ``<prefix>weighted``, ``sample``, ``total``, ``count``; optionally over ``period`` only."""
    return {
        f"{prefix}weighted": Sum(WEIGHTED_VALUE, filter=period),
        f"{prefix}sample": Sum("sample_size", filter=period),
        f"{prefix}total": Sum("value", filter=period),
        f"{prefix}count": Count("id", filter=period),
    }


def totals_of(row: dict, prefix: str = "") -> Totals:
    """The ``Totals`` in a row aggregated with ``rollup_sums(prefix)``."""
    return Totals(
        weighted_sum=Decimal(row[f"{prefix}weighted"] or 0),
        sample_sum=int(row[f"{prefix}sample"] or 0),
        value_sum=Decimal(row[f"{prefix}total"] or 0),
        count=int(row[f"{prefix}count"] or 0),
    )
