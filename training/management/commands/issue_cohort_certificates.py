from django.contrib.auth import get_user_model
from django.core.management import BaseCommand, CommandError

from training.certificates import services
from training.certificates.enums import CertificateKind
from training.cohorts.models import Cohort
from training.cohorts.services import CohortError
from training.rules import is_board


class Command(BaseCommand):
    help = (
        "Cấp giấy chứng nhận cho mọi học viên đủ điều kiện của một lớp (chạy lại không cấp trùng; "
        "hai lần chạy song song cũng không)."
    )

    def add_arguments(self, parser):
        parser.add_argument("cohort_id", type=int)
        parser.add_argument(
            "--kind",
            choices=[CertificateKind.COMPLETION.value, CertificateKind.CERTIFICATION.value],
            default=CertificateKind.COMPLETION.value,
        )
        parser.add_argument("--dry-run", action="store_true", help="Chỉ liệt kê người sẽ được cấp, không cấp.")
        parser.add_argument("--by", help="Tên đăng nhập của thành viên Ban Điều hành ghi là người cấp.")

    def handle(self, *args, cohort_id, kind, dry_run=False, by=None, **options):
        cohort = Cohort.objects.select_related("course", "decision").filter(pk=cohort_id).first()
        if cohort is None:
            raise CommandError(f"Không có lớp mang số {cohort_id}.")
        actor = None
        if by:
            actor = get_user_model().objects.filter(username=by).first()
            if not is_board(actor):
                raise CommandError(f"{by} không phải thành viên Ban Điều hành.")
        try:
            # The operator at the shell stands for the Board: the actor check is the screen's, the rules are the same.
            result = services.issue_eligible(cohort, kind, actor, dry_run=dry_run)
        except CohortError as error:
            raise CommandError(error.message) from error
        if dry_run:
            for enrolment in result:
                self.stdout.write(f"sẽ cấp: {enrolment.full_name}")
            self.stdout.write(f"Chạy thử: {len(result)} người sẽ được cấp; chưa cấp gì.")
            return
        for certificate in result:
            self.stdout.write(f"{certificate.serial}  {certificate.holder_name}")
        self.stdout.write(f"Đã cấp {len(result)} giấy chứng nhận cho lớp {cohort}.")
