"""A small clock for development and single-machine installs: publishes scheduled pages and recovers stuck tasks
every minute and runs the daily jobs (reminders, pruning of old task rows) once a day. In production the same
commands run from cron (see README)."""

import time

from django.core.management import BaseCommand, call_command
from django.utils import timezone

EVERY_MINUTE = ["publish_scheduled", "recover_stuck_tasks"]
# each app appends its daily command here
DAILY = ["send_nomination_reminders", "remind_certification_expiries", "send_report_reminders", "prune_tasks"]


class Command(BaseCommand):
    help = "Chạy định kỳ: xuất bản trang đã hẹn giờ, xử lý tác vụ bị treo (mỗi phút) và các việc hằng ngày."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run every job once, then stop.")
        parser.add_argument("--interval", type=int, default=60)

    def handle(self, *args, once=False, interval=60, **options):
        last_daily = None
        while True:
            for command in EVERY_MINUTE:
                call_command(command, verbosity=0)
            today = timezone.localdate()
            if last_daily != today:
                for command in DAILY:
                    call_command(command)
                last_daily = today
            if once:
                return
            time.sleep(interval)
