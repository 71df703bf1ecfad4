from django.core.management import BaseCommand

from training.certificates import services


class Command(BaseCommand):
    help = (
        "Ghi lại địa chỉ xác minh chuẩn (theo BASE_URL) vào mọi giấy chứng nhận mang địa chỉ khác (cổng phát triển, "
        "localhost, tên miền cũ): mã QR và dòng địa chỉ in trên giấy được vẽ lại từ dữ liệu đã lưu. Chạy lại vô hại."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Chỉ đếm, không sửa.")

    def handle(self, *args, dry_run=False, **options):
        count = services.readdress_certificates(dry_run=dry_run)
        address = services.verify_url("MA").rsplit("/", 2)[0]
        if dry_run:
            self.stdout.write(f"{count} giấy chứng nhận sẽ được ghi lại địa chỉ xác minh ({address}/…).")
        elif count or options["verbosity"] > 1:
            self.stdout.write(f"Đã ghi lại địa chỉ xác minh ({address}/…) cho {count} giấy chứng nhận.")
