import pytest

from training.models import Certificate, Cohort, TrainerProfile

pytestmark = pytest.mark.django_db


def test_cohort_demo_seeds_once_through_the_services(home):
    from portal.demo import accounts, reference
    from training.cohorts import demo as cohort_demo
    from training.nominations import demo

    reference.seed()
    accounts.seed()
    demo.seed()
    cohort_demo.seed()
    cohort_demo.seed()

    assert Cohort.objects.count() == 4
    states = {cohort.name: cohort.state() for cohort in Cohort.objects.all()}
    assert sorted(states.values()) == ["closed", "finished", "planned", "running"]
    khoa_1b = Cohort.objects.get(name__startswith="Lớp ToT khóa 1b")
    from training.cohorts.services import closing_problems

    assert closing_problems(khoa_1b) == ["chưa có kết quả cuối khóa: Huỳnh Thị Mỹ Lệ"]
    from training.cohorts.reports import at_risk_rows, certificates_to_review

    assert {row.standing.attendance for row in at_risk_rows()} <= {"at_risk", "cannot"}
    assert at_risk_rows()
    assert certificates_to_review() == []
    buu = TrainerProfile.objects.get(user__username="giangvien")
    assert buu.display_name == "Hồ Quang Bửu"
    mine = Certificate.objects.filter(holder=buu.user)
    assert mine.filter(revoked_at__isnull=False).count() == 1
    assert mine.filter(revoked_at__isnull=True, kind="completion").count() == 1
