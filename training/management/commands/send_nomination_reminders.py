from django.core.management import BaseCommand
from django.db import IntegrityError, transaction
from django.utils import timezone

from training.nominations.models import ReminderLog
from training.nominations.notifications import send_reminder
from training.nominations.services import invitations_to_remind

DEFAULT_DAYS = 3


class Command(BaseCommand):
    help = "Nhắc qua thư điện tử các cơ quan được mời nhưng chưa nộp hồ sơ đề cử nào khi sắp hết hạn (chạy hằng ngày)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, default=DEFAULT_DAYS, help="Nhắc khi hạn nộp còn không quá số ngày này."
        )

    def handle(self, *args, days=DEFAULT_DAYS, **options):
        today = timezone.localdate()
        sent = 0
        for quota in invitations_to_remind(days):
            try:
                with transaction.atomic():
                    ReminderLog.objects.create(quota=quota, sent_on=today)
                    sent += send_reminder(quota)
            except IntegrityError:
                continue  # already reminded today
        self.stdout.write(f"Đã gửi {sent} thư nhắc hạn đề cử.")
