"""Every model change has its migration committed."""

import io

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_no_model_change_lacks_a_migration():
    output = io.StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=output)
    except SystemExit as exit_:
        assert exit_.code == 0, f"makemigrations would create migrations:\n{output.getvalue()}"
