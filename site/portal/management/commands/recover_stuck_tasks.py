from django.core.management import BaseCommand

from portal.operations.task_recovery import recover_stuck_tasks


class Command(BaseCommand):
    help = "Đánh dấu thất bại và xếp hàng chạy lại (một lần) các tác vụ bị treo do tiến trình chạy đã dừng (mỗi phút)."

    def handle(self, *args, **options):
        recovered = recover_stuck_tasks()
        if options["verbosity"] and recovered:
            self.stdout.write(f"Đã xử lý {len(recovered)} tác vụ bị treo.")
