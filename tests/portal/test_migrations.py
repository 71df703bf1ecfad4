"""The migrations describe the models as they are: moving a module that a migration names (such as
portal.operations.storage.private_storage, imported by training's migration 0004 through portal/storage.py) must
not make Django want a new migration."""

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_no_model_change_lacks_a_migration(capsys):
    call_command("makemigrations", "--check", "--dry-run", verbosity=1)  # exits 1 when a migration is missing

    assert "No changes detected" in capsys.readouterr().out
