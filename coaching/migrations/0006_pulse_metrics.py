"""The two team-level metrics computed from pulse surveys, so engagement is a metric like any other."""

from django.db import migrations

PULSE_METRICS = (
    # source, code, name, unit, min, max, decimals
    ("pulse_engagement", "ENG", "Engagement", "score", 0, 100, 0),
    ("pulse_enps", "ENPS", "Employee NPS", "score", -100, 100, 0),
)


def create_pulse_metrics(apps, schema_editor):
    Metric = apps.get_model("coaching", "Metric")
    for source, code, name, unit, low, high, decimals in PULSE_METRICS:
        if Metric.objects.filter(source=source).exists():
            continue
        if Metric.objects.filter(code=code).exists():
            code = f"PULSE_{code}"
        Metric.objects.create(
            source=source,
            code=code,
            name=name,
            unit=unit,
            direction="higher",
            kind="employee",
            aggregation="weighted_mean",
            min_value=low,
            max_value=high,
            decimal_places=decimals,
            display_order=200,
            description="Computed for each team when a pulse-survey round closes, from teams with enough answers.",
        )


def remove_pulse_metrics(apps, schema_editor):
    Metric = apps.get_model("coaching", "Metric")
    Metric.objects.exclude(source="agent").filter(team_values__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("coaching", "0005_team_metrics_and_language")]

    operations = [migrations.RunPython(create_pulse_metrics, remove_pulse_metrics)]
