from django.core.management import BaseCommand

from portal.operations.task_recovery import prune_task_results


class Command(BaseCommand):
    help = "Xóa các bản ghi tác vụ đã xong quá hạn lưu (tác vụ lỗi giữ lâu hơn) và sổ thư đã gửi cũ (hằng ngày)."

    def handle(self, *args, **options):
        deleted = prune_task_results()
        self.stdout.write(
            f"Đã xóa {deleted['successful']} tác vụ thành công, {deleted['failed']} tác vụ lỗi, "
            f"{deleted['sent_mail']} dòng sổ thư đã gửi."
        )
