import time

from django.contrib.auth import get_user_model
from django.core.management import BaseCommand, call_command
from django.db import transaction
from django.utils.module_loading import import_string
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult
from wagtail.models import Page

from portal import demo
from portal.addresses import base_url, site_address


def _decimal(number):
    return f"{number:.1f}".replace(".", ",")


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu (chạy lại nhiều lần không nhân đôi dữ liệu) và in các tài khoản demo."

    def add_arguments(self, parser):
        parser.add_argument(
            "--port", type=int, help="Cổng máy chủ demo: cảnh báo khi BASE_URL chỉ cổng khác (make run đặt theo PORT)."
        )

    def handle(self, *args, port=None, **options):
        # A line per step: the whole run takes minutes on a fresh database, and a silent terminal looks stuck.
        self.stdout.write("Đang nạp dữ liệu mẫu…")
        User = get_user_model()
        for dotted_path, label in demo.SEEDERS:
            self.stdout.write(f"  {label}…", ending="")
            self.stdout.flush()
            pages, users, started = Page.objects.count(), User.objects.count(), time.monotonic()
            with transaction.atomic():
                import_string(dotted_path)()
            added_pages, added_users = Page.objects.count() - pages, User.objects.count() - users
            self.stdout.write(
                f" xong: {added_pages} trang, {added_users} tài khoản mới ({_decimal(time.monotonic() - started)} giây)"
            )
        # Publishing queued search-index and reference-index updates; run them now rather than wait for a worker.
        # (Other backends, such as the tests' immediate one, have already run them.) The backend itself, not
        # django_tasks.default_task_backend: that is a proxy, never an instance of DatabaseBackend.
        if isinstance(task_backends[DEFAULT_TASK_BACKEND_ALIAS], DatabaseBackend):
            queued = DBTaskResult.objects.ready().count()
            self.stdout.write(f"Đang cập nhật chỉ mục tìm kiếm ({queued} việc)…")
            call_command("db_worker", batch=True, verbosity=0)
        self.stdout.write(
            self.style.SUCCESS(f"Dữ liệu mẫu đã sẵn sàng. Tài khoản demo (mật khẩu: {demo.DEMO_PASSWORD}):")
        )
        for username, label, full_name in demo.DEMO_ACCOUNTS:
            self.stdout.write(f"  {username:<12} {label} — {full_name}")
        # The one address the demo's e-mails, feeds and certificates carry too (portal.addresses), so never another.
        base = base_url()
        self.stdout.write(f"Cổng: {base}/   Quản trị: {base}/admin/")
        if port and site_address()[1] != port:
            self.stderr.write(f"BASE_URL ({base}) không chỉ cổng {port}: các liên kết sẽ trỏ về {base}.")
