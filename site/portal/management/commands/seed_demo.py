from django.core.management import BaseCommand, call_command
from django.db import transaction
from django.utils.module_loading import import_string
from django_tasks import default_task_backend
from django_tasks_db import DatabaseBackend

from portal import demo


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu (chạy lại nhiều lần không nhân đôi dữ liệu) và in các tài khoản demo."

    def handle(self, *args, **options):
        for dotted_path in demo.SEEDERS:
            with transaction.atomic():
                import_string(dotted_path)()
        # Publishing queued search-index and reference-index updates; run them now rather than wait for a worker.
        # (Other backends, such as the tests' immediate one, have already run them.)
        if isinstance(default_task_backend, DatabaseBackend):
            call_command("db_worker", batch=True, verbosity=0)
        self.stdout.write(
            self.style.SUCCESS(f"Dữ liệu mẫu đã sẵn sàng. Tài khoản demo (mật khẩu: {demo.DEMO_PASSWORD}):")
        )
        for username, label, full_name in demo.DEMO_ACCOUNTS:
            self.stdout.write(f"  {username:<12} {label} — {full_name}")
        self.stdout.write("Cổng: http://127.0.0.1:8000/   Quản trị: http://127.0.0.1:8000/admin/")
