"""Turn two-step verification off for a user who lost both the phone and the backup codes (after checking who
they are). They log in with the password alone and can enrol again."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from portal.security.two_factor import disable


class Command(BaseCommand):
    help = "Tắt xác thực hai bước của một tài khoản (mất điện thoại và mã dự phòng)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, username, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"Không có tài khoản {username!r}.")
        disable(user)
        self.stdout.write(f"Đã tắt xác thực hai bước của {username}.")
