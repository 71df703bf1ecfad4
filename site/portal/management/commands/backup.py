from django.core.management import BaseCommand, CommandError

from portal.operations.backup import BackupError, create_backup


class Command(BaseCommand):
    help = "Sao lưu cơ sở dữ liệu, tệp công khai (media) và tệp riêng tư vào một tệp .tar.gz."

    def add_arguments(self, parser):
        parser.add_argument("--output", help="the tarball to write (default var/backups/khoinghiep-<time>.tar.gz)")

    def handle(self, *args, output=None, **options):
        try:
            path, manifest = create_backup(output)
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["tables"].values())
        self.stdout.write(self.style.SUCCESS(f"{path}: {len(manifest['tables'])} tables, {rows} rows, and the files"))
