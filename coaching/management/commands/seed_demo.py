"""``manage.py seed_demo``: load the demo organisation and six months of KPI history."""

from django.core.management.base import BaseCommand
from django.test.utils import override_settings

from ... import clock
from ...demo import DEMO_PASSWORD, seed_demo


class Command(BaseCommand):
    help = "Create or refresh the demo teams, people, metrics and KPI history (safe to run twice)."

    def handle(self, *args, **options):
        # The demo creates notifications like real use does, but mails nobody.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            counts = seed_demo(today=clock.today())
        summary = (
            "Demo data ready: {teams} teams, {agents} agents, {metrics} metrics, {values} daily values, "
            "{goals} goals, {one_on_ones} one-on-ones, {expectations} expectations, {observations} observations, "
            "{sessions} coaching sessions."
        )
        self.stdout.write(self.style.SUCCESS(summary.format(**counts)))
        self.stdout.write(f"Sign in at http://127.0.0.1:8000/ with any of these (password: {DEMO_PASSWORD}):")
        for username, role in (
            ("admin", "administrator"),
            ("manager", "manager of Billing Support"),
            ("coach", "coach covering Billing and Technical Support"),
            ("agent", "agent in Billing Support"),
        ):
            self.stdout.write(f"  {username:<8} {role}")
