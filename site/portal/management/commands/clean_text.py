"""Rewrite rows saved before text was cleaned on save (portal.inputs.text): every text field of our models
normalised as a save would now store it. No migration does this (it would rewrite every row of every table on
deploy); outputs are safe without it, and this command removes what HTML pages would still show. Idempotent;
`--dry-run` only counts."""

from django.core.management.base import BaseCommand
from django.db import transaction

from portal.inputs import text


class Command(BaseCommand):
    help = "Chuẩn hóa văn bản đã lưu trước khi có quy tắc làm sạch (NFC, bỏ ký tự điều khiển)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, dry_run=False, **options):
        total = 0
        for model in text.cleaned_models():
            if model._meta.proxy:
                continue
            plan = text._plan(model)
            names = [attname for attname, _field, _cleaner in plan]
            if not names:
                continue
            for row in model._base_manager.only("pk", *names).iterator(chunk_size=500):
                before = {name: getattr(row, name) for name in names}
                text.clean_instance(row)
                changes = {name: getattr(row, name) for name in names if getattr(row, name) != before[name]}
                if changes:
                    total += 1
                    if not dry_run:
                        with transaction.atomic():
                            model._base_manager.filter(pk=row.pk).update(**changes)
        self.stdout.write(f"{total} rows {'to clean' if dry_run else 'cleaned'}")
