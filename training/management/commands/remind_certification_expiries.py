from django.core.management import BaseCommand
from django.utils import timezone

from training.certificates import renewals


class Command(BaseCommand):
    help = (
        "Liệt kê các chứng nhận giảng viên nguồn sắp hết hiệu lực và gửi thư nhắc gia hạn (mỗi kỳ hiệu lực một lần; "
        "chạy hằng ngày)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Nhắc khi còn không quá số ngày này (mặc định: CERTIFICATION_RENEWAL_NOTICE_DAYS).",
        )
        parser.add_argument("--list", dest="list_only", action="store_true", help="Chỉ liệt kê, không gửi thư.")

    def handle(self, *args, days=None, list_only=False, **options):
        today = timezone.localdate()
        if list_only:
            for profile in renewals.upcoming_expiries(today, days):
                self.stdout.write(f"{profile.expires_on:%d/%m/%Y}  {profile.display_name}")
            return
        reminded, already = renewals.remind_expiries(today, days)
        for profile in reminded:
            self.stdout.write(f"{profile.expires_on:%d/%m/%Y}  {profile.display_name}: đã nhắc")
        self.stdout.write(f"Đã nhắc {len(reminded)} giảng viên; {len(already)} đã được nhắc trước đó.")
