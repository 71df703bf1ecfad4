"""Mentors of the network, through ideas.mentoring.services (applied, then admitted by the Board unless asked
not to), in bulk for the query-count tests, and certified ToT trainers on training's register."""

import itertools

from django.utils import timezone

from ideas.mentoring import services
from ideas.mentoring.models import MentorProfile
from tests.factories.ideas import sector
from tests.factories.portal import UserFactory, board_user
from training.cohorts.services import record_register_consent
from training.models import TrainerProfile

_counter = itertools.count(1)


def profile_data(**fields):
    n = next(_counter)
    return {
        "display_name": f"Chuyên gia Nguyễn Văn {n}",
        "kind": "adviser",
        "headline": "Giám đốc công ty phần mềm",
        "expertise": "Gọi vốn, mô hình kinh doanh, thị trường xuất khẩu",
        "availability": "Tối thứ Năm",
        "public_email": "",
        "consent": True,
        **fields,
    }


def make_mentor(user=None, admit=True, sectors=None, districts=(), **fields):
    user = user or UserFactory()
    profile = services.apply(user, profile_data(**fields), sectors or [sector()], list(districts))
    if admit:
        profile = services.admit(board_user(), profile)
    return profile


def bulk_mentors(total, sector_, district):
    """`total` admitted mentors inserted in bulk, each with one sector and one district."""
    user_model = UserFactory._meta.model
    batch = next(_counter)
    users = user_model.objects.bulk_create(
        [user_model(username=f"cv{batch}_{n:05d}", email=f"cv{batch}_{n}@example.vn") for n in range(total)]
    )
    now = timezone.now()
    profiles = []
    for n, user in enumerate(users):
        profile = MentorProfile(
            user=user,
            display_name=f"Cố vấn số {n:05d}",
            expertise="Du lịch cộng đồng",
            availability="Cuối tuần",
            consent=True,
            state="admitted",
            applied_at=now,
        )
        profile.fold([sector_.name])
        profiles.append(profile)
    profiles = MentorProfile.objects.bulk_create(profiles, batch_size=1000)
    MentorProfile.sectors.through.objects.bulk_create(
        [MentorProfile.sectors.through(mentorprofile=p, sector=sector_) for p in profiles], batch_size=1000
    )
    MentorProfile.districts.through.objects.bulk_create(
        [MentorProfile.districts.through(mentorprofile=p, administrativeunit=district) for p in profiles],
        batch_size=1000,
    )
    return profiles


def certified_trainer(name="Phan Thị Giảng", unit=None, tags=("nông nghiệp hữu cơ",), listed=True):
    trainer = TrainerProfile.objects.create(
        user=UserFactory(), display_name=name, status="certified", unit=unit, bio="Giảng viên nguồn khởi nghiệp"
    )
    trainer.sectors.add(*tags)
    if listed:
        record_register_consent(trainer, show_on_register=True)
    return trainer
