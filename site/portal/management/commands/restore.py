from django.core.cache import cache
from django.core.management import BaseCommand, CommandError

from portal.operations.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = "Khôi phục bản sao lưu vào một cơ sở dữ liệu trống, kiểm tra số bản ghi của từng bảng."

    def add_arguments(self, parser):
        parser.add_argument("file", help="a tarball written by `manage.py backup`")
        parser.add_argument("--database-url", help="restore into this (empty) database instead of the configured one")
        parser.add_argument("--no-files", action="store_true", help="the database only, not media and private files")

    def handle(self, *args, file, database_url=None, no_files=False, **options):
        try:
            manifest = restore_backup(file, database_url=database_url, files=not no_files)
        except (BackupError, OSError) as error:
            raise CommandError(str(error)) from error
        if not database_url:
            cache.clear()  # cached pages and site roots belong to the database that was there before
        rows = sum(manifest["tables"].values())
        files = manifest.get("files", {})
        self.stdout.write(self.style.SUCCESS(
            f"Restored {len(manifest['tables'])} tables, {rows} rows (counts checked), "
            f"{files.get('media', 0)} media and {files.get('private', 0)} private files, from {manifest['created']}"
        ))
