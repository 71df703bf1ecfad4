"""The competitions' demo, through ideas.competitions.services: last year's Board competition with its results
released (winners on the portal, each with an award certificate), and a district's competition open now, entered
by the participant `thamdu` and reviewed by `giangvien`. Idempotent: nothing is added twice."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from ideas.models import Entry
from portal.models import AdministrativeUnit

from . import services
from .enums import Award
from .models import Category, Competition, CompetitionCriterion

RELEASED = "Cuộc thi Ý tưởng khởi nghiệp đổi mới sáng tạo tỉnh Quảng Nam"
OPEN = "Giải thưởng Khởi nghiệp xanh thành phố Tam Kỳ"
CRITERIA = [
    ("Tính mới, sáng tạo", 3, False),
    ("Tính khả thi và thị trường", 3, False),
    ("Tác động xã hội, môi trường", 2, False),
    ("Ý tưởng của chính người dự thi", 1, True),
]
AWARDS = [Award.FIRST, Award.SECOND, Award.THIRD, Award.HONOURABLE, Award.NONE]


def _competition(title, organiser, opens_at, closes_at, categories, description, reviewers, **fields):
    competition = Competition.objects.filter(title=title).first()
    if competition:
        return competition, False
    competition = Competition.objects.create(
        title=title, organiser=organiser, opens_at=opens_at, closes_at=closes_at, is_published=True,
        description=description, **fields,
        eligibility="Ý tưởng, dự án đã được công bố trong ngân hàng ý tưởng của cổng; mỗi ý tưởng dự thi một lần.",
    )
    for order, name in enumerate(categories):
        Category.objects.create(competition=competition, name=name, sort_order=order)
    for order, (text, weight, must) in enumerate(CRITERIA):
        CompetitionCriterion.objects.create(
            competition=competition, text=text, weight=weight, is_must_have=must, sort_order=order
        )
    competition.reviewers.set([user for user in reviewers if user])
    return competition, True


def seed():
    users = {u.username: u for u in get_user_model().objects.filter(username__in=["bandieuhanh", "thamdu", "giangvien"])}
    board, owner, reviewer = users.get("bandieuhanh"), users.get("thamdu"), users.get("giangvien")
    if board is None or owner is None:
        return
    now = timezone.now()
    ideas = list(Entry.objects.published().order_by("pk")[:8])
    if not ideas:
        return
    released, created = _competition(
        RELEASED, None, now - timedelta(days=120), now - timedelta(days=60),
        ["Nông nghiệp, OCOP", "Du lịch, dịch vụ", "Công nghệ, chuyển đổi số"],
        "Cuộc thi thường niên của Ban Điều hành Đề án 844 tỉnh, tìm kiếm và hỗ trợ ý tưởng khởi nghiệp.",
        [reviewer],
    )
    if created:
        categories = list(released.categories.all())
        entered = []
        for index, idea in enumerate(ideas[:5]):
            actor = idea.owner or owner
            entry = services.enter(
                actor, released, idea, category=categories[index % len(categories)],
                statement="Ý tưởng gắn với sản vật và lao động địa phương.", now=now - timedelta(days=90),
            )
            entered.append(entry)
        for index, entry in enumerate(entered):
            services.prepare_award(
                board, entry, AWARDS[index % len(AWARDS)],
                reason="Ý tưởng có thị trường rõ, nhóm thực hiện tâm huyết." if index < 4 else "",
            )
        services.release_awards(board, released)
    tam_ky = AdministrativeUnit.objects.filter(slug="tam-ky").first()
    open_competition, created = _competition(
        OPEN, tam_ky, now - timedelta(days=5), now + timedelta(days=25),
        ["Nông nghiệp xanh", "Tái chế, kinh tế tuần hoàn"],
        "Giải thưởng cho ý tưởng khởi nghiệp xanh của thanh niên thành phố Tam Kỳ.",
        [reviewer],
        # its awards are the city's: "Thành phố Tam Kỳ" and this signatory on the certificates
        signatory_name="Huỳnh Văn Minh", signatory_title="Chủ tịch UBND thành phố Tam Kỳ",
    )
    if created:
        own = Entry.objects.published().filter(owner=owner).order_by("pk").first()
        if own:
            services.enter(owner, open_competition, own, category=open_competition.categories.first(),
                           statement="Giảm rác thải nhựa trong nông nghiệp.")
