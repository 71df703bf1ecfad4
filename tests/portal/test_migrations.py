"""The migrations describe the models as they are: moving a module that a migration names (training's migration
0004 imports private_storage by the old path that portal's top-level storage.py keeps) must not make Django want a
new migration."""

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_no_model_change_lacks_a_migration(capsys):
    call_command("makemigrations", "--check", "--dry-run", verbosity=1)  # exits 1 when a migration is missing

    assert "No changes detected" in capsys.readouterr().out
