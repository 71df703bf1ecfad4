from django.core.management import BaseCommand
from django.db import IntegrityError, transaction
from django.utils import timezone

from reporting.models import ReportReminder
from reporting.notifications import send_reminder
from reporting.services import reporters_to_remind

DEFAULT_DAYS = 3


class Command(BaseCommand):
    help = "Nhắc qua thư điện tử các cơ quan, câu lạc bộ chưa nộp báo cáo định kỳ khi sắp hết hạn (chạy hằng ngày)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, default=DEFAULT_DAYS, help="Nhắc khi hạn nộp còn không quá số ngày này."
        )

    def handle(self, *args, days=DEFAULT_DAYS, **options):
        today = timezone.localdate()
        sent = 0
        for period, reporter, deadline in reporters_to_remind(days):
            try:
                with transaction.atomic():
                    ReportReminder.objects.create(period=period, reporter_key=reporter.key, sent_on=today)
                    sent += send_reminder(period, reporter, deadline)
            except IntegrityError:
                continue  # already reminded today
        self.stdout.write(f"Đã gửi {sent} thư nhắc hạn báo cáo.")
