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

    assert Cohort.objects.count() == 2
    buu = TrainerProfile.objects.get(user__username="giangvien")
    assert buu.display_name == "Hồ Quang Bửu"
    mine = Certificate.objects.filter(holder=buu.user)
    assert mine.filter(revoked_at__isnull=False).count() == 1
    assert mine.filter(revoked_at__isnull=True, kind="completion").count() == 1
