"""Backup and restore: a backup restored into an EMPTY database holds every record of every table, and the files.

On PostgreSQL (pg_dump/pg_restore) the restore goes to a fresh database; on SQLite (the backup API) to a new file."""

import uuid
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from portal.operations.backup import POSTGRES, _pg_connect, counts_of, database_settings, table_counts
from tests.conftest import is_postgres
from tests.factories.clubs import make_club, make_image, make_news, make_site_tree
from tests.factories.portal import nominator
from tests.factories.training import PDF_BYTES, NominationRoundFactory, invite, nominate
from training.nominations.enums import NominationStatus

pytestmark = pytest.mark.django_db(transaction=True)  # pg_dump reads what is committed


@pytest.fixture
def target(tmp_path):
    """A database URL that does not exist yet, dropped afterwards."""
    if not is_postgres():
        yield f"sqlite:///{tmp_path / 'restored' / 'db.sqlite3'}"
        return
    db = connection.settings_dict
    name = f"{db['NAME']}_restore_{uuid.uuid4().hex[:8]}"
    yield f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"
    with _pg_connect(dict(db), dbname="postgres") as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def source_counts():
    with connection.cursor() as cursor:
        if connection.settings_dict["ENGINE"] == POSTGRES:
            cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
            tables = [row[0] for row in cursor.fetchall()]
        else:
            tables = connection.introspection.table_names(cursor)
        return table_counts(cursor, tables)


def test_backup_restores_every_record_and_file_into_an_empty_database(home, tmp_path, settings, target):
    club = make_club(make_site_tree(home)[0], title="CLB Khởi nghiệp Hội An")
    make_news(club, title="Ngày hội khởi nghiệp Hội An", image=make_image())
    round_ = NominationRoundFactory()
    user = nominator()
    invite(round_, user.agency)
    dispatch = nominate(user, round_, status=NominationStatus.SUBMITTED).dispatch
    before = source_counts()

    call_command("backup", output=str(tmp_path / "backup.tar.gz"))
    settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "m2"), str(tmp_path / "p2")
    call_command("restore", str(tmp_path / "backup.tar.gz"), database_url=target)

    restored = counts_of(database_settings(target))
    assert restored == before  # every table, every row
    assert len(restored) > 50
    for table in ("portal_user", "training_nomination", "training_dispatchdocument", "clubs_clubpage",
                  "clubs_newspage", "wagtailimages_image", "wagtailcore_page"):
        assert restored[table] >= 1, table
    assert (Path(settings.PRIVATE_MEDIA_ROOT) / dispatch.file.name).read_bytes() == PDF_BYTES
    assert list(Path(settings.MEDIA_ROOT, "original_images").iterdir())


def test_restore_refuses_a_database_that_is_not_empty(home, tmp_path):
    call_command("backup", output=str(tmp_path / "backup.tar.gz"))

    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(tmp_path / "backup.tar.gz"))  # the configured, live database


def test_backup_file_is_readable_by_its_owner_only(home, tmp_path):
    call_command("backup", output=str(tmp_path / "backup.tar.gz"))

    assert (tmp_path / "backup.tar.gz").stat().st_mode & 0o077 == 0
