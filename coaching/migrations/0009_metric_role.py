"""Which metric plays which role (customer satisfaction, quality score), chosen by an administrator.

Installations that have the demo's metrics keep behaving as before: the metric coded CSAT
becomes customer satisfaction and the per-agent metric coded QA the quality score.
"""

from django.db import migrations, models

ROLES_OF_EARLIER_CODES = (
    # code, role, only for a metric with a value per agent
    ("CSAT", "customer_satisfaction", False),
    ("QA", "quality_score", True),
)


def set_roles_of_earlier_codes(apps, schema_editor):
    Metric = apps.get_model("coaching", "Metric")
    for code, role, per_agent in ROLES_OF_EARLIER_CODES:
        metrics = Metric.objects.filter(code=code, role="")
        if per_agent:
            metrics = metrics.filter(source="agent")
        if not Metric.objects.filter(role=role).exists():
            metrics.update(role=role)


class Migration(migrations.Migration):

    dependencies = [
        ("coaching", "0008_coaching_proposed_notification"),
    ]

    operations = [
        migrations.AddField(
            model_name='historicalmetric',
            name='role',
            field=models.CharField(blank=True, choices=[('customer_satisfaction', 'Customer satisfaction'), ('quality_score', 'Quality score')], help_text="Where a page needs one particular metric. Customer satisfaction: the comparison page's first pick. Quality score: coaches see the agents weakest on it first. At most one metric plays each role.", max_length=32, verbose_name='role'),
        ),
        migrations.AddField(
            model_name='metric',
            name='role',
            field=models.CharField(blank=True, choices=[('customer_satisfaction', 'Customer satisfaction'), ('quality_score', 'Quality score')], help_text="Where a page needs one particular metric. Customer satisfaction: the comparison page's first pick. Quality score: coaches see the agents weakest on it first. At most one metric plays each role.", max_length=32, verbose_name='role'),
        ),
        migrations.AddConstraint(
            model_name='metric',
            constraint=models.UniqueConstraint(condition=models.Q(('role', ''), _negated=True), fields=('role',), name='metric_one_per_role', violation_error_message='Another metric already plays this role; clear it there first.'),
        ),
        migrations.AddConstraint(
            model_name='metric',
            constraint=models.CheckConstraint(condition=models.Q(('role__in', ['', 'customer_satisfaction', 'quality_score'])), name='metric_role_valid'),
        ),
        migrations.AddConstraint(
            model_name='metric',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('role', 'quality_score'), _negated=True), ('source', 'agent'), _connector='OR'), name='metric_quality_score_per_agent', violation_error_message='The quality score orders agents, so it must be a metric with a value per agent.'),
        ),
        migrations.RunPython(set_roles_of_earlier_codes, migrations.RunPython.noop),
    ]
