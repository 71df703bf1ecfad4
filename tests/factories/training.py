"""Rounds, quotas and nominations for tests. Nominations in a state other than draft are moved there through
the services, so the audit trail and rules are the real ones."""

import datetime
import itertools

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from portal.personal_data import notices
from tests.factories.portal import AgencyFactory, board_user
from training.models import AgencyQuota, BoardDecision, Nomination, NominationRound, RoundCriterion
from training.nominations import services
from training.nominations.enums import Gender, NominationStatus

_counter = itertools.count(1)
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf_file(name="cong-van.pdf", content=PDF_BYTES):
    return ContentFile(content, name=name)


class NominationRoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NominationRound

    title = factory.Sequence(lambda n: f"Đợt tuyển chọn giảng viên nguồn số {n}")
    year = 2022
    opens_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=10))
    closes_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=10))
    criteria_text = "<p>Có kinh nghiệm hỗ trợ khởi nghiệp.</p>"
    target_trainers = 100


class RoundCriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoundCriterion

    round = factory.SubFactory(NominationRoundFactory)
    text = factory.Sequence(lambda n: f"Tiêu chí {n}")
    weight = 1


class AgencyQuotaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgencyQuota

    round = factory.SubFactory(NominationRoundFactory)
    agency = factory.SubFactory(AgencyFactory)
    quota = 3


class BoardDecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BoardDecision

    number = factory.Sequence(lambda n: f"{n}/QĐ-BĐH")
    date = datetime.date(2022, 3, 1)


class NominationFactory(factory.django.DjangoModelFactory):
    """A draft. Use `nominate(..., status=...)` for other states."""

    class Meta:
        model = Nomination

    round = factory.SubFactory(NominationRoundFactory)
    agency = factory.SubFactory(AgencyFactory)
    full_name = factory.Sequence(lambda n: f"Nguyễn Thị Ứng Viên {n}")
    gender = Gender.FEMALE
    date_of_birth = datetime.date(1988, 5, 17)
    position = "Chuyên viên"
    workplace = "Phòng Kinh tế"
    phone = factory.Sequence(lambda n: f"09{n % 100000000:08d}")
    email = factory.Sequence(lambda n: f"ungvien{n}@example.vn")
    experience = "Hỗ trợ 5 dự án khởi nghiệp nông nghiệp hữu cơ."
    motivation = "Muốn lan tỏa văn hóa khởi nghiệp."
    consent_at = factory.LazyFunction(timezone.now)
    consent_notice = notices.NOMINATION.reference


def invite(round, agency, quota=3, **kwargs):
    return AgencyQuota.objects.create(round=round, agency=agency, quota=quota, **kwargs)


def submit_as(nomination, user):
    return services.submit(
        nomination, user,
        new_dispatch={"number": f"{next(_counter)}/CV-UBND", "date": datetime.date(2022, 2, 10), "file": pdf_file()},
    )


def nominate(user, round, status=NominationStatus.DRAFT, board=None, sectors=(), **fields):
    """A nomination of `user`'s agency in `round`, driven through the services to `status`."""
    nomination = NominationFactory.build(round=round, agency=user.agency, **fields)
    services.save_draft(nomination, user, sectors=list(sectors))
    if status == NominationStatus.DRAFT:
        return nomination
    if status == NominationStatus.WITHDRAWN:
        services.withdraw(nomination, user)
        return nomination
    submit_as(nomination, user)
    if status == NominationStatus.SUBMITTED:
        return nomination
    board = board or board_user()
    decision = BoardDecisionFactory()
    reason = "Chưa đủ kinh nghiệm" if status == NominationStatus.REJECTED else ""
    services.decide(nomination, board, status, reason=reason, decision=decision)
    nomination.refresh_from_db()
    return nomination
